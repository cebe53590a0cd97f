// The cookie-declaration app block in Chromium against the BUILT app through a Shopify-like app
// proxy: the latest scan's cookies by category, with the merchant's edits, in the storefront's language.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/platform/db.server";
import { buildFindings } from "../../app/modules/scanner/rules/findings";
import { startApp, type RunningApp } from "../helpers/app-server";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { openDb } from "../helpers/db-client";
import { axeViolations, launchChromium } from "../helpers/storefront/browser";
import { buildPage } from "../../sandbox/storefront/render";
import { startShopifyStorefront, type ShopifyStorefront } from "../helpers/storefront/shopify-proxy";
import { testAppEnv } from "../helpers/test-env";

const SHOP = "declaration-store.myshopify.com";
const AT = new Date("2026-11-30T10:00:00Z");

let browser: Browser;
let database: TestDatabase;
let app: RunningApp;
let db: Db;
let storefront: ShopifyStorefront;

beforeAll(async () => {
  [browser, database] = await Promise.all([launchChromium(), createTestDatabase()]);
  const env = testAppEnv(database.url);
  app = await startApp(env);
  db = openDb(database.url);
  storefront = await startShopifyStorefront({ appUrl: app.url, secret: env.SHOPIFY_API_SECRET!, shop: SHOP });
  const findings = buildFindings(
    [
      { kind: "cookie", name: "_tracking_consent", domain: SHOP, expires: AT.getTime() / 1000 + 365 * 86400, pass: "before", page: "/" },
      { kind: "cookie", name: "_ga", domain: `.${SHOP}`, expires: AT.getTime() / 1000 + 730 * 86400, pass: "after", page: "/" },
      { kind: "cookie", name: "_fbp", domain: `.${SHOP}`, expires: AT.getTime() / 1000 + 90 * 86400, pass: "after", page: "/" },
      { kind: "local_storage", name: "wishlist_items", domain: SHOP, expires: null, pass: "after", page: "/" },
      { kind: "cookie", name: "secret_test_cookie", domain: SHOP, expires: null, pass: "after", page: "/" },
      { kind: "request", name: "connect.facebook.net", domain: "connect.facebook.net", expires: null, pass: "after", page: "/" },
    ],
    SHOP,
    AT,
  );
  await db.trackerScan.create({ data: { shopDomain: SHOP, trigger: "manual", status: "done", requestedAt: AT, finishedAt: AT, findings: JSON.stringify(findings), pages: "[]", issues: "[]" } });
  // The merchant classified one unknown key and hid a cookie they do not want declared.
  await db.cookieDeclarationEdit.create({ data: { shopDomain: SHOP, key: `local_storage|wishlist_items|${SHOP}`, category: "preferences", provider: "Wishlist app", purpose: "Remembers your wishlist.", retention: "until cleared" } });
  await db.cookieDeclarationEdit.create({ data: { shopDomain: SHOP, key: `cookie|secret_test_cookie|${SHOP}`, hidden: true } });
}, 120_000);

afterAll(async () => {
  await Promise.all([browser?.close(), storefront?.close()]);
  await db?.$disconnect();
  await app?.stop();
  await database?.drop();
});

async function tables(locale: string) {
  storefront.setPage(await buildPage({ locale, embed: false, blocks: [{ file: "cookie-declaration" }] }));
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(storefront.url);
  await page.waitForSelector("[data-declaration-body] table");
  const result = await page.$$eval("[data-declaration-body] table", (ts) =>
    ts.map((t) => ({
      heading: t.previousElementSibling?.textContent,
      head: [...t.querySelectorAll("th")].map((th) => th.textContent),
      rows: [...t.querySelectorAll("tbody tr")].map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent)),
    })),
  );
  const axe = await axeViolations(page, "[data-cookie-declaration]");
  await context.close();
  expect(errors).toEqual([]);
  return { result, axe };
}

describe("cookie declaration block", () => {
  it("shows the latest scan's cookies by category with the merchant's edits, no requests, hidden ones left out", async () => {
    const { result, axe } = await tables("en");
    expect(result).toEqual([
      { heading: "Strictly necessary", head: ["Name", "Provider", "Purpose", "Retention"], rows: [["_tracking_consent", "Shopify", expect.any(String), "session to 1 year"]] },
      { heading: "Analytics", head: ["Name", "Provider", "Purpose", "Retention"], rows: [["_ga", "Google Analytics 4", expect.stringContaining("visitors"), "up to 2 years"]] },
      { heading: "Marketing", head: ["Name", "Provider", "Purpose", "Retention"], rows: [["_fbp", "Meta Pixel", expect.stringContaining("Facebook"), "up to 3 months"]] },
      { heading: "Preferences", head: ["Name", "Provider", "Purpose", "Retention"], rows: [["wishlist_items", "Wishlist app", "Remembers your wishlist.", "until cleared"]] },
    ]);
    expect(axe).toEqual([]);
  });

  it("speaks the storefront's language", async () => {
    const { result } = await tables("de");
    expect(result.map((t) => t.heading)).toEqual(["Technisch notwendig", "Statistik", "Marketing", "Präferenzen"]);
    expect(result[0]?.head).toEqual(["Name", "Anbieter", "Zweck", "Speicherdauer"]);
  });
});
