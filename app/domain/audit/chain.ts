import { createHash } from "node:crypto";
import { canonicalJson, type JsonValue } from "./canonical";

export const GENESIS_HASH = "0".repeat(64);

export const ACTOR_TYPES = ["staff", "shopper", "shopify", "system"] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

/** What an audit entry says. References only: ids and blind indexes, never personal data. */
export interface AuditContent {
  shopDomain: string;
  seq: number;
  actorType: ActorType;
  actorId: string | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  subjectRef: string | null;
  reason: string | null;
  metadata: { [key: string]: JsonValue };
  occurredAt: Date;
}

export interface ChainedEntry extends AuditContent {
  id: string;
  prevHash: string;
  hash: string;
}

export function contentOf(entry: AuditContent): string {
  return canonicalJson({
    shopDomain: entry.shopDomain,
    seq: entry.seq,
    actorType: entry.actorType,
    actorId: entry.actorId,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    subjectRef: entry.subjectRef,
    reason: entry.reason,
    metadata: entry.metadata,
    occurredAt: entry.occurredAt.toISOString(),
  });
}

/** sha256(prevHash || "\n" || canonical content), hex. */
export function entryHash(prevHash: string, entry: AuditContent): string {
  return createHash("sha256").update(prevHash).update("\n").update(contentOf(entry)).digest("hex");
}

export type VerifyResult =
  | { ok: true; entries: number; headHash: string }
  | {
      ok: false;
      entries: number;
      brokenAt: { seq: number; id: string };
      reason: "hash_mismatch" | "prev_hash_mismatch" | "sequence_gap";
    };

/**
 * Walks a shop's entries in seq order and names the first one that does not follow from what came
 * before: a changed field (hash_mismatch), a re-linked entry (prev_hash_mismatch), or a deleted or
 * inserted one (sequence_gap). Streams: memory does not grow with the chain.
 */
export async function verifyChain(entries: AsyncIterable<ChainedEntry> | Iterable<ChainedEntry>): Promise<VerifyResult> {
  let expectedPrev = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  for await (const entry of entries) {
    const brokenAt = { seq: entry.seq, id: entry.id };
    if (entry.seq !== expectedSeq) return { ok: false, entries: count, brokenAt, reason: "sequence_gap" };
    if (entry.prevHash !== expectedPrev) return { ok: false, entries: count, brokenAt, reason: "prev_hash_mismatch" };
    if (entryHash(entry.prevHash, entry) !== entry.hash) return { ok: false, entries: count, brokenAt, reason: "hash_mismatch" };
    expectedPrev = entry.hash;
    expectedSeq += 1;
    count += 1;
  }
  return { ok: true, entries: count, headHash: expectedPrev };
}
