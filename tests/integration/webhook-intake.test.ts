import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { useApp } from "../helpers/app-fixture";
import type { Db } from "../../app/platform/db.server";
import { type RunningApp } from "../helpers/app-server";
import { waitFor } from "../helpers/db-client";
import { postRaw } from "../helpers/http";
import { deliverWebhook, webhookHeaders } from "../../sandbox/signing/webhook";
import { SHOP, appUninstalledPayload, customerRedactPayload, dataRequestPayload } from "../fixtures/webhooks";

let app: RunningApp;
let db: Db;
let secret: string;

const fixture = useApp();
beforeAll(() => {
  ({ app, db } = fixture);
  secret = fixture.env.SHOPIFY_API_SECRET!;
});

const COMPLIANCE = "/webhooks/compliance";

describe("webhook intake through the real route", () => {
  it("accepts a delivery signed as Shopify signs it and stores it encrypted with its job", async () => {
    const webhookId = randomUUID();
    const body = JSON.stringify(dataRequestPayload());
    const response = await deliverWebhook(app.url, COMPLIANCE, { topic: "customers/data_request", shop: SHOP, body, webhookId }, secret);
    expect(response.status).toBe(200);
    const event = await db.webhookEvent.findUnique({ where: { webhookId } });
    expect(event).toMatchObject({ shopDomain: SHOP, topic: "CUSTOMERS_DATA_REQUEST", apiVersion: "2026-07", payloadBytes: Buffer.byteLength(body) });
    expect(event?.payloadCipher).toMatch(/^v1\.t1\./);
    expect(event?.payloadCipher).not.toContain("ada.example");
    expect(event?.customerRef).toMatch(/^[0-9a-f]{64}$/);
    const jobs = await db.job.findMany({ where: { payload: { contains: event!.id } } });
    expect(jobs).toHaveLength(1);
    expect(jobs[0]?.kind).toBe("webhook.customers/data_request");
    // Written with prepared statements on SQLite: the dates must read back through Prisma as Prisma wrote them.
    expect(Math.abs(event!.receivedAt.getTime() - Date.now())).toBeLessThan(60_000);
    expect(jobs[0]!.runAt.getTime()).toBe(event!.receivedAt.getTime());
    expect(await db.job.count({ where: { id: jobs[0]!.id, runAt: { lte: new Date(Date.now() + 1_000) } } })).toBe(1);
  });

  it("answers the same through the Remix route behind the fast path (a path shape it does not take)", async () => {
    const webhookId = randomUUID();
    const body = JSON.stringify(customerRedactPayload());
    const signed = { topic: "customers/redact", shop: SHOP, body, webhookId };
    expect((await deliverWebhook(app.url, `${COMPLIANCE}/`, signed, "not-the-secret")).status).toBe(401);
    expect((await deliverWebhook(app.url, `${COMPLIANCE}/`, signed, secret)).status).toBe(200);
    expect((await deliverWebhook(app.url, `${COMPLIANCE}/`, signed, secret)).status).toBe(200);
    const event = await db.webhookEvent.findUniqueOrThrow({ where: { webhookId } });
    expect(event.status).toMatch(/^(received|processed)$/);
    expect(await db.job.count({ where: { payload: { contains: event.id } } })).toBe(1);
  });

  it("answers 401 to a wrong signature and stores nothing", async () => {
    const webhookId = randomUUID();
    const body = JSON.stringify(customerRedactPayload());
    const headers = webhookHeaders({ topic: "customers/redact", shop: SHOP, body, webhookId }, "not-the-app-secret-" + "x".repeat(20));
    const response = await fetch(`${app.url}${COMPLIANCE}`, { method: "POST", headers, body });
    expect(response.status).toBe(401);
    expect(await db.webhookEvent.count({ where: { webhookId } })).toBe(0);
  });

  it("answers 401 when a signed body is altered in transit", async () => {
    const webhookId = randomUUID();
    const body = JSON.stringify(customerRedactPayload());
    const headers = webhookHeaders({ topic: "customers/redact", shop: SHOP, body, webhookId }, secret);
    const response = await fetch(`${app.url}${COMPLIANCE}`, { method: "POST", headers, body: body.replace("191167", "191168") });
    expect(response.status).toBe(401);
    expect(await db.webhookEvent.count({ where: { webhookId } })).toBe(0);
  });

  it.each(["X-Shopify-Hmac-Sha256", "X-Shopify-Topic", "X-Shopify-Shop-Domain", "X-Shopify-API-Version", "X-Shopify-Webhook-Id"])(
    "answers 400 when %s is missing",
    async (header) => {
      const webhookId = randomUUID();
      const body = JSON.stringify(customerRedactPayload());
      const headers = webhookHeaders({ topic: "customers/redact", shop: SHOP, body, webhookId }, secret);
      delete headers[header];
      const response = await fetch(`${app.url}${COMPLIANCE}`, { method: "POST", headers, body });
      expect(response.status).toBe(400);
      expect(await db.webhookEvent.count({ where: { webhookId } })).toBe(0);
    },
  );

  it("answers 400 to an empty body and 405 to other methods", async () => {
    const headers = webhookHeaders({ topic: "customers/redact", shop: SHOP, body: "" }, secret);
    expect((await fetch(`${app.url}${COMPLIANCE}`, { method: "POST", headers, body: "" })).status).toBe(400);
    expect((await fetch(`${app.url}${COMPLIANCE}`)).status).toBe(405);
    expect((await fetch(`${app.url}${COMPLIANCE}`, { method: "PUT", body: "{}" })).status).toBe(405);
  });

  it("answers 413 to an oversized body, declared or chunked, and stores nothing", async () => {
    const big = JSON.stringify({ ...customerRedactPayload(), padding: "x".repeat(3 * 1024 * 1024) });
    const webhookId = randomUUID();
    const headers = webhookHeaders({ topic: "customers/redact", shop: SHOP, body: big, webhookId }, secret);
    expect(await postRaw(`${app.url}${COMPLIANCE}`, headers, [big])).toBe(413);
    const { ["Content-Length"]: _dropped, ...chunkedHeaders } = { ...headers, "Content-Length": "" };
    expect(await postRaw(`${app.url}${COMPLIANCE}`, chunkedHeaders, Array.from({ length: 40 }, () => "x".repeat(100_000)))).toBe(413);
    expect(await db.webhookEvent.count({ where: { webhookId } })).toBe(0);
  });

  it("acknowledges a replayed delivery (same webhook id) without a second event or job", async () => {
    const webhookId = randomUUID();
    const body = JSON.stringify(customerRedactPayload({ customerId: 777001 }));
    const delivery = { topic: "customers/redact", shop: SHOP, body, webhookId };
    const first = await deliverWebhook(app.url, COMPLIANCE, delivery, secret);
    const again = await Promise.all([1, 2, 3].map(() => deliverWebhook(app.url, COMPLIANCE, delivery, secret)));
    expect([first.status, ...again.map((r) => r.status)]).toEqual([200, 200, 200, 200]);
    expect(await db.webhookEvent.count({ where: { webhookId } })).toBe(1);
    const event = await db.webhookEvent.findUniqueOrThrow({ where: { webhookId } });
    expect(await db.job.count({ where: { payload: { contains: event.id } } })).toBe(1);
  });

  it("a re-sent event (new webhook id, same event id) is stored but acted on once", async () => {
    const eventId = randomUUID();
    const body = JSON.stringify(customerRedactPayload({ customerId: 777002 }));
    for (let i = 0; i < 2; i++) {
      const r = await deliverWebhook(app.url, COMPLIANCE, { topic: "customers/redact", shop: SHOP, body, eventId }, secret);
      expect(r.status).toBe(200);
    }
    const events = await db.webhookEvent.findMany({ where: { eventId }, orderBy: { receivedAt: "asc" } });
    expect(events).toHaveLength(2);
    expect(events.filter((e) => e.status === "duplicate")).toHaveLength(1);
    expect(await db.job.count({ where: { idempotencyKey: `webhook-event:CUSTOMERS_REDACT:${eventId}` } })).toBe(1);
  });

  it.each([
    ["not JSON", "this is { not json"],
    ["a payload missing the customer", JSON.stringify({ shop_id: 1, shop_domain: SHOP, orders_to_redact: [] })],
    ["a payload for another shop", JSON.stringify(customerRedactPayload({ shop: "other-shop.myshopify.com" }))],
  ])("stores a verified but unprocessable delivery (%s), answers 200 and queues no job", async (_label, body) => {
    const webhookId = randomUUID();
    const response = await deliverWebhook(app.url, COMPLIANCE, { topic: "customers/redact", shop: SHOP, body, webhookId }, secret);
    expect(response.status).toBe(200);
    const event = await db.webhookEvent.findUniqueOrThrow({ where: { webhookId } });
    expect(event.status).toBe("unprocessable");
    expect(event.problem).toBeTruthy();
    expect(event.problem).not.toContain("ada.example");
    expect(await db.job.count({ where: { payload: { contains: event.id } } })).toBe(0);
    const audit = await db.auditEntry.findFirst({ where: { shopDomain: SHOP, action: "webhook.unprocessable", subjectId: event.id } });
    expect(audit).not.toBeNull();
  });

  it("stores a topic delivered to the wrong endpoint as unprocessable", async () => {
    const webhookId = randomUUID();
    const body = JSON.stringify(appUninstalledPayload());
    const response = await deliverWebhook(app.url, COMPLIANCE, { topic: "app/uninstalled", shop: SHOP, body, webhookId }, secret);
    expect(response.status).toBe(200);
    expect((await db.webhookEvent.findUniqueOrThrow({ where: { webhookId } })).status).toBe("unprocessable");
  });

  it("processes app/uninstalled: sessions removed, shop marked uninstalled, data kept", async () => {
    const shop = "uninstall-test.myshopify.com";
    await db.session.create({ data: { id: `offline_${shop}`, shop, state: "x", accessToken: "v1.sealed" } });
    const webhookId = randomUUID();
    const body = JSON.stringify(appUninstalledPayload({ shop }));
    const response = await deliverWebhook(app.url, "/webhooks/app/uninstalled", { topic: "app/uninstalled", shop, body, webhookId }, secret);
    expect(response.status).toBe(200);
    await waitFor(async () => (await db.webhookEvent.findUnique({ where: { webhookId } }))?.status === "processed");
    expect(await db.session.count({ where: { shop } })).toBe(0);
    expect(await db.shop.findUnique({ where: { domain: shop } })).toMatchObject({ status: "uninstalled" });
    expect(await db.webhookEvent.count({ where: { webhookId } })).toBe(1);
  });
});
