import { createHmac, randomUUID } from "node:crypto";
import { ADMIN_API_VERSION } from "../../app/platform/shopify/api-version";

/** Shopify's webhook signature: base64 HMAC-SHA256 of the raw body under the app secret. */
export function webhookHmac(body: string | Buffer, secret: string): string {
  return createHmac("sha256", secret).update(body).digest("base64");
}

export interface WebhookDelivery {
  topic: string;
  shop: string;
  body: string;
  webhookId?: string;
  eventId?: string;
  apiVersion?: string;
}

/** Headers exactly as Shopify sends them for a delivery. */
export function webhookHeaders(delivery: WebhookDelivery, secret: string): Record<string, string> {
  return {
    "Content-Type": "application/json",
    "X-Shopify-Topic": delivery.topic,
    "X-Shopify-Hmac-Sha256": webhookHmac(delivery.body, secret),
    "X-Shopify-Shop-Domain": delivery.shop,
    "X-Shopify-API-Version": delivery.apiVersion ?? ADMIN_API_VERSION,
    "X-Shopify-Webhook-Id": delivery.webhookId ?? randomUUID(),
    "X-Shopify-Event-Id": delivery.eventId ?? randomUUID(),
    "X-Shopify-Triggered-At": new Date().toISOString(),
    "User-Agent": "Shopify-Captain-Hook",
  };
}

export async function deliverWebhook(baseUrl: string, path: string, delivery: WebhookDelivery, secret: string): Promise<Response> {
  return fetch(new URL(path, baseUrl), { method: "POST", headers: webhookHeaders(delivery, secret), body: delivery.body });
}
