// The newcomer's path through the local sandbox, in Chromium, against what `npm run local` starts:
// consent on the storefront, a guest request verified with the emailed code, the request in the
// admin, export and download, an erasure Shopify confirms, and the audit chain verified.
// With SANDBOX_SCREENSHOTS=docs/screenshots the pictures in the README are retaken.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_CUSTOMERS } from "../../sandbox/admin-api/seed";
import { startSandbox, type Sandbox } from "../../sandbox/start";
import { BROWSER_UA } from "../helpers/admin-session";
import { assertBuilt, ROOT } from "../helpers/app-server";
import { openDb } from "../helpers/db-client";
import { launchChromium } from "../helpers/storefront/browser";
import { testAppEnv } from "../helpers/test-env";
import type { Db } from "../../app/platform/db.server";
import { untilHydrated } from "../helpers/hydration";

const GUEST_EMAIL = "ada.example@example.com";
const ADA_ID = SANDBOX_CUSTOMERS.ada.split("/").pop()!;

let dir: string;
let sandbox: Sandbox;
let browser: Browser;
let context: BrowserContext;
let db: Db;
let appOutput = "";
const shots = process.env.SANDBOX_SCREENSHOTS ? resolve(ROOT, process.env.SANDBOX_SCREENSHOTS) : null;

async function shot(page: Page, name: string): Promise<void> {
  const path = join(shots ?? join(dir, "screenshots"), `${name}.png`);
  await page.screenshot({ path, fullPage: false });
}

/** Reloads until the locator shows up (pages that show background work's results). */
async function reloadUntil(page: Page, selector: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await page.locator(selector).count()) > 0) return;
    if (Date.now() > deadline) throw new Error(`${selector} did not appear within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 500));
    await page.reload();
  }
}

beforeAll(async () => {
  assertBuilt();
  dir = mkdtempSync(join(tmpdir(), "sandbox-newcomer-"));
  mkdirSync(shots ?? join(dir, "screenshots"), { recursive: true });
  const appEnv = testAppEnv(`file:${join(dir, "sandbox.sqlite")}`);
  sandbox = await startSandbox({ appEnv, redactDelayMs: 300, onAppOutput: (chunk) => (appOutput += chunk) });
  db = openDb(sandbox.appEnv.DATABASE_URL!);
  browser = await launchChromium();
  // Headless Chromium names itself HeadlessChrome, which the admin's bot check refuses (410).
  context = await browser.newContext({ viewport: { width: 1280, height: 860 }, acceptDownloads: true, userAgent: BROWSER_UA });
}, 120_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await db?.$disconnect();
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the sandbox, as a newcomer walks it", () => {
  it("storefront consent, guest request with emailed code, admin export and download, erasure, audit verified", async () => {
    const page = await context.newPage();
    // Nothing may come from the internet: every request stays on loopback.
    const external: string[] = [];
    page.on("request", (r) => {
      const host = new URL(r.url()).hostname;
      if (!["127.0.0.1", "localhost"].includes(host) && !r.url().startsWith("data:") && !r.url().startsWith("blob:")) external.push(r.url());
    });

    // 1. The sandbox home says what is running and that it is not a real store.
    await page.goto(`${sandbox.storefrontUrl}/sandbox`);
    await expect(page.locator("[data-sandbox-banner]").textContent()).resolves.toContain("Sandbox");
    await shot(page, "1-sandbox-home");

    // 2. The storefront shows the banner (a GDPR region); accepting records consent in the app.
    await page.goto(`${sandbox.storefrontUrl}/`);
    await page.waitForSelector("#pc-b:not([hidden])");
    await shot(page, "2-storefront-banner");
    await page.click("#pc-b [data-pc=accept]");
    await expect.poll(() => db.consentRecord.count({ where: { shopDomain: sandbox.shop } }), { timeout: 10_000 }).toBe(1);
    await page.reload();
    expect(await page.locator("#pc-b:not([hidden])").count()).toBe(0); // the choice is remembered

    // 3. A guest asks for their data; the code arrives in the sandbox mailbox.
    await page.selectOption("#pf-b1-type", "access");
    await page.fill("#pf-b1-email", GUEST_EMAIL);
    await page.fill("#pf-b1-msg", "Please send me what you hold about me.");
    await page.click(".pf-req [type=submit]");
    await page.waitForSelector(".pf-code:not([hidden])");
    const reference = ((await page.textContent(".pf-code .pf-ref")) ?? "").trim();
    expect(reference).toMatch(/^PR-/);

    const mailbox = await context.newPage();
    await mailbox.goto(`${sandbox.storefrontUrl}/sandbox/mailbox`);
    await reloadUntil(mailbox, `[data-mailbox] a`);
    await shot(mailbox, "3-mailbox");
    await mailbox.click(`[data-mailbox] a`);
    const body = (await mailbox.textContent("[data-message-body]")) ?? "";
    expect(body).toContain(reference);
    const code = /\b(\d{6})\b/.exec(body)?.[1];
    expect(code).toMatch(/^\d{6}$/);
    await mailbox.close();

    await page.fill("#pf-b1-code", code!);
    await page.click(".pf-code [type=submit]");
    await page.waitForSelector(".pf-done:not([hidden])");
    await shot(page, "4-request-verified");

    // 4. The merchant finds it in the admin, exports it from Shopify and downloads the JSON.
    await page.goto(sandbox.adminUrl.replace(/\/app$/, "/app/requests"));
    await untilHydrated(page);
    await page.getByText(reference).first().click();
    await page.waitForSelector(`text=${reference}`);
    await page.getByRole("button", { name: "Export from Shopify" }).click();
    await reloadUntil(page, "button:has-text('Download JSON')", 60_000);
    await untilHydrated(page);
    await shot(page, "5-admin-export");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: /Download JSON/ }).click()]);
    const exported = JSON.parse(readFileSync((await download.path())!, "utf8")) as { shopify: { customer: { id: string }; orders: unknown[] } };
    expect(exported.shopify.customer.id).toBe(SANDBOX_CUSTOMERS.ada);
    expect(exported.shopify.orders.length).toBe(sandbox.standin.state.ordersOf(SANDBOX_CUSTOMERS.ada).length);

    // 5. Signed in as the same customer, an erasure request needs no code; the merchant erases in
    // Shopify and the sandbox's Shopify confirms with customers/redact.
    await page.goto(`${sandbox.storefrontUrl}/`);
    await page.selectOption("[data-sandbox-controls] select[name=customer]", ADA_ID);
    await page.click("[data-sandbox-controls] button[type=submit]:not([formaction])");
    await page.waitForSelector("#pf-b1-type");
    await page.selectOption("#pf-b1-type", "erasure");
    await page.click(".pf-req [type=submit]");
    await page.waitForSelector(".pf-done:not([hidden])");
    const erasureRef = ((await page.textContent(".pf-done .pf-ref")) ?? "").trim();

    await page.goto(sandbox.adminUrl.replace(/\/app$/, "/app/requests"));
    await untilHydrated(page);
    await page.getByText(erasureRef).first().click();
    await page.getByRole("button", { name: "Erase in Shopify" }).click();
    // Erasure is final: a modal says what happens (and how long Shopify takes) before it is asked for.
    await page.getByRole("dialog").getByRole("button", { name: "Erase in Shopify" }).click();
    await page.waitForSelector("text=Awaiting Shopify");
    await reloadUntil(page, "text=completed by Shopify", 30_000);
    await shot(page, "6-admin-erasure-completed");

    // 6. The audit chain of everything above verifies.
    await page.goto(sandbox.adminUrl.replace(/\/app$/, "/app/audit"));
    await untilHydrated(page);
    await page.getByRole("button", { name: "Verify the chain" }).click();
    await page.waitForSelector("text=/intact|verified/i");
    await shot(page, "7-audit-verified");

    expect(external).toEqual([]);
    expect(appOutput).not.toContain(GUEST_EMAIL);
  }, 240_000);
});
