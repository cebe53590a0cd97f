// The pseudo-locale (en-XA: accented, ~35 % longer, bracketed) in real Chromium: every admin page and
// the storefront blocks (consent banner, request form, cookie declaration) must show all their text —
// nothing clipped, overflowing its box or the viewport, and no catalog key or placeholder left over.
// The admin's pages come from app/routes, so a new page is checked too.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { admin } from "../../app/locales/admin";
import { flatten } from "../../app/modules/admin-i18n/rules/catalog";
import { pseudoNested } from "../../app/modules/admin-i18n/rules/pseudo";
import { allRuleTexts } from "../../app/modules/admin-i18n/rules/law-text";
import { PRESETS } from "../../app/modules/trackers/presets";
import { SANDBOX_CUSTOMERS } from "../../sandbox/admin-api/seed";
import { buildPage, EXTENSION_DIR, registerLocale, type LocaleTree } from "../../sandbox/storefront/render";
import { adminPageRoutes } from "../helpers/admin-routes";
import { adminHeaders } from "../helpers/admin-session";
import { startAdminUi, type AdminUi } from "../helpers/admin-browser";
import { layoutProblems, untranslatedText } from "../helpers/layout-check";
import { fileStorefrontRequest } from "../helpers/requests";
import { grantRole } from "../helpers/team";
import { startShopifyStorefront, type ShopifyStorefront } from "../helpers/storefront/shopify-proxy";

const PSEUDO = "en-XA";
// What may stay unaccented in en-XA (the strict check: any other ASCII word is English that never
// went through the catalog): numbers, dates and zones, ids and references, brand and product names,
// law citations as the law writes them, audit action codes, the tracker presets' vendors and hosts,
// and the fixtures' own data (staff name, shop, customer, request and incident text).
const literal = (text: string) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
const ALLOWED = [
  ...allRuleTexts().bases.sort((a, b) => b.length - a.length).map(literal),
  ...PRESETS.flatMap((p) => [p.provider, ...p.hosts]).sort((a, b) => b.length - a.length).map(literal),
  // Weekday names come from Intl in the admin's language, like dates (en-XA formats as English).
  /\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b/,
  /\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?Z?)?/,
  /\b(?:UTC|GMT|[A-Z][a-z]+\/[A-Za-z_]+(?:\/[A-Za-z_]+)?)\b/,
  /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/,
  /\b[\w-]+\.myshopify\.com\b/,
  /\bPR-[A-Z0-9]{6,}\b/,
  /\b(?:br|cs|sc|ex)_[0-9a-z]{8,}\b/,
  /\b[0-9a-f]{12,}\b/,
  /\b[a-z]+(?:_[a-z]+)*(?:\.[a-z]+(?:_[a-z]+)*)+\b/,
  /\b(?:Privacy Desk|Shopify|Polaris|GDPR|UK GDPR|CCPA\/CPRA|CCPA|CPRA|LGPD|PIPEDA|FADO|FADP|EDPB|SIEM|CSV|NDJSON|JSON|HTML|URL|ID|GPC|Google Authenticator|1Password|Authy|Microsoft Authenticator|Splunk|Elastic|Virginia CDPA|Colorado Privacy Act|Connecticut DPA|Utah CPA|Texas DPSA|Oregon CPA|Quebec Law 25|QR)\b/,
  // Polaris's own "Scroll table {direction} one column" passes the word left/right untranslated.
  /\b(?:left|right)\b/,
  /My surname is spelt Sample-Smith|Pseudo-locale fixture incident/,
  /\b(?:Sam Owner|Grace|Sample|Smith|Sample-Smith)\b/,
  // Citations inside the translated extension notices ("GDPR art. 12(3)", "PIPEDA s. 8(4)").
  /\b(?:art|s)\. \d+(?:\(\w+\))*/,
];
// Every admin key and plural stem: none may ever show as text.
const KEYS = [...new Set(Object.keys(flatten(admin.en)).flatMap((k) => [k, k.replace(/_(zero|one|two|few|many|other)$/, "")]))];
let ui: AdminUi;
let storefront: ShopifyStorefront;
let params: Record<string, string>;

beforeAll(async () => {
  ui = await startAdminUi();
  const first = await fetch(new URL("/app?_data=routes%2Fapp._index", ui.app.url), { headers: adminHeaders(ui.env, ui.shop, "42") });
  expect(first.status).toBe(200);
  const request = await fileStorefrontRequest({ appUrl: ui.app.url, env: ui.env, db: ui.db, shop: ui.shop }, { type: "rectification", email: "grace.sample@example.com", customerGid: SANDBOX_CUSTOMERS.grace, correction: "My surname is spelt Sample-Smith" });
  const body = new URLSearchParams({ intent: "record", discoveredAt: new Date(Date.now() - 3_600_000).toISOString(), description: "Pseudo-locale fixture incident", approxPeopleAffected: "3", containment: "" });
  body.append("categories[]", "contact");
  const breach = await fetch(new URL("/app/breaches?_data=routes%2Fapp.breaches._index", ui.app.url), { method: "POST", headers: adminHeaders(ui.env, ui.shop, "42"), body });
  expect(breach.status).toBe(201);
  const breachId = ((await breach.json()) as { id: string }).id;
  // A role change raises an alert: its page is one of the pages walked.
  await grantRole(ui.app.url, ui.env, ui.shop, "42", "43", "privacy_officer");
  const alert = await ui.db.alert.findFirstOrThrow({ where: { shopDomain: ui.shop } });
  params = { "/app/requests/:id": `/app/requests/${request.id}`, "/app/breaches/:id": `/app/breaches/${breachId}`, "/app/alerts/:id": `/app/alerts/${alert.id}`, "/app/*": "/app/no-such-page" };
  storefront = await startShopifyStorefront({ appUrl: ui.app.url, secret: ui.env.SHOPIFY_API_SECRET!, shop: ui.shop });
  const english = JSON.parse(readFileSync(join(EXTENSION_DIR, "locales", "en.default.json"), "utf8")) as LocaleTree;
  registerLocale(PSEUDO, pseudoNested(english) as LocaleTree);
});

afterAll(async () => {
  await storefront?.close();
  await ui?.close();
});

describe("pseudo-locale layout", () => {
  it("renders every admin page without clipped or overflowing text or leftover keys", async () => {
    const found: Record<string, unknown[]> = {};
    const untranslated: Record<string, unknown[]> = {};
    const routes = adminPageRoutes();
    for (const route of routes) {
      const path = route.pattern.includes(":") || route.pattern.includes("*") ? params[route.pattern] : route.pattern;
      expect(path, `${route.file}: no fixture for ${route.pattern}; add one`).toBeDefined();
      const { page, context } = await ui.open(`${path}?locale=${PSEUDO}`);
      await page.getByRole("heading", { level: 1 }).first().waitFor();
      expect(await page.locator("html").getAttribute("lang"), route.pattern).toBe("en");
      // The layout shows the pseudo-locale (the navigation is always translated).
      await page.getByRole("navigation", { name: "App navigation" }).getByRole("link", { name: /Ŕéǫûéšţš/ }).waitFor();
      const problems = await layoutProblems(page, "body", KEYS);
      if (problems.length) found[route.pattern] = problems;
      const english = await untranslatedText(page, "body", ALLOWED);
      if (english.length) untranslated[route.pattern] = english;
      await context.close();
    }
    expect(found).toEqual({});
    expect(untranslated).toEqual({});
  }, 300_000);

  it("finds clipped, overflowing and unreplaced text when there is some (the check itself works)", async () => {
    const { page, context } = await ui.open(`/app?locale=${PSEUDO}`);
    await page.getByRole("heading", { level: 1 }).first().waitFor();
    await page.evaluate(() => {
      const add = (style: string, text: string) => {
        const div = document.createElement("div");
        div.setAttribute("style", style);
        div.textContent = text;
        document.body.append(div);
      };
      add("width: 60px; overflow: hidden; white-space: nowrap", "A label far too long for its sixty pixels");
      add("width: 60px; white-space: nowrap", "Another label far too long for its box");
      add("position: absolute; left: 1200px; top: 0; white-space: nowrap", "Text that runs past the right edge of the viewport");
      add("", "request.exports.title");
    });
    const kinds = (await layoutProblems(page, "body", KEYS)).map((p) => p.kind).sort();
    expect(kinds).toEqual(["clipped", "outside the viewport", "overflows its box", "unreplaced"]);
    // The strict check: English that skipped the catalog is found; allowed data (and the page's own pseudo text) is not.
    await page.evaluate(() => {
      const p = document.createElement("p");
      p.textContent = "Saved for grace.sample@example.com on 2026-12-01";
      document.body.append(p);
      const q = document.createElement("p");
      q.textContent = "grace.sample@example.com 2026-12-01 PR-7596JN9KQUZD5G";
      document.body.append(q);
    });
    expect((await untranslatedText(page, "body", ALLOWED)).map((f) => f.text)).toEqual([
      "A label far too long for its sixty pixels",
      "Another label far too long for its box",
      "Text that runs past the right edge of the viewport",
      "Saved for grace.sample@example.com on 2026-12-01",
    ]);
    await context.close();
  });

  it("is refused outside development and tests: production speaks English for en-XA", async () => {
    // The running app is NODE_ENV=test; the rule itself is unit-tested (catalog.test.ts). Here: an
    // unknown tag falls back to English rather than failing.
    const html = await (await fetch(new URL(`/app?locale=xx-YY`, ui.app.url), { headers: adminHeaders(ui.env, ui.shop, "42") })).text();
    expect(html).toContain("Privacy overview");
  });

  it("renders the storefront blocks without clipped or overflowing text or leftover keys", async () => {
    // A Californian visitor with GPC on: the banner, the GPC note and the sale-of-data choice all show.
    storefront.setPage(await buildPage({ locale: PSEUDO, gpc: true, privacy: { region: "USCA", saleOfDataRegion: true, shouldShowBanner: true }, blocks: [{ file: "privacy-request-form" }, { file: "cookie-declaration" }] }));
    const context = await ui.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(storefront.url, { waitUntil: "networkidle" });
    await page.waitForSelector("[data-privacy-form][data-ready]", { state: "attached" });
    const banner = page.locator("#pc-b");
    await expect.poll(() => banner.isVisible()).toBe(true);
    expect(await banner.locator("#pc-t").textContent()).toMatch(/^\[.*[àéîöû].*\]$/);
    const found = { banner: await layoutProblems(page, "#pc-b"), blocks: await layoutProblems(page, "main") };
    await page.click("#pc-b [data-pc=prefs]");
    await page.waitForSelector("#pc-p[open]");
    const preferences = await layoutProblems(page, "#pc-p");
    expect({ ...found, preferences }).toEqual({ banner: [], blocks: [], preferences: [] });
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
