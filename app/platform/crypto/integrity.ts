import { createHmac, timingSafeEqual } from "node:crypto";
import { canonicalJson } from "../canonical-json";
import type { KeyRing } from "./key-ring";

/**
 * Keyed hash over a record's protected fields. Someone who can write to the database but does not
 * hold the key cannot make an edited row match again, so edits made outside the app are caught
 * before the app changes or deletes the row.
 */
export function integrityHash(ring: KeyRing, kind: string, fields: Record<string, unknown>): string {
  return createHmac("sha256", ring.blindIndexKey).update(`integrity\0${kind}\0`).update(canonicalJson(fields)).digest("hex");
}

export function integrityMatches(ring: KeyRing, kind: string, fields: Record<string, unknown>, stored: string): boolean {
  const expected = Buffer.from(integrityHash(ring, kind, fields), "hex");
  const actual = Buffer.from(stored, "hex");
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
