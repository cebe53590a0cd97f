import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/platform/db.server";
import { startApp } from "../helpers/app-server";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { openDb, waitFor } from "../helpers/db-client";
import { deliverWebhook } from "../../sandbox/signing/webhook";
import { testAppEnv } from "../helpers/test-env";
import { customerRedactPayload } from "../fixtures/webhooks";

let database: TestDatabase;
let db: Db;
let env: Record<string, string>;

beforeAll(async () => {
  database = await createTestDatabase();
  // Short leases so jobs cut off by SIGKILL become claimable again quickly.
  env = testAppEnv(database.url, { LOG_LEVEL: "warn", JOB_LEASE_SECONDS: "3" });
  db = openDb(database.url);
});
afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

function redactDelivery(shop: string, customerId: number) {
  return { topic: "customers/redact", shop, body: JSON.stringify(customerRedactPayload({ shop, customerId })), webhookId: randomUUID() };
}

describe("webhook durability", () => {
  it("300 concurrent deliveries, each sent twice: all answered 200, each stored and acted on once", async () => {
    const app = await startApp(env);
    try {
      const shop = "concurrent.myshopify.com";
      const deliveries = Array.from({ length: 150 }, (_, i) => redactDelivery(shop, 10_000 + i));
      const all = [...deliveries, ...deliveries].sort(() => Math.random() - 0.5);
      const statuses = await Promise.all(all.map((d) => deliverWebhook(app.url, "/webhooks/compliance", d, env.SHOPIFY_API_SECRET!).then((r) => r.status)));
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
      expect(await db.webhookEvent.count({ where: { shopDomain: shop } })).toBe(150);
      expect(await db.job.count({ where: { shopDomain: shop } })).toBe(150);
      await waitFor(async () => (await db.webhookEvent.count({ where: { shopDomain: shop, status: "processed" } })) === 150, { timeoutMs: 60_000 });
      expect(await db.auditEntry.count({ where: { shopDomain: shop, action: "customer.redacted" } })).toBe(150);
    } finally {
      await app.stop();
    }
  }, 120_000);

  it("SIGKILL mid-traffic loses no acknowledged delivery: after restart each is stored and processed", async () => {
    const shop = "killed.myshopify.com";
    const first = await startApp(env);
    const acknowledged: string[] = [];
    let sent = 0;
    let killed = false;
    const sender = async () => {
      while (!killed && sent < 2_000) {
        const delivery = redactDelivery(shop, 20_000 + sent++);
        try {
          const response = await deliverWebhook(first.url, "/webhooks/compliance", delivery, env.SHOPIFY_API_SECRET!);
          if (response.ok) acknowledged.push(delivery.webhookId);
        } catch {
          // connection refused or reset by the kill: not acknowledged, Shopify would retry
        }
      }
    };
    const senders = Array.from({ length: 16 }, sender);
    await waitFor(async () => acknowledged.length >= 120, { timeoutMs: 60_000, intervalMs: 5 });
    await first.kill();
    killed = true;
    await Promise.all(senders);
    expect(acknowledged.length).toBeGreaterThanOrEqual(120);

    const stored = await db.webhookEvent.findMany({ where: { webhookId: { in: acknowledged } }, select: { webhookId: true } });
    expect(stored.length).toBe(acknowledged.length);

    const second = await startApp(env);
    try {
      await waitFor(
        async () => (await db.webhookEvent.count({ where: { webhookId: { in: acknowledged }, status: "processed" } })) === acknowledged.length,
        { timeoutMs: 90_000 },
      );
      // Every stored delivery (acknowledged or cut off after storing) is acted on exactly once.
      await waitFor(async () => (await db.job.count({ where: { shopDomain: shop, status: { not: "succeeded" } } })) === 0, { timeoutMs: 30_000 });
      const events = await db.webhookEvent.count({ where: { shopDomain: shop } });
      expect(await db.auditEntry.count({ where: { shopDomain: shop, action: "customer.redacted" } })).toBe(events);
    } finally {
      await second.stop();
    }
  }, 180_000);
});
