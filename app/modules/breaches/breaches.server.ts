import { randomBytes } from "node:crypto";
import type { BreachIncident } from "@prisma/client";
import { z } from "zod";
import type { Tx } from "../../platform/db.server";
import { db } from "../../platform/db.server";
import type { JsonValue } from "../audit/rules";
import { breachClock, type BreachClock } from "./rules/clock";
import { breachRefusal, type BreachChange, type BreachState } from "./rules/lifecycle";
import { BREACH_ACTIONS, BREACH_CATEGORIES, BreachError, BreachIntegrityError, MAX_REASON, MAX_TEXT, notificationTime, parse, recordSchema, text, type BreachAction, type BreachCategory, type RecordBreachInput } from "./rules/record";
import { encryptField, type KeyRing } from "../../platform/crypto";
import { integrityIntact, sealIntegrity, type IntegrityView } from "../../platform/protected-data/integrity";
import { cipherContext as cipherContexts } from "../../platform/protected-data/registry";
import { openProtected } from "../../platform/protected-data/read.server";
import { UNREADABLE, type Unreadable } from "../../platform/protected-data/unreadable";
import { env } from "../../platform/env.server";
import type { StaffContext } from "../team/staff-context";
import { appendAudit } from "../audit/audit.server";

export { BREACH_ACTIONS, BREACH_CATEGORIES, BreachError, BreachIntegrityError, MAX_PEOPLE, MAX_REASON, MAX_TEXT, type BreachCategory, type BreachErrorCode, type RecordBreachInput } from "./rules/record";

// ---------------------------------------------------------------------------------------------
// Integrity: a keyed hash over every field that carries meaning, checked before each change.

type ProtectedFields = IntegrityView<"breach_incident">;

const breachIntegrity = (ring: KeyRing, row: ProtectedFields): string => sealIntegrity(ring, "breach_incident", row);
const integrityOk = (ring: KeyRing, row: BreachIncident): boolean => integrityIntact(ring, "breach_incident", row);
const cipherContext = cipherContexts.breachIncident;

// ---------------------------------------------------------------------------------------------
// Views

function categoriesOf(row: BreachIncident): BreachCategory[] {
  const stored = row.dataCategories.split(",");
  return BREACH_CATEGORIES.filter((c) => stored.includes(c));
}

function clockOf(row: BreachIncident, now: Date): BreachClock {
  return breachClock({ discoveredAt: row.discoveredAt, authorityNotifiedAt: row.authorityNotifiedAt, notificationNotNeeded: row.notificationNotNeeded, now });
}

export interface BreachSummary {
  id: string;
  discoveredAt: Date;
  categories: BreachCategory[];
  approxPeopleAffected: number;
  authorityNotifiedAt: Date | null;
  peopleNotifiedAt: Date | null;
  notificationNotNeeded: boolean;
  closedAt: Date | null;
  createdAt: Date;
  clock: BreachClock;
  /** False when the row was edited outside the app; further changes will be refused. */
  integrityOk: boolean;
}

function summaryOf(ring: KeyRing, row: BreachIncident, now: Date): BreachSummary {
  return {
    id: row.id,
    discoveredAt: row.discoveredAt,
    categories: categoriesOf(row),
    approxPeopleAffected: row.approxPeopleAffected,
    authorityNotifiedAt: row.authorityNotifiedAt,
    peopleNotifiedAt: row.peopleNotifiedAt,
    notificationNotNeeded: row.notificationNotNeeded,
    closedAt: row.closedAt,
    createdAt: row.createdAt,
    clock: clockOf(row, now),
    integrityOk: integrityOk(ring, row),
  };
}

export async function listBreaches(staff: StaffContext, now: Date): Promise<BreachSummary[]> {
  const ring = env().keyRing;
  const rows = await db().breachIncident.findMany({ where: { shopDomain: staff.shop }, orderBy: { discoveredAt: "desc" }, take: 200 });
  return rows.map((row) => summaryOf(ring, row, now));
}

export interface BreachTimelineEntry {
  seq: number;
  action: string;
  actorType: string;
  actorId: string | null;
  occurredAt: Date;
  reason: string | null;
  metadata: { [key: string]: JsonValue };
}

export interface BreachDetail extends BreachSummary {
  /** UNREADABLE: stored, but it cannot be decrypted (logged); the page says so. */
  description: string | Unreadable;
  containment: string | null | Unreadable;
  notNeededReason: string | null;
  createdBy: string | null;
  timeline: BreachTimelineEntry[];
}

export async function getBreach(staff: StaffContext, id: string, now: Date): Promise<BreachDetail | null> {
  const row = await db().breachIncident.findFirst({ where: { id, shopDomain: staff.shop } });
  if (!row) return null;
  const ring = env().keyRing;
  const entries = await db().auditEntry.findMany({
    where: { shopDomain: staff.shop, action: { in: [...BREACH_ACTIONS] }, subjectType: "breach_incident", subjectId: id },
    orderBy: { seq: "asc" },
  });
  return {
    ...summaryOf(ring, row, now),
    description: openProtected(ring, row.descriptionCipher, cipherContext(id, "description"), { model: "BreachIncident", id, column: "descriptionCipher" }) ?? UNREADABLE,
    containment: openProtected(ring, row.containmentCipher, cipherContext(id, "containment"), { model: "BreachIncident", id, column: "containmentCipher" }),
    notNeededReason: row.notNeededReason,
    createdBy: row.createdBy,
    timeline: entries.map((e) => ({
      seq: e.seq,
      action: e.action,
      actorType: e.actorType,
      actorId: e.actorId,
      occurredAt: e.occurredAt,
      reason: e.reason,
      metadata: JSON.parse(e.metadata) as { [key: string]: JsonValue },
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Changes

/** `within` runs in the same transaction once the record exists (an alert linking to it). */
export async function recordBreach(staff: StaffContext, input: RecordBreachInput, now: Date, within?: (tx: Tx, breachId: string) => Promise<void>): Promise<BreachSummary> {
  const valid = parse(recordSchema(now), input);
  const ring = env().keyRing;
  const id = `br_${randomBytes(12).toString("hex")}`;
  const fields: ProtectedFields = {
    id,
    shopDomain: staff.shop,
    discoveredAt: valid.discoveredAt,
    descriptionCipher: encryptField(ring, valid.description, cipherContext(id, "description")),
    dataCategories: valid.categories.join(","),
    approxPeopleAffected: valid.approxPeopleAffected,
    containmentCipher: valid.containment ? encryptField(ring, valid.containment, cipherContext(id, "containment")) : null,
    authorityNotifiedAt: null,
    peopleNotifiedAt: null,
    notificationNotNeeded: false,
    notNeededReason: null,
    closedAt: null,
    createdBy: staff.staffId,
    createdAt: now,
  };
  const row = await db().$transaction(async (tx) => {
    const created = await tx.breachIncident.create({ data: { ...fields, integrityHash: breachIntegrity(ring, fields) } });
    const clock = clockOf(created, now);
    await appendAudit(tx, {
      shopDomain: staff.shop,
      actorType: "staff",
      actorId: staff.staffId,
      action: "breach.recorded",
      subjectType: "breach_incident",
      subjectId: id,
      metadata: {
        categories: valid.categories,
        approxPeopleAffected: valid.approxPeopleAffected,
        discoveredAt: valid.discoveredAt.toISOString(),
        deadline: clock.deadline.toISOString(),
        containmentRecorded: valid.containment !== null,
      },
      occurredAt: now,
    });
    if (within) await within(tx, id);
    return created;
  });
  return summaryOf(ring, row, now);
}

interface Change {
  data: Partial<ProtectedFields>;
  metadata?: { [key: string]: JsonValue };
}

/**
 * Loads the incident in the staff member's shop, proves it was not edited outside the app, applies
 * one change with a fresh integrity hash and audits it, all in one transaction. An integrity
 * mismatch is audited after the refused transaction has rolled back, so the refusal is on record.
 */
async function changeBreach(staff: StaffContext, id: string, action: `breach.${BreachChange}`, now: Date, decide: (row: BreachIncident, ring: KeyRing) => Change): Promise<BreachSummary> {
  const ring = env().keyRing;
  try {
    return await db().$transaction(async (tx) => {
      const row = await loadForChange(tx, staff.shop, id, action, ring);
      const refused = breachRefusal(action.slice("breach.".length) as BreachChange, stateOf(row));
      if (refused) throw new BreachError("CONFLICT", refused);
      const change = decide(row, ring);
      const next: BreachIncident = { ...row, ...change.data };
      const hash = breachIntegrity(ring, next);
      // The stored hash doubles as a version: a concurrent change makes this match nothing.
      const { count } = await tx.breachIncident.updateMany({
        where: { id: row.id, shopDomain: staff.shop, integrityHash: row.integrityHash },
        data: { ...change.data, integrityHash: hash },
      });
      if (count !== 1) throw new BreachError("CONFLICT", "This incident was changed at the same time; reload and try again.");
      await appendAudit(tx, {
        shopDomain: staff.shop,
        actorType: "staff",
        actorId: staff.staffId,
        action,
        subjectType: "breach_incident",
        subjectId: id,
        metadata: change.metadata ?? {},
        occurredAt: now,
      });
      return summaryOf(ring, { ...next, integrityHash: hash }, now);
    });
  } catch (error) {
    if (error instanceof BreachIntegrityError) {
      await db().$transaction((tx) =>
        appendAudit(tx, {
          shopDomain: staff.shop,
          actorType: "system",
          action: "breach.integrity_mismatch",
          subjectType: "breach_incident",
          subjectId: error.breachId,
          reason: "stored integrity hash does not match the record; change refused",
          metadata: { attempted: error.attempted, staffId: staff.staffId },
          occurredAt: now,
        }),
      );
    }
    throw error;
  }
}

const stateOf = (row: BreachIncident): BreachState => ({
  closed: row.closedAt !== null,
  authorityNotified: row.authorityNotifiedAt !== null,
  peopleNotified: row.peopleNotifiedAt !== null,
  notificationNotNeeded: row.notificationNotNeeded,
});

async function loadForChange(tx: Tx, shop: string, id: string, attempted: BreachAction, ring: KeyRing): Promise<BreachIncident> {
  const row = await tx.breachIncident.findFirst({ where: { id, shopDomain: shop } });
  if (!row) throw new BreachError("NOT_FOUND", "No such incident in this shop.");
  if (!integrityOk(ring, row)) throw new BreachIntegrityError(id, attempted);
  return row;
}

export async function markAuthorityNotified(staff: StaffContext, id: string, at: Date, now: Date): Promise<BreachSummary> {
  return changeBreach(staff, id, "breach.authority_notified", now, (row) => {
    const notifiedAt = notificationTime(row, at, now, "Notification time");
    const clock = breachClock({ discoveredAt: row.discoveredAt, authorityNotifiedAt: notifiedAt, notificationNotNeeded: false, now });
    return {
      // A reassessment can find that notification was needed after all; the notification then wins.
      data: { authorityNotifiedAt: notifiedAt, notificationNotNeeded: false },
      metadata: { notifiedAt: notifiedAt.toISOString(), clockState: clock.state, reassessed: row.notificationNotNeeded },
    };
  });
}

export async function markPeopleNotified(staff: StaffContext, id: string, at: Date, now: Date): Promise<BreachSummary> {
  return changeBreach(staff, id, "breach.people_notified", now, (row) => {
    const notifiedAt = notificationTime(row, at, now, "Notification time");
    return { data: { peopleNotifiedAt: notifiedAt }, metadata: { notifiedAt: notifiedAt.toISOString() } };
  });
}

/** The reason stays on the incident (integrity-protected), not in the audit chain: it is free text. */
export async function markNotificationNotNeeded(staff: StaffContext, id: string, reason: string, now: Date): Promise<BreachSummary> {
  const valid = parse(z.object({ reason: text("Reason", MAX_REASON) }), { reason });
  return changeBreach(staff, id, "breach.notification_not_needed", now, () => ({ data: { notificationNotNeeded: true, notNeededReason: valid.reason } }));
}

export async function updateContainment(staff: StaffContext, id: string, containment: string, now: Date): Promise<BreachSummary> {
  const valid = parse(z.object({ containment: text("Containment steps", MAX_TEXT) }), { containment });
  return changeBreach(staff, id, "breach.containment_updated", now, (row, ring) => ({
    data: { containmentCipher: encryptField(ring, valid.containment, cipherContext(row.id, "containment")) },
    metadata: { replacedEarlier: row.containmentCipher !== null },
  }));
}

export async function closeBreach(staff: StaffContext, id: string, now: Date): Promise<BreachSummary> {
  return changeBreach(staff, id, "breach.closed", now, (row) => {
    return { data: { closedAt: now }, metadata: { clockState: clockOf(row, now).state, peopleNotified: row.peopleNotifiedAt !== null } };
  });
}
