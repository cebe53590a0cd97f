/** What a step-up or enrollment attempt can fail with; routes map the codes to statuses. */
export class MfaError extends Error {
  override readonly name = "MfaError";
  constructor(
    readonly code: "NOT_ENROLLED" | "ALREADY_ENROLLED" | "NO_PENDING_ENROLLMENT" | "INVALID_CODE" | "LOCKED_OUT" | "NO_STAFF_ID",
    message: string,
    readonly retryAfterSeconds = 0,
  ) {
    super(message);
  }
}

export const MFA_ERROR_STATUS: Record<MfaError["code"], number> = {
  NOT_ENROLLED: 409,
  ALREADY_ENROLLED: 409,
  NO_PENDING_ENROLLMENT: 409,
  INVALID_CODE: 422,
  LOCKED_OUT: 429,
  NO_STAFF_ID: 403,
};
