export interface LimitDecision {
  allowed: boolean;
  /** Seconds until the current window ends (what Retry-After says). */
  retryAfterSeconds: number;
}

/**
 * Fixed-window counter: at most `limit` hits per key per window. Memory is bounded by `maxKeys`:
 * past it, finished windows are dropped first, then the oldest keys (Map keeps insertion order).
 */
export class FixedWindowLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly maxKeys = 50_000,
  ) {}

  hit(key: string, nowMs: number): LimitDecision {
    let entry = this.windows.get(key);
    if (!entry || nowMs - entry.start >= this.windowMs) {
      this.windows.delete(key);
      entry = { start: nowMs, count: 0 };
      this.windows.set(key, entry);
      this.prune(nowMs);
    }
    const retryAfterSeconds = Math.max(1, Math.ceil((entry.start + this.windowMs - nowMs) / 1000));
    if (entry.count >= this.limit) return { allowed: false, retryAfterSeconds };
    entry.count += 1;
    return { allowed: true, retryAfterSeconds };
  }

  get size(): number {
    return this.windows.size;
  }

  private prune(nowMs: number): void {
    if (this.windows.size <= this.maxKeys) return;
    for (const [key, w] of this.windows) if (nowMs - w.start >= this.windowMs) this.windows.delete(key);
    for (const key of this.windows.keys()) {
      if (this.windows.size <= this.maxKeys) break;
      this.windows.delete(key);
    }
  }
}
