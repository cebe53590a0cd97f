import { randomUUID } from "node:crypto";
import type { Job } from "@prisma/client";
import { type Db, type Tx } from "../platform/db.server";
import { dateOf, hotSql } from "../platform/hot-sql.server";
import { retryDelayMs } from "./backoff";
import { JOB_MAX_ATTEMPTS } from "./kinds";
import { appendAuditSql } from "../modules/audit/audit-sql.server";

export interface JobRowInput {
  /** A kind from app/jobs/kinds.ts: app code queues through `enqueueJob`, which is typed by it. */
  kind: string;
  shopDomain: string | null;
  /** ids and flags only: job payloads are stored in plain text. */
  payload: Record<string, string | number | boolean | null>;
  /** Enqueueing twice with one key creates one job. */
  idempotencyKey: string;
  runAt?: Date;
  maxAttempts?: number;
}

/** Creates the job unless one with the same idempotency key exists. Runs inside the caller's tx. */
export async function insertJob(tx: Tx, input: JobRowInput): Promise<{ id: string; created: boolean }> {
  const existing = await tx.job.findUnique({ where: { idempotencyKey: input.idempotencyKey }, select: { id: true } });
  if (existing) return { id: existing.id, created: false };
  const job = await tx.job.create({
    data: {
      kind: input.kind,
      shopDomain: input.shopDomain,
      payload: JSON.stringify(input.payload),
      idempotencyKey: input.idempotencyKey,
      runAt: input.runAt ?? new Date(),
      maxAttempts: input.maxAttempts ?? JOB_MAX_ATTEMPTS,
    },
    select: { id: true },
  });
  return { id: job.id, created: true };
}

export interface ClaimedJob extends Job {
  leaseOwner: string;
}

/**
 * Claims the due job that has waited longest, in one statement: the UPDATE picks a row that is
 * pending and due, or running with an expired lease (a worker that died mid-job), and takes it in
 * the same step, so with any number of workers and app instances each claim is won by exactly one.
 * SQLite runs one writer at a time; it asks for each kind of row separately because with one OR it
 * sorts every due job to find the oldest (2.5 ms per claim with a 17k backlog, against 5 µs). On
 * PostgreSQL `FOR UPDATE SKIP LOCKED` makes concurrent claims pass over a row another transaction is
 * taking instead of waiting for it or taking it twice.
 */
export async function claimNext(database: Db, workerId: string, now: Date, leaseMs: number): Promise<ClaimedJob | null> {
  const leaseExpiresAt = new Date(now.getTime() + leaseMs);
  const sql = await hotSql(database);
  // Relaxed on SQLite (no fsync of its own): a claim lost in a crash leaves the job claimable again,
  // and any later durable commit (the job's own, its completion) flushes it with the WAL.
  const rows = await sql.relaxedRows<RawJob>(
    sql.provider === "sqlite"
      ? `UPDATE "Job" SET "status" = 'running', "leaseOwner" = ?, "leaseExpiresAt" = ?, "attempts" = "attempts" + 1, "updatedAt" = ?
         WHERE "id" = (
           SELECT "id" FROM (
             SELECT * FROM (SELECT "id", "runAt" FROM "Job" WHERE "status" = 'pending' AND "runAt" <= ? ORDER BY "runAt" LIMIT 1)
             UNION ALL
             SELECT * FROM (SELECT "id", "runAt" FROM "Job" WHERE "status" = 'running' AND "leaseExpiresAt" < ? ORDER BY "runAt" LIMIT 1)
           ) ORDER BY "runAt" LIMIT 1)
         RETURNING *`
      : // Two ordered index reads, not one OR: with the OR the planner read and sorted every pending
        // job for each claim, and a backlog of 40,000 drained at ~100 jobs/s.
        `WITH "pending" AS (
           SELECT "id", "runAt" FROM "Job" WHERE "status" = 'pending' AND "runAt" <= ? ORDER BY "runAt" LIMIT 1 FOR UPDATE SKIP LOCKED
         ), "expired" AS (
           SELECT "id", "runAt" FROM "Job" WHERE "status" = 'running' AND "leaseExpiresAt" < ? ORDER BY "runAt" LIMIT 1 FOR UPDATE SKIP LOCKED
         )
         UPDATE "Job" SET "status" = 'running', "leaseOwner" = ?, "leaseExpiresAt" = ?, "attempts" = "attempts" + 1, "updatedAt" = ?
         WHERE "id" = (SELECT "id" FROM (SELECT * FROM "pending" UNION ALL SELECT * FROM "expired") AS "candidate" ORDER BY "runAt" LIMIT 1)
         RETURNING *`,
    sql.provider === "sqlite" ? [workerId, leaseExpiresAt, now, now, now] : [now, now, workerId, leaseExpiresAt, now],
  );
  const row = rows[0];
  return row && row.leaseOwner === workerId ? toJob(row) : null;
}

/** A Job row as the hot SQL layer returns it (SQLite: dates as text). */
type RawJob = { [K in keyof Job]: Job[K] extends Date ? Date | string : Job[K] extends Date | null ? Date | string | null : Job[K] };

function toJob(row: RawJob): ClaimedJob {
  return {
    ...row,
    attempts: Number(row.attempts),
    maxAttempts: Number(row.maxAttempts),
    runAt: dateOf(row.runAt)!,
    leaseExpiresAt: dateOf(row.leaseExpiresAt),
    createdAt: dateOf(row.createdAt)!,
    updatedAt: dateOf(row.updatedAt)!,
    finishedAt: dateOf(row.finishedAt),
    leaseOwner: row.leaseOwner!,
  };
}

// The job's own lease: a worker whose lease was taken over changes nothing.
const OWNED = `WHERE "id" = ? AND "status" = 'running' AND "leaseOwner" = ?`;

/**
 * Relaxed (not flushed on its own, ADR 0014): a completion lost in a crash, together with whatever
 * relaxed effects came before it, makes the job run again, which every handler allows.
 */
export async function markSucceeded(database: Db, job: ClaimedJob, now: Date): Promise<boolean> {
  const sql = await hotSql(database);
  const rows = await sql.relaxedRows(
    `UPDATE "Job" SET "status" = 'succeeded', "finishedAt" = ?, "leaseOwner" = NULL, "leaseExpiresAt" = NULL, "lastError" = NULL, "updatedAt" = ? ${OWNED} RETURNING "id"`,
    [now, now, job.id, job.leaseOwner],
  );
  return rows.length === 1;
}

/** Retries with backoff until maxAttempts, then parks the job as dead for an operator to see. */
export async function markFailed(database: Db, job: ClaimedJob, now: Date, errorCode: string): Promise<"retry" | "dead"> {
  const dead = job.attempts >= job.maxAttempts;
  const sql = await hotSql(database);
  if (dead) {
    // A shop's dead job is audited in the same transaction (the alert rules watch `job.dead`).
    await sql.transaction(async (unit) => {
      const parked = await unit.run(`UPDATE "Job" SET "status" = 'dead', "finishedAt" = ?, "leaseOwner" = NULL, "leaseExpiresAt" = NULL, "lastError" = ?, "updatedAt" = ? ${OWNED}`, [
        now,
        errorCode,
        now,
        job.id,
        job.leaseOwner,
      ]);
      if (parked === 1 && job.shopDomain) {
        await appendAuditSql(unit, { shopDomain: job.shopDomain, actorType: "system", action: "job.dead", subjectType: "job", subjectId: job.id, metadata: { kind: job.kind, error: errorCode, attempts: job.attempts }, occurredAt: now });
      }
    });
  } else {
    await sql.run(`UPDATE "Job" SET "status" = 'pending', "runAt" = ?, "leaseOwner" = NULL, "leaseExpiresAt" = NULL, "lastError" = ?, "updatedAt" = ? ${OWNED}`, [
      new Date(now.getTime() + retryDelayMs(job.attempts)),
      errorCode,
      now,
      job.id,
      job.leaseOwner,
    ]);
  }
  return dead ? "dead" : "retry";
}

/** Extends a running job's lease (the worker does this while the handler runs). */
export async function renewLease(database: Db, job: ClaimedJob, leaseExpiresAt: Date): Promise<void> {
  const sql = await hotSql(database);
  await sql.relaxedRows(`UPDATE "Job" SET "leaseExpiresAt" = ? ${OWNED}`, [leaseExpiresAt, job.id, job.leaseOwner]);
}

/** Gives a claim back without counting the attempt (graceful shutdown). */
export async function release(database: Db, job: ClaimedJob): Promise<void> {
  const sql = await hotSql(database);
  await sql.run(`UPDATE "Job" SET "status" = 'pending', "leaseOwner" = NULL, "leaseExpiresAt" = NULL, "attempts" = "attempts" - 1, "updatedAt" = ? ${OWNED}`, [
    new Date(),
    job.id,
    job.leaseOwner,
  ]);
}

/** Puts a dead job back in the queue (operator action from the admin; may run inside its tx). */
export async function retryDead(database: Db | Tx, shopDomain: string, jobId: string, now: Date): Promise<boolean> {
  const { count } = await database.job.updateMany({
    where: { id: jobId, shopDomain, status: "dead" },
    data: { status: "pending", runAt: now, attempts: 0, lastError: null, finishedAt: null },
  });
  return count === 1;
}

export function newWorkerId(): string {
  return `${process.pid}-${randomUUID().slice(0, 8)}`;
}
