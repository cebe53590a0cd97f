import { describe, expect, it } from "vitest";
import { FixedWindowLimiter } from "./rate-window";

describe("FixedWindowLimiter", () => {
  it("allows `limit` hits per key per window, then says how long to wait", () => {
    const limiter = new FixedWindowLimiter(3, 60_000);
    expect([0, 1, 2].map((t) => limiter.hit("a", 1_000 + t).allowed)).toEqual([true, true, true]);
    expect(limiter.hit("a", 31_000)).toEqual({ allowed: false, retryAfterSeconds: 30 });
    expect(limiter.hit("b", 31_000).allowed).toBe(true);
    expect(limiter.hit("a", 61_000).allowed).toBe(true);
  });

  it("keeps memory bounded, dropping finished windows and then the oldest keys", () => {
    const limiter = new FixedWindowLimiter(1, 1_000, 10);
    for (let i = 0; i < 100; i++) limiter.hit(`k${i}`, i);
    expect(limiter.size).toBeLessThanOrEqual(10);
    expect(limiter.hit("k99", 100).allowed).toBe(false);
  });
});
