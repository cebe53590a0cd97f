/**
 * Second-factor codes: what a typed code is, replay and lockout decisions, recovery code format.
 * Pure; the clock is passed in.
 */

export const TOTP_PERIOD_SECONDS = 30;
/** One time step either side: clocks of phones drift, and typing takes time (RFC 6238 section 5.2). */
export const TOTP_TOLERANCE_SECONDS = 30;

export const RECOVERY_CODE_COUNT = 10;
/** Crockford-like alphabet without look-alikes (0/O, 1/I/L, U): 30 symbols, 10 of them = 49 bits. */
export const RECOVERY_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
export const RECOVERY_LENGTH = 10;

export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60_000;
export const LOCKOUT_MS = 15 * 60_000;

export type TypedCode = { kind: "totp"; code: string } | { kind: "recovery"; code: string };

/** Six digits (spaces allowed) is an authenticator code; ten symbols of the recovery alphabet (dashes allowed) a recovery code. */
export function classifyCode(input: string): TypedCode | null {
  const compact = input.normalize("NFKC").replace(/[\s-]/g, "").toUpperCase();
  if (/^\d{6}$/.test(compact)) return { kind: "totp", code: compact };
  if (compact.length === RECOVERY_LENGTH && [...compact].every((c) => RECOVERY_ALPHABET.includes(c))) return { kind: "recovery", code: compact };
  return null;
}

/** Random bytes as one recovery code, shown as XXXXX-XXXXX. Rejection sampling keeps symbols uniform. */
export function recoveryCodeFrom(randomByte: () => number): string {
  const limit = 256 - (256 % RECOVERY_ALPHABET.length);
  let code = "";
  while (code.length < RECOVERY_LENGTH) {
    const b = randomByte();
    if (b < limit) code += RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length];
  }
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** A code matched time step `matched`; the last one accepted was `last`. A step already used (or older) is a replay. */
export function isReplay(matched: number, last: number): boolean {
  return matched <= last;
}

/** After MAX_FAILURES failures in the window, step-up is locked for LOCKOUT_MS. */
export function locksOut(failuresInWindow: number): boolean {
  return failuresInWindow >= MAX_FAILURES;
}

export type FailureReason = "invalid_code" | "replayed_code" | "used_recovery_code" | "malformed_code" | "locked_out";
