import type { PrivacyRequest } from "@prisma/client";
import { cipherContext } from "../../platform/protected-data/registry";
import { db, type Tx } from "../../platform/db.server";
import { decryptField } from "../../platform/crypto";
import { env } from "../../platform/env.server";
import { CUSTOMER_SALE_OPT_OUT } from "../../platform/shopify/operations";
import { AdminApiError, adminGraphql } from "../../platform/shopify/admin-client.server";
import { appendAudit } from "../audit/audit.server";
import { queueRequesterNotice } from "../notices/notices.server";
import { linkShopifyCustomer } from "./customer-link.server";
import { loadForChange, transitionRequest, updateRequest, withIntegrityAudit, type Actor } from "./requests.server";
import { computeDeadline, isOpen, REGULATION_RULES, RequestError, type Regulation, type RequestType } from "./rules";

interface UserError {
  field?: string[] | null;
  message: string;
}

/** The four consent categories with sale of data refused; the others as last recorded, else not given. */
async function optedOutCategories(tx: Tx, shop: string, customerRef: string | null): Promise<string> {
  const last = customerRef ? await tx.consentRecord.findFirst({ where: { shopDomain: shop, customerRef }, orderBy: { recordedAt: "desc" }, select: { categories: true } }) : null;
  const prior = last ? (JSON.parse(last.categories) as Record<string, unknown>) : {};
  return JSON.stringify({ analytics: prior.analytics === true, marketing: prior.marketing === true, preferences: prior.preferences === true, sale_of_data: false });
}

/**
 * Carries out an opt-out of the sale/sharing of personal data: sets Shopify's own sale-of-data
 * opt-out on the customer (`dataSaleOptOut`), appends the refusal to the consent log, completes
 * the request and tells the requester what was done. A guest whose email belongs to no Shopify
 * customer is not created as one: the opt-out is recorded with the request and they are told so.
 */
export async function applyOptOut(shop: string, requestId: string, actor: Actor, now: Date): Promise<{ message: string }> {
  const current = await db().privacyRequest.findFirst({ where: { id: requestId, shopDomain: shop } });
  if (!current) throw new RequestError("NOT_FOUND", "no such request in this shop");
  if (current.type !== "do_not_sell") throw new RequestError("ILLEGAL_TRANSITION", "only do-not-sell requests set the sale-of-data opt-out");
  if (!["verified", "in_progress"].includes(current.status)) throw new RequestError("ILLEGAL_TRANSITION", "this request is not ready to be carried out");
  if (!current.emailCipher) throw new RequestError("ILLEGAL_TRANSITION", "this request has no email address to opt out");
  const linked = await linkShopifyCustomer(current, now);
  const email = decryptField(env().keyRing, current.emailCipher, cipherContext.privacyRequest(current.id, "email"));
  let outcome: "customer" | "guest" = "guest";
  if (linked.customerIdCipher) {
    const result = await adminGraphql<{ dataSaleOptOut: { customerId: string | null; userErrors: UserError[] } }>(shop, "CustomerSaleOptOut", CUSTOMER_SALE_OPT_OUT, { email });
    const errors = result.data.dataSaleOptOut.userErrors;
    if (errors.length) throw new AdminApiError("USER_ERROR", errors.map((e) => e.message).join("; ").slice(0, 500));
    outcome = "customer";
  }
  await withIntegrityAudit(shop, now, () =>
    db().$transaction(async (tx) => {
      const request = await loadForChange(tx, shop, requestId);
      await tx.consentRecord.create({
        data: {
          shopDomain: shop,
          visitorId: `request:${request.reference}`,
          customerRef: request.customerRef,
          noticeVersion: "privacy-request",
          categories: await optedOutCategories(tx, shop, request.customerRef),
          action: "custom",
          region: null,
          gpc: false,
          locale: request.locale,
          recordedAt: now,
        },
      });
      await appendAudit(tx, {
        shopDomain: shop,
        actorType: actor.type,
        actorId: actor.id,
        action: "request.opt_out_applied",
        subjectType: "privacy_request",
        subjectId: request.id,
        subjectRef: request.customerRef ?? request.emailRef,
        metadata: { shopify: outcome === "customer" ? "dataSaleOptOut" : "no_customer" },
        occurredAt: now,
      });
      // Queued before the transition so the completion email says what was done (one email per kind per request).
      await queueRequesterNotice(tx, request, "completion", now, { optOut: outcome });
      const reason = outcome === "customer" ? "Sale-of-data opt-out set in Shopify (dataSaleOptOut)" : "No Shopify customer has this email: opt-out recorded with the request";
      const moving = request.status === "verified" ? await transitionRequest(tx, request, "in_progress", actor, null, now) : request;
      await transitionRequest(tx, moving, "completed", actor, reason, now);
    }),
  );
  return {
    message:
      outcome === "customer"
        ? "Opted out of data sale in Shopify, recorded in the consent log; the requester is told."
        : "No Shopify customer has this email: the opt-out is recorded and the requester is told.",
  };
}

/**
 * The merchant corrects the law a request falls under (the shopper's region was wrong, or the shop
 * knows better). The deadline is recomputed from when the clock started; an extension already
 * granted stays only where the new law allows one. Audited with the reason.
 */
export async function changeRegulation(tx: Tx, request: PrivacyRequest, regulation: Regulation, reason: string, actor: Actor, now: Date): Promise<PrivacyRequest> {
  if (!isOpen(request.status)) throw new RequestError("ILLEGAL_TRANSITION", "a closed request keeps its regulation");
  if (request.regulation === regulation) throw new RequestError("ILLEGAL_TRANSITION", `this request is already under ${REGULATION_RULES[regulation].name}`);
  const deadline = computeDeadline({ regulation, type: request.type as RequestType, receivedAt: request.clockStartsAt, verifiedAt: null, clockStart: "receipt" });
  const extendedDueAt = request.extendedDueAt ? deadline.maxExtendedDueAt : null;
  const updated = await updateRequest(tx, request, {
    regulation,
    dueAt: deadline.dueAt,
    extendedDueAt,
    extensionReason: extendedDueAt ? request.extensionReason : null,
  });
  await appendAudit(tx, {
    shopDomain: request.shopDomain,
    actorType: actor.type,
    actorId: actor.id,
    action: "request.regulation_changed",
    subjectType: "privacy_request",
    subjectId: request.id,
    reason,
    metadata: { from: request.regulation, to: regulation, dueAtFrom: (request.extendedDueAt ?? request.dueAt).toISOString(), dueAtTo: (extendedDueAt ?? deadline.dueAt).toISOString(), rule: deadline.rule },
    occurredAt: now,
  });
  return updated;
}
