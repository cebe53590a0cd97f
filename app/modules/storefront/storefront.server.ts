// Data subject requests from the storefront: created, looked up, verified by emailed code.
import { db, type Tx } from "../../platform/db.server";
import { cipherContext } from "../../platform/protected-data/registry";
import { decryptField } from "../../platform/crypto";
import type { RequestStatus } from "../requests/rules";
import { requestDetails, type RequestForm } from "./rules/forms";
import { DEFAULT_PATH_PREFIX, type ProxyQuery } from "./rules/proxy-query";
import { chooseRegulation } from "../requests/rules/regulation";
import { rightRule } from "../requests/rules/regulations";
import { NEVER_VERIFIED_REASON } from "../requests/rules/unverified";
import { statusPath } from "./rules/proxy-query";
import {
  MAX_ATTEMPTS,
  MAX_CODES_PER_REQUEST,
  attemptsRemaining,
  codeAvailability,
  codeExpiry,
  codeKey,
  generateCode,
  hashCode,
  hashesMatch,
} from "./rules/verification-code";
import { env } from "../../platform/env.server";
import { log } from "../../platform/logger.server";
import { appendAudit } from "../audit/audit.server";
import { mailEnabled, sendMail } from "../../platform/mail.server";
import { queueRequesterNotice } from "../notices/notices.server";
import { createRequest, loadForChange, markVerified, withIntegrityAudit } from "../requests/requests.server";
import { StorefrontError } from "./proxy.server";
import { codeNotice } from "../notices/rules/shopper-mail";
import { negotiateLocale, type Locale } from "../../platform/i18n/locales";

export interface RequestView {
  reference: string;
  status: RequestStatus;
}

/** What the shopper's status page shows, and the language it speaks. */
export interface RequestStatusView extends RequestView {
  neverVerified: boolean;
  locale: string | null;
  /** The deadline while the request is open (extended if it was). */
  dueAt: Date | null;
}

async function shopSettings(shop: string) {
  const row = await db().shopSettings.findUnique({ where: { shopDomain: shop } });
  return { verificationCodeMinutes: row?.verificationCodeMinutes ?? 15, regulations: row?.regulations ?? null, clockStart: row?.clockStart === "verification" ? ("verification" as const) : ("receipt" as const) };
}

/** The shopper's status page, with the code box while the request waits for it. */
export function statusUrl(shop: string, pathPrefix: string, reference: string): string {
  return `https://${shop}${statusPath(pathPrefix, reference)}`;
}

function codeMail(shop: string, reference: string, code: string, minutes: number, pathPrefix: string, locale: Locale) {
  // The code email has no dates, so no time zone is needed.
  return codeNotice({ locale, timeZone: "UTC", shop }, { reference, code, minutes, statusUrl: statusUrl(shop, pathPrefix, reference) });
}

async function issueCode(tx: Tx, shop: string, requestId: string, customerRef: string | null, minutes: number, now: Date, resend: boolean) {
  const code = generateCode();
  const row = await tx.verificationCode.create({
    data: { shopDomain: shop, requestId, customerRef, codeHash: hashCode(codeKey(env().keyRing.blindIndexKey), shop, requestId, code), expiresAt: codeExpiry(now, minutes), createdAt: now },
  });
  await appendAudit(tx, {
    shopDomain: shop,
    actorType: "system",
    action: "verification.code_issued",
    subjectType: "privacy_request",
    subjectId: requestId,
    subjectRef: customerRef,
    metadata: { codeId: row.id, expiresAt: row.expiresAt.toISOString(), resend },
    occurredAt: now,
  });
  return code;
}

/**
 * A signed-in customer (Shopify's logged_in_customer_id) is verified at once; a guest gets a
 * 6-digit code by email. Request, transitions, code and audit are one transaction; the email goes
 * after the commit, so a failed send leaves a request the shopper can get a new code for.
 */
export async function createStorefrontRequest(ctx: ProxyQuery, form: RequestForm, now: Date): Promise<RequestView> {
  const settings = await shopSettings(ctx.shop);
  const choice = chooseRegulation({ region: form.region, customerCountry: form.customerRegion, enabled: settings.regulations, type: form.type, now });
  // Opt-outs of sale/sharing need no proof of identity under any law in the table.
  const verificationNeeded = rightRule(choice.regulation, form.type).verify;
  const verified = ctx.customerId !== null || !verificationNeeded;
  // The form's request.locale, then the proxy's locale parameter; English when neither is supported.
  const locale = negotiateLocale(form.locale, ctx.locale);
  if (!verified && !mailEnabled()) throw new StorefrontError("MAIL_DISABLED");
  const { row, code } = await db().$transaction(async (tx) => {
    const row = await createRequest(tx, {
      shopDomain: ctx.shop,
      type: form.type,
      source: "storefront",
      regulation: choice.regulation,
      clockStart: settings.clockStart,
      identity: { customerId: ctx.customerId, email: form.email },
      details: requestDetails(form),
      locale,
      verified,
      actor: { type: "shopper" },
      now,
      auditMetadata: { regulationBasis: choice.basis, candidates: choice.candidates.join(","), region: choice.region, verification: ctx.customerId !== null ? "signed_in" : verificationNeeded ? "code" : "not_required" },
    });
    const code = verified ? null : await issueCode(tx, ctx.shop, row.id, row.emailRef, settings.verificationCodeMinutes, now, false);
    // Guests who must prove their address are acknowledged once they confirm it (verifyCode):
    // no mail to unconfirmed addresses beyond the code. An opt-out needs no proof, so it is acknowledged now.
    if (verified) await queueRequesterNotice(tx, row, "acknowledgment", now);
    return { row, code };
  });
  log.info("storefront request created", { shop: ctx.shop, requestId: row.id, status: row.status });
  if (code) {
    await sendMail({ to: form.email, ...codeMail(ctx.shop, row.reference, code, settings.verificationCodeMinutes, ctx.pathPrefix, locale) }, "verification_code").catch(() => undefined);
  }
  return { reference: row.reference, status: row.status as RequestStatus };
}

function normaliseReference(reference: string): string {
  return reference.trim().toUpperCase();
}

/**
 * Status only, and only within the signed shop: another shop's reference is simply not found.
 * `neverVerified` lets the shopper's page say why a request they never confirmed was closed.
 */
export async function requestStatus(shop: string, reference: string): Promise<RequestStatusView | null> {
  const row = await db().privacyRequest.findFirst({
    where: { shopDomain: shop, reference: normaliseReference(reference) },
    select: { reference: true, status: true, closeReason: true, locale: true, dueAt: true, extendedDueAt: true, closedAt: true },
  });
  if (!row) return null;
  return {
    reference: row.reference,
    status: row.status as RequestStatus,
    neverVerified: row.status === "cancelled" && row.closeReason === NEVER_VERIFIED_REASON,
    locale: row.locale,
    dueAt: row.closedAt ? null : (row.extendedDueAt ?? row.dueAt),
  };
}

export type VerifyOutcome =
  | { kind: "verified"; view: RequestView }
  | { kind: "not_found" }
  | { kind: "wrong"; attemptsRemaining: number }
  | { kind: "expired" }
  | { kind: "exhausted" };

/**
 * Checks a guest's code. The attempt is counted (atomically, guarded by the limit) before the
 * comparison, so concurrent guesses cannot exceed five. Success consumes the code and moves the
 * request to verified (actor: shopper); a later call answers the current status.
 */
/** `source`: the failure source (alerts/source.server.ts) recorded with a wrong code. */
export async function verifyCode(shop: string, reference: string, code: string, now: Date, source: string | null = null): Promise<VerifyOutcome> {
  const settings = await shopSettings(shop);
  return withIntegrityAudit(shop, now, () =>
    db().$transaction(async (tx): Promise<VerifyOutcome> => {
      const request = await tx.privacyRequest.findFirst({ where: { shopDomain: shop, reference: normaliseReference(reference) } });
      if (!request) return { kind: "not_found" };
      if (request.status !== "awaiting_verification") return { kind: "verified", view: { reference: request.reference, status: request.status as RequestStatus } };
      const current = await tx.verificationCode.findFirst({ where: { shopDomain: shop, requestId: request.id, consumedAt: null }, orderBy: { createdAt: "desc" } });
      if (!current) return { kind: "expired" };
      const availability = codeAvailability(current, now);
      if (availability !== "open") return { kind: availability };
      const counted = await tx.verificationCode.updateMany({ where: { id: current.id, attempts: { lt: MAX_ATTEMPTS } }, data: { attempts: { increment: 1 } } });
      if (counted.count === 0) return { kind: "exhausted" };
      const candidate = hashCode(codeKey(env().keyRing.blindIndexKey), shop, request.id, code);
      if (!hashesMatch(current.codeHash, candidate)) {
        const remaining = attemptsRemaining(current.attempts + 1);
        await appendAudit(tx, {
          shopDomain: shop,
          actorType: "shopper",
          action: "verification.failed",
          subjectType: "privacy_request",
          subjectId: request.id,
          metadata: { codeId: current.id, attemptsRemaining: remaining, ...(source ? { source } : {}) },
          occurredAt: now,
        });
        return { kind: "wrong", attemptsRemaining: remaining };
      }
      await tx.verificationCode.update({ where: { id: current.id }, data: { consumedAt: now } });
      const fresh = await loadForChange(tx, shop, request.id);
      const updated = await markVerified(tx, fresh, { type: "shopper" }, settings.clockStart, now);
      await queueRequesterNotice(tx, updated, "acknowledgment", now);
      return { kind: "verified", view: { reference: updated.reference, status: updated.status as RequestStatus } };
    }),
  );
}

export type ResendOutcome = { kind: "sent"; view: RequestView } | { kind: "not_awaiting"; view: RequestView } | { kind: "not_found" } | { kind: "refused" };

/** A new code (the old one stops working), at most MAX_CODES_PER_REQUEST per request in all. */
export async function resendCode(shop: string, reference: string, now: Date, pathPrefix = DEFAULT_PATH_PREFIX): Promise<ResendOutcome> {
  if (!mailEnabled()) throw new StorefrontError("MAIL_DISABLED");
  const settings = await shopSettings(shop);
  const outcome = await db().$transaction(async (tx) => {
    const request = await tx.privacyRequest.findFirst({ where: { shopDomain: shop, reference: normaliseReference(reference) } });
    if (!request) return { kind: "not_found" } as const;
    const view = { reference: request.reference, status: request.status as RequestStatus };
    if (request.status !== "awaiting_verification") return { kind: "not_awaiting", view } as const;
    if (!request.emailCipher || (await tx.verificationCode.count({ where: { shopDomain: shop, requestId: request.id } })) >= MAX_CODES_PER_REQUEST) {
      return { kind: "refused" } as const;
    }
    await tx.verificationCode.updateMany({ where: { shopDomain: shop, requestId: request.id, consumedAt: null, expiresAt: { gt: now } }, data: { expiresAt: now } });
    const code = await issueCode(tx, shop, request.id, request.emailRef, settings.verificationCodeMinutes, now, true);
    return { kind: "sent", view, code, requestId: request.id, emailCipher: request.emailCipher, locale: negotiateLocale(request.locale) } as const;
  });
  if (outcome.kind !== "sent") return outcome;
  const email = decryptField(env().keyRing, outcome.emailCipher, cipherContext.privacyRequest(outcome.requestId, "email"));
  await sendMail({ to: email, ...codeMail(shop, outcome.view.reference, outcome.code, settings.verificationCodeMinutes, pathPrefix, outcome.locale) }, "verification_code_resend").catch(() => undefined);
  return { kind: "sent", view: outcome.view };
}
