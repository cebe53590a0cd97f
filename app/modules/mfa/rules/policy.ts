/**
 * Step-up MFA: which actions need a fresh second factor, and for how long a verified step-up lasts.
 * Pure; the clock is passed in. See docs/decisions/0017-step-up-mfa.md.
 */

/**
 * Action ids a protected route or service passes to the one guard (mfa.server.ts `requireStepUp`).
 * `settings.streaming` is for the SIEM streaming settings form; `settings.keys` for key settings.
 */
export const STEP_UP_ACTIONS = ["requests.erase", "exports.download", "team.roles", "settings.streaming", "settings.keys", "settings.security"] as const;
export type StepUpAction = (typeof STEP_UP_ACTIONS)[number];

export const STEP_UP_ACTION_LABELS: Record<StepUpAction, string> = {
  "requests.erase": "Erase a customer or complete an erasure request",
  "exports.download": "Download or view personal data from Shopify (export files, the consent log, a customer's current values)",
  "team.roles": "Change a staff member's role",
  "settings.streaming": "Change audit streaming (SIEM) settings",
  "settings.keys": "Change key settings",
  "settings.security": "Change these step-up settings",
};

/** What an owner who never opened the security settings gets. */
export const DEFAULT_PROTECTED: readonly StepUpAction[] = STEP_UP_ACTIONS;
export const DEFAULT_STEP_UP_MINUTES = 10;
export const STEP_UP_MINUTES_BOUNDS = [1, 60] as const;

/** Changing one's own factor is always protected for an enrolled staff member, whatever the policy. */
export const SELF_ACTIONS = ["mfa.disable", "mfa.regenerate"] as const;
export type SelfAction = (typeof SELF_ACTIONS)[number];
export type GuardedAction = StepUpAction | SelfAction;

export interface StepUpPolicy {
  protectedActions: readonly StepUpAction[];
  stepUpMinutes: number;
  /** Staff who are not enrolled are refused protected actions until they enroll (off by default). */
  requireEnrollment: boolean;
}

export const DEFAULT_POLICY: StepUpPolicy = { protectedActions: DEFAULT_PROTECTED, stepUpMinutes: DEFAULT_STEP_UP_MINUTES, requireEnrollment: false };

export const isStepUpAction = (value: unknown): value is StepUpAction => typeof value === "string" && (STEP_UP_ACTIONS as readonly string[]).includes(value);

/** The stored policy row (comma-separated ids) as a policy; unknown ids are dropped, order kept canonical. */
export function policyOf(row: { protectedActions: string; stepUpMinutes: number; requireEnrollment: boolean } | null): StepUpPolicy {
  if (!row) return DEFAULT_POLICY;
  const stored = new Set(row.protectedActions.split(",").filter(isStepUpAction));
  const [min, max] = STEP_UP_MINUTES_BOUNDS;
  return { protectedActions: STEP_UP_ACTIONS.filter((a) => stored.has(a)), stepUpMinutes: Math.min(max, Math.max(min, Math.trunc(row.stepUpMinutes))), requireEnrollment: row.requireEnrollment };
}

export interface FactorState {
  confirmed: boolean;
  verifiedUntil: Date | null;
}

export type StepUpDecision = "allowed" | "step_up_required" | "enrollment_required";

/**
 * Whether `action` may run now. Staff without a confirmed factor pass unless the owner requires
 * enrollment (the default keeps every shop working as before MFA existed); enrolled staff need a
 * step-up verified until after `now`.
 */
export function stepUpDecision(policy: StepUpPolicy, action: GuardedAction, factor: FactorState | null, now: Date): StepUpDecision {
  const isSelf = (SELF_ACTIONS as readonly string[]).includes(action);
  if (!isSelf && !(policy.protectedActions as readonly string[]).includes(action)) return "allowed";
  if (!factor?.confirmed) return isSelf || !policy.requireEnrollment ? "allowed" : "enrollment_required";
  return factor.verifiedUntil && factor.verifiedUntil.getTime() > now.getTime() ? "allowed" : "step_up_required";
}

export function verifiedUntilAfter(now: Date, policy: StepUpPolicy): Date {
  return new Date(now.getTime() + policy.stepUpMinutes * 60_000);
}

/** The machine-readable reason a refused action answers with (HTTP 403), read by the step-up modal. */
export type StepUpReason = "step_up_required" | "enrollment_required";

export class StepUpError extends Error {
  override readonly name = "StepUpError";
  constructor(readonly reason: StepUpReason) {
    super(reason === "step_up_required" ? "Confirm it is you: enter a code from your authenticator app." : "Set up an authenticator app first: an owner requires it for this action.");
  }
}
