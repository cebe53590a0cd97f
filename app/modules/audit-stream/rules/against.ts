import { z } from "zod";
import { checkpointSignatureValid, type CheckpointKey, type StreamRecord } from "./records";

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const shop = z.string().min(1).max(255);
const seq = z.number().int().min(1);

const EntrySchema = z.object({
  type: z.literal("audit_entry"),
  shop,
  seq,
  hash: hex64,
  prevHash: hex64,
  action: z.string(),
  actorType: z.string(),
  actorId: z.string().nullable(),
  occurredAt: z.string(),
});
const CheckpointSchema = z.object({ type: z.literal("audit_checkpoint"), shop, seq: z.number().int().min(0), hash: hex64, signedAt: z.string(), keyId: z.string(), signature: z.string() });
const RecordSchema = z.discriminatedUnion("type", [EntrySchema, CheckpointSchema]);

export type ParsedLine = { kind: "record"; line: number; record: StreamRecord } | { kind: "skipped"; line: number } | { kind: "unreadable"; line: number };

/**
 * Reads one line of an exported stream. Accepted shapes (docs/architecture.md, "Streaming"):
 * the NDJSON records themselves; Splunk HEC events (`{"time":..,"event":{record}}`); an
 * Elasticsearch `_bulk` body or `_search` dump of documents (action lines are skipped); and any line
 * a syslog receiver writes with text before the JSON message (rsyslog's file formats: the record
 * is the JSON from the first `{`).
 */
export function parseStreamLine(text: string, line: number): ParsedLine {
  const start = text.indexOf("{");
  if (start < 0) return text.trim() === "" ? { kind: "skipped", line } : { kind: "unreadable", line };
  let value: unknown;
  try {
    value = JSON.parse(text.slice(start));
  } catch {
    return { kind: "unreadable", line };
  }
  if (typeof value !== "object" || value === null) return { kind: "unreadable", line };
  const object = value as Record<string, unknown>;
  const candidate = "event" in object ? object.event : "_source" in object ? object._source : object;
  if (typeof candidate === "object" && candidate !== null && !("type" in candidate) && ("index" in candidate || "create" in candidate)) return { kind: "skipped", line };
  const parsed = RecordSchema.safeParse(candidate);
  return parsed.success ? { kind: "record", line, record: parsed.data } : { kind: "unreadable", line };
}

export type Problem =
  /** the database has no entry at this seq (deleted, or the chain was truncated) */
  | "entry_not_in_database"
  /** the database's entry at this seq has another hash or link: it was edited or re-hashed */
  | "entry_differs"
  /** two streamed copies of one seq disagree */
  | "conflicting_copies"
  /** the checkpoint was not signed with the checkpoint key (forged or altered) */
  | "checkpoint_signature_invalid"
  /** a correctly signed head that the database chain does not contain: the chain was rewritten */
  | "checkpoint_not_in_chain";

export interface Finding {
  line: number;
  shop: string;
  seq: number;
  problem: Problem;
}

/** The database chain as stored: seq -> hash and prevHash, per shop. */
export type ChainLookup = (shop: string, seq: number) => { hash: string; prevHash: string } | undefined;

/**
 * Compares what was streamed with the database chain. An edit of one entry shows as
 * `entry_differs` at that seq; a rewrite of the chain from some seq on (re-hashed consistently, so
 * the database chain alone still verifies) shows at every streamed entry from there on and at every
 * signed checkpoint after it, which the rewriter cannot re-sign without the key.
 */
export class StreamComparison {
  readonly findings: Finding[] = [];
  readonly entries = new Map<string, number>();
  readonly checkpoints = new Map<string, number>();
  #seen = new Map<string, string>();

  constructor(
    private readonly lookup: ChainLookup,
    private readonly key: CheckpointKey | null,
  ) {}

  push(line: number, record: StreamRecord): void {
    const found = (problem: Problem) => this.findings.push({ line, shop: record.shop, seq: record.seq, problem });
    if (record.type === "audit_checkpoint") {
      this.checkpoints.set(record.shop, (this.checkpoints.get(record.shop) ?? 0) + 1);
      if (!this.key || !checkpointSignatureValid(this.key, record)) return void found("checkpoint_signature_invalid");
      if (record.seq === 0) return;
      const stored = this.lookup(record.shop, record.seq);
      if (!stored || stored.hash !== record.hash) found("checkpoint_not_in_chain");
      return;
    }
    this.entries.set(record.shop, (this.entries.get(record.shop) ?? 0) + 1);
    const id = `${record.shop}\n${record.seq}`;
    const copy = `${record.hash}:${record.prevHash}`;
    const earlier = this.#seen.get(id);
    if (earlier !== undefined && earlier !== copy) found("conflicting_copies");
    this.#seen.set(id, copy);
    const stored = this.lookup(record.shop, record.seq);
    if (!stored) found("entry_not_in_database");
    else if (stored.hash !== record.hash || stored.prevHash !== record.prevHash) found("entry_differs");
  }
}
