import { createHmac, randomInt, timingSafeEqual } from "node:crypto";

export const CODE_DIGITS = 6;
export const MAX_ATTEMPTS = 5;
/** Codes a request may ever be issued (the first plus resends): bounds guesses to 15 in a million. */
export const MAX_CODES_PER_REQUEST = 3;

export function generateCode(random: (max: number) => number = randomInt): string {
  return String(random(10 ** CODE_DIGITS)).padStart(CODE_DIGITS, "0");
}

/**
 * A key for code hashes derived from the blind-index key, so a database copy alone cannot test
 * the million possible codes. Bound to shop and request, so a hash is useless for any other row.
 */
export function codeKey(blindIndexKey: Buffer): Buffer {
  return createHmac("sha256", blindIndexKey).update("verification-code/v1").digest();
}

export function hashCode(key: Buffer, shop: string, requestId: string, code: string): string {
  return createHmac("sha256", key).update(`${shop.toLowerCase()}\0${requestId}\0${code}`, "utf8").digest("hex");
}

export function hashesMatch(stored: string, candidate: string): boolean {
  const a = Buffer.from(stored, "hex");
  const b = Buffer.from(candidate, "hex");
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}

export interface CodeState {
  expiresAt: Date;
  attempts: number;
}

/** Whether a code may still be tried: lockout wins over expiry, so the answer never depends on the guess. */
export function codeAvailability(state: CodeState, now: Date, maxAttempts = MAX_ATTEMPTS): "open" | "exhausted" | "expired" {
  if (state.attempts >= maxAttempts) return "exhausted";
  if (now.getTime() >= state.expiresAt.getTime()) return "expired";
  return "open";
}

export function attemptsRemaining(attemptsUsed: number, maxAttempts = MAX_ATTEMPTS): number {
  return Math.max(0, maxAttempts - attemptsUsed);
}

export function codeExpiry(now: Date, minutes: number): Date {
  return new Date(now.getTime() + minutes * 60_000);
}
