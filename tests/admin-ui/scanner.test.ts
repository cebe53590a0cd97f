// The tracker scanner end to end: the BUILT app runs scans as jobs against the sandbox storefront
// (its tracker pages' real hostnames mapped to fake trackers on loopback), the report page in
// Chromium through the admin shell, CSV export, and the owner's alert when a new tracker fires
// before consent, through real SMTP.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/platform/db.server";
import { decryptField, encryptField } from "../../app/platform/crypto";
import { SANDBOX_ACCESS_TOKEN, SANDBOX_SHOP_DOMAIN } from "../../sandbox/admin-api/seed";
import { startAdminApiStandin, type AdminApiStandin } from "../../sandbox/admin-api/server";
import { startAdminShell, type AdminShell } from "../../sandbox/admin-shell/server";
import { startSandboxServer, type SandboxServer } from "../../sandbox/server";
import { startFakeTrackers, type FakeTrackerServer } from "../../sandbox/storefront/trackers";
import { BROWSER_UA, installOfflineSession } from "../helpers/admin-session";
import { startApp, type RunningApp } from "../helpers/app-server";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { openDb } from "../helpers/db-client";
import { keyRingOf } from "../helpers/keys";
import { startSmtp, type SmtpCapture } from "../helpers/smtp";
import { launchChromium } from "../helpers/storefront/browser";
import { testAppEnv } from "../helpers/test-env";
import { untilHydrated } from "../helpers/hydration";

const SHOP = SANDBOX_SHOP_DOMAIN;
const OWNER_MAIL = "owner@privacy-desk-sandbox.example";

let database: TestDatabase;
let standin: AdminApiStandin;
let fake: FakeTrackerServer;
let smtp: SmtpCapture;
let app: RunningApp;
let sandbox: SandboxServer;
let shell: AdminShell;
let db: Db;
let env: Record<string, string>;
let browser: Browser;
let context: BrowserContext | undefined;
let pageErrors: string[] = [];

beforeAll(async () => {
  [database, standin, fake, smtp, browser] = await Promise.all([createTestDatabase(), startAdminApiStandin(), startFakeTrackers(), startSmtp(), launchChromium()]);
  env = testAppEnv(database.url, {
    SHOPIFY_ADMIN_API_ORIGIN: standin.url,
    SMTP_URL: smtp.url,
    SCANNER_CHROMIUM_ARGS: `--host-resolver-rules=${fake.hostResolverRules} --ignore-certificate-errors`,
  });
  app = await startApp(env);
  db = openDb(database.url);
  await installOfflineSession(db, env, SHOP, SANDBOX_ACCESS_TOKEN);
  shell = await startAdminShell({ appOrigin: app.url, apiKey: env.SHOPIFY_API_KEY!, apiSecret: env.SHOPIFY_API_SECRET!, shop: SHOP });
  sandbox = await startSandboxServer({
    appUrl: app.url,
    appSecret: env.SHOPIFY_API_SECRET!,
    shop: SHOP,
    storeName: "Scanner test store",
    mailbox: { url: smtp.url, messages: [], close: async () => {} },
    adminUrl: `${shell.url}/app`,
    adminApiUrl: standin.url,
  });
  // The owner's notification address (Settings), encrypted as the app stores it.
  await db.shopSettings.create({
    data: { shopDomain: SHOP, notificationEmailsCipher: encryptField(keyRingOf(env), OWNER_MAIL, `shop_settings:${SHOP}:notificationEmails`) },
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([shell?.close(), sandbox?.close(), fake?.close(), smtp?.close()]);
  await db?.$disconnect();
  await app?.stop();
  await standin?.close();
  await database?.drop();
});

afterEach(async () => {
  await context?.close();
  context = undefined;
  expect(pageErrors).toEqual([]);
});

async function openAdmin(path: string): Promise<Page> {
  context = await browser.newContext({ userAgent: BROWSER_UA });
  const page = await context.newPage();
  pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await page.goto(`${shell.url}${path}`);
  await page.locator("[data-sandbox-banner]").waitFor();
  await untilHydrated(page);
  return page;
}

async function scanNow(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Scan now" }).click();
  await page.locator('[data-scan-status="done"]').waitFor({ state: "attached", timeout: 110_000 }).catch(async (error: unknown) => {
    const scans = await db.trackerScan.findMany({ select: { status: true, error: true, progressDone: true, progressTotal: true } });
    const jobs = await db.job.findMany({ select: { kind: true, status: true, lastError: true } });
    throw new Error(`scan did not finish: ${JSON.stringify({ scans, jobs, status: await page.locator("[data-scan-status]").getAttribute("data-scan-status", { timeout: 1000 }).catch(() => null) })}`, { cause: error });
  });
}

describe("tracker scanner in the admin", () => {
  it("scans as a job, reports what fires before consent in red, diffs, exports CSV and alerts the owner", { timeout: 300_000 }, async () => {
    // First the plain storefront: only the shop's own necessary cookies before consent.
    await db.scannerSettings.create({ data: { shopDomain: SHOP, storefrontUrl: sandbox.url } });
    const page = await openAdmin("/app/scanner");
    await page.getByText("No scan yet.").waitFor();
    // The presets the banner holds are listed.
    for (const provider of ["Google Tag Manager", "Meta Pixel", "TikTok Pixel", "Microsoft Clarity", "YouTube"]) await page.getByText(provider, { exact: true }).first().waitFor();
    await scanNow(page);
    await page.getByText("Nothing but necessary cookies before consent.").waitFor();
    expect(await page.locator("[data-violation]").count()).toBe(0);
    expect(smtp.messages).toEqual([]);

    // Then the theme gets the tracker snippets: the next scan finds them, flags the early ones.
    await db.scannerSettings.update({ where: { shopDomain: SHOP }, data: { storefrontUrl: `${sandbox.url}/trackers` } });
    await page.reload();
    await page.locator("[data-sandbox-banner]").waitFor();
    await untilHydrated(page);
    await scanNow(page);
    expect(await page.locator("p:has(> [data-diff])").textContent()).toMatch(/Since the scan of .*: \d+ new, \d+ gone, [1-9]\d* newly firing before consent/);
    await page.locator('[data-finding="request:connect.facebook.net"]').waitFor();
    await page.locator('[data-finding="cookie:_fbp"]').waitFor();
    const red = await page.locator("[data-violation]").count();
    expect(red).toBeGreaterThan(0);

    // CSV export through the page (App Bridge's session token, as the Export button does).
    await page.getByRole("button", { name: "Export CSV" }).waitFor();
    const latest = await db.trackerScan.findFirstOrThrow({ where: { shopDomain: SHOP, status: "done" }, orderBy: { requestedAt: "desc" } });
    const csv = await page.evaluate(async (id) => {
      const res = await fetch(`/app/scanner/export?scan=${id}`);
      return { status: res.status, type: res.headers.get("content-type"), body: await res.text() };
    }, latest.id);
    expect(csv.status).toBe(200);
    expect(csv.type).toMatch(/^text\/csv/);
    expect(csv.body.split("\r\n")[0]).toBe("kind,name,domain,first_party,before_consent,category,provider,purpose,retention,expires_in_days,pages");
    expect(csv.body).toMatch(/\r\ncookie,_fbp,127\.0\.0\.1,true,false,marketing,Meta Pixel,/);

    // The owner is told, once, with the new before-consent trackers named.
    const mail = await smtp.waitFor((m) => m.to.includes(OWNER_MAIL), 30_000);
    expect(mail.subject).toMatch(/^\d+ new trackers? firing before consent on privacy-desk-sandbox\.myshopify\.com$/);
    expect(mail.text).toContain("www.googletagmanager.com");
    expect(mail.text).toContain(`/admin/apps/${env.SHOPIFY_API_KEY}/app/scanner`);

    // The merchant edits the cookie declaration the storefront block shows.
    const host = new URL(sandbox.url).hostname;
    const entry = page.locator(`form[data-declaration-entry="cookie|_fbp|${host}"]`);
    await entry.getByLabel("Purpose").fill("Measures our Instagram ads.");
    await entry.getByRole("button", { name: "Save _fbp" }).click();
    await page.getByText("Cookie declaration saved.").waitFor();
    expect(await db.cookieDeclarationEdit.findUnique({ where: { shopDomain_key: { shopDomain: SHOP, key: `cookie|_fbp|${host}` } } })).toMatchObject({
      purpose: "Measures our Instagram ads.",
      category: "marketing",
      provider: "Meta Pixel",
      hidden: false,
    });

    // The storefront password (development stores) is stored encrypted, never shown again.
    await page.getByLabel("Storefront password").fill("dev-store-pass-123");
    await page.getByLabel("Extra pages to scan").fill("/pages/about\n/search?q=tee");
    await page.getByRole("button", { name: "Save scanner settings" }).click();
    await page.getByText("Scanner settings saved.").waitFor();
    const stored = await db.scannerSettings.findUniqueOrThrow({ where: { shopDomain: SHOP } });
    expect(stored.passwordCipher).not.toContain("dev-store-pass-123");
    expect(decryptField(keyRingOf(env), stored.passwordCipher!, `scanner.password:${SHOP}`)).toBe("dev-store-pass-123");
    expect(stored.extraPaths).toBe("/pages/about\n/search?q=tee");
    await page.getByText("A password is stored (encrypted).", { exact: false }).waitFor();
    expect(await page.getByLabel("Storefront password").inputValue()).toBe("");
    // An off-site "path" is refused with a clear message and nothing changes.
    await page.getByLabel("Extra pages to scan").fill("https://evil.example/");
    await page.getByRole("button", { name: "Save scanner settings" }).click();
    await page.getByText("not a path on the storefront: https://evil.example/").waitFor();
    expect((await db.scannerSettings.findUniqueOrThrow({ where: { shopDomain: SHOP } })).extraPaths).toBe("/pages/about\n/search?q=tee");

    // Bad input: a clear 4xx, nothing changed.
    const bad = await page.evaluate(async () => (await fetch("/app/scanner/export?scan=../../etc")).status);
    expect(bad).toBe(400);
  });
});
