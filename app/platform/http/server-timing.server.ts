import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Server-Timing for operators (and the admin LCP bench): where a request's server time went, by
 * phase (`auth`, `layout`, `data`, `render`, `app` = everything before the first byte), read in the
 * browser's network panel or `curl -I`. Phases are recorded for the request being served through
 * AsyncLocalStorage (server/start.mjs runs each request in `withServerTiming`), so services time
 * themselves without a context argument. Outside a request, `timed` only runs the work.
 * Only durations and fixed phase names go out: nothing about the shop, the data or the code.
 */
interface Timings {
  start: number;
  entries: { name: string; dur: number }[];
}

const current = new AsyncLocalStorage<Timings>();

export function withServerTiming<T>(handle: () => T): T {
  return current.run({ start: performance.now(), entries: [] }, handle);
}

/** Runs `work`, adding its wall time to phase `name` of the current request. */
export async function timed<T>(name: string, work: () => Promise<T>): Promise<T> {
  const timings = current.getStore();
  if (!timings) return work();
  const started = performance.now();
  try {
    return await work();
  } finally {
    timings.entries.push({ name, dur: performance.now() - started });
  }
}

/** Records a phase measured by the caller (the render, which is not one awaited call). */
export function recordTiming(name: string, dur: number): void {
  current.getStore()?.entries.push({ name, dur });
}

/** The header value for the current request (`app` = since the request reached the app), or null outside one. */
export function serverTiming(): string | null {
  const timings = current.getStore();
  if (!timings) return null;
  const parts = timings.entries.map((e) => `${e.name};dur=${e.dur.toFixed(1)}`);
  parts.push(`app;dur=${(performance.now() - timings.start).toFixed(1)}`);
  return parts.join(", ");
}
