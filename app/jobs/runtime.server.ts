import type { JobWorker } from "./worker.server";

// The worker(s) started in this process by app/jobs/start.server.ts; intake code wakes them so a
// fresh job does not wait for the next poll.
const workers = new Set<JobWorker>();

export function registerWorker(worker: JobWorker): () => void {
  workers.add(worker);
  return () => workers.delete(worker);
}

export function wakeWorkers(): void {
  for (const worker of workers) worker.wake();
}
