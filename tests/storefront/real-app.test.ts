// The theme blocks in real Chromium against the BUILT app: the storefront's `/apps/privacy/*` calls go
// through a Shopify-like app proxy (signed, cookies stripped) to the app's `/proxy/*` endpoints, which
// store into a real database and send mail through a real SMTP server.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/platform/db.server";
import { startApp, type RunningApp } from "../helpers/app-server";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { openDb, waitFor } from "../helpers/db-client";
import { startSmtp, type SmtpCapture } from "../helpers/smtp";
import { launchChromium } from "../helpers/storefront/browser";
import { buildPage, type PageOptions, type RecordedPrivacyCall } from "../../sandbox/storefront/render";
import { startShopifyStorefront, type ShopifyStorefront } from "../helpers/storefront/shopify-proxy";
import { testAppEnv } from "../helpers/test-env";

const SHOP = "real-storefront.myshopify.com";
const OTHER_SHOP = "other-storefront.myshopify.com";
const FORM = { file: "privacy-request-form" };

let browser: Browser;
let smtp: SmtpCapture;
let database: TestDatabase;
let app: RunningApp;
let db: Db;
let storefront: ShopifyStorefront;
let context: BrowserContext | undefined;

beforeAll(async () => {
  [browser, smtp, database] = await Promise.all([launchChromium(), startSmtp(), createTestDatabase()]);
  const env = testAppEnv(database.url, { SMTP_URL: smtp.url, MAIL_FROM: "privacy@example.com" });
  app = await startApp(env);
  db = openDb(database.url);
  storefront = await startShopifyStorefront({ appUrl: app.url, secret: env.SHOPIFY_API_SECRET!, shop: SHOP });
});

afterAll(async () => {
  await Promise.all([browser?.close(), storefront?.close()]);
  await db?.$disconnect();
  await app?.stop();
  await Promise.all([database?.drop(), smtp?.close()]);
});

afterEach(async () => {
  await context?.close();
  context = undefined;
});

async function open(options: PageOptions, customerId: string | null = null): Promise<Page> {
  storefront.setPage(await buildPage(options), { customerId });
  context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(storefront.url);
  await page.waitForSelector("body > #pc-p", { state: "attached" });
  if (options.blocks?.length) await page.waitForSelector("[data-privacy-form][data-ready]", { state: "attached" });
  expect(errors).toEqual([]);
  return page;
}

const calls = (page: Page) => page.evaluate(() => (window as unknown as { __privacyCalls: RecordedPrivacyCall[] }).__privacyCalls);
const visitorId = (page: Page) => page.evaluate(() => localStorage.getItem("privacy_vid"));
const NONE = { analytics: false, marketing: false, preferences: false, sale_of_data: false };

describe("consent banner through the app proxy", () => {
  it("Reject all calls setTrackingConsent and the app stores the proof of consent for this shop", async () => {
    const page = await open({ gpc: true, privacy: { region: "DE" } });
    await page.click("#pc-b [data-pc=reject]");
    await expect.poll(() => calls(page)).toEqual([{ method: "setTrackingConsent", consent: NONE }]);
    const forwarded = await storefront.waitForForward((c) => c.path === "/apps/privacy/consent");
    expect(forwarded).toMatchObject({ method: "POST", status: 204 });

    const vid = await visitorId(page);
    expect(vid).toMatch(/^[0-9a-f]{32}$/);
    const record = await waitFor(() => db.consentRecord.findFirst({ where: { shopDomain: SHOP, visitorId: vid! } }));
    expect(record).toMatchObject({ action: "reject_all", gpc: true, region: "DE", locale: "en", noticeVersion: "1", customerRef: null });
    expect(JSON.parse(record.categories)).toEqual(NONE);
    expect(await db.consentRecord.count({ where: { shopDomain: { not: SHOP } } })).toBe(0);
    expect(await context!.cookies()).toEqual([]);
  });

  it("Accept all under Global Privacy Control keeps marketing and sale of data off in the stored record", async () => {
    const page = await open({ gpc: true, privacy: { region: "USCA", saleOfDataRegion: true } });
    await page.click("#pc-b [data-pc=accept]");
    const vid = await waitFor(() => visitorId(page));
    const record = await waitFor(() => db.consentRecord.findFirst({ where: { shopDomain: SHOP, visitorId: vid } }));
    expect(record).toMatchObject({ action: "accept_all", gpc: true, region: "USCA" });
    expect(JSON.parse(record.categories)).toEqual({ analytics: true, marketing: false, preferences: true, sale_of_data: false });
    expect((await calls(page))[0]?.consent).toEqual({ analytics: true, marketing: false, preferences: true, sale_of_data: false });
  });
});

describe("privacy request form through the app proxy", () => {
  // The banner is in the page but not shown, so it does not sit over the form.
  const FORM_PAGE: PageOptions = { blocks: [FORM], privacy: { shouldShowBanner: false } };

  it("a guest's request is emailed a 6-digit code, which typed into the page verifies it", async () => {
    const email = "guest.shopper@example.com";
    const page = await open(FORM_PAGE);
    await page.selectOption("#pf-b1-type", "access");
    await page.fill("#pf-b1-email", email);
    await page.fill("#pf-b1-msg", "What do you hold about me?");
    await page.click(".pf-req [type=submit]");

    await page.waitForSelector(".pf-code:not([hidden])");
    const reference = (await page.textContent(".pf-code .pf-ref")) ?? "";
    expect(reference).toMatch(/^PR-[A-Z0-9-]+$/);
    const created = await db.privacyRequest.findFirstOrThrow({ where: { shopDomain: SHOP, reference } });
    expect(created).toMatchObject({ status: "awaiting_verification", type: "access", source: "storefront" });
    expect(await db.privacyRequest.count({ where: { shopDomain: OTHER_SHOP } })).toBe(0);

    const mail = await smtp.waitFor((m) => m.to.includes(email) && m.text.includes(reference));
    const code = /code is ([0-9]{6})/.exec(mail.text)?.[1];
    expect(code).toMatch(/^[0-9]{6}$/);

    await page.fill("#pf-b1-code", code!);
    await page.click(".pf-code [type=submit]");
    await page.waitForSelector(".pf-done:not([hidden])");
    expect(await page.textContent(".pf-done .pf-ref")).toBe(reference);
    const verify = await storefront.waitForForward((c) => c.path === `/apps/privacy/requests/${reference}/verify`);
    expect(verify.status).toBe(200);
    expect((await db.privacyRequest.findUniqueOrThrow({ where: { id: created.id } })).status).toBe("verified");

    // The status lookup on the same page asks the app and shows the stored status.
    await page.fill("#pf-b1-ref", reference);
    await page.click(".pf-look [type=submit]");
    await expect.poll(() => page.textContent(".pf-look .pf-out")).toBe("Status: Confirmed");
  });

  it("a signed-in customer's request is verified at once and no email is sent", async () => {
    const email = "signed.in@example.com";
    const page = await open({ ...FORM_PAGE, customer: { id: 1001, email } }, "1001");
    const mailsBefore = smtp.messages.length;
    await page.selectOption("#pf-b1-type", "erasure");
    await page.click(".pf-req [type=submit]");
    await page.waitForSelector(".pf-done:not([hidden])");
    expect(await page.isHidden(".pf-code")).toBe(true);
    const reference = (await page.textContent(".pf-done .pf-ref")) ?? "";
    const posts = storefront.forwarded.filter((c) => c.method === "POST" && c.path === "/apps/privacy/requests");
    expect(posts.at(-1)).toMatchObject({ status: 201, contentType: expect.stringMatching(/^application\/json/) });

    const request = await db.privacyRequest.findFirstOrThrow({ where: { shopDomain: SHOP, reference } });
    expect(request).toMatchObject({ status: "verified", type: "erasure" });
    expect(request.customerRef).not.toBeNull();
    expect(await db.verificationCode.count({ where: { requestId: request.id } })).toBe(0);
    // The app sends a code before answering, so by now any email would have arrived. (An earlier
    // test's guest may still be getting their acknowledgment from the worker: only this shopper counts.)
    expect(smtp.messages.slice(mailsBefore).filter((m) => m.raw.includes(email) || m.raw.includes(reference))).toEqual([]);
  });
});
