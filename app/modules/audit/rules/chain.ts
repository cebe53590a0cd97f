import { createHash } from "node:crypto";
import { canonicalJson, type JsonValue } from "../../../platform/canonical-json";

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

/** What an append records, before the chain gives it a place. */
export interface AuditContentInput {
  shopDomain: string;
  actorType: ActorType;
  actorId?: string | null;
  action: string;
  subjectType?: string | null;
  subjectId?: string | null;
  subjectRef?: string | null;
  reason?: string | null;
  metadata?: { [key: string]: JsonValue };
  occurredAt: Date;
}

/** The entry's content at position `seq`: absent fields null, the time to whole milliseconds. */
export function contentAt(input: AuditContentInput, seq: number): AuditContent {
  return {
    shopDomain: input.shopDomain,
    seq,
    actorType: input.actorType,
    actorId: input.actorId ?? null,
    action: input.action,
    subjectType: input.subjectType ?? null,
    subjectId: input.subjectId ?? null,
    subjectRef: input.subjectRef ?? null,
    reason: input.reason ?? null,
    metadata: input.metadata ?? {},
    occurredAt: new Date(Math.floor(input.occurredAt.getTime())),
  };
}

export interface ChainedEntry extends AuditContent {
  id: string;
  prevHash: string;
  hash: string;
}

/**
 * An entry as stored: metadata already in canonical JSON and the time possibly already as an ISO
 * string ending in Z, so verification need not re-encode either.
 */
export type StoredContent = Omit<AuditContent, "metadata" | "occurredAt"> & { metadataJson: string; occurredAt: Date | string };

const str = (value: string | null) => (value === null ? "null" : JSON.stringify(value));

/**
 * The canonical JSON of an entry (keys in sorted order, exactly what canonicalJson gives), written
 * out field by field: verification spends most of its time here, and the generic encoder was half
 * of it. A test pins the two to the same bytes.
 */
export function contentOfStored(e: StoredContent): string {
  return (
    `{"action":${JSON.stringify(e.action)},"actorId":${str(e.actorId)},"actorType":${JSON.stringify(e.actorType)},` +
    `"metadata":${e.metadataJson},"occurredAt":"${typeof e.occurredAt === "string" ? e.occurredAt : e.occurredAt.toISOString()}","reason":${str(e.reason)},"seq":${e.seq},` +
    `"shopDomain":${JSON.stringify(e.shopDomain)},"subjectId":${str(e.subjectId)},"subjectRef":${str(e.subjectRef)},"subjectType":${str(e.subjectType)}}`
  );
}

export function contentOf(entry: AuditContent): string {
  const { metadata, ...rest } = entry;
  return contentOfStored({ ...rest, metadataJson: canonicalJson(metadata) });
}

function hashContent(prevHash: string, content: string): string {
  return createHash("sha256").update(prevHash).update("\n").update(content).digest("hex");
}

/** sha256(prevHash || "\n" || canonical content), hex. */
export function entryHash(prevHash: string, entry: AuditContent): string {
  return hashContent(prevHash, contentOf(entry));
}

export type StoredEntry = StoredContent & { id: string; prevHash: string; hash: string };

export type VerifyResult =
  | { ok: true; entries: number; headHash: string }
  | {
      ok: false;
      entries: number;
      brokenAt: { seq: number; id: string };
      reason: "hash_mismatch" | "prev_hash_mismatch" | "sequence_gap";
    };

type Failure = Extract<VerifyResult, { ok: false }>;

/**
 * Checks entries one at a time, in seq order, and names the first one that does not follow from
 * what came before: a changed field (hash_mismatch), a re-linked entry (prev_hash_mismatch), or a
 * deleted or inserted one (sequence_gap). Synchronous, so callers can feed whole pages without an
 * await per entry; memory does not grow with the chain.
 */
export class ChainVerifier {
  #expectedPrev = GENESIS_HASH;
  #expectedSeq = 1;
  #count = 0;
  #failure: Failure | null = null;

  /** Returns false once the chain is broken (and stays broken). */
  push(entry: ChainedEntry | StoredEntry): boolean {
    if (this.#failure) return false;
    const brokenAt = { seq: entry.seq, id: entry.id };
    const fail = (reason: Failure["reason"]) => {
      this.#failure = { ok: false, entries: this.#count, brokenAt, reason };
      return false;
    };
    if (entry.seq !== this.#expectedSeq) return fail("sequence_gap");
    if (entry.prevHash !== this.#expectedPrev) return fail("prev_hash_mismatch");
    const content = "metadataJson" in entry ? contentOfStored(entry) : contentOf(entry);
    if (hashContent(entry.prevHash, content) !== entry.hash) return fail("hash_mismatch");
    this.#expectedPrev = entry.hash;
    this.#expectedSeq += 1;
    this.#count += 1;
    return true;
  }

  result(): VerifyResult {
    return this.#failure ?? { ok: true, entries: this.#count, headHash: this.#expectedPrev };
  }
}

export async function verifyChain(entries: AsyncIterable<ChainedEntry | StoredEntry> | Iterable<ChainedEntry | StoredEntry>): Promise<VerifyResult> {
  const verifier = new ChainVerifier();
  for await (const entry of entries) if (!verifier.push(entry)) break;
  return verifier.result();
}
