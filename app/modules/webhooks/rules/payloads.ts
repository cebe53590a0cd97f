import { z } from "zod";

/** Topics as `authenticate.webhook` reports them, and the handler job each becomes. */
export const WEBHOOK_TOPICS = {
  CUSTOMERS_DATA_REQUEST: "customers/data_request",
  CUSTOMERS_REDACT: "customers/redact",
  SHOP_REDACT: "shop/redact",
  APP_UNINSTALLED: "app/uninstalled",
  APP_SCOPES_UPDATE: "app/scopes_update",
} as const;
export type WebhookTopic = keyof typeof WEBHOOK_TOPICS;

export const COMPLIANCE_TOPICS: readonly WebhookTopic[] = ["CUSTOMERS_DATA_REQUEST", "CUSTOMERS_REDACT", "SHOP_REDACT"];

// Shopify sends numeric ids; accept their string form too and normalise to strings.
const id = z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,20}$/)]).transform(String);
const shopDomain = z.string().regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/i, "must be a myshopify.com domain");
const customer = z.object({
  id,
  email: z.string().max(320).nullish(),
  phone: z.string().max(64).nullish(),
});

export const PAYLOAD_SCHEMAS = {
  CUSTOMERS_DATA_REQUEST: z.object({
    shop_id: id,
    shop_domain: shopDomain,
    orders_requested: z.array(id).max(100_000).default([]),
    customer,
    data_request: z.object({ id }),
  }),
  CUSTOMERS_REDACT: z.object({
    shop_id: id,
    shop_domain: shopDomain,
    customer,
    orders_to_redact: z.array(id).max(100_000).default([]),
  }),
  SHOP_REDACT: z.object({ shop_id: id, shop_domain: shopDomain }),
  APP_UNINSTALLED: z.object({ id: id.optional(), domain: z.string().optional(), myshopify_domain: z.string().optional() }).passthrough(),
  APP_SCOPES_UPDATE: z.object({
    id: id.optional(),
    previous: z.array(z.string()).default([]),
    current: z.array(z.string()).default([]),
    updated_at: z.string().optional(),
  }),
} satisfies Record<WebhookTopic, z.ZodType>;

export type WebhookPayload<T extends WebhookTopic> = z.output<(typeof PAYLOAD_SCHEMAS)[T]>;

export function isWebhookTopic(topic: string): topic is WebhookTopic {
  return Object.hasOwn(WEBHOOK_TOPICS, topic);
}

export type PayloadCheck =
  | { ok: true; topic: WebhookTopic; payload: unknown; customerId: string | null }
  | { ok: false; problem: string };

/**
 * Decides whether a verified delivery can be acted on. A problem is described by field paths and
 * codes only (the payload holds personal data and the problem is shown to operators).
 */
export function checkPayload(topic: string, headerShop: string, payload: unknown, accepted: readonly WebhookTopic[]): PayloadCheck {
  if (!isWebhookTopic(topic) || !accepted.includes(topic)) return { ok: false, problem: `topic ${topic.slice(0, 64)} is not handled by this endpoint` };
  const parsed = PAYLOAD_SCHEMAS[topic].safeParse(payload);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "payload"}: ${i.code}`);
    return { ok: false, problem: `payload does not match ${WEBHOOK_TOPICS[topic]}: ${issues.join(", ")}` };
  }
  const data = parsed.data as { shop_domain?: string; customer?: { id: string } };
  if (data.shop_domain !== undefined && data.shop_domain.toLowerCase() !== headerShop.toLowerCase()) {
    return { ok: false, problem: "payload shop_domain differs from X-Shopify-Shop-Domain" };
  }
  return { ok: true, topic, payload: parsed.data, customerId: data.customer?.id ?? null };
}
