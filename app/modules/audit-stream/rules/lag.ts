/** How far a destination is behind the shop's chain head. */
export function streamLag(headSeq: number, deliveredSeq: number, oldestUndeliveredAt: Date | null, now: Date): { entries: number; seconds: number } {
  const entries = Math.max(0, headSeq - deliveredSeq);
  const seconds = entries === 0 || !oldestUndeliveredAt ? 0 : Math.max(0, Math.round((now.getTime() - oldestUndeliveredAt.getTime()) / 1000));
  return { entries, seconds };
}

/** Wait before the next attempt after `failures` failed flushes in a row: 2 s doubling to 5 min, ±20 %. */
export function streamRetryDelayMs(failures: number, random: () => number = Math.random): number {
  const base = Math.min(2_000 * 2 ** Math.max(0, failures - 1), 300_000);
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** A checkpoint is streamed at the end of every flush that delivered entries, and at least this often otherwise. */
export const CHECKPOINT_EVERY_MS = 5 * 60_000;

export function checkpointDue(deliveredNow: number, lastCheckpointAt: Date | null, now: Date): boolean {
  return deliveredNow > 0 || !lastCheckpointAt || now.getTime() - lastCheckpointAt.getTime() >= CHECKPOINT_EVERY_MS;
}
