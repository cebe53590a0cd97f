// Issue 15: every message and page a shopper sees, in every supported locale, over real HTTP
// through the signed app proxy, with emails caught by a real SMTP server. For each locale: a guest's
// no-JS request (code email, status page, wrong code, right code, acknowledgment, rejection), a
// signed-in customer's access request (acknowledgment, extension, export, completion with links),
// the not-found and invalid-form pages, and the download error answers. Each fails on broken HTML,
// a placeholder or catalog key left in, or any sentence of the English catalogs in another locale.
import { describe, beforeAll, expect, it } from "vitest";
import type { Db } from "../../app/platform/db.server";
import { SUPPORTED_LOCALES } from "../../app/platform/i18n/locales";
import { SANDBOX_CUSTOMERS, SANDBOX_SHOP_DOMAIN } from "../../sandbox/admin-api/seed";
import { signedProxyUrl } from "../../sandbox/signing/app-proxy";
import { useSandboxShopApp } from "../helpers/app-fixture";
import type { RunningApp } from "../helpers/app-server";
import { waitFor } from "../helpers/db-client";
import { englishFragmentCount, expectNoEnglish, expectNoPlaceholders, htmlTexts, langOf } from "../helpers/i18n-checks";
import { fileStorefrontRequest, requestAction } from "../helpers/requests";
import type { CapturedMail, SmtpCapture } from "../helpers/smtp";

const SHOP = SANDBOX_SHOP_DOMAIN;
const OWNER = "31";
const ZONE = "Europe/Berlin";
// English last: one seeded customer files a request per locale, and each export summary lists all of
// their requests, with the emails each was sent (in its own language); English ones would be flagged.
const LOCALES = [...SUPPORTED_LOCALES.filter((l) => l !== "en"), "en" as const];

let app: RunningApp;
let db: Db;
let env: Record<string, string>;
let smtp: SmtpCapture;

const fixture = useSandboxShopApp({ smtp: {}, env: { MAIL_FROM: "privacy@desk.example", PROXY_RATE_LIMIT_PER_MINUTE: "10000", PROXY_SHOP_RATE_LIMIT_PER_MINUTE: "100000" } });
beforeAll(async () => {
  ({ app, db, env } = fixture);
  smtp = fixture.smtp!;
  await db.shop.upsert({ where: { domain: SHOP }, create: { domain: SHOP, ianaTimezone: ZONE }, update: { ianaTimezone: ZONE } });
});

function proxyUrl(route: string, query: [string, string][] = [], customerId = ""): URL {
  return signedProxyUrl(app.url, route, { shop: SHOP, customerId, query }, env.SHOPIFY_API_SECRET!);
}

/** A page as a no-JS browser gets it (Liquid answer), following the app's 303 to the storefront path. */
async function page(url: URL | string, init: RequestInit = {}): Promise<{ status: number; html: string; location: string | null }> {
  const response = await fetch(url, { redirect: "manual", ...init });
  return { status: response.status, html: await response.text(), location: response.headers.get("location") };
}

/** The storefront path of a redirect (…/apps/privacy/requests/REF?result=x) as a signed proxy URL. */
function followed(location: string): URL {
  const target = new URL(location, "https://shop.example");
  const route = target.pathname.replace(/^\/apps\/privacy/, "");
  return proxyUrl(route, [...target.searchParams]);
}

function checkPage(locale: string, kind: string, html: string): void {
  expect(langOf(html), `${kind} lang`).toBe(locale);
  const texts = htmlTexts(html, true);
  expectNoPlaceholders(texts.join("\n"), `${locale} ${kind}`);
  expectNoEnglish(locale, texts.join("\n"), kind);
}

function checkMail(locale: string, kind: string, mail: CapturedMail): void {
  expect(mail.html, `${kind} has an HTML part`).toBeDefined();
  expect(langOf(mail.html!), `${kind} HTML lang`).toBe(locale);
  const htmlLines = htmlTexts(mail.html!);
  expectNoPlaceholders(`${mail.subject}\n${mail.text}\n${htmlLines.join("\n")}`, `${locale} ${kind} email`);
  // The HTML part says what the text part says.
  for (const line of mail.text.split("\n").filter((l) => l.trim())) expect(htmlLines.join("\n"), `${kind} HTML part`).toContain(line.trim());
  expectNoEnglish(locale, `${mail.subject}\n${mail.text}\n${htmlLines.join("\n")}`, `${kind} email`);
}

async function nextMail(address: string, n: number): Promise<CapturedMail> {
  await waitFor(async () => smtp.messages.filter((m) => m.to.includes(address)).length >= n || null, { timeoutMs: 20_000 });
  return smtp.messages.filter((m) => m.to.includes(address))[n - 1]!;
}

const act = (requestId: string, fields: Record<string, string>) => requestAction({ appUrl: app.url, env, shop: SHOP }, requestId, fields, OWNER);

it("looks for every English sentence of the shopper and email catalogs", () => {
  expect(englishFragmentCount()).toBeGreaterThan(80);
});

describe.each(LOCALES)("shopper in %s", (locale) => {
  it("gets the code email, the no-JS status pages, the acknowledgment and the rejection in their language", async () => {
    const email = `walk.${locale.toLowerCase()}@example.com`;
    const form = new URLSearchParams({ type: "erasure", email, correction: "", message: "", website: "", locale, region: "DE" });
    const created = await page(proxyUrl("/requests"), { method: "POST", body: form });
    expect(created.status).toBe(303);
    const reference = /\/requests\/([A-Z0-9-]+)/.exec(created.location ?? "")![1]!;
    const row = await db.privacyRequest.findFirstOrThrow({ where: { shopDomain: SHOP, reference } });
    expect(row.locale).toBe(locale);

    const code = await nextMail(email, 1);
    checkMail(locale, "code", code);
    expect(code.text).toContain(reference);

    const waiting = await page(followed(created.location!));
    expect(waiting.status).toBe(200);
    checkPage(locale, "status-awaiting", waiting.html);

    const wrong = await page(proxyUrl(`/requests/${reference}/verify`), { method: "POST", body: new URLSearchParams({ code: "000000" }) });
    expect(wrong.status).toBe(303);
    checkPage(locale, "status-wrong-code", (await page(followed(wrong.location!))).html);

    // The code is the only 6-digit run in the email.
    const digits = /\b(\d{6})\b/.exec(code.text.replace(reference, ""))![1]!;
    const right = await page(proxyUrl(`/requests/${reference}/verify`), { method: "POST", body: new URLSearchParams({ code: digits }) });
    expect(right.status).toBe(303);
    const verified = await page(followed(right.location!));
    checkPage(locale, "status-verified", verified.html);
    expect(verified.html).toContain(`(${ZONE})`);

    const ack = await nextMail(email, 2);
    checkMail(locale, "acknowledgment", ack);
    expect(ack.text).toContain(`(${ZONE})`);

    expect((await act(row.id, { intent: "reject", reason: "Reference-only test" })).status).toBe(200);
    checkMail(locale, "rejection", await nextMail(email, 3));
  }, 60_000);

  it("gets the acknowledgment, extension and completion emails with working download links in their language", async () => {
    const email = `ada.walk.${locale.toLowerCase()}@example.com`;
    const request = await fileStorefrontRequest({ appUrl: app.url, env, db, shop: SHOP }, { type: "access", email, customerGid: SANDBOX_CUSTOMERS.ada, locale });
    expect(request.locale).toBe(locale);
    checkMail(locale, "acknowledgment-signed-in", await nextMail(email, 1));
    expect((await act(request.id, { intent: "extend", reason: "Several stores" })).status).toBe(200);
    checkMail(locale, "extension", await nextMail(email, 2));
    expect((await act(request.id, { intent: "export" })).status).toBe(200);
    await waitFor(() => db.exportFile.findFirst({ where: { requestId: request.id, format: "json" } }), { timeoutMs: 60_000 });
    expect((await act(request.id, { intent: "complete" })).status).toBe(200);
    const completion = await nextMail(email, 3);
    checkMail(locale, "completion", completion);
    const links = [...completion.text.matchAll(/(https?:\/\/\S+\/downloads\/\S+)/g)].map((m) => new URL(new URL(m[1]!).pathname, app.url));
    expect(links).toHaveLength(3);
    for (const link of links) expect((await fetch(link)).status).toBe(200);
    // The readable export summary (the HTML file) in their language, times in the shop's zone.
    const htmlLink = /- HTML\b[^\n]*?(https?:\/\/\S+)/.exec(completion.text)![1]!;
    const summary = await (await fetch(new URL(new URL(htmlLink).pathname, app.url))).text();
    expect(langOf(summary)).toBe(locale);
    expect(summary).toContain(`(${ZONE})`);
    const texts = htmlTexts(summary);
    expectNoPlaceholders(texts.join("\n"), `${locale} export summary`);
    expectNoEnglish(locale, texts.join("\n"), "export summary");
  }, 90_000);

  it("gets the not-found, invalid-form and download error answers in their language", async () => {
    const missing = await page(proxyUrl("/requests/PR-DOESNOTEXIST", [["locale", locale]]));
    expect(missing.status).toBe(404);
    checkPage(locale, "not-found", missing.html);

    const invalid = await page(proxyUrl("/requests"), { method: "POST", body: new URLSearchParams({ type: "erasure", email: "not-an-email", message: "x".repeat(2001), website: "", locale, region: "DE" }) });
    expect(invalid.status).toBe(422);
    checkPage(locale, "invalid-form", invalid.html);

    for (const [kind, token, status] of [["malformed", "nope", 400], ["forged", `v1.${"A".repeat(40)}.${"B".repeat(43)}`, 403]] as const) {
      const response = await fetch(new URL(`/downloads/${token}`, app.url), { headers: { "Accept-Language": `${locale},en;q=0.5` } });
      expect(response.status).toBe(status);
      expect(response.headers.get("content-language")).toBe(locale);
      const text = await response.text();
      expectNoPlaceholders(text, `${locale} download ${kind}`);
      expectNoEnglish(locale, text, `download ${kind}`);
    }
  });
});
