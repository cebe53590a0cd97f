import cron from "node-cron";
import { db } from "../db.server";
import { env } from "../env.server";
import { log } from "../logger.server";
import { JOB_HANDLERS } from "./handlers.server";
import { registerWorker } from "./runtime.server";
import { JobWorker } from "./worker.server";

/**
 * The one place that starts background work: the durable-queue worker and the node-cron schedule.
 * Returns a stop function for graceful shutdown.
 */
export function startBackgroundWork(): () => Promise<void> {
  if (env().JOB_WORKER === "off") return async () => undefined;
  const worker = new JobWorker({ db: db(), handlers: JOB_HANDLERS, leaseMs: env().JOB_LEASE_SECONDS * 1000 });
  const unregister = registerWorker(worker);
  worker.start();
  const tasks = [
    // Wake the worker regularly even if nothing in this process enqueued (another instance did).
    cron.schedule("*/15 * * * * *", () => worker.wake(), { name: "queue-poll" }),
  ];
  log.info("background work started", { worker: worker.id });
  return async () => {
    for (const task of tasks) await task.stop();
    await worker.stop();
    unregister();
  };
}
