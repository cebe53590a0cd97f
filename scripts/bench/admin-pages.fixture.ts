// Fixture for admin-pages.bench.mjs (run with vite-node; not a bench itself): a fresh SQLite database,
// the Admin API stand-in, the BUILT app with an installed offline session, REQUESTS access requests
// opened by signed customers/data_request deliveries (each with its export files), and the admin
// shell in front. Prints one JSON line {"shell", "requestId"} and runs until stdin closes or SIGTERM.
import { randomUUID } from "node:crypto";
import { startAdminApiStandin } from "../../sandbox/admin-api/server";
import { SANDBOX_ACCESS_TOKEN, SANDBOX_SHOP_DOMAIN } from "../../sandbox/admin-api/seed";
import { startAdminShell } from "../../sandbox/admin-shell/server";
import { dataRequestPayload } from "../../tests/fixtures/webhooks";
import { installOfflineSession } from "../../tests/helpers/admin-session";
import { startApp } from "../../tests/helpers/app-server";
import { createTestDatabase } from "../../tests/helpers/database";
import { openDb, waitFor } from "../../tests/helpers/db-client";
import { deliverWebhook } from "../../sandbox/signing/webhook";
import { testAppEnv } from "../../tests/helpers/test-env";

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 40);
const SHOP = SANDBOX_SHOP_DOMAIN;

const database = await createTestDatabase();
const standin = await startAdminApiStandin();
const env = testAppEnv(database.url, { SHOPIFY_ADMIN_API_ORIGIN: standin.url, LOG_LEVEL: "warn" });
const app = await startApp(env);
const db = openDb(database.url);

async function cleanup() {
  await db.$disconnect();
  await app.stop();
  await standin.close();
  await database.drop();
}

try {
  await installOfflineSession(db, env, SHOP, SANDBOX_ACCESS_TOKEN);
  for (let i = 0; i < REQUESTS; i += 1) {
    const body = JSON.stringify(dataRequestPayload({ shop: SHOP, customerId: 7100000000 + i, email: `bench.person${i}@example.com`, requestId: 500 + i }));
    const response = await deliverWebhook(app.url, "/webhooks/compliance", { topic: "customers/data_request", shop: SHOP, body, webhookId: randomUUID() }, env.SHOPIFY_API_SECRET!);
    if (response.status !== 200) throw new Error(`data_request delivery answered ${response.status}`);
  }
  await waitFor(async () => (await db.privacyRequest.count({ where: { shopDomain: SHOP, status: "in_progress" } })) >= REQUESTS, { timeoutMs: 120_000, intervalMs: 200 });
  const request = await db.privacyRequest.findFirstOrThrow({ where: { shopDomain: SHOP }, orderBy: { receivedAt: "desc" } });
  const shell = await startAdminShell({ appOrigin: app.url, apiKey: env.SHOPIFY_API_KEY!, apiSecret: env.SHOPIFY_API_SECRET!, shop: SHOP });
  console.info(JSON.stringify({ shell: shell.url, requestId: request.id }));

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await shell.close();
    await cleanup();
    process.exit(0);
  };
  process.stdin.on("end", () => void stop());
  process.stdin.resume();
  process.once("SIGTERM", () => void stop());
} catch (error) {
  console.error(error);
  await cleanup();
  process.exit(1);
}
