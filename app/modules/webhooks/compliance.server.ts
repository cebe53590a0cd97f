import type { WebhookEvent } from "@prisma/client";
import { cipherContext } from "../../platform/protected-data/registry";
import { db } from "../../platform/db.server";
import { decryptField } from "../../platform/crypto";
import { isOpen, type RequestStatus } from "../requests/rules";
import { PAYLOAD_SCHEMAS, type WebhookPayload, type WebhookTopic } from "./rules/payloads";
import { env } from "../../platform/env.server";
import { eraseShopRows } from "../../platform/protected-data/redaction.server";
import { PermanentJobError } from "../../jobs/worker.server";
import { appendAudit } from "../audit/audit.server";
import { redactWithoutRequests } from "./redact-fast.server";
import { retentionSettings } from "../retention/retention.server";
import { collectCustomerData, eraseCustomerData, storeExports } from "../exports/customer-data.server";
import { matchLocale } from "../../platform/i18n/locales";
import { storedShopProfile } from "../shop-profile/shop-profile.server";
import { anonymiseRequest, createRequest, identityRefs, loadForChange, transitionRequest, withIntegrityAudit, type Actor } from "../requests/requests.server";

const SHOPIFY: Actor = { type: "shopify" };

/** The stored delivery a webhook job acts on; a job whose event is gone can never succeed. */
export async function loadWebhookEvent(eventId: unknown): Promise<WebhookEvent> {
  if (typeof eventId !== "string") throw new PermanentJobError("BAD_JOB_PAYLOAD");
  const event = await db().webhookEvent.findUnique({ where: { id: eventId } });
  if (!event) throw new PermanentJobError("WEBHOOK_EVENT_GONE");
  return event;
}

async function loadEvent<T extends WebhookTopic>(eventId: unknown, topic: T): Promise<{ event: WebhookEvent; payload: WebhookPayload<T> | null }> {
  const event = await loadWebhookEvent(eventId);
  if (!event.payloadCipher) return { event, payload: null }; // already acted on and redacted
  const raw = decryptField(env().keyRing, event.payloadCipher, cipherContext.webhookEvent(event.webhookId));
  const parsed = PAYLOAD_SCHEMAS[topic].safeParse(JSON.parse(raw));
  if (!parsed.success) throw new PermanentJobError("PAYLOAD_INVALID");
  return { event, payload: parsed.data as WebhookPayload<T> };
}

/**
 * customers/data_request: open an access request for the merchant (identity vouched for by
 * Shopify, so verified at once, 30-day clock from receipt) and assemble everything the app holds
 * about the customer into JSON and CSV files the merchant downloads in the admin.
 */
export async function handleDataRequest(webhookEventId: unknown, now: Date): Promise<void> {
  const { event, payload } = await loadEvent(webhookEventId, "CUSTOMERS_DATA_REQUEST");
  if (!payload) return;
  const shopDomain = event.shopDomain;
  const exportTtlMs = (await retentionSettings(shopDomain)).exportLinkDays * 86_400_000;
  await db().$transaction(async (tx) => {
    const dataRequestId = payload.data_request.id;
    const existing = await tx.privacyRequest.findFirst({ where: { shopDomain, shopifyDataRequestId: dataRequestId } });
    if (existing) {
      await tx.webhookEvent.update({ where: { id: event.id }, data: { status: "processed", processedAt: now } });
      return; // the same data request delivered again: already opened
    }
    const identity = { customerId: payload.customer.id, email: payload.customer.email, phone: payload.customer.phone };
    // Shopify does not say the customer's language: the shop's primary storefront locale stands in
    // (the export's readable summary is written in it).
    const locale = matchLocale((await storedShopProfile(tx, shopDomain)).primaryLocale);
    let request = await createRequest(tx, {
      shopDomain,
      type: "access",
      source: "shopify",
      regulation: "shopify",
      clockStart: "receipt",
      identity,
      details: payload.orders_requested.length ? `Orders named by Shopify: ${payload.orders_requested.join(", ")}` : null,
      verified: true,
      shopifyDataRequestId: dataRequestId,
      locale,
      actor: SHOPIFY,
      now,
    });
    const refs = identityRefs(env().keyRing, shopDomain, identity);
    const data = await collectCustomerData(tx, shopDomain, refs);
    const files = await storeExports(tx, shopDomain, request.id, refs.customerRef, data, now, exportTtlMs);
    request = await transitionRequest(tx, request, "in_progress", { type: "system" }, "export of the app's data is ready for the merchant", now);
    await appendAudit(tx, {
      shopDomain,
      actorType: "system",
      action: "export.created",
      subjectType: "privacy_request",
      subjectId: request.id,
      subjectRef: refs.customerRef,
      metadata: { files: files.length, requests: data.requests.length, consentRecords: data.consentRecords.length },
      occurredAt: now,
    });
    await tx.webhookEvent.update({ where: { id: event.id }, data: { status: "processed", processedAt: now } });
  });
}

/**
 * customers/redact: erase everything the app holds about the customer (and the listed orders,
 * which the app holds only inside exports and webhook payloads), close their open requests as
 * completed by Shopify, keep a PII-free audit entry. Running it twice erases nothing new.
 */
export async function handleCustomerRedact(webhookEventId: unknown, now: Date): Promise<void> {
  if (await redactWithoutRequests(webhookEventId, now)) return; // the common case, without Prisma (ADR 0014)
  const { event, payload } = await loadEvent(webhookEventId, "CUSTOMERS_REDACT");
  const shopDomain = event.shopDomain;
  await withIntegrityAudit(shopDomain, now, () => db().$transaction(async (tx) => {
    if (!payload) {
      await tx.webhookEvent.update({ where: { id: event.id }, data: { status: "processed", processedAt: event.processedAt ?? now } });
      return;
    }
    const refs = identityRefs(env().keyRing, shopDomain, { customerId: payload.customer.id, email: payload.customer.email, phone: payload.customer.phone });
    const { requestIds, counts } = await eraseCustomerData(tx, shopDomain, refs);
    let closed = 0;
    for (const id of requestIds) {
      let request = await loadForChange(tx, shopDomain, id);
      if (isOpen(request.status)) {
        request = await transitionRequest(tx, request, "completed" as RequestStatus, SHOPIFY, "completed by Shopify: customers/redact", now);
        closed += 1;
      }
      await anonymiseRequest(tx, request, now);
    }
    // This delivery's own payload names the customer too.
    await tx.webhookEvent.update({ where: { id: event.id }, data: { status: "processed", processedAt: now, payloadCipher: null, customerRef: null } });
    await appendAudit(tx, {
      shopDomain,
      actorType: "shopify",
      action: "customer.redacted",
      subjectType: "webhook_event",
      subjectId: event.id,
      subjectRef: refs.customerRef,
      metadata: { ...counts, requestsAnonymised: requestIds.length, requestsClosed: closed, ordersListed: payload.orders_to_redact.length },
      occurredAt: now,
    });
  }));
}

/**
 * shop/redact (48 h after uninstall): erase everything the app holds for the shop, sessions and
 * audit chain included, in every model the protected-data registry lists. What remains is a ShopErasure row: when, and how many rows of each kind
 * went, plus the chain's final hash so an earlier audit export can still be tied to this erasure.
 */
export async function handleShopRedact(webhookEventId: unknown, now: Date): Promise<void> {
  const { event } = await loadEvent(webhookEventId, "SHOP_REDACT");
  const shopDomain = event.shopDomain;
  await db().$transaction(
    async (tx) => {
      const head = await tx.auditHead.findUnique({ where: { shopDomain } });
      const summary = { ...(await eraseShopRows(tx, shopDomain, event.id)), auditFinalSeq: head?.seq ?? 0, auditFinalHash: head?.hash ?? null };
      await tx.webhookEvent.update({ where: { id: event.id }, data: { status: "processed", processedAt: now, payloadCipher: null } });
      await tx.shopErasure.create({ data: { shopDomain, webhookId: event.webhookId, erasedAt: now, summary: JSON.stringify(summary) } });
    },
    { timeout: 120_000 },
  );
}
