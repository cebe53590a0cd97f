// Delivers a webhook to the running app exactly as Shopify would (topic headers, HMAC over the raw
// body with the app secret), with payloads in Shopify's documented shapes built from the sandbox
// shop's seeded customers and orders. Mirrors `shopify app webhook trigger` for local use.
import { randomUUID } from "node:crypto";
import { createSandboxSeed, SANDBOX_SHOP_DOMAIN, type SeedShop } from "../admin-api/seed";
import { deliverWebhook } from "../signing/webhook";

export const SANDBOX_TOPICS = ["customers/data_request", "customers/redact", "shop/redact", "app/uninstalled"] as const;
export type SandboxTopic = (typeof SANDBOX_TOPICS)[number];

export function isSandboxTopic(value: string): value is SandboxTopic {
  return (SANDBOX_TOPICS as readonly string[]).includes(value);
}

/** The path each topic is subscribed at in shopify.app.toml. */
export function webhookPath(topic: SandboxTopic): string {
  return topic === "app/uninstalled" ? "/webhooks/app/uninstalled" : "/webhooks/compliance";
}

const numericId = (gid: string): number => Number(gid.slice(gid.lastIndexOf("/") + 1).split("?")[0]);

function sandboxShop(domain: string): SeedShop {
  const shop = createSandboxSeed().shops.find((s) => s.domain === domain);
  if (!shop) throw new Error(`no seeded shop ${domain}`);
  return shop;
}

/** Seeded customers as `{ id, name }`, for pickers and help texts. */
export function sandboxCustomers(domain = SANDBOX_SHOP_DOMAIN): { id: number; name: string; email: string | null; countryCode: string | null; provinceCode: string | null }[] {
  return sandboxShop(domain).customers.map((c) => {
    const address = c.addresses.find((a) => a.id === c.defaultAddressId) ?? null;
    return { id: numericId(c.id), name: [c.firstName, c.lastName].filter(Boolean).join(" ") || "(no name)", email: c.email, countryCode: address?.countryCode ?? null, provinceCode: address?.provinceCode ?? null };
  });
}

export class UnknownCustomerError extends Error {}

export function sandboxPayload(topic: SandboxTopic, options: { shop?: string; customerId?: number; requestId?: number } = {}): Record<string, unknown> {
  const domain = options.shop ?? SANDBOX_SHOP_DOMAIN;
  const shop = sandboxShop(domain);
  const shopId = numericId(shop.id);
  if (topic === "shop/redact") return { shop_id: shopId, shop_domain: domain };
  if (topic === "app/uninstalled") return { id: shopId, name: shop.name, domain, myshopify_domain: domain, email: shop.email };
  const customer = shop.customers.find((c) => numericId(c.id) === options.customerId);
  if (!customer) {
    const known = sandboxCustomers(domain).map((c) => `${c.id} (${c.name})`).join(", ");
    throw new UnknownCustomerError(`${topic} needs --customer <id>; seeded customers: ${known}`);
  }
  const orders = shop.orders.filter((o) => o.customerId === customer.id).map((o) => numericId(o.id));
  const person = { id: numericId(customer.id), email: customer.email, phone: customer.phone };
  if (topic === "customers/redact") return { shop_id: shopId, shop_domain: domain, customer: person, orders_to_redact: orders };
  return {
    shop_id: shopId,
    shop_domain: domain,
    orders_requested: orders,
    customer: person,
    data_request: { id: options.requestId ?? Math.floor(Math.random() * 1_000_000) + 1 },
  };
}

export interface DeliveryResult {
  topic: SandboxTopic;
  status: number;
  webhookId: string;
}

export async function deliverSandboxWebhook(appUrl: string, secret: string, topic: SandboxTopic, options: { shop?: string; customerId?: number } = {}): Promise<DeliveryResult> {
  const shop = options.shop ?? SANDBOX_SHOP_DOMAIN;
  const webhookId = randomUUID();
  const body = JSON.stringify(sandboxPayload(topic, options));
  const response = await deliverWebhook(appUrl, webhookPath(topic), { topic, shop, body, webhookId }, secret);
  await response.arrayBuffer();
  return { topic, status: response.status, webhookId };
}
