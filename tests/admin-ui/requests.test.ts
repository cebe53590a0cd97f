// The embedded admin in real Chromium, through the sandbox admin shell (App Bridge stub, session
// tokens), against the BUILT app, a real database and the Admin API stand-in over HTTP.
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/platform/db.server";
import { startAdminApiStandin, type AdminApiStandin } from "../../sandbox/admin-api/server";
import { GRACE_ORDER_COUNT, SANDBOX_ACCESS_TOKEN, SANDBOX_CUSTOMERS, SANDBOX_SHOP_DOMAIN } from "../../sandbox/admin-api/seed";
import { startAdminShell, type AdminShell } from "../../sandbox/admin-shell/server";
import { customerRedactPayload } from "../fixtures/webhooks";
import { BROWSER_UA, installOfflineSession } from "../helpers/admin-session";
import { fileStorefrontRequest } from "../helpers/requests";
import { startApp, type RunningApp } from "../helpers/app-server";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { openDb, waitFor } from "../helpers/db-client";
import { deliverWebhook } from "../../sandbox/signing/webhook";
import { launchChromium } from "../helpers/storefront/browser";
import { testAppEnv } from "../helpers/test-env";
import { formatInZone } from "../../app/modules/shop-profile/rules/time-zone";
import { untilHydrated } from "../helpers/hydration";

const SHOP = SANDBOX_SHOP_DOMAIN;
const numericId = (gid: string) => gid.split("/").pop()!;
// Bulk operations stay RUNNING (counts growing) for this many status reads unless the test lets them finish.
const HELD_POLLS = 50;

let database: TestDatabase;
let standin: AdminApiStandin;
let app: RunningApp;
let db: Db;
let env: Record<string, string>;
let shell: AdminShell;
let browser: Browser;
let context: BrowserContext | undefined;
let outsideRequests: string[] = [];
let pageErrors: string[] = [];

beforeAll(async () => {
  [database, standin, browser] = await Promise.all([createTestDatabase(), startAdminApiStandin({ bulkOperationPolls: HELD_POLLS }), launchChromium()]);
  env = testAppEnv(database.url, { SHOPIFY_ADMIN_API_ORIGIN: standin.url, EXPORT_BULK_ORDERS_ABOVE: "100" });
  app = await startApp(env);
  db = openDb(database.url);
  await installOfflineSession(db, env, SHOP, SANDBOX_ACCESS_TOKEN);
  shell = await startAdminShell({ appOrigin: app.url, apiKey: env.SHOPIFY_API_KEY!, apiSecret: env.SHOPIFY_API_SECRET!, shop: SHOP });
});

afterAll(async () => {
  await browser?.close();
  await shell?.close();
  await db?.$disconnect();
  await app?.stop();
  await standin?.close();
  await database?.drop();
});

afterEach(async () => {
  await context?.close();
  context = undefined;
  // Nothing may need the internet: every request stays on the shell.
  expect(outsideRequests).toEqual([]);
  expect(pageErrors).toEqual([]);
});

async function openAdmin(path: string): Promise<Page> {
  // A normal desktop browser (headless Chromium's own user agent is refused as a bot, as in the real admin).
  context = await browser.newContext({ userAgent: BROWSER_UA, acceptDownloads: true });
  const page = await context.newPage();
  outsideRequests = [];
  pageErrors = [];
  page.on("request", (r) => {
    if (!r.url().startsWith(shell.url) && !r.url().startsWith("blob:")) outsideRequests.push(r.url());
  });
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await page.goto(`${shell.url}${path}`);
  await page.locator("[data-sandbox-banner]").waitFor();
  await untilHydrated(page);
  return page;
}

function storefrontRequest(type: string, customerGid: string, email: string) {
  return fileStorefrontRequest({ appUrl: app.url, env, db, shop: SHOP }, { type, email, customerGid });
}

async function download(page: Page, format: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent("download", { timeout: 90_000 }), page.getByRole("button", { name: new RegExp(`^Download ${format.toUpperCase()} `) }).first().click()]);
  const path = await file.path();
  return readFile(path, "utf8");
}

const stage = (page: Page) => page.locator("[data-export-stage]");

describe("request page in the admin", () => {
  it("opens a request from the list, exports with visible progress, and downloads JSON, CSV and HTML", async () => {
    const request = await storefrontRequest("access", SANDBOX_CUSTOMERS.grace, "grace.sample@example.com");
    const page = await openAdmin("/app/requests");
    await page.getByRole("link", { name: request.reference }).click();
    await page.getByRole("heading", { name: request.reference }).waitFor();
    await expect.poll(() => page.getByText("No export files.").isVisible()).toBe(true);

    await page.getByRole("button", { name: "Export from Shopify" }).click();
    await page.getByText(/^Export started/).waitFor();
    // Shopify's bulk operation is running: the page keeps polling and the order count grows.
    await expect
      .poll(async () => Number((/: (\d+) of 260 orders so far/.exec((await stage(page).textContent()) ?? "") ?? [])[1] ?? 0), { timeout: 30_000 })
      .toBeGreaterThan(0);
    expect(await stage(page).getAttribute("data-export-stage")).toBe("bulk_running");
    expect(await page.getByRole("progressbar").count()).toBe(1);

    for (const operation of standin.state.shop().bulkOperations.values()) operation.pollsUntilComplete = 0;
    await expect.poll(() => stage(page).getAttribute("data-export-stage"), { timeout: 30_000 }).toBe("done");
    expect(await stage(page).textContent()).toBe(`Export ready with ${GRACE_ORDER_COUNT} orders (read with a Shopify bulk operation).`);

    const json = JSON.parse(await download(page, "json")) as { shopify: { method: string; orders: { name: string }[]; customer: { id: string } } };
    expect(json.shopify.method).toBe("bulk");
    expect(json.shopify.customer.id).toBe(SANDBOX_CUSTOMERS.grace);
    expect(json.shopify.orders).toHaveLength(GRACE_ORDER_COUNT);
    const csv = await download(page, "csv");
    expect(csv.startsWith(`"section","item","field","value"\r\n`)).toBe(true);
    expect(csv).toContain(`"shopify_customer","1","defaultEmailAddress.emailAddress","grace.sample@example.com"`);
    expect(csv).toContain(`"request","1","reference","${request.reference}"`);
    const html = await download(page, "html");
    expect(html).toContain(`>Orders (${GRACE_ORDER_COUNT})</h2>`);
    expect(html).toContain(request.reference);

    // The downloaded summary renders on its own, offline, and loads nothing.
    const summary = await context!.newPage();
    const loads: string[] = [];
    summary.on("request", (r) => loads.push(r.url()));
    await summary.setContent(html);
    expect(await summary.getByRole("heading", { level: 1 }).textContent()).toBe(`Your personal data held by ${SHOP}`);
    expect(loads).toEqual([]);
  }, 300_000);

  it("erases: the request waits for Shopify, then a signed customers/redact completes it", async () => {
    const request = await storefrontRequest("erasure", SANDBOX_CUSTOMERS.alan, "alan.placeholder@example.com");
    const page = await openAdmin(`/app/requests/${request.id}`);
    await page.getByRole("button", { name: "Erase in Shopify" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText(/about 10 days, and up to 6 months/).waitFor();
    // Nothing happens until the merchant confirms in the modal.
    expect(standin.calls.filter((c) => c.field === "customerRequestDataErasure")).toEqual([]);
    await dialog.getByRole("button", { name: "Erase in Shopify" }).click();
    await page.getByText(/^Erasure requested from Shopify/).waitFor();
    await page.getByText("Awaiting shopify", { exact: true }).waitFor();
    expect(standin.calls.filter((c) => c.field === "customerRequestDataErasure").map((c) => c.args.customerId)).toEqual([SANDBOX_CUSTOMERS.alan]);

    const webhookId = randomUUID();
    const body = JSON.stringify(customerRedactPayload({ shop: SHOP, customerId: Number(numericId(SANDBOX_CUSTOMERS.alan)), email: "alan.placeholder@example.com" }));
    const delivered = await deliverWebhook(app.url, "/webhooks/compliance", { topic: "customers/redact", shop: SHOP, body, webhookId }, env.SHOPIFY_API_SECRET!);
    expect(delivered.status).toBe(200);
    await waitFor(async () => (await db.webhookEvent.findUnique({ where: { webhookId } }))?.status === "processed");

    await page.reload();
    await untilHydrated(page);
    await page.getByText("Completed", { exact: true }).first().waitFor();
    expect(await page.getByText("The requester's personal data has been erased.").isVisible()).toBe(true);
    expect(await page.getByText("completed by Shopify: customers/redact").first().isVisible()).toBe(true);
  }, 60_000);

  it("extends the deadline with a reason and shows the new deadline", async () => {
    const request = await storefrontRequest("portability", SANDBOX_CUSTOMERS.linus, "linus.testperson@example.com");
    const page = await openAdmin(`/app/requests/${request.id}`);
    // Times show in the shop's time zone (the stand-in's shop is in Europe/Berlin), the zone named.
    const due = (date: Date) => formatInZone(date, "Europe/Berlin");
    await page.getByText(due(request.dueAt)).waitFor();

    await page.getByRole("button", { name: "More actions" }).click();
    await page.getByRole("menuitem", { name: "Extend deadline" }).click();
    const dialog = page.getByRole("dialog");
    // Without a reason: refused, with the reason asked for next to the field, nothing changed.
    await dialog.getByRole("button", { name: "Extend deadline" }).click();
    await dialog.getByText("Enter a reason: the law asks you to give the requester one.").first().waitFor();
    expect((await db.privacyRequest.findUniqueOrThrow({ where: { id: request.id } })).extendedDueAt).toBeNull();
    await dialog.getByLabel("Reason for extending the deadline (sent to the requester)").fill("Complex: several stores");
    await dialog.getByRole("button", { name: "Extend deadline" }).click();
    await page.getByText(/^Deadline extended/).waitFor();

    const extended = await db.privacyRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(extended.extendedDueAt!.getTime()).toBeGreaterThan(request.dueAt.getTime());
    await page.getByText(due(extended.extendedDueAt!)).waitFor();
    expect(await page.getByText("(extended: Complex: several stores)", { exact: false }).isVisible()).toBe(true);
    expect(await page.getByText(due(request.dueAt)).count()).toBe(0);
    // Extending twice is not offered.
    await page.getByRole("button", { name: "More actions" }).click();
    await page.getByRole("menuitem", { name: "Reject request" }).waitFor();
    expect(await page.getByRole("menuitem", { name: "Extend deadline" }).count()).toBe(0);
  }, 60_000);
});
