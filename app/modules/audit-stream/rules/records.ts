import { createHmac, timingSafeEqual } from "node:crypto";
import { canonicalJson } from "../../../platform/canonical-json";

/**
 * What is streamed to a SIEM. An entry carries its place in the chain and the fields an analyst
 * filters on; nothing else (the audit entry holds references only, and subject ids stay home).
 */
export interface StreamedEntry {
  type: "audit_entry";
  shop: string;
  seq: number;
  hash: string;
  prevHash: string;
  action: string;
  actorType: string;
  actorId: string | null;
  occurredAt: string;
}

/** The shop's chain head as delivered so far, signed with HMAC-SHA256 under AUDIT_CHECKPOINT_KEY. */
export interface StreamedCheckpoint {
  type: "audit_checkpoint";
  shop: string;
  seq: number;
  hash: string;
  signedAt: string;
  keyId: string;
  signature: string;
}

export type StreamRecord = StreamedEntry | StreamedCheckpoint;

export interface EntryRow {
  shopDomain: string;
  seq: number;
  hash: string;
  prevHash: string;
  action: string;
  actorType: string;
  actorId: string | null;
  occurredAt: Date;
}

export function streamedEntry(row: EntryRow): StreamedEntry {
  return {
    type: "audit_entry",
    shop: row.shopDomain,
    seq: row.seq,
    hash: row.hash,
    prevHash: row.prevHash,
    action: row.action,
    actorType: row.actorType,
    actorId: row.actorId,
    occurredAt: row.occurredAt.toISOString(),
  };
}

export interface CheckpointKey {
  id: string;
  key: Buffer;
}

/** The bytes signed: the canonical JSON of everything in the checkpoint but the signature. */
function signedBytes(c: Omit<StreamedCheckpoint, "signature">): string {
  return canonicalJson({ type: c.type, shop: c.shop, seq: c.seq, hash: c.hash, signedAt: c.signedAt, keyId: c.keyId });
}

export function signCheckpoint(key: CheckpointKey, head: { shop: string; seq: number; hash: string }, now: Date): StreamedCheckpoint {
  const unsigned = { type: "audit_checkpoint" as const, shop: head.shop, seq: head.seq, hash: head.hash, signedAt: now.toISOString(), keyId: key.id };
  return { ...unsigned, signature: createHmac("sha256", key.key).update(signedBytes(unsigned)).digest("hex") };
}

export function checkpointSignatureValid(key: CheckpointKey, checkpoint: StreamedCheckpoint): boolean {
  if (checkpoint.keyId !== key.id || !/^[0-9a-f]{64}$/.test(checkpoint.signature)) return false;
  const { signature, ...unsigned } = checkpoint;
  const expected = createHmac("sha256", key.key).update(signedBytes(unsigned)).digest();
  return timingSafeEqual(expected, Buffer.from(signature, "hex"));
}

/** JSON with every non-ASCII character escaped: syslog receivers may re-encode 8-bit bytes. */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

// RFC 5424: facility 13 (log audit), severity 6 (informational).
const PRI = 13 * 8 + 6;

/**
 * One RFC 5424 message, octet-counted as RFC 5425 (syslog over TLS) frames it. HOSTNAME is the
 * shop, APP-NAME the app, MSGID the record type; the MSG is the record as ASCII JSON.
 */
export function syslogFrame(record: StreamRecord): string {
  const time = record.type === "audit_entry" ? record.occurredAt : record.signedAt;
  const message = `<${PRI}>1 ${time} ${record.shop} privacy-desk - ${record.type} - ${asciiJson(record)}`;
  return `${Buffer.byteLength(message)} ${message}`;
}

/** Splunk HEC: one event object; several are concatenated in one POST body. */
export function hecEvent(record: StreamRecord, options: { index?: string; sourcetype?: string }): string {
  const time = Date.parse(record.type === "audit_entry" ? record.occurredAt : record.signedAt) / 1000;
  return JSON.stringify({ time, host: record.shop, source: "privacy-desk", sourcetype: options.sourcetype ?? "privacy_desk:audit", ...(options.index ? { index: options.index } : {}), event: record });
}

/** The document id makes a re-sent entry overwrite itself instead of adding a copy. */
export function bulkId(record: StreamRecord): string {
  return record.type === "audit_entry" ? `${record.shop}:${record.seq}` : `${record.shop}:checkpoint:${record.seq}:${record.signedAt}`;
}

/** Elasticsearch/OpenSearch _bulk: an action line and the document, each ending in a newline. */
export function bulkLines(record: StreamRecord, index: string): string {
  const at = record.type === "audit_entry" ? record.occurredAt : record.signedAt;
  return `${JSON.stringify({ index: { _index: index, _id: bulkId(record) } })}\n${JSON.stringify({ "@timestamp": at, ...record })}\n`;
}
