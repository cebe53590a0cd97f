import type { Tx } from "../platform/db.server";
import { insertJob } from "./queue.server";
import { maxAttemptsOf, type JobKind, type JobPayload } from "./kinds";

export interface EnqueueOptions {
  shopDomain: string | null;
  /** Enqueueing twice with one key creates one job. */
  idempotencyKey: string;
  runAt?: Date;
}

/** Queues a job of a known kind with its typed payload, inside the caller's transaction. */
export function enqueueJob<K extends JobKind>(tx: Tx, kind: K, payload: JobPayload<K>, options: EnqueueOptions): Promise<{ id: string; created: boolean }> {
  return insertJob(tx, { kind, payload, maxAttempts: maxAttemptsOf(kind), ...options });
}
