import { db, isUniqueViolation, type Db } from "../../platform/db.server";
import { env } from "../../platform/env.server";
import { canonicalJson } from "../../platform/canonical-json";
import { decryptField, encryptField } from "../../platform/crypto";
import { cipherContext } from "../../platform/protected-data/registry";
import { errorFields, log } from "../../platform/logger.server";
import { appendAudit } from "../audit/audit.server";
import { enqueueJob } from "../../jobs/enqueue.server";
import { wakeWorkers } from "../../jobs/runtime.server";
import { senderFor } from "./senders.server";
import {
  checkpointDue,
  destinationSchema,
  describeDestination,
  signCheckpoint,
  splitDestination,
  streamLag,
  streamRetryDelayMs,
  streamedEntry,
  DESTINATION_LABELS,
  type DestinationConfig,
  type DestinationInput,
  type DestinationKind,
  type DestinationSecret,
  type StreamRecord,
} from "./rules";

export const FLUSH_JOB = "audit.stream_flush" as const;
const BATCH = 500;
/** A flush returns after this long even if entries keep coming; the next one continues. */
const FLUSH_BUDGET_MS = 20_000;

interface StaffRef {
  shop: string;
  staffId: string | null;
}

type StreamRow = NonNullable<Awaited<ReturnType<Db["auditStream"]["findUnique"]>>>;

const flushKey = (streamId: string) => `${FLUSH_JOB}:${streamId}`;

function openSecret(row: Pick<StreamRow, "id" | "secretCipher">): DestinationSecret {
  if (!row.secretCipher) return { clientKeyPem: null };
  return JSON.parse(decryptField(env().keyRing, row.secretCipher, cipherContext.auditStream(row.id))) as DestinationSecret;
}

const configOf = (row: Pick<StreamRow, "config">) => JSON.parse(row.config) as DestinationConfig;

/** The destinations of a shop with their delivery state: cursor, lag, last error. */
export async function listStreams(shop: string, now: Date) {
  const [rows, head] = await Promise.all([
    db().auditStream.findMany({ where: { shopDomain: shop }, orderBy: { createdAt: "asc" } }),
    db().auditHead.findUnique({ where: { shopDomain: shop } }),
  ]);
  const headSeq = head?.seq ?? 0;
  return Promise.all(
    rows.map(async (row) => {
      const next = row.deliveredSeq < headSeq ? await db().auditEntry.findUnique({ where: { shopDomain_seq: { shopDomain: shop, seq: row.deliveredSeq + 1 } }, select: { occurredAt: true } }) : null;
      const config = configOf(row);
      return {
        id: row.id,
        name: row.name,
        kind: row.kind as DestinationKind,
        kindLabel: DESTINATION_LABELS[row.kind as DestinationKind] ?? row.kind,
        target: describeDestination(config),
        enabled: row.enabled,
        deliveredSeq: row.deliveredSeq,
        deliveredAt: row.deliveredAt?.toISOString() ?? null,
        lastCheckpointAt: row.lastCheckpointAt?.toISOString() ?? null,
        lastError: row.lastError,
        lastErrorAt: row.lastErrorAt?.toISOString() ?? null,
        nextAttemptAt: row.failures > 0 ? row.nextAttemptAt.toISOString() : null,
        lag: streamLag(headSeq, row.deliveredSeq, next?.occurredAt ?? null, now),
      };
    }),
  );
}

export async function createStream(staff: StaffRef, input: DestinationInput, now: Date): Promise<{ id: string }> {
  const { name, config, secret } = splitDestination(input);
  const id = await db().$transaction(async (tx) => {
    const row = await tx.auditStream.create({ data: { shopDomain: staff.shop, kind: config.kind, name, config: canonicalJson(config), nextAttemptAt: now } });
    await tx.auditStream.update({ where: { id: row.id }, data: { secretCipher: encryptField(env().keyRing, JSON.stringify(secret), cipherContext.auditStream(row.id)) } });
    await appendAudit(tx, { shopDomain: staff.shop, actorType: "staff", actorId: staff.staffId, action: "audit_stream.created", subjectType: "audit_stream", subjectId: row.id, metadata: { kind: config.kind }, occurredAt: now });
    return row.id;
  });
  return { id };
}

export async function deleteStream(staff: StaffRef, id: string, now: Date): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const { count } = await tx.auditStream.deleteMany({ where: { id, shopDomain: staff.shop } });
    if (count === 0) return false;
    await tx.job.deleteMany({ where: { idempotencyKey: flushKey(id), status: { not: "running" } } });
    await appendAudit(tx, { shopDomain: staff.shop, actorType: "staff", actorId: staff.staffId, action: "audit_stream.deleted", subjectType: "audit_stream", subjectId: id, occurredAt: now });
    return true;
  });
}

export async function setStreamEnabled(staff: StaffRef, id: string, enabled: boolean, now: Date): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const { count } = await tx.auditStream.updateMany({ where: { id, shopDomain: staff.shop }, data: { enabled, failures: 0, nextAttemptAt: now } });
    if (count === 0) return false;
    await appendAudit(tx, { shopDomain: staff.shop, actorType: "staff", actorId: staff.staffId, action: enabled ? "audit_stream.enabled" : "audit_stream.paused", subjectType: "audit_stream", subjectId: id, occurredAt: now });
    return true;
  });
}

/** Sends a signed checkpoint of the current head (it proves the settings, the key and the receiver); moves no cursor. */
export async function sendTestEvent(staff: StaffRef, id: string, now: Date): Promise<{ found: false } | { found: true; error: string | null }> {
  const row = await db().auditStream.findFirst({ where: { id, shopDomain: staff.shop } });
  if (!row) return { found: false };
  const key = env().checkpointKey;
  const head = await db().auditHead.findUnique({ where: { shopDomain: staff.shop } });
  let error: string | null;
  if (!key) error = "The app has no checkpoint key (AUDIT_CHECKPOINT_KEY); ask the operator to set one";
  else {
    let send;
    try {
      send = senderFor(configOf(row), openSecret(row));
    } catch (thrown) {
      log.error("audit stream settings unreadable", { streamId: id, ...errorFields(thrown) });
      send = null;
    }
    error = send
      ? (await send([signCheckpoint(key, { shop: staff.shop, seq: head?.seq ?? 0, hash: head?.hash ?? "0".repeat(64) }, now)])).error
      : "The destination's settings could not be read; delete it and add it again";
  }
  await db().$transaction((tx) =>
    appendAudit(tx, { shopDomain: staff.shop, actorType: "staff", actorId: staff.staffId, action: "audit_stream.tested", subjectType: "audit_stream", subjectId: id, metadata: { ok: error === null }, occurredAt: now }),
  );
  return { found: true, error };
}

async function recordFailure(row: StreamRow, error: string, now: Date): Promise<void> {
  const failures = row.failures + 1;
  await db().auditStream.updateMany({
    where: { id: row.id },
    data: { failures, lastError: error.slice(0, 500), lastErrorAt: now, nextAttemptAt: new Date(now.getTime() + streamRetryDelayMs(failures)) },
  });
  log.warn("audit stream delivery failed", { streamId: row.id, failures });
}

/**
 * The job: delivers the shop's entries after the destination's cursor, in chain order, a batch at
 * a time, then a signed checkpoint of the delivered head. Only the job queue runs it, and one job
 * row per destination (re-armed, never duplicated) means one flusher per destination however many
 * instances claim. The cursor moves only past what the receiver took.
 */
export async function flushStream(streamId: string, now: () => Date): Promise<void> {
  let row = await db().auditStream.findUnique({ where: { id: streamId } });
  if (!row || !row.enabled) return;
  const key = env().checkpointKey;
  if (!key) return recordFailure(row, "The app has no checkpoint key (AUDIT_CHECKPOINT_KEY); nothing is streamed until the operator sets one", now());
  let send;
  try {
    send = senderFor(configOf(row), openSecret(row));
  } catch (error) {
    log.error("audit stream settings unreadable", { streamId, ...errorFields(error) });
    return recordFailure(row, "The destination's settings could not be read; delete it and add it again", now());
  }
  const started = Date.now();
  let delivered = 0;
  let cursor = row.deliveredSeq;
  let headHash: string | null = null;
  while (Date.now() - started < FLUSH_BUDGET_MS) {
    const rows = await db().auditEntry.findMany({
      where: { shopDomain: row.shopDomain, seq: { gt: cursor } },
      orderBy: { seq: "asc" },
      take: BATCH,
      select: { shopDomain: true, seq: true, hash: true, prevHash: true, action: true, actorType: true, actorId: true, occurredAt: true },
    });
    if (rows.length === 0) break;
    const result = await send(rows.map(streamedEntry));
    if (result.accepted > 0) {
      const last = rows[result.accepted - 1]!;
      // Guarded by the cursor read: a flusher whose lease was taken over moves nothing.
      const moved = await db().auditStream.updateMany({ where: { id: row.id, deliveredSeq: cursor }, data: { deliveredSeq: last.seq, deliveredAt: now(), failures: 0, lastError: null } });
      if (moved.count === 0) return;
      cursor = last.seq;
      headHash = last.hash;
      delivered += result.accepted;
      row = { ...row, failures: 0 };
    }
    if (result.error) return recordFailure(row, result.error, now());
    if (rows.length < BATCH) break;
  }
  if (cursor === 0 || !checkpointDue(delivered, row.lastCheckpointAt, now())) return;
  headHash ??= (await db().auditEntry.findUnique({ where: { shopDomain_seq: { shopDomain: row.shopDomain, seq: cursor } }, select: { hash: true } }))?.hash ?? null;
  if (!headHash) return;
  const checkpoint: StreamRecord = signCheckpoint(key, { shop: row.shopDomain, seq: cursor, hash: headHash }, now());
  const result = await send([checkpoint]);
  if (result.error) return recordFailure(row, result.error, now());
  await db().auditStream.updateMany({ where: { id: row.id }, data: { lastCheckpointAt: now() } });
}

/**
 * Called every second by every instance (jobs/start.server.ts): arms the flush job of each enabled
 * destination that is behind, due for a checkpoint, and not backing off. The job row is re-armed in
 * place, so a destination never has two.
 */
export async function scheduleStreamFlushes(now: Date): Promise<number> {
  const streams = await db().auditStream.findMany({
    where: { enabled: true, nextAttemptAt: { lte: now } },
    select: { id: true, shopDomain: true, deliveredSeq: true, lastCheckpointAt: true },
  });
  if (streams.length === 0) return 0;
  const heads = new Map((await db().auditHead.findMany({ where: { shopDomain: { in: [...new Set(streams.map((s) => s.shopDomain))] } }, select: { shopDomain: true, seq: true } })).map((h) => [h.shopDomain, h.seq]));
  let armed = 0;
  for (const stream of streams) {
    const headSeq = heads.get(stream.shopDomain) ?? 0;
    if (headSeq <= stream.deliveredSeq && !(headSeq > 0 && checkpointDue(0, stream.lastCheckpointAt, now))) continue;
    const key = flushKey(stream.id);
    const rearmed = await db().job.updateMany({ where: { idempotencyKey: key, status: { in: ["succeeded", "dead"] } }, data: { status: "pending", runAt: now, attempts: 0, lastError: null, finishedAt: null } });
    if (rearmed.count === 0) {
      try {
        const { created } = await db().$transaction((tx) => enqueueJob(tx, FLUSH_JOB, { streamId: stream.id }, { shopDomain: stream.shopDomain, idempotencyKey: key, runAt: now }));
        if (!created) continue;
      } catch (error) {
        // Another instance created it in the same instant.
        if (isUniqueViolation(error)) continue;
        throw error;
      }
    }
    armed += 1;
  }
  if (armed > 0) wakeWorkers();
  return armed;
}

/** The form's rules: loopback and plain http only where the app itself runs locally (tests, sandbox). */
export function parseDestination(fields: Record<string, unknown>) {
  return destinationSchema(Boolean(env().APP_LOCAL_ONLY)).safeParse(fields);
}
