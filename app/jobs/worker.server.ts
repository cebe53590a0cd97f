import type { Db } from "../platform/db.server";
import { errorFields, log } from "../platform/logger.server";
import { claimNext, markFailed, markSucceeded, newWorkerId, release, renewLease, type ClaimedJob } from "./queue.server";

export interface JobContext {
  db: Db;
  job: ClaimedJob;
  payload: Record<string, unknown>;
  now: () => Date;
}

export type JobHandler = (context: JobContext) => Promise<void>;

/** An error whose retry cannot help (bad data, unknown kind): the job goes straight to dead. */
export class PermanentJobError extends Error {
  override readonly name = "PermanentJobError";
  constructor(readonly code: string) {
    super(code);
  }
}

export interface WorkerOptions {
  db: Db;
  /** Returns true while the process is busy with work that must not wait (HTTP). */
  busy?: () => boolean;
  /** The share of time jobs may take while the process is busy (default 1/3): after a job of d ms the worker waits d * (1 / share - 1). */
  busyShare?: number;
  handlers: Record<string, JobHandler>;
  now?: () => Date;
  leaseMs?: number;
  concurrency?: number;
  pollMs?: number;
  workerId?: string;
}

/**
 * Polls the durable queue, runs handlers, renews leases while they run. `wake()` lets code that
 * just enqueued a job skip the poll interval. `stop()` stops claiming, waits for running jobs up to
 * a grace period, then releases what is still running so another instance picks it up at once.
 */
export class JobWorker {
  readonly id: string;
  #running = new Map<string, { job: ClaimedJob; done: Promise<void> }>();
  #stopped = true;
  #sleepers: (() => void)[] = [];
  #loops: Promise<void>[] = [];
  readonly #o: Required<Omit<WorkerOptions, "workerId">>;

  constructor(options: WorkerOptions) {
    this.id = options.workerId ?? newWorkerId();
    this.#o = { now: () => new Date(), leaseMs: 60_000, concurrency: 2, pollMs: 1_000, busy: () => false, busyShare: 1 / 3, ...options };
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#loops = Array.from({ length: this.#o.concurrency }, (_, index) => this.#loop(index));
  }

  /**
   * Wakes one sleeping loop: one new job needs one claim. Waking every loop made the others claim
   * nothing, ~0.1 ms of CPU each per delivery (ADR 0014).
   */
  wake(): void {
    this.#sleepers.shift()?.();
  }

  #wakeAll(): void {
    for (const wake of this.#sleepers.splice(0)) wake();
  }

  async #sleep(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        const i = this.#sleepers.indexOf(done);
        if (i >= 0) this.#sleepers.splice(i, 1);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#sleepers.push(done);
    });
  }

  // While the process is busy, the first job waits at most this long. A job holds the event loop and
  // the SQLite connection for its whole run: ~10-20 ms through Prisma, ~1 ms on the hot paths
  // (ADR 0014), so later ones wait twice the previous job's time instead (see below).
  static readonly MAX_YIELD_MS = 1_000;

  async #yieldToBusyProcess(): Promise<void> {
    // On SQLite every query completes synchronously, so a job and the next claim are one chain of
    // promises that never reaches the event loop's I/O poll: requests waiting in socket buffers
    // would not even be seen as busy. Two setImmediate hops guarantee one poll in between.
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    const started = Date.now();
    // Under steady traffic the worker still gets a share of the loop: after a job that took d ms
    // it waits d * (1 / busyShare - 1) before the next (2d with a third); MAX_YIELD_MS before the first.
    const share = this.#lastJob ? Math.max(0, this.#lastJob.endedAt + this.#lastJob.ms * (1 / this.#o.busyShare - 1) - started) : JobWorker.MAX_YIELD_MS;
    const limit = Math.min(JobWorker.MAX_YIELD_MS, share);
    while (!this.#stopped && this.#o.busy() && Date.now() - started < limit) {
      await new Promise((r) => setTimeout(r, Math.min(10, Math.max(1, limit - (Date.now() - started)))));
    }
  }

  #lastJob: { endedAt: number; ms: number } | null = null;

  async #loop(index: number): Promise<void> {
    while (!this.#stopped) {
      // While the process is busy only the first loop claims (and yields, below): the others would
      // take the CPU and database time that acknowledging deliveries needs (ADR 0014).
      if (index > 0 && this.#o.busy()) {
        // A plain timer, not #sleep: wake() must reach a loop that can claim.
        await new Promise((r) => setTimeout(r, 10));
        continue;
      }
      await this.#yieldToBusyProcess();
      let job: ClaimedJob | null = null;
      try {
        job = await claimNext(this.#o.db, this.id, this.#o.now(), this.#o.leaseMs);
      } catch (error) {
        log.error("job claim failed", { worker: this.id, ...errorFields(error) });
      }
      if (!job) {
        if (!this.#stopped) await this.#sleep(this.#o.pollMs);
        continue;
      }
      const jobStarted = Date.now();
      const done = this.#run(job);
      this.#running.set(job.id, { job, done });
      await done;
      this.#running.delete(job.id);
      this.#lastJob = { endedAt: Date.now(), ms: Date.now() - jobStarted };
    }
  }

  async #run(job: ClaimedJob): Promise<void> {
    const { db, now, leaseMs } = this.#o;
    const renew = setInterval(() => {
      renewLease(db, job, new Date(now().getTime() + leaseMs)).catch((error: unknown) => log.warn("job lease renewal failed", { job: job.id, ...errorFields(error) }));
    }, Math.max(1_000, leaseMs / 3));
    try {
      const handler = this.#o.handlers[job.kind];
      if (!handler) throw new PermanentJobError("UNKNOWN_JOB_KIND");
      await handler({ db, job, payload: JSON.parse(job.payload) as Record<string, unknown>, now });
      await markSucceeded(db, job, now());
      log.info("job succeeded", { job: job.id, kind: job.kind, attempt: job.attempts });
    } catch (error) {
      const code = error instanceof PermanentJobError ? error.code : String((error as { code?: unknown }).code ?? (error as Error).name ?? "ERROR");
      const permanent = error instanceof PermanentJobError;
      const outcome = await markFailed(db, permanent ? { ...job, attempts: job.maxAttempts } : job, now(), code).catch(() => "unrecorded" as const);
      log.warn("job failed", { job: job.id, kind: job.kind, attempt: job.attempts, outcome, ...errorFields(error) });
    } finally {
      clearInterval(renew);
    }
  }

  async stop(graceMs = 10_000): Promise<void> {
    this.#stopped = true;
    this.#wakeAll();
    const inFlight = [...this.#running.values()];
    const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), graceMs).unref());
    const finished = await Promise.race([Promise.all(inFlight.map((r) => r.done)).then(() => "done" as const), timeout]);
    if (finished === "timeout") {
      await Promise.all([...this.#running.values()].map((r) => release(this.#o.db, r.job).catch(() => undefined)));
    }
    await Promise.race([Promise.all(this.#loops), timeout]);
  }
}
