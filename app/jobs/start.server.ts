import cron from "node-cron";
import { db, isUniqueViolation } from "../platform/db.server";
import { env } from "../platform/env.server";
import { errorFields, log } from "../platform/logger.server";
import { enqueueJob } from "./enqueue.server";
import { JOB_HANDLERS } from "./handlers.server";
import { isSaturated, isServing } from "./load.server";
import { registerWorker, wakeWorkers } from "./runtime.server";
import { JobWorker } from "./worker.server";
import { scheduleDigest } from "../modules/notices/notices.server";
import { scheduleScans } from "../modules/scanner/scanner.server";
import { scheduleStreamFlushes } from "../modules/audit-stream/streams.server";

/**
 * The one place that starts background work: the durable-queue worker and the node-cron schedule.
 * Returns a stop function for graceful shutdown.
 */
async function scheduleHourly(kind: "retention.run" | "requests.close_unverified" | "alerts.check", now: Date): Promise<void> {
  const hour = now.toISOString().slice(0, 13);
  try {
    await db().$transaction((tx) => enqueueJob(tx, kind, {}, { shopDomain: null, idempotencyKey: `${kind}:${hour}` }));
    wakeWorkers();
  } catch (error) {
    if (!isUniqueViolation(error)) log.error("could not schedule job", { kind, ...errorFields(error) });
  }
}

export function startBackgroundWork(): () => Promise<void> {
  if (env().JOB_WORKER === "off") return async () => undefined;
  const worker = new JobWorker({
    db: db(),
    handlers: JOB_HANDLERS,
    leaseMs: env().JOB_LEASE_SECONDS * 1000,
    // SQLite serialises on one connection anyway; a second loop only loses claim races. On
    // PostgreSQL a job mostly waits on commits (three per job), so several run at once and their
    // commits share WAL flushes (ADR 0014).
    concurrency: env().JOB_CONCURRENCY ?? (env().databaseProvider === "sqlite" ? 1 : 8),
    // On SQLite a job holds the one connection and, its calls being synchronous, the event loop:
    // it waits for HTTP (ADR 0006). On PostgreSQL its statements are asynchronous I/O that
    // interleaves with requests, and waiting on every request would starve the queue under steady
    // traffic; only when requests pile up (saturation) does it drop to one yielding loop.
    busy: env().databaseProvider === "sqlite" ? isServing : () => isSaturated(),
    // On PostgreSQL a job's statements load the database the acknowledgments wait on (a job costs
    // several times a delivery's intake there): while saturated, jobs get an eighth of the time.
    busyShare: env().databaseProvider === "sqlite" ? 1 / 3 : 1 / 8,
  });
  const unregister = registerWorker(worker);
  worker.start();
  const tasks = [
    // Wake the worker regularly even if nothing in this process enqueued (another instance did).
    cron.schedule("*/15 * * * * *", () => worker.wake(), { name: "queue-poll" }),
    // Retention purge once an hour. Every instance schedules it; the hourly idempotency key makes
    // one job of it, run by whichever worker claims it.
    cron.schedule("7 * * * *", () => void scheduleHourly("retention.run", new Date()), { name: "retention" }),
    // Guests who never confirmed their email: their requests close as never verified (hourly, one job per hour).
    cron.schedule("22 * * * *", () => void scheduleHourly("requests.close_unverified", new Date()), { name: "close-unverified" }),
    // Alert checks over time (request deadlines, overdue access reviews), hourly, one job per hour.
    cron.schedule("37 * * * *", () => void scheduleHourly("alerts.check", new Date()), { name: "alert-checks" }),
    // The merchant digest: hourly from 07:00 UTC, one job per day (see scheduleDigest).
    cron.schedule("12 * * * *", () => void scheduleDigest(new Date()), { name: "digest" }),
    // Storefront tracker scans, weekly (Monday 03:23 UTC); one at a time per shop (requestScan).
    cron.schedule("23 3 * * 1", () => void scheduleScans(new Date()).catch((error: unknown) => log.error("could not schedule scans", errorFields(error))), { name: "tracker-scans" }),
    // SIEM streaming: every second, arm the flush job of each destination that is behind (lag under 5 s).
    cron.schedule("* * * * * *", () => void scheduleStreamFlushes(new Date()).catch((error: unknown) => log.error("could not schedule audit streaming", errorFields(error))), { name: "audit-stream" }),
  ];
  log.info("background work started", { worker: worker.id });
  return async () => {
    for (const task of tasks) await task.stop();
    await worker.stop();
    unregister();
  };
}
