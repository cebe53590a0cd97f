/**
 * A guest who never confirms their email address leaves a request nobody can act on. Once the last
 * code has expired and a further grace period has passed without a new code being asked for (the
 * status page offers one), the request is closed as never verified. The grace lets a shopper who
 * comes back the next day still finish.
 */
export const RESEND_GRACE_HOURS = 24;

export const NEVER_VERIFIED_REASON = "Never verified: the requester did not confirm their email address in time";

/** When the window to confirm closes: the last code's expiry (or receipt when none was sent) plus the grace. */
export function verificationWindowClosesAt(receivedAt: Date, lastCodeExpiresAt: Date | null): Date {
  return new Date((lastCodeExpiresAt ?? receivedAt).getTime() + RESEND_GRACE_HOURS * 3_600_000);
}

export function isNeverVerified(status: string, receivedAt: Date, lastCodeExpiresAt: Date | null, now: Date): boolean {
  return status === "awaiting_verification" && now.getTime() >= verificationWindowClosesAt(receivedAt, lastCodeExpiresAt).getTime();
}

/**
 * Whether a request counts when measuring how the shop meets its deadlines: closed as never
 * verified, there was never a request the shop could answer, so it does not.
 */
export function countsForDeadlinePerformance(status: string, closeReason: string | null): boolean {
  return !(status === "cancelled" && closeReason === NEVER_VERIFIED_REASON);
}
