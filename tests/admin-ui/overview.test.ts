// The overview dashboard in real Chromium, over data made through the app's own doors (storefront
// requests, consent beacons, breach form, admin actions): each figure matches the data, and the due
// links open the request list filtered to exactly those requests.
// With ADMIN_SCREENSHOTS=docs/screenshots the README's pictures of the overview are retaken.
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_CUSTOMERS } from "../../sandbox/admin-api/seed";
import { signedProxyUrl } from "../../sandbox/signing/app-proxy";
import { adminHeaders } from "../helpers/admin-session";
import { startAdminUi, type AdminUi } from "../helpers/admin-browser";
import { ROOT } from "../helpers/app-server";
import { untilHydrated } from "../helpers/hydration";
import { fileStorefrontRequest } from "../helpers/requests";

const DAY = 86_400_000;
let ui: AdminUi;
const refs: Record<"overdue" | "week" | "later" | "closed", string> = { overdue: "", week: "", later: "", closed: "" };
const shots = process.env.ADMIN_SCREENSHOTS ? resolve(ROOT, process.env.ADMIN_SCREENSHOTS) : null;

async function shoot(page: Page, name: string) {
  if (!shots) return;
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

async function act(requestId: string, fields: Record<string, string>) {
  const url = new URL(`/app/requests/${requestId}?_data=routes%2Fapp.requests.%24id`, ui.app.url);
  const response = await fetch(url, { method: "POST", headers: adminHeaders(ui.env, ui.shop, "42"), body: new URLSearchParams(fields) });
  expect(response.status).toBe(200);
}

async function consent(region: string, action: "accept_all" | "reject_all" | "custom", i: number) {
  const url = signedProxyUrl(ui.app.url, "/consent", { shop: ui.shop }, ui.env.SHOPIFY_API_SECRET!);
  const body = JSON.stringify({
    visitorId: `d${i.toString(16).padStart(31, "0")}`,
    noticeVersion: "1",
    categories: { analytics: action !== "reject_all", marketing: action === "accept_all", preferences: action !== "reject_all", sale_of_data: action === "accept_all" },
    region,
    gpc: false,
    action,
    locale: "en",
  });
  const response = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json", "X-Forwarded-For": `198.51.100.${i + 1}` }, body });
  expect(response.status).toBe(204);
}

beforeAll(async () => {
  ui = await startAdminUi();
  const target = { appUrl: ui.app.url, env: ui.env, db: ui.db, shop: ui.shop };
  const file = (type: string, email: string, customer: string) => fileStorefrontRequest(target, { type, email, customerGid: customer });
  const overdue = await file("access", "grace.sample@example.com", SANDBOX_CUSTOMERS.grace);
  const week = await file("erasure", "alan.placeholder@example.com", SANDBOX_CUSTOMERS.alan);
  const later = await file("portability", "linus.testperson@example.com", SANDBOX_CUSTOMERS.linus);
  const closed = await file("access", "grace.sample@example.com", SANDBOX_CUSTOMERS.grace);
  // Fixture clocks: one overdue, one due this week (the overview only reads them).
  await ui.db.privacyRequest.update({ where: { id: overdue.id }, data: { receivedAt: new Date(Date.now() - 40 * DAY), dueAt: new Date(Date.now() - 2 * DAY) } });
  await ui.db.privacyRequest.update({ where: { id: week.id }, data: { receivedAt: new Date(Date.now() - 27 * DAY), dueAt: new Date(Date.now() + 3 * DAY) } });
  // A signed-in customer's request arrives verified.
  expect(closed.status).toBe("verified");
  await act(closed.id, { intent: "complete" });
  // Fixture clocks (after the last action: the row's integrity hash covers them).
  const closedAt = (await ui.db.privacyRequest.findUniqueOrThrow({ where: { id: closed.id } })).closedAt!;
  await ui.db.privacyRequest.update({ where: { id: closed.id }, data: { receivedAt: new Date(closedAt.getTime() - 4 * DAY) } });
  Object.assign(refs, { overdue: overdue.reference, week: week.reference, later: later.reference, closed: closed.reference });

  let i = 0;
  for (const [region, action] of [["DE", "accept_all"], ["DE", "reject_all"], ["DE", "accept_all"], ["DE", "custom"], ["USCA", "reject_all"]] as const) await consent(region, action, i++);

  const breach = new URLSearchParams({ intent: "record", discoveredAt: new Date(Date.now() - 10 * 3_600_000).toISOString(), description: "Overview fixture incident", approxPeopleAffected: "40", containment: "" });
  breach.append("categories[]", "contact");
  const recorded = await fetch(new URL("/app/breaches?_data=routes%2Fapp.breaches._index", ui.app.url), { method: "POST", headers: adminHeaders(ui.env, ui.shop, "42"), body: breach });
  expect(recorded.status).toBe(201);
});

afterAll(async () => {
  await ui?.close();
});

// The figure's card: the innermost element holding both its marker and its heading.
const figure = (page: Page, label: string) => page.locator(`div:has(> [data-figure-card="${label}"])`);

describe("overview dashboard", () => {
  it("shows requests by due state with links to the filtered list, closing figures, consent rates, breach clocks and setup", async () => {
    const { page, problems } = await ui.open("/app");
    await page.getByRole("heading", { name: "Privacy overview" }).waitFor();
    await shoot(page, "8-admin-overview");

    expect(await figure(page, "Overdue").getByText("1", { exact: true }).count()).toBe(1);
    expect(await figure(page, "Due within 7 days").getByText("1", { exact: true }).count()).toBe(1);
    expect(await figure(page, "Open requests").getByText("3", { exact: true }).count()).toBe(1);
    expect(await figure(page, "Open breaches").getByText("1", { exact: true }).count()).toBe(1);
    expect(await page.locator('[data-figure="on-time-rate"]').textContent()).toBe("100%");
    expect(await page.locator('[data-figure="median-days"]').textContent()).toBe("4 days");

    // Received in the last 90 days, by type (4 requests: 2 access).
    const byType = page.locator('[data-chart="By type"]');
    expect(await byType.getByRole("row", { name: /Access/ }).textContent()).toContain("2");

    // Consent: DE 4 choices, 2 accept all (50%), 1 reject (25%), 1 custom (25%).
    const de = page.getByRole("row", { name: /^DE / });
    expect((await de.locator("td").allTextContents()).map((t) => t.trim())).toEqual(["4", "50%", "25%", "25%", "75%", "50%", "75%", "50%"]);

    // The breach's 72-hour clock: discovered 10 hours ago.
    await page.getByText(/^6[12] h \d+ min left$/).waitFor();

    // Setup: what the app can check is checked; the theme is for the merchant to check.
    const setup = async (id: string) => page.locator(`[data-setup-item="${id}"]`).getAttribute("data-setup-state");
    expect(await setup("notification_emails")).toBe("todo");
    expect(await setup("team")).toBe("todo");
    expect(await setup("smtp")).toBe("todo");
    expect(await setup("app_embed")).toBe("manual");

    // The due links open the list filtered to exactly those requests (client-side navigation).
    await figure(page, "Overdue").getByRole("link", { name: "View 1 overdue request" }).click();
    await page.waitForURL(/due=overdue/);
    await page.getByRole("link", { name: refs.overdue }).waitFor();
    expect(await page.getByRole("link", { name: /^PR-/ }).allTextContents()).toEqual([refs.overdue]);
    await page.goBack();
    await figure(page, "Due within 7 days").getByRole("link", { name: /View 1 request due soon/ }).click();
    await page.waitForURL(/due=week/);
    await page.getByRole("link", { name: refs.week }).waitFor();
    expect(await page.getByRole("link", { name: /^PR-/ }).allTextContents()).toEqual([refs.week]);
    // The list's own filter shows the filter it is honouring.
    expect(await page.getByLabel("Due").inputValue()).toBe("week");

    expect(problems).toEqual({ consoleErrors: [], pageErrors: [], failedRequests: [], outsideRequests: [] });
  }, 120_000);

  it("says what is wrong with a list filter next to the field, as a sentence", async () => {
    const { page, problems, status } = await ui.open("/app/requests?email=grace.sample");
    expect(status).toBe(400);
    const email = page.getByLabel("Requester email (exact)");
    await expect.poll(() => email.getAttribute("aria-invalid")).toBe("true");
    const describedBy = (await email.getAttribute("aria-describedby")) ?? "";
    const text = await page.evaluate((ids) => ids.split(" ").map((id) => document.getElementById(id)?.textContent ?? "").join(" "), describedBy);
    expect(text).toContain("Enter the whole email address, like name@example.com: the search finds exact matches only.");
    expect(await email.inputValue()).toBe("grace.sample");
    // Only the page's own 400 (bad input) is reported; nothing else failed.
    expect(problems.consoleErrors.filter((e) => !e.includes("status of 400"))).toEqual([]);
    expect({ ...problems, consoleErrors: [] }).toEqual({ consoleErrors: [], pageErrors: [], failedRequests: [], outsideRequests: [] });
  }, 60_000);

  it("fetches the page's JavaScript only after its stylesheet, each file once, and still hydrates (ADR 0020, third round)", async () => {
    const { page, context, problems } = await ui.open("/app");
    const loads = await page.evaluate(() => {
      const entries = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
      const css = entries.filter((e) => /\/build\/_assets\/styles-[^/]+\.css$/.test(e.name));
      const js = entries.filter((e) => /\/build\/.+\.js$/.test(e.name));
      return { stylesheets: css.length, stylesheetEnd: Math.min(...css.map((e) => e.responseEnd)), scripts: js.map((e) => e.name), firstScriptStart: Math.min(...js.map((e) => e.startTime)) };
    });
    expect(loads.stylesheets).toBe(1);
    expect(loads.scripts.length).toBeGreaterThan(3);
    expect(new Set(loads.scripts).size).toBe(loads.scripts.length);
    expect(loads.firstScriptStart).toBeGreaterThanOrEqual(loads.stylesheetEnd);

    // The server writes the preload links inert; the module script switches every one of them on
    // before hydration (Remix removes them once hydrated, so watch the switch as it happens).
    await context.addInitScript(() => {
      const seen = { switched: 0 };
      Object.assign(window, { __preloads: seen });
      new MutationObserver((records) => {
        for (const r of records) if (r.oldValue === "x-modulepreload" && (r.target as Element).getAttribute("rel") === "modulepreload") seen.switched += 1;
      }).observe(document, { subtree: true, attributes: true, attributeFilter: ["rel"], attributeOldValue: true });
    });
    const html = await (await page.request.get(page.url())).text();
    const written = html.split('<link rel="x-modulepreload"').length - 1;
    expect(written).toBeGreaterThan(3);
    await page.reload({ waitUntil: "networkidle" });
    await untilHydrated(page);
    expect(await page.evaluate(() => (window as unknown as { __preloads: { switched: number } }).__preloads.switched)).toBe(written);
    expect(problems).toEqual({ consoleErrors: [], pageErrors: [], failedRequests: [], outsideRequests: [] });
  }, 60_000);
});
