import { randomUUID } from "node:crypto";
import type { Job } from "@prisma/client";
import type { Db, Tx } from "../db.server";
import { retryDelayMs } from "./backoff";

export type JobKind = string;

export interface EnqueueInput {
  kind: JobKind;
  shopDomain: string | null;
  /** ids and flags only: job payloads are stored in plain text. */
  payload: Record<string, string | number | boolean | null>;
  /** Enqueueing twice with one key creates one job. */
  idempotencyKey: string;
  runAt?: Date;
  maxAttempts?: number;
}

/** Creates the job unless one with the same idempotency key exists. Runs inside the caller's tx. */
export async function enqueue(tx: Tx, input: EnqueueInput): Promise<{ id: string; created: boolean }> {
  const existing = await tx.job.findUnique({ where: { idempotencyKey: input.idempotencyKey }, select: { id: true } });
  if (existing) return { id: existing.id, created: false };
  const job = await tx.job.create({
    data: {
      kind: input.kind,
      shopDomain: input.shopDomain,
      payload: JSON.stringify(input.payload),
      idempotencyKey: input.idempotencyKey,
      runAt: input.runAt ?? new Date(),
      maxAttempts: input.maxAttempts ?? 8,
    },
    select: { id: true },
  });
  return { id: job.id, created: true };
}

export interface ClaimedJob extends Job {
  leaseOwner: string;
}

function claimable(now: Date) {
  return {
    OR: [
      { status: "pending", runAt: { lte: now } },
      // A worker that died mid-job: its lease runs out and the job is claimable again.
      { status: "running", leaseExpiresAt: { lt: now } },
    ],
  };
}

/**
 * Claims one due job by compare-and-swap on (status, attempts): the UPDATE only matches if nobody
 * claimed the row since it was read, on SQLite and PostgreSQL alike, so with any number of workers
 * and app instances each claim is won by exactly one.
 */
export async function claimNext(database: Db, workerId: string, now: Date, leaseMs: number): Promise<ClaimedJob | null> {
  for (let round = 0; round < 5; round++) {
    const candidates = await database.job.findMany({
      where: claimable(now),
      orderBy: { runAt: "asc" },
      take: 8,
      select: { id: true, status: true, attempts: true },
    });
    if (candidates.length === 0) return null;
    // Workers that start at the same moment spread over the first few rows instead of colliding.
    const offset = Math.floor(Math.random() * candidates.length);
    for (let i = 0; i < candidates.length; i++) {
      const candidate = candidates[(offset + i) % candidates.length]!;
      const { count } = await database.job.updateMany({
        where: { id: candidate.id, status: candidate.status, attempts: candidate.attempts, ...claimable(now) },
        data: {
          status: "running",
          leaseOwner: workerId,
          leaseExpiresAt: new Date(now.getTime() + leaseMs),
          attempts: { increment: 1 },
        },
      });
      if (count === 1) {
        const job = await database.job.findUnique({ where: { id: candidate.id } });
        if (job && job.leaseOwner === workerId) return job as ClaimedJob;
      }
    }
  }
  return null;
}

export async function markSucceeded(database: Db, job: ClaimedJob, now: Date): Promise<boolean> {
  const { count } = await database.job.updateMany({
    where: { id: job.id, status: "running", leaseOwner: job.leaseOwner },
    data: { status: "succeeded", finishedAt: now, leaseOwner: null, leaseExpiresAt: null, lastError: null },
  });
  return count === 1;
}

/** Retries with backoff until maxAttempts, then parks the job as dead for an operator to see. */
export async function markFailed(database: Db, job: ClaimedJob, now: Date, errorCode: string): Promise<"retry" | "dead"> {
  const dead = job.attempts >= job.maxAttempts;
  await database.job.updateMany({
    where: { id: job.id, status: "running", leaseOwner: job.leaseOwner },
    data: dead
      ? { status: "dead", finishedAt: now, leaseOwner: null, leaseExpiresAt: null, lastError: errorCode }
      : {
          status: "pending",
          runAt: new Date(now.getTime() + retryDelayMs(job.attempts)),
          leaseOwner: null,
          leaseExpiresAt: null,
          lastError: errorCode,
        },
  });
  return dead ? "dead" : "retry";
}

/** Gives a claim back without counting the attempt (graceful shutdown). */
export async function release(database: Db, job: ClaimedJob): Promise<void> {
  await database.job.updateMany({
    where: { id: job.id, status: "running", leaseOwner: job.leaseOwner },
    data: { status: "pending", leaseOwner: null, leaseExpiresAt: null, attempts: { decrement: 1 } },
  });
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
