import { createHmac, randomBytes } from "node:crypto";
import { json } from "@remix-run/node";
import { generateSecret, generateURI, verify } from "otplib";
import QRCode from "qrcode";
import { db, type Tx } from "../../platform/db.server";
import { decryptField, encryptField } from "../../platform/crypto";
import { env } from "../../platform/env.server";
import { cipherContext } from "../../platform/protected-data/registry";
import { sharedWindowCount, sharedWindowHit } from "../../platform/http/rate-limit.server";
import { appendAudit } from "../audit/audit.server";
import type { StaffContext } from "../team/staff-context";
import { FAILURE_WINDOW_MS, LOCKOUT_MS, MAX_FAILURES, RECOVERY_CODE_COUNT, TOTP_PERIOD_SECONDS, TOTP_TOLERANCE_SECONDS, classifyCode, isReplay, locksOut, recoveryCodeFrom, type FailureReason } from "./rules/codes";
import { MfaError } from "./rules/errors";
import { policyOf, stepUpDecision, StepUpError, verifiedUntilAfter, type GuardedAction, type StepUpAction, type StepUpPolicy, type StepUpReason } from "./rules/policy";
import { STEP_UP_ANSWER_KEYS } from "../admin-i18n/rules/step-up-messages";

/**
 * Step-up MFA (ADR 0017): TOTP enrollment with recovery codes, the step-up check, and the ONE guard
 * every protected action calls (`requireStepUp`). The state is server-side per staff member and
 * shop (MfaFactor): embedded apps have no cookies.
 */

const ISSUER = "Privacy Desk";

function staffIdOf(ctx: StaffContext): string {
  if (!ctx.staffId) throw new MfaError("NO_STAFF_ID", "Shopify did not say which staff member you are; open the app from the Shopify admin.");
  return ctx.staffId;
}

const secretContext = (shop: string, staffId: string) => cipherContext.mfaFactor(shop, staffId);

/** Keyed hash of a recovery code: HMAC under a key derived from BLIND_INDEX_KEY, bound to the shop and staff member. */
function recoveryHash(shop: string, staffId: string, code: string): string {
  const key = createHmac("sha256", env().keyRing.blindIndexKey).update("mfa:recovery-code").digest();
  return createHmac("sha256", key).update(`${shop}\0${staffId}\0${code}`, "utf8").digest("hex");
}

const failureKey = (shop: string, staffId: string) => `mfa-fail:${shop}:${staffId}`;
const lockKey = (shop: string, staffId: string) => `mfa-lock:${shop}:${staffId}`;

export async function getPolicy(shop: string): Promise<StepUpPolicy> {
  return policyOf(await db().mfaPolicy.findUnique({ where: { shopDomain: shop } }));
}

async function factorOf(shop: string, staffId: string) {
  return db().mfaFactor.findUnique({ where: { shopDomain_staffId: { shopDomain: shop, staffId } } });
}

/**
 * THE guard: throws StepUpError (answered 403 with a machine-readable reason) unless `action` may
 * run for this staff member now. Called by every protected action's route or service.
 */
export async function requireStepUp(ctx: StaffContext, action: GuardedAction, now: Date): Promise<void> {
  const [policy, factor] = await Promise.all([getPolicy(ctx.shop), ctx.staffId ? factorOf(ctx.shop, ctx.staffId) : null]);
  const decision = stepUpDecision(policy, action, factor ? { confirmed: factor.confirmedAt !== null, verifiedUntil: factor.verifiedUntil } : null, now);
  if (decision !== "allowed") throw new StepUpError(decision);
}

/** What a route answers when the guard refused: 403 and `stepUp` naming why (the step-up modal reads it). */
export interface StepUpRefusalBody {
  ok: false;
  message: string;
  stepUp: StepUpReason;
  intent?: string;
}

/** `say`: the staff member's language (staffTranslator); without it the message is the English one. */
export function stepUpRefusal(error: StepUpError, { say, ...extra }: { intent?: string; say?: (key: string) => string } = {}) {
  const message = say ? say(STEP_UP_ANSWER_KEYS[error.reason]) : error.message;
  return json<StepUpRefusalBody>({ ...extra, ok: false, message, stepUp: error.reason }, { status: 403, headers: { "Cache-Control": "no-store" } });
}

export interface FactorView {
  state: "none" | "pending" | "enrolled";
  /** Pending only: what the authenticator app needs (QR code as an SVG data URL, and the secret typed by hand). */
  setup: { secret: string; qrDataUrl: string } | null;
  verifiedUntil: string | null;
  recoveryCodesLeft: number;
  lockedForSeconds: number;
}

export async function factorView(ctx: StaffContext, now: Date): Promise<FactorView> {
  if (!ctx.staffId) return { state: "none", setup: null, verifiedUntil: null, recoveryCodesLeft: 0, lockedForSeconds: 0 };
  const factor = await factorOf(ctx.shop, ctx.staffId);
  const lock = await sharedWindowCount(lockKey(ctx.shop, ctx.staffId), now.getTime());
  if (!factor) return { state: "none", setup: null, verifiedUntil: null, recoveryCodesLeft: 0, lockedForSeconds: 0 };
  if (!factor.confirmedAt) {
    const secret = decryptField(env().keyRing, factor.secretCipher, secretContext(ctx.shop, ctx.staffId));
    const uri = generateURI({ issuer: ISSUER, label: ctx.shop, secret });
    const svg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
    return { state: "pending", setup: { secret, qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}` }, verifiedUntil: null, recoveryCodesLeft: 0, lockedForSeconds: 0 };
  }
  const left = await db().mfaRecoveryCode.count({ where: { shopDomain: ctx.shop, staffId: ctx.staffId, usedAt: null } });
  const until = factor.verifiedUntil && factor.verifiedUntil > now ? factor.verifiedUntil.toISOString() : null;
  return { state: "enrolled", setup: null, verifiedUntil: until, recoveryCodesLeft: left, lockedForSeconds: lock.count > 0 ? lock.retryAfterSeconds : 0 };
}

const audit = (tx: Tx, ctx: StaffContext, staffId: string, action: string, now: Date, metadata: Record<string, string | number | boolean | null> = {}) =>
  appendAudit(tx, { shopDomain: ctx.shop, actorType: "staff", actorId: staffId, action, subjectType: "staff", subjectId: staffId, metadata, occurredAt: now });

/** Starts (or restarts) enrollment: a new secret, pending until a first valid code confirms it. */
export async function startEnrollment(ctx: StaffContext, now: Date): Promise<void> {
  const staffId = staffIdOf(ctx);
  const secretCipher = encryptField(env().keyRing, generateSecret(), secretContext(ctx.shop, staffId));
  await db().$transaction(async (tx) => {
    const existing = await tx.mfaFactor.findUnique({ where: { shopDomain_staffId: { shopDomain: ctx.shop, staffId } } });
    if (existing?.confirmedAt) throw new MfaError("ALREADY_ENROLLED", "You already have an authenticator app. Remove it first to set up another.");
    await tx.mfaFactor.upsert({
      where: { shopDomain_staffId: { shopDomain: ctx.shop, staffId } },
      create: { shopDomain: ctx.shop, staffId, secretCipher },
      update: { secretCipher, lastTimeStep: 0, verifiedUntil: null },
    });
    await audit(tx, ctx, staffId, "mfa.enrollment_started", now);
  });
}

/** The time step a 6-digit code matches for this secret now (one step either side), or null. */
async function matchedStep(secret: string, code: string, now: Date): Promise<number | null> {
  const result = await verify({ secret, token: code, epoch: Math.floor(now.getTime() / 1000), period: TOTP_PERIOD_SECONDS, epochTolerance: TOTP_TOLERANCE_SECONDS });
  return result.valid && "timeStep" in result ? result.timeStep : null;
}

function newRecoveryCodes(): string[] {
  const bytes = randomBytes(RECOVERY_CODE_COUNT * 32);
  let i = 0;
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => recoveryCodeFrom(() => bytes[i++]!));
}

async function storeRecoveryCodes(tx: Tx, shop: string, staffId: string, codes: readonly string[], now: Date): Promise<void> {
  await tx.mfaRecoveryCode.deleteMany({ where: { shopDomain: shop, staffId } });
  await tx.mfaRecoveryCode.createMany({ data: codes.map((code) => ({ shopDomain: shop, staffId, codeHash: recoveryHash(shop, staffId, code.replace("-", "")), createdAt: now })) });
}

/** Confirms enrollment with a first valid code; returns the recovery codes (shown once, stored hashed). */
export async function confirmEnrollment(ctx: StaffContext, code: string, now: Date): Promise<{ recoveryCodes: string[] }> {
  const staffId = staffIdOf(ctx);
  const factor = await factorOf(ctx.shop, staffId);
  if (!factor || factor.confirmedAt) throw new MfaError("NO_PENDING_ENROLLMENT", "There is no authenticator set-up to confirm. Start again.");
  const typed = classifyCode(code);
  const step = typed?.kind === "totp" ? await matchedStep(decryptField(env().keyRing, factor.secretCipher, secretContext(ctx.shop, staffId)), typed.code, now) : null;
  if (step === null) throw new MfaError("INVALID_CODE", "That code is not the one your authenticator app shows now. Check the app and try again.");
  const policy = await getPolicy(ctx.shop);
  const recoveryCodes = newRecoveryCodes();
  await db().$transaction(async (tx) => {
    const { count } = await tx.mfaFactor.updateMany({ where: { id: factor.id, confirmedAt: null, secretCipher: factor.secretCipher }, data: { confirmedAt: now, lastTimeStep: step, verifiedUntil: verifiedUntilAfter(now, policy) } });
    if (count !== 1) throw new MfaError("NO_PENDING_ENROLLMENT", "This set-up changed meanwhile. Start again.");
    await storeRecoveryCodes(tx, ctx.shop, staffId, recoveryCodes, now);
    await audit(tx, ctx, staffId, "mfa.enrolled", now, { recoveryCodes: recoveryCodes.length });
  });
  return { recoveryCodes };
}

/** New recovery codes replace the old ones (step-up needed). */
export async function regenerateRecoveryCodes(ctx: StaffContext, now: Date): Promise<{ recoveryCodes: string[] }> {
  const staffId = staffIdOf(ctx);
  const factor = await factorOf(ctx.shop, staffId);
  if (!factor?.confirmedAt) throw new MfaError("NOT_ENROLLED", "Set up an authenticator app first.");
  await requireStepUp(ctx, "mfa.regenerate", now);
  const recoveryCodes = newRecoveryCodes();
  await db().$transaction(async (tx) => {
    await storeRecoveryCodes(tx, ctx.shop, staffId, recoveryCodes, now);
    await audit(tx, ctx, staffId, "mfa.recovery_codes_regenerated", now, { recoveryCodes: recoveryCodes.length });
  });
  return { recoveryCodes };
}

/** Removes the staff member's authenticator and recovery codes (step-up needed once it is confirmed). */
export async function disableFactor(ctx: StaffContext, now: Date): Promise<void> {
  const staffId = staffIdOf(ctx);
  const factor = await factorOf(ctx.shop, staffId);
  if (!factor) throw new MfaError("NOT_ENROLLED", "You have no authenticator app set up.");
  await requireStepUp(ctx, "mfa.disable", now);
  await db().$transaction(async (tx) => {
    await tx.mfaFactor.deleteMany({ where: { id: factor.id } });
    await tx.mfaRecoveryCode.deleteMany({ where: { shopDomain: ctx.shop, staffId } });
    await audit(tx, ctx, staffId, factor.confirmedAt ? "mfa.disabled" : "mfa.enrollment_cancelled", now);
  });
}

/**
 * Verifies a step-up with an authenticator code or a recovery code. A code's time step is used at
 * most once (the conditional update refuses a replay even when two requests race); a recovery code
 * once. Every failure is audited (`mfa.step_up_failed`, never the code) and counted in the shared
 * limiter; MAX_FAILURES in FAILURE_WINDOW_MS locks step-up for LOCKOUT_MS.
 */
export async function verifyStepUp(ctx: StaffContext, code: string, now: Date): Promise<{ verifiedUntil: Date; method: "totp" | "recovery_code" }> {
  const staffId = staffIdOf(ctx);
  const factor = await factorOf(ctx.shop, staffId);
  if (!factor?.confirmedAt) throw new MfaError("NOT_ENROLLED", "Set up an authenticator app first.");
  const lock = await sharedWindowCount(lockKey(ctx.shop, staffId), now.getTime());
  if (lock.count > 0) {
    await recordFailure(ctx, staffId, "locked_out", null, now);
    throw locked(lock.retryAfterSeconds);
  }
  const typed = classifyCode(code);
  if (!typed) return failed(ctx, staffId, "malformed_code", null, now);
  const policy = await getPolicy(ctx.shop);
  const verifiedUntil = verifiedUntilAfter(now, policy);
  if (typed.kind === "totp") {
    const step = await matchedStep(decryptField(env().keyRing, factor.secretCipher, secretContext(ctx.shop, staffId)), typed.code, now);
    if (step === null) return failed(ctx, staffId, "invalid_code", "totp", now);
    if (isReplay(step, factor.lastTimeStep)) return failed(ctx, staffId, "replayed_code", "totp", now);
    const accepted = await db().$transaction(async (tx) => {
      const { count } = await tx.mfaFactor.updateMany({ where: { id: factor.id, lastTimeStep: { lt: step } }, data: { lastTimeStep: step, verifiedUntil } });
      if (count !== 1) return false;
      await audit(tx, ctx, staffId, "mfa.step_up_verified", now, { method: "totp", verifiedUntil: verifiedUntil.toISOString() });
      return true;
    });
    if (!accepted) return failed(ctx, staffId, "replayed_code", "totp", now);
    return { verifiedUntil, method: "totp" };
  }
  const hash = recoveryHash(ctx.shop, staffId, typed.code);
  const accepted = await db().$transaction(async (tx) => {
    const { count } = await tx.mfaRecoveryCode.updateMany({ where: { shopDomain: ctx.shop, staffId, codeHash: hash, usedAt: null }, data: { usedAt: now } });
    if (count !== 1) return false;
    await tx.mfaFactor.update({ where: { id: factor.id }, data: { verifiedUntil } });
    const left = await tx.mfaRecoveryCode.count({ where: { shopDomain: ctx.shop, staffId, usedAt: null } });
    await audit(tx, ctx, staffId, "mfa.step_up_verified", now, { method: "recovery_code", verifiedUntil: verifiedUntil.toISOString(), recoveryCodesLeft: left });
    return true;
  });
  if (!accepted) {
    const used = await db().mfaRecoveryCode.count({ where: { shopDomain: ctx.shop, staffId, codeHash: hash } });
    return failed(ctx, staffId, used > 0 ? "used_recovery_code" : "invalid_code", "recovery_code", now);
  }
  return { verifiedUntil, method: "recovery_code" };
}

const locked = (retryAfterSeconds: number) =>
  new MfaError("LOCKED_OUT", `Too many wrong codes: step-up is locked for ${Math.ceil(retryAfterSeconds / 60)} minute(s). Ask an owner if this was not you.`, retryAfterSeconds);

async function failed(ctx: StaffContext, staffId: string, reason: FailureReason, method: "totp" | "recovery_code" | null, now: Date): Promise<never> {
  const lockedFor = await recordFailure(ctx, staffId, reason, method, now);
  if (lockedFor > 0) throw locked(lockedFor);
  throw new MfaError("INVALID_CODE", reason === "used_recovery_code" ? "That recovery code was already used. Each one works once." : reason === "replayed_code" ? "That code was already used. Wait for the next one in your authenticator app." : "That code is not right. Check your authenticator app and try again.");
}

/** Counts and audits one failure; returns the lockout in seconds when this failure starts one (else 0). */
async function recordFailure(ctx: StaffContext, staffId: string, reason: FailureReason, method: "totp" | "recovery_code" | null, now: Date): Promise<number> {
  let failures = 0;
  let lockedFor = 0;
  if (reason !== "locked_out") {
    failures = (await sharedWindowHit(failureKey(ctx.shop, staffId), MAX_FAILURES, FAILURE_WINDOW_MS, now.getTime())).count;
    if (locksOut(failures)) lockedFor = (await sharedWindowHit(lockKey(ctx.shop, staffId), 1, LOCKOUT_MS, now.getTime())).retryAfterSeconds;
  }
  await db().$transaction((tx) => audit(tx, ctx, staffId, "mfa.step_up_failed", now, { reason, method, failuresInWindow: failures, lockedOut: reason === "locked_out" || lockedFor > 0 }));
  return lockedFor;
}

export interface PolicyInput {
  protectedActions: StepUpAction[];
  stepUpMinutes: number;
  requireEnrollment: boolean;
}

/** The owner's policy; changing it is itself a protected action (settings.security). Audited. */
export async function savePolicy(ctx: StaffContext, input: PolicyInput, now: Date): Promise<void> {
  await requireStepUp(ctx, "settings.security", now);
  const data = { protectedActions: input.protectedActions.join(","), stepUpMinutes: input.stepUpMinutes, requireEnrollment: input.requireEnrollment };
  await db().$transaction(async (tx) => {
    await tx.mfaPolicy.upsert({ where: { shopDomain: ctx.shop }, create: { shopDomain: ctx.shop, ...data }, update: data });
    await appendAudit(tx, { shopDomain: ctx.shop, actorType: "staff", actorId: ctx.staffId, action: "mfa.policy_updated", subjectType: "shop", subjectId: ctx.shop, metadata: data, occurredAt: now });
  });
}

/**
 * An owner removes another staff member's authenticator (a lost phone with no recovery codes left):
 * protected like the policy itself (settings.security), audited with who reset whom.
 */
export async function resetFactor(ctx: StaffContext, staffId: string, now: Date): Promise<void> {
  await requireStepUp(ctx, "settings.security", now);
  await db().$transaction(async (tx) => {
    const { count } = await tx.mfaFactor.deleteMany({ where: { shopDomain: ctx.shop, staffId } });
    if (count === 0) throw new MfaError("NOT_ENROLLED", "That staff member has no authenticator app.");
    await tx.mfaRecoveryCode.deleteMany({ where: { shopDomain: ctx.shop, staffId } });
    await appendAudit(tx, { shopDomain: ctx.shop, actorType: "staff", actorId: ctx.staffId, action: "mfa.reset", subjectType: "staff", subjectId: staffId, occurredAt: now });
  });
}

/** Who in the shop has an authenticator (the security page's list). */
export async function enrolledStaff(shop: string): Promise<string[]> {
  return (await db().mfaFactor.findMany({ where: { shopDomain: shop, confirmedAt: { not: null } }, select: { staffId: true } })).map((f) => f.staffId);
}
