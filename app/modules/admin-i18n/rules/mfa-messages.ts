// MfaError's English text (kept for logs and the module's tests) -> the catalog key staff read.
// mfa-messages.test.ts reads every MfaError message in app/modules/mfa and fails on one not listed. Pure.
import type { MfaError } from "../../mfa/rules/errors";

export const MFA_MESSAGE_KEYS: Record<string, string> = {
  "Shopify did not say which staff member you are; open the app from the Shopify admin.": "mfa.error.noStaffId",
  "You already have an authenticator app. Remove it first to set up another.": "mfa.error.alreadyEnrolled",
  "There is no authenticator set-up to confirm. Start again.": "mfa.error.noPending",
  "That code is not the one your authenticator app shows now. Check the app and try again.": "mfa.error.wrongSetupCode",
  "This set-up changed meanwhile. Start again.": "mfa.error.changed",
  "Set up an authenticator app first.": "mfa.error.setUpFirst",
  "You have no authenticator app set up.": "mfa.error.noneSetUp",
  "That recovery code was already used. Each one works once.": "mfa.error.usedRecovery",
  "That code was already used. Wait for the next one in your authenticator app.": "mfa.error.replayed",
  "That code is not right. Check your authenticator app and try again.": "mfa.error.wrongCode",
  "That staff member has no authenticator app.": "mfa.error.staffHasNone",
};

export function mfaErrorMessage(t: (key: string, values?: Record<string, string | number>) => string, error: Pick<MfaError, "code" | "message" | "retryAfterSeconds">): string {
  if (error.code === "LOCKED_OUT") return t("mfa.error.lockedOut", { count: Math.max(1, Math.ceil(error.retryAfterSeconds / 60)) });
  const key = MFA_MESSAGE_KEYS[error.message];
  return key ? t(key) : error.message;
}
