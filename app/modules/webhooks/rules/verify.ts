import { createHmac, timingSafeEqual } from "node:crypto";

export interface VerifiedWebhook {
  shop: string;
  /** As @shopify/shopify-api reports it: CUSTOMERS_REDACT for customers/redact. */
  topic: string;
  webhookId: string;
  eventId: string | null;
  apiVersion: string;
  triggeredAt: string | null;
}

export type WebhookVerification = { ok: true; webhook: VerifiedWebhook } | { ok: false; status: 400 | 401; reason: string };

// Shopify's two header sets: classic webhooks (X-Shopify-*) and events (Shopify-*, event id required).
const HEADERS = {
  webhooks: { hmac: "x-shopify-hmac-sha256", topic: "x-shopify-topic", domain: "x-shopify-shop-domain", apiVersion: "x-shopify-api-version", webhookId: "x-shopify-webhook-id", eventId: "x-shopify-event-id", triggeredAt: "x-shopify-triggered-at" },
  events: { hmac: "shopify-hmac-sha256", topic: "shopify-topic", domain: "shopify-shop-domain", apiVersion: "shopify-api-version", webhookId: "shopify-webhook-id", eventId: "shopify-event-id", triggeredAt: "shopify-triggered-at" },
} as const;

/**
 * The check `authenticate.webhook` makes through `webhooks.validate` of @shopify/shopify-api, step
 * for step (verify.test.ts compares the two on every outcome), with node:crypto's synchronous HMAC
 * instead of WebCrypto and without the library's per-lookup header canonicalisation, which cost
 * more than everything else on the intake path. `rawBody` is the body decoded as Request.text()
 * decodes it; the HMAC is over its UTF-8 bytes, compared in constant time.
 */
export function verifyShopifyWebhook(secret: string, headers: Headers, rawBody: string): WebhookVerification {
  const names = headers.get(HEADERS.events.hmac) ? HEADERS.events : HEADERS.webhooks;
  if (!rawBody.length) return { ok: false, status: 400, reason: "missing_body" };
  const hmac = headers.get(names.hmac);
  if (!hmac) return { ok: false, status: 400, reason: "missing_hmac" };
  const expected = Buffer.from(createHmac("sha256", secret).update(rawBody, "utf8").digest("base64"));
  const given = Buffer.from(hmac);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, status: 401, reason: "invalid_hmac" };
  const topic = headers.get(names.topic);
  const domain = headers.get(names.domain);
  const apiVersion = headers.get(names.apiVersion);
  const webhookId = headers.get(names.webhookId);
  const eventId = headers.get(names.eventId);
  if (!topic || !domain || !apiVersion || !webhookId || (names === HEADERS.events && !eventId)) return { ok: false, status: 400, reason: "missing_headers" };
  return {
    ok: true,
    webhook: {
      shop: domain,
      topic: topic.toUpperCase().replace(/\/|\./g, "_"),
      webhookId,
      eventId: eventId || null,
      apiVersion,
      triggeredAt: headers.get(names.triggeredAt) || null,
    },
  };
}
