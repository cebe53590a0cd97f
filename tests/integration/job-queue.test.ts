import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/platform/db.server";
import type { JobHandler } from "../../app/jobs/worker.server";
import { createTestDatabase, testDatabaseKind, type TestDatabase } from "../helpers/database";
import { openDb, waitFor } from "../helpers/db-client";
import { startApp } from "../helpers/app-server";
import { testAppEnv } from "../helpers/test-env";

let database: TestDatabase;
let db: Db;
let queue: typeof import("../../app/jobs/queue.server");
let worker: typeof import("../../app/jobs/worker.server");

beforeAll(async () => {
  database = await createTestDatabase();
  const env = testAppEnv(database.url, { LOG_LEVEL: "error" });
  // Migrate through the real boot path, then drive the queue in-process.
  const app = await startApp(env);
  await app.stop();
  Object.assign(process.env, env);
  queue = await import("../../app/jobs/queue.server");
  worker = await import("../../app/jobs/worker.server");
  db = openDb(database.url);
});
afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

async function enqueueMany(kind: string, n: number) {
  for (let i = 0; i < n; i += 50) {
    await db.$transaction(async (tx) => {
      for (let j = i; j < Math.min(n, i + 50); j++) {
        await queue.insertJob(tx, { kind, shopDomain: "queue.myshopify.com", payload: { n: j }, idempotencyKey: `${kind}:${j}` });
      }
    });
  }
}

describe("durable job queue", () => {
  it("enqueueing twice with one idempotency key makes one job", async () => {
    for (let i = 0; i < 3; i++) {
      await db.$transaction((tx) => queue.insertJob(tx, { kind: "idem", shopDomain: null, payload: {}, idempotencyKey: "idem:1" }));
    }
    expect(await db.job.count({ where: { idempotencyKey: "idem:1" } })).toBe(1);
  });

  // On PostgreSQL each worker has its own connection pool, as separate app instances would. SQLite
  // connections in one process cannot wait for each other (better-sqlite3 blocks the event loop while
  // busy), so there the workers share the process's one connection and race for the same rows.
  it(`runs every job exactly once with four concurrent workers (${testDatabaseKind()})`, async () => {
    const total = 200;
    await enqueueMany("once", total);
    const runs = new Map<number, number>();
    const handler: JobHandler = async ({ payload }) => {
      const n = Number(payload.n);
      runs.set(n, (runs.get(n) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, Math.random() * 5));
    };
    const separate = database.kind === "postgres";
    const clients = Array.from({ length: 4 }, () => (separate ? openDb(database.url) : db));
    const workers = clients.map((client) => new worker.JobWorker({ db: client, handlers: { once: handler }, concurrency: 2, pollMs: 20 }));
    workers.forEach((w) => w.start());
    await waitFor(async () => (await db.job.count({ where: { kind: "once", status: "succeeded" } })) === total, { timeoutMs: 60_000 });
    await Promise.all(workers.map((w) => w.stop()));
    if (separate) await Promise.all(clients.map((c) => c.$disconnect()));
    expect(runs.size).toBe(total);
    expect([...runs.values()].every((count) => count === 1)).toBe(true);
    const byWorker = await db.job.groupBy({ by: ["status"], where: { kind: "once" }, _count: true });
    expect(byWorker).toEqual([{ status: "succeeded", _count: total }]);
  }, 90_000);

  it("yields to HTTP: starts no job while the process is busy, and lets the event loop poll I/O between jobs", async () => {
    const total = 20;
    await enqueueMany("yield", total);
    let busy = true;
    let busyChecks = 0;
    // Counts event-loop turns: a job that sees no new turn since the previous job ran in one promise
    // chain with it, while requests waited unread in socket buffers.
    let turns = 0;
    let ticker = setImmediate(function turn() {
      turns += 1;
      ticker = setImmediate(turn);
    });
    const seen: number[] = [];
    const handler: JobHandler = async () => {
      seen.push(turns);
    };
    const busyCheck = () => {
      busyChecks += 1;
      return busy;
    };
    const w = new worker.JobWorker({ db, handlers: { yield: handler }, busy: busyCheck, pollMs: 10, concurrency: 1 });
    w.start();
    await new Promise((r) => setTimeout(r, 200)); // well under MAX_YIELD_MS, after which one job is forced
    expect(seen).toHaveLength(0);
    expect(busyChecks).toBeGreaterThan(1);
    busy = false;
    await waitFor(async () => seen.length === total);
    await w.stop();
    clearImmediate(ticker);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]!);
  });

  it("while the process is busy only one loop claims, one job at a time; when it is not, the loops run jobs side by side", async () => {
    const total = 6;
    await enqueueMany("saturated", total);
    let busy = true;
    let running = 0;
    let most = 0;
    const handler: JobHandler = async () => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 20));
      running -= 1;
    };
    const w = new worker.JobWorker({ db, handlers: { saturated: handler, side: handler }, busy: () => busy, pollMs: 10, concurrency: 4 });
    w.start();
    await waitFor(async () => (await db.job.count({ where: { kind: "saturated", status: "succeeded" } })) === total);
    expect(most).toBe(1);
    busy = false;
    most = 0;
    await enqueueMany("side", 8);
    w.wake();
    await waitFor(async () => (await db.job.count({ where: { kind: "side", status: "succeeded" } })) === 8);
    await w.stop();
    expect(most).toBeGreaterThan(1);
  });

  it("retries a failing job with backoff, then parks it as dead with the error code only", async () => {
    await db.$transaction((tx) => queue.insertJob(tx, { kind: "fails", shopDomain: "queue.myshopify.com", payload: {}, idempotencyKey: "fails:1", maxAttempts: 3 }));
    let clock = Date.now();
    let calls = 0;
    const failing: JobHandler = async () => {
      calls += 1;
      throw Object.assign(new Error("contains shopper@example.com"), { code: "UPSTREAM_DOWN" });
    };
    const w = new worker.JobWorker({ db, handlers: { fails: failing }, now: () => new Date(clock), pollMs: 10, concurrency: 1 });
    w.start();
    for (let attempt = 1; attempt <= 3; attempt++) {
      await waitFor(async () => calls >= attempt);
      const job = await waitFor(async () => {
        const row = await db.job.findUniqueOrThrow({ where: { idempotencyKey: "fails:1" } });
        return row.status !== "running" ? row : null;
      });
      if (attempt < 3) {
        expect(job.status).toBe("pending");
        const delay = job.runAt.getTime() - clock;
        expect(delay).toBeGreaterThanOrEqual(0.8 * 15_000 * 2 ** (attempt - 1) - 50);
        expect(delay).toBeLessThanOrEqual(1.2 * 15_000 * 2 ** (attempt - 1) + 50);
        clock = job.runAt.getTime() + 1;
        w.wake();
      } else {
        expect(job).toMatchObject({ status: "dead", attempts: 3, lastError: "UPSTREAM_DOWN" });
      }
    }
    await w.stop();
    expect(calls).toBe(3);
  });

  it("an unknown job kind goes straight to dead", async () => {
    await db.$transaction((tx) => queue.insertJob(tx, { kind: "nobody-handles-this", shopDomain: null, payload: {}, idempotencyKey: "unknown:1" }));
    const w = new worker.JobWorker({ db, handlers: {}, pollMs: 10 });
    w.start();
    const job = await waitFor(async () => {
      const row = await db.job.findUniqueOrThrow({ where: { idempotencyKey: "unknown:1" } });
      return row.status === "dead" ? row : null;
    });
    await w.stop();
    expect(job).toMatchObject({ attempts: 1, lastError: "UNKNOWN_JOB_KIND" });
  });

  it("a known kind whose stored payload does not match its schema goes straight to dead, its handler never called", async () => {
    const { JOB_HANDLERS } = await import("../../app/jobs/handlers.server");
    await db.$transaction((tx) => queue.insertJob(tx, { kind: "mail.send", shopDomain: null, payload: { outboundEmailId: 42 }, idempotencyKey: "badpayload:1" }));
    const w = new worker.JobWorker({ db, handlers: JOB_HANDLERS, pollMs: 10 });
    w.start();
    const job = await waitFor(async () => {
      const row = await db.job.findUniqueOrThrow({ where: { idempotencyKey: "badpayload:1" } });
      return row.status === "dead" ? row : null;
    });
    await w.stop();
    expect(job).toMatchObject({ attempts: 1, lastError: "BAD_JOB_PAYLOAD" });
  });

  it("enqueueJob stores the kind's retry policy", async () => {
    const { enqueueJob } = await import("../../app/jobs/enqueue.server");
    const { maxAttemptsOf } = await import("../../app/jobs/kinds");
    await db.$transaction((tx) => enqueueJob(tx, "mail.send", { outboundEmailId: "mail_x" }, { shopDomain: null, idempotencyKey: "policy:mail", runAt: new Date(Date.now() + 86_400_000) }));
    await db.$transaction((tx) => enqueueJob(tx, "retention.run", {}, { shopDomain: null, idempotencyKey: "policy:retention", runAt: new Date(Date.now() + 86_400_000) }));
    expect((await db.job.findUniqueOrThrow({ where: { idempotencyKey: "policy:mail" } })).maxAttempts).toBe(maxAttemptsOf("mail.send"));
    expect((await db.job.findUniqueOrThrow({ where: { idempotencyKey: "policy:retention" } })).maxAttempts).toBe(maxAttemptsOf("retention.run"));
    expect(maxAttemptsOf("mail.send")).not.toBe(maxAttemptsOf("retention.run"));
    await db.job.deleteMany({ where: { idempotencyKey: { startsWith: "policy:" } } });
  });

  it("a crashed worker's lease expires and another worker finishes the job", async () => {
    await db.$transaction((tx) => queue.insertJob(tx, { kind: "lease", shopDomain: null, payload: {}, idempotencyKey: "lease:1" }));
    const claimed = await queue.claimNext(db, "dead-worker", new Date(), 60_000);
    expect(claimed?.idempotencyKey).toBe("lease:1");
    expect(await queue.claimNext(db, "other", new Date(), 60_000)).toBeNull();
    const later = new Date(Date.now() + 61_000);
    const reclaimed = await queue.claimNext(db, "other", later, 60_000);
    expect(reclaimed).toMatchObject({ idempotencyKey: "lease:1", leaseOwner: "other", attempts: 2 });
    // The first worker coming back late cannot mark the job as its own.
    expect(await queue.markSucceeded(db, claimed!, later)).toBe(false);
    expect(await queue.markSucceeded(db, reclaimed!, later)).toBe(true);
  });

  it("graceful stop releases a job that outlives the grace period, without counting the attempt", async () => {
    await db.$transaction((tx) => queue.insertJob(tx, { kind: "slow", shopDomain: null, payload: {}, idempotencyKey: "slow:1" }));
    let started = false;
    const slow: JobHandler = () => {
      started = true;
      return new Promise((r) => setTimeout(r, 3_000));
    };
    const w = new worker.JobWorker({ db, handlers: { slow }, pollMs: 10 });
    w.start();
    await waitFor(async () => started);
    await w.stop(100);
    const job = await db.job.findUniqueOrThrow({ where: { idempotencyKey: "slow:1" } });
    expect(job).toMatchObject({ status: "pending", attempts: 0, leaseOwner: null });
  });
});
