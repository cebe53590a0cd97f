import "@shopify/shopify-api/adapters/web-api";
import { createHmac, randomBytes } from "node:crypto";
import { ApiVersion, shopifyApi, WebhookValidationErrorReason } from "@shopify/shopify-api";
import { describe, expect, it } from "vitest";
import { verifyShopifyWebhook } from "./verify";

// The reference: the library call authenticate.webhook makes (@shopify/shopify-app-remix).
const secret = `test-secret-${randomBytes(16).toString("hex")}`;
const library = shopifyApi({ apiKey: "key", apiSecretKey: secret, apiVersion: ApiVersion.July26, hostName: "app.example.com", isEmbeddedApp: true, logger: { level: 0 } });

async function both(headers: Record<string, string>, body: string) {
  const h = new Headers();
  for (const [name, value] of Object.entries(headers)) h.append(name, value);
  const check = await library.webhooks.validate({ rawBody: body, rawRequest: new Request("https://app.example.com/webhooks/compliance", { method: "POST", headers: h, body }) });
  const ours = verifyShopifyWebhook(secret, h, body);
  return { check, ours };
}

const sign = (body: string, key = secret) => createHmac("sha256", key).update(body, "utf8").digest("base64");
const body = JSON.stringify({ shop_id: 1, shop_domain: "shop-a.myshopify.com", customer: { id: 7, email: "someone@example.com" }, orders_to_redact: [1] });
const classic = (payload: string): Record<string, string> => ({
  "X-Shopify-Hmac-Sha256": sign(payload),
  "X-Shopify-Topic": "customers/redact",
  "X-Shopify-Shop-Domain": "shop-a.myshopify.com",
  "X-Shopify-API-Version": "2026-07",
  "X-Shopify-Webhook-Id": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
  "X-Shopify-Event-Id": "98880550-7158-44d4-b7cd-2c97c8a091b5",
  "X-Shopify-Triggered-At": "2026-11-23T10:00:00.000Z",
});
const events = (payload: string): Record<string, string> => ({
  "shopify-hmac-sha256": sign(payload),
  "shopify-topic": "app/uninstalled",
  "shopify-shop-domain": "shop-a.myshopify.com",
  "shopify-api-version": "2026-07",
  "shopify-webhook-id": "0d5b8a3e-0a8f-4b0e-9a43-4b6c1a4b7b51",
  "shopify-event-id": "4e5a3b8c-0d2f-4b4a-8a7e-6f3c2b1a0d9e",
});
const without = (headers: Record<string, string>, name: string) => Object.fromEntries(Object.entries(headers).filter(([k]) => k !== name));
const expectedStatus = (reason: string | undefined) => (reason === WebhookValidationErrorReason.InvalidHmac ? 401 : 400);

describe("verifyShopifyWebhook gives the library's verdict", () => {
  const cases: [string, Record<string, string>, string][] = [
    ["a valid classic delivery", classic(body), body],
    ["non-ASCII body", classic("{\"note\":\"Grüße, 東京 🙂\"}"), "{\"note\":\"Grüße, 東京 🙂\"}"],
    ["header names in any case", Object.fromEntries(Object.entries(classic(body)).map(([k, v]) => [k.toLowerCase(), v])), body],
    ["a valid events delivery", events(body), body],
    ["forged HMAC", { ...classic(body), "X-Shopify-Hmac-Sha256": sign(body, "another-secret") }, body],
    ["body changed after signing", classic(body), body.replace("7", "8")],
    ["HMAC as hex", { ...classic(body), "X-Shopify-Hmac-Sha256": createHmac("sha256", secret).update(body).digest("hex") }, body],
    ["HMAC without padding", { ...classic(body), "X-Shopify-Hmac-Sha256": sign(body).replace(/=+$/, "") }, body],
    ["empty body", classic(""), ""],
    ["no HMAC header", without(classic(body), "X-Shopify-Hmac-Sha256"), body],
    ["empty HMAC header", { ...classic(body), "X-Shopify-Hmac-Sha256": "" }, body],
    ["events delivery without event id", without(events(body), "shopify-event-id"), body],
    ["events HMAC but classic headers otherwise", { ...without(classic(body), "X-Shopify-Hmac-Sha256"), "shopify-hmac-sha256": sign(body) }, body],
    ...(["X-Shopify-Topic", "X-Shopify-Shop-Domain", "X-Shopify-API-Version", "X-Shopify-Webhook-Id"].map(
      (name) => [`no ${name}`, without(classic(body), name), body] as [string, Record<string, string>, string],
    )),
    ["classic delivery without event id or triggered-at", without(without(classic(body), "X-Shopify-Event-Id"), "X-Shopify-Triggered-At"), body],
  ];

  it.each(cases)("%s", async (_name, headers, payload) => {
    const { check, ours } = await both(headers, payload);
    expect(ours.ok).toBe(check.valid);
    if (check.valid && ours.ok) {
      expect(ours.webhook).toEqual({
        shop: check.domain,
        topic: check.topic,
        webhookId: check.webhookId,
        eventId: check.eventId ?? null,
        apiVersion: check.apiVersion,
        triggeredAt: check.triggeredAt ?? null,
      });
    } else if (!check.valid && !ours.ok) {
      expect(ours.reason).toBe(check.reason);
      expect(ours.status).toBe(expectedStatus(check.reason));
    }
  });

  it("is strict: a single flipped bit in the HMAC is refused", () => {
    const headers = new Headers(classic(body));
    const mac = Buffer.from(sign(body), "base64");
    mac[0] = (mac[0] ?? 0) ^ 1;
    headers.set("X-Shopify-Hmac-Sha256", mac.toString("base64"));
    expect(verifyShopifyWebhook(secret, headers, body)).toMatchObject({ ok: false, status: 401 });
  });
});
