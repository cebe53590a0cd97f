import type { BreachIncident, PrivacyRequest } from "@prisma/client";
import { integrityHash, integrityMatches, type KeyRing } from "../crypto";

/**
 * Integrity-protected records (requests and breaches): a keyed hash over every field that carries
 * meaning, written with each change and checked before the next one. Someone who can write to the
 * database but does not hold the key cannot make an edited row match again. One implementation for
 * every such record; the registry names which models are protected.
 */
export const INTEGRITY_FIELDS = {
  privacy_request: [
    "id", "shopDomain", "reference", "type", "status", "source", "regulation", "clockStartsAt", "dueAt", "extendedDueAt",
    "customerRef", "emailRef", "phoneRef", "customerIdCipher", "emailCipher", "phoneCipher", "nameCipher", "detailsCipher",
    "shopifyDataRequestId", "receivedAt", "verifiedAt", "closedAt", "anonymisedAt",
  ],
  breach_incident: [
    "id", "shopDomain", "discoveredAt", "descriptionCipher", "dataCategories", "approxPeopleAffected", "containmentCipher",
    "authorityNotifiedAt", "peopleNotifiedAt", "notificationNotNeeded", "notNeededReason", "closedAt", "createdBy", "createdAt",
  ],
} as const satisfies { privacy_request: readonly (keyof PrivacyRequest)[]; breach_incident: readonly (keyof BreachIncident)[] };

export type IntegrityKind = keyof typeof INTEGRITY_FIELDS;

/** The audit action recorded when a change is refused because the stored hash does not match. */
export const INTEGRITY_MISMATCH_ACTION: Record<IntegrityKind, string> = {
  privacy_request: "request.integrity_mismatch",
  breach_incident: "breach.integrity_mismatch",
};

interface IntegrityRows {
  privacy_request: PrivacyRequest;
  breach_incident: BreachIncident;
}

export type IntegrityView<K extends IntegrityKind> = Pick<IntegrityRows[K], Extract<(typeof INTEGRITY_FIELDS)[K][number], keyof IntegrityRows[K]>>;

function view(kind: IntegrityKind, row: object): Record<string, unknown> {
  const fields = row as Record<string, unknown>;
  return Object.fromEntries(INTEGRITY_FIELDS[kind].map((f) => [f, fields[f] instanceof Date ? (fields[f] as Date).toISOString() : fields[f]]));
}

export function sealIntegrity<K extends IntegrityKind>(ring: KeyRing, kind: K, row: IntegrityView<K>): string {
  return integrityHash(ring, kind, view(kind, row));
}

export function integrityIntact<K extends IntegrityKind>(ring: KeyRing, kind: K, row: IntegrityView<K> & { integrityHash: string }): boolean {
  return integrityMatches(ring, kind, view(kind, row), row.integrityHash);
}
