// The export job end to end over real HTTP: the built app, the Admin API stand-in (real 2026-07
// schema), a real database. Below EXPORT_BULK_ORDERS_ABOVE orders the job reads pages; above it,
// a bulk operation (bulkOperationRunQuery, bulkOperation(id:) polls, JSONL download).
import { beforeAll, describe, expect, it } from "vitest";
import { cipherContext } from "../../app/platform/protected-data/registry";
import type { Db } from "../../app/platform/db.server";
import { decryptField } from "../../app/platform/crypto";
import type { AdminApiStandin } from "../../sandbox/admin-api/server";
import { GRACE_ORDER_COUNT, SANDBOX_CUSTOMERS, SANDBOX_SHOP_DOMAIN } from "../../sandbox/admin-api/seed";
import { adminHeaders, installOfflineSession } from "../helpers/admin-session";
import { fileStorefrontRequest, requestAction } from "../helpers/requests";
import type { RunningApp } from "../helpers/app-server";
import { waitFor } from "../helpers/db-client";
import { useSandboxShopApp } from "../helpers/app-fixture";
import { keyRingOf } from "../helpers/keys";

const SHOP = SANDBOX_SHOP_DOMAIN;

let standin: AdminApiStandin;
let app: RunningApp;
let db: Db;
let env: Record<string, string>;

const fixture = useSandboxShopApp({ standin: { bulkOperationPolls: 2 }, env: { EXPORT_BULK_ORDERS_ABOVE: "100" } });
beforeAll(() => {
  ({ standin, app, db, env } = fixture);
});

function accessRequest(customerGid: string, email: string) {
  return fileStorefrontRequest({ appUrl: app.url, env, db, shop: SHOP }, { type: "access", email, customerGid });
}

function startExport(requestId: string) {
  return requestAction({ appUrl: app.url, env, shop: SHOP }, requestId, { intent: "export" });
}

async function exportFiles(requestId: string) {
  await waitFor(async () => (await db.exportProgress.findUnique({ where: { requestId } }))?.stage === "done", { timeoutMs: 60_000 });
  const files = await db.exportFile.findMany({ where: { requestId }, orderBy: { format: "asc" } });
  const read = (format: string) => {
    const file = files.find((f) => f.format === format)!;
    return decryptField(keyRingOf(env), file.contentCipher, cipherContext.exportFile(file.id));
  };
  return { files, json: JSON.parse(read("json")), csv: read("csv"), html: read("html") };
}

describe("request export", () => {
  it("reads a customer with many orders through a bulk operation, with progress, into JSON, CSV and HTML", async () => {
    const request = await accessRequest(SANDBOX_CUSTOMERS.grace, "grace.sample@example.com");
    const before = standin.requests.length;
    expect((await startExport(request.id)).status).toBe(200);
    const { files, json, csv, html } = await exportFiles(request.id);

    expect(files.map((f) => f.format)).toEqual(["csv", "html", "json"]);
    const operations = standin.requests.slice(before).map((r) => r.operationName);
    expect(operations).toContain("CustomerBulkOrdersExport");
    expect(operations.filter((name) => name === "BulkOperationStatus").length).toBeGreaterThanOrEqual(3);
    expect(operations).not.toContain("CustomerOrdersPage");

    expect(json.shopify.method).toBe("bulk");
    expect(json.shopify.orders).toHaveLength(GRACE_ORDER_COUNT);
    const expectedLineItems = standin.state.ordersOf(SANDBOX_CUSTOMERS.grace).reduce((sum, o) => sum + o.lineItems.length, 0);
    expect(json.shopify.orders.reduce((sum: number, o: { lineItems: unknown[] }) => sum + o.lineItems.length, 0)).toBe(expectedLineItems);
    expect(json.shopify.orders[0]).toMatchObject({ name: "#1004", shippingAddress: { city: "Testville" }, lineItems: [expect.objectContaining({ sku: expect.any(String) })] });

    expect(csv.split("\r\n").filter((line) => line.startsWith(`"shopify_order","`) && line.includes(`"name"`))).toHaveLength(GRACE_ORDER_COUNT);
    expect(html).toContain(`>Orders (${GRACE_ORDER_COUNT})</h2>`);
    // Written for the person: every order with its number, no Shopify ids.
    expect(html).not.toContain("gid://");
    expect(html.match(/<h3>Order #/g)).toHaveLength(GRACE_ORDER_COUNT);

    const progress = await db.exportProgress.findUniqueOrThrow({ where: { requestId: request.id } });
    expect(progress).toMatchObject({ stage: "done", method: "bulk", ordersDone: GRACE_ORDER_COUNT, ordersTotal: GRACE_ORDER_COUNT, problem: null });
    const audit = await db.auditEntry.findFirstOrThrow({ where: { shopDomain: SHOP, action: "export.created", subjectId: request.id } });
    expect(JSON.parse(audit.metadata)).toMatchObject({ files: 3, orders: GRACE_ORDER_COUNT, method: "bulk" });
  }, 90_000);

  it("reads a small customer page by page with addresses, consent, tags and metafields, and serves the HTML as an inert download", async () => {
    const request = await accessRequest(SANDBOX_CUSTOMERS.ada, "ada.example@example.com");
    expect((await startExport(request.id)).status).toBe(200);
    const { files, json, csv, html } = await exportFiles(request.id);
    const ada = standin.state.customer(SANDBOX_CUSTOMERS.ada)!;

    expect(json.shopify).toMatchObject({ method: "pages", withheld: [] });
    expect(json.shopify.orders).toHaveLength(3);
    expect(json.shopify.addresses.map((a: { address1: string }) => a.address1)).toEqual(ada.addresses.map((a) => a.address1));
    expect(json.shopify.metafields.map((m: { key: string }) => m.key)).toEqual(ada.metafields.map((m) => m.key));
    expect(json.shopify.customer).toMatchObject({ tags: ada.tags, dataSaleOptOut: false, defaultEmailAddress: { emailAddress: ada.email, marketingState: "SUBSCRIBED", marketingOptInLevel: "CONFIRMED_OPT_IN" } });

    expect(csv).toContain(`"shopify_customer","1","defaultEmailAddress.marketingState","SUBSCRIBED"`);
    expect(csv).toContain(`"shopify_customer","1","tags","newsletter, vip"`);
    expect(csv).toContain(`"shopify_metafield","1","key","shoe_size"`);
    expect(csv).toContain(`"shopify_address","2","address1","100 Sample Avenue"`);
    expect(csv).toContain(`"shopify_order_line_item","1.1","title",`);

    for (const text of ["Email marketing</th><td>Subscribed", "Confirmed opt in", "Shoe size", "gold", "vip", "newsletter", "100 Sample Avenue", "#1001", "Gift wrap, please.", request.reference]) expect(html).toContain(text);
    for (const text of ["gid://", "defaultAddress.provinceCode", "SUBSCRIBED", "shoe_size"]) expect(html).not.toContain(text);

    const htmlFile = files.find((f) => f.format === "html")!;
    const download = await fetch(new URL(`/app/requests/${request.id}/exports/${htmlFile.id}`, app.url), { headers: adminHeaders(env, SHOP) });
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(download.headers.get("content-disposition")).toBe(`attachment; filename="${request.reference}.html"`);
    expect(download.headers.get("content-security-policy")).toMatch(/^sandbox; default-src 'none'/);
    expect(await download.text()).toBe(html);
  }, 60_000);

  it("refuses a second export while one is running, and allows one once the first is stale", async () => {
    const request = await accessRequest(SANDBOX_CUSTOMERS.linus, "linus.testperson@example.com");
    await db.exportProgress.create({ data: { requestId: request.id, shopDomain: SHOP, stage: "bulk_running", ordersDone: 0, startedAt: new Date() } });
    const refused = await startExport(request.id);
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("already running");
    expect(await db.job.count({ where: { kind: "request.export", payload: { contains: request.id } } })).toBe(0);

    await db.exportProgress.update({ where: { requestId: request.id }, data: { updatedAt: new Date(Date.now() - 20 * 60_000) } });
    expect((await startExport(request.id)).status).toBe(200);
    const { json } = await exportFiles(request.id);
    expect(json.shopify.orders).toHaveLength(1);
  }, 60_000);

  it("records a failed bulk operation on the request page, stores no files, and leaves the job to retry", async () => {
    const request = await accessRequest(SANDBOX_CUSTOMERS.grace, "grace.sample@example.com");
    standin.state.shop().bulkFailure = "INTERNAL_SERVER_ERROR";
    try {
      expect((await startExport(request.id)).status).toBe(200);
      const failed = await waitFor(async () => {
        const row = await db.exportProgress.findUnique({ where: { requestId: request.id } });
        return row?.stage === "failed" ? row : null;
      }, { timeoutMs: 30_000 });
      expect(failed).toMatchObject({ method: "bulk", problem: "Shopify GRAPHQL_ERROR: the bulk operation ended FAILED (INTERNAL_SERVER_ERROR)" });
    } finally {
      standin.state.shop().bulkFailure = null;
    }
    expect(await db.exportFile.count({ where: { requestId: request.id } })).toBe(0);
    const job = await waitFor(() => db.job.findFirst({ where: { kind: "request.export", payload: { contains: request.id }, status: "pending", attempts: 1 } }));
    expect(job.runAt.getTime()).toBeGreaterThan(Date.now());
    const url = new URL(`/app/requests/${request.id}`, app.url);
    url.searchParams.set("_data", "routes/app.requests.$id");
    const detail = (await (await fetch(url, { headers: adminHeaders(env, SHOP) })).json()) as { exportProgress: { stage: string; problem: string } };
    // Stored with its code for the logs; the page says what happened in the admin's words, not Shopify's status codes.
    expect(detail.exportProgress).toMatchObject({ stage: "failed", problem: "Shopify stopped reading the customer's orders before the end" });
    url.searchParams.set("locale", "de");
    const german = (await (await fetch(url, { headers: adminHeaders(env, SHOP) })).json()) as { exportProgress: { problem: string } };
    expect(german.exportProgress.problem).toBe("Shopify hat das Lesen der Bestellungen des Kunden vorzeitig beendet");
  }, 60_000);

  it("shows another shop nothing of an export's progress", async () => {
    const other = "other-export-shop.myshopify.com";
    await installOfflineSession(db, env, other);
    const done = await db.exportProgress.findFirstOrThrow({ where: { shopDomain: SHOP, stage: "done" } });
    const url = new URL(`/app/requests/${done.requestId}`, app.url);
    url.searchParams.set("_data", "routes/app.requests.$id");
    const foreign = await fetch(url, { headers: adminHeaders(env, other) });
    expect(foreign.status).toBe(404);
    const own = (await (await fetch(url, { headers: adminHeaders(env, SHOP) })).json()) as { exportProgress: { stage: string } | null };
    expect(own.exportProgress?.stage).toBe("done");
  });
});
