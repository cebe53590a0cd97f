import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { attemptsRemaining, codeAvailability, codeExpiry, codeKey, generateCode, hashCode, hashesMatch, MAX_ATTEMPTS } from "./verification-code";

const NOW = new Date("2026-05-01T10:00:00.000Z");

describe("verification codes", () => {
  it("are six digits, zero-padded, from the random source given", () => {
    expect(generateCode(() => 42)).toBe("000042");
    expect(generateCode(() => 999_999)).toBe("999999");
    let bound = 0;
    generateCode((max) => ((bound = max), 0));
    expect(bound).toBe(1_000_000);
    expect(generateCode()).toMatch(/^[0-9]{6}$/);
  });

  it("are stored as a keyed hash bound to shop and request", () => {
    const key = codeKey(randomBytes(32));
    const hash = hashCode(key, "a.myshopify.com", "req_1", "428913");
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain("428913");
    expect(hashesMatch(hash, hashCode(key, "A.myshopify.com", "req_1", "428913"))).toBe(true);
    expect(hashesMatch(hash, hashCode(key, "a.myshopify.com", "req_2", "428913"))).toBe(false);
    expect(hashesMatch(hash, hashCode(key, "b.myshopify.com", "req_1", "428913"))).toBe(false);
    expect(hashesMatch(hash, hashCode(key, "a.myshopify.com", "req_1", "428914"))).toBe(false);
    expect(hashesMatch(hash, hashCode(codeKey(randomBytes(32)), "a.myshopify.com", "req_1", "428913"))).toBe(false);
    expect(hashesMatch(hash, "")).toBe(false);
  });

  it("expire exactly at expiresAt and lock after five attempts, lockout first", () => {
    const expiresAt = codeExpiry(NOW, 15);
    expect(expiresAt.toISOString()).toBe("2026-05-01T10:15:00.000Z");
    expect(codeAvailability({ expiresAt, attempts: 0 }, new Date(expiresAt.getTime() - 1))).toBe("open");
    expect(codeAvailability({ expiresAt, attempts: 0 }, expiresAt)).toBe("expired");
    expect(codeAvailability({ expiresAt, attempts: MAX_ATTEMPTS - 1 }, NOW)).toBe("open");
    expect(codeAvailability({ expiresAt, attempts: MAX_ATTEMPTS }, NOW)).toBe("exhausted");
    expect(codeAvailability({ expiresAt, attempts: MAX_ATTEMPTS }, expiresAt)).toBe("exhausted");
  });

  it("count remaining attempts down to zero", () => {
    expect([1, 2, 3, 4, 5, 6].map((used) => attemptsRemaining(used))).toEqual([4, 3, 2, 1, 0, 0]);
  });
});
