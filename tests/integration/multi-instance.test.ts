// Several app instances on one database (ADR 0014): two `npm start` processes started at the same
// moment on a fresh database (both migrate it), signed webhooks delivered alternately to both,
// retries sent to the other instance, a shared storefront rate limit, and the daily digest queued
// from two processes at once. What must hold: every acknowledged delivery stored once and acted on
// exactly once, every shop's audit chain intact, one limit across both, one job per period.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/platform/db.server";
import { verifyShopChain } from "../../app/modules/audit/audit.server";
import { signedProxyUrl } from "../../sandbox/signing/app-proxy";
import { deliverWebhook, type WebhookDelivery } from "../../sandbox/signing/webhook";
import { ADMIN_API_VERSION } from "../../app/platform/shopify/api-version";
import { ROOT, startApp, type RunningApp } from "../helpers/app-server";
import { runCliAsync } from "../helpers/cli";
import { createTestDatabase, testDatabaseKind, type TestDatabase } from "../helpers/database";
import { openDb, waitFor } from "../helpers/db-client";
import { testAppEnv } from "../helpers/test-env";
import { customerRedactPayload } from "../fixtures/webhooks";

const DELIVERIES = 300;
const SHOPS = Array.from({ length: 6 }, (_, i) => `multi-${i}.myshopify.com`);
const IP_LIMIT = 30;

let database: TestDatabase;
let apps: RunningApp[];
let db: Db;
let env: Record<string, string>;

beforeAll(async () => {
  database = await createTestDatabase();
  env = testAppEnv(database.url, { LOG_LEVEL: "warn", PROXY_RATE_LIMIT_PER_MINUTE: String(IP_LIMIT), PROXY_SHOP_RATE_LIMIT_PER_MINUTE: "100000" });
  // At the same moment, on a database nobody has migrated yet.
  apps = await Promise.all([startApp(env), startApp(env)]);
  db = openDb(database.url);
});
afterAll(async () => {
  await db?.$disconnect();
  await Promise.all((apps ?? []).map((app) => app.stop()));
  await database?.drop();
});

function startNodeProcess(env: Record<string, string>, file: string) {
  return spawn(process.execPath, [join(ROOT, file)], { cwd: ROOT, env: { NODE_ENV: "test", PATH: process.env.PATH ?? "", ...env }, stdio: "ignore" });
}

async function runNode(env: Record<string, string>, file: string, timeoutMs: number): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [join(ROOT, file)], { cwd: ROOT, env: { NODE_ENV: "test", PATH: process.env.PATH ?? "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr.on("data", (c: Buffer) => (output += c.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  clearTimeout(timer);
  return { code, output };
}

describe(`two instances on one ${testDatabaseKind()} database`, () => {
  it("both migrated the fresh database at once and serve", async () => {
    for (const app of apps) expect((await fetch(new URL("/healthz", app.url))).status).toBe(200);
    const applied = await db.$queryRawUnsafe<{ n: bigint | number }[]>(`SELECT count(*) AS n FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL`);
    const failed = await db.$queryRawUnsafe<{ n: bigint | number }[]>(`SELECT count(*) AS n FROM "_prisma_migrations" WHERE "rolled_back_at" IS NOT NULL OR "finished_at" IS NULL`);
    expect(Number(applied[0]!.n)).toBeGreaterThan(0);
    expect(Number(failed[0]!.n)).toBe(0);
  });

  it(`${DELIVERIES} signed deliveries alternately to both, retries to the other: each acknowledged one stored once and processed exactly once`, async () => {
    const deliveries: WebhookDelivery[] = Array.from({ length: DELIVERIES }, (_, i) => {
      const shop = SHOPS[i % SHOPS.length]!;
      return { topic: "customers/redact", shop, webhookId: randomUUID(), eventId: randomUUID(), apiVersion: ADMIN_API_VERSION, body: JSON.stringify(customerRedactPayload({ shop, customerId: 8_100_000 + i, email: `multi.${i}@example.com` })) };
    });
    const acknowledged = new Set<string>();
    const send = async (delivery: WebhookDelivery, app: RunningApp) => {
      const response = await deliverWebhook(app.url, "/webhooks/compliance", delivery, env.SHOPIFY_API_SECRET!);
      await response.text();
      if (response.status === 200) acknowledged.add(delivery.webhookId!);
      return response.status;
    };
    // 20 in flight at a time; delivery i goes to instance i % 2.
    const statuses: number[] = [];
    for (let i = 0; i < deliveries.length; i += 20) {
      statuses.push(...(await Promise.all(deliveries.slice(i, i + 20).map((d, j) => send(d, apps[(i + j) % 2]!)))));
    }
    // Shopify retries some (same webhook id) and re-sends some events under a new webhook id, each to the other instance.
    const retries = deliveries.slice(0, 40).map((d, i) => send(d, apps[(i + 1) % 2]!));
    const resent = deliveries.slice(40, 60).map((d, i) => send({ ...d, webhookId: randomUUID() }, apps[(i + 1) % 2]!));
    statuses.push(...(await Promise.all([...retries, ...resent])));
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(acknowledged.size).toBe(DELIVERIES + 20);

    const original = deliveries.map((d) => d.webhookId!);
    await waitFor(async () => (await db.webhookEvent.count({ where: { webhookId: { in: original }, status: "processed" } })) === DELIVERIES, { timeoutMs: 90_000, intervalMs: 250 });

    const events = await db.webhookEvent.findMany({ select: { id: true, webhookId: true, status: true } });
    expect(events).toHaveLength(DELIVERIES + 20); // retries stored nothing; re-sent events are kept as duplicates
    expect(new Set(events.map((e) => e.webhookId))).toEqual(acknowledged);
    expect(events.filter((e) => e.status === "duplicate")).toHaveLength(20);
    const jobs = await db.job.findMany({ where: { kind: "webhook.customers/redact" }, select: { payload: true, status: true, attempts: true } });
    expect(jobs).toHaveLength(DELIVERIES);
    expect(jobs.every((j) => j.status === "succeeded" && j.attempts === 1)).toBe(true);
    // The effect, once per event: one audit entry for each processed delivery, none for the duplicates.
    const processed = events.filter((e) => e.status === "processed").map((e) => e.id);
    expect(processed).toHaveLength(DELIVERIES);
    const audits = await db.auditEntry.findMany({ where: { action: "customer.redacted" }, select: { subjectId: true } });
    expect(audits.map((a) => a.subjectId).sort()).toEqual([...processed].sort());
    for (const shop of SHOPS) expect((await verifyShopChain(db, shop)).ok).toBe(true);
  });

  it(`holds one storefront rate limit across both (${IP_LIMIT} a minute per address)`, async () => {
    const shop = "multi-limits.myshopify.com";
    const statuses: number[] = [];
    for (let i = 0; i < IP_LIMIT * 3; i++) {
      const app = apps[i % 2]!;
      const url = signedProxyUrl(app.url, "/requests/PR-NOTHING", { shop }, env.SHOPIFY_API_SECRET!);
      const response = await fetch(url, { headers: { "X-Forwarded-For": "203.0.113.77", Accept: "application/json" } });
      await response.text();
      statuses.push(response.status);
    }
    const allowed = statuses.filter((s) => s !== 429).length;
    // In memory each instance would allow its own 30 (60 together).
    expect(Math.abs(allowed - IP_LIMIT)).toBeLessThanOrEqual(IP_LIMIT * 0.1);
    expect(statuses.slice(IP_LIMIT + 3).every((s) => s === 429)).toBe(true);
  });

  it(
    testDatabaseKind() === "postgres"
      ? "a web-only instance (JOB_WORKER=off) acknowledges and never processes; npm run worker processes"
      : "npm run worker refuses SQLite (the web process runs the jobs there), naming the reason",
    async () => {
      if (testDatabaseKind() === "sqlite") {
        const refused = await runNode(env, "server/worker.mjs", 20_000);
        expect(refused.code).toBe(1);
        expect(refused.output).toContain("npm run worker needs PostgreSQL");
        return;
      }
      const webOnly = await startApp({ ...env, JOB_WORKER: "off" });
      try {
        const shop = "multi-topology.myshopify.com";
        const delivery = { topic: "customers/redact", shop, webhookId: randomUUID(), body: JSON.stringify(customerRedactPayload({ shop, customerId: 8_200_001 })) };
        // Stop the identical instances' workers from taking it: they are stopped for this test.
        await Promise.all(apps.map((app) => app.stop()));
        expect((await deliverWebhook(webOnly.url, "/webhooks/compliance", delivery, env.SHOPIFY_API_SECRET!)).status).toBe(200);
        await new Promise((r) => setTimeout(r, 1_500));
        expect((await db.webhookEvent.findUniqueOrThrow({ where: { webhookId: delivery.webhookId } })).status).toBe("received");
        const worker = startNodeProcess(env, "server/worker.mjs");
        try {
          await waitFor(async () => (await db.webhookEvent.findUniqueOrThrow({ where: { webhookId: delivery.webhookId } })).status === "processed", { timeoutMs: 30_000 });
        } finally {
          worker.kill("SIGTERM");
        }
      } finally {
        await webOnly.stop();
        apps = [];
      }
    },
  );

  it("queues the daily digest once when two processes schedule it at the same moment", async () => {
    const runs = await Promise.all([runCliAsync(env, "digest:run"), runCliAsync(env, "digest:run")]);
    for (const run of runs) expect(run.code).toBe(0);
    const day = new Date().toISOString().slice(0, 10);
    expect(await db.job.count({ where: { kind: "digest.schedule", idempotencyKey: `digest.schedule:${day}` } })).toBe(1);
  });
});
