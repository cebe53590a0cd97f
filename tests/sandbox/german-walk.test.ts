// Issue 15: the newcomer's path once in German, end to end in Chromium against the sandbox: the
// storefront in de (banner and form), the code email in German, verify, the request in the admin
// (opened with locale=de, as Shopify opens an embedded app for a German merchant), export, the
// completion email in German, and the export's HTML summary in German, rendered in Chromium.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_CUSTOMERS } from "../../sandbox/admin-api/seed";
import { startSandbox, type Sandbox } from "../../sandbox/start";
import { BROWSER_UA } from "../helpers/admin-session";
import { assertBuilt } from "../helpers/app-server";
import { openDb } from "../helpers/db-client";
import { launchChromium } from "../helpers/storefront/browser";
import { testAppEnv } from "../helpers/test-env";
import type { Db } from "../../app/platform/db.server";
import { untilHydrated } from "../helpers/hydration";

const ADA_ID = SANDBOX_CUSTOMERS.ada.split("/").pop()!;

let dir: string;
let sandbox: Sandbox;
let browser: Browser;
let context: BrowserContext;
let db: Db;

async function reloadUntil(page: Page, selector: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await page.locator(selector).count()) > 0) return;
    if (Date.now() > deadline) throw new Error(`${selector} did not appear within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 500));
    await page.reload();
  }
}

/** The body of the newest email whose subject matches, from the sandbox mailbox. */
async function mailBody(subject: RegExp): Promise<{ subject: string; body: string }> {
  const mailbox = await context.newPage();
  await mailbox.goto(`${sandbox.storefrontUrl}/sandbox/mailbox`);
  const deadline = Date.now() + 30_000;
  while ((await mailbox.locator("[data-mailbox] a", { hasText: subject }).count()) === 0) {
    if (Date.now() > deadline) throw new Error(`no email matching ${subject}`);
    await new Promise((r) => setTimeout(r, 500));
    await mailbox.reload();
  }
  const link = mailbox.locator("[data-mailbox] a", { hasText: subject }).first();
  const text = (await link.textContent()) ?? "";
  await link.click();
  const body = (await mailbox.textContent("[data-message-body]")) ?? "";
  await mailbox.close();
  return { subject: text, body };
}

/**
 * The admin's part, opened as Shopify opens it for a German-speaking merchant (`locale=de`).
 * The admin's own strings are the i18n-admin lane's: German assertions for them go here.
 */
async function adminExportsAndCompletes(page: Page, reference: string): Promise<void> {
  const requests = new URL(sandbox.adminUrl.replace(/\/app$/, "/app/requests"));
  requests.searchParams.set("locale", "de");
  await page.goto(requests.toString());
  await untilHydrated(page);
  // The requests page in German: its title, the navigation, the table's headings.
  await page.getByRole("heading", { level: 1, name: "Anfragen" }).waitFor();
  expect(await page.locator("html").getAttribute("lang")).toBe("de");
  for (const link of ["Übersicht", "Anfragen", "Datenpannen", "Einstellungen", "Prüfprotokoll", "Zweistufige Verifizierung"]) {
    expect(await page.getByRole("link", { name: link, exact: true }).count(), link).toBeGreaterThan(0);
  }
  expect(await page.getByRole("link", { name: "Requests", exact: true }).count()).toBe(0);
  await page.getByText(reference).first().click();
  await page.waitForURL(/\/app\/requests\/[^/?]+/);
  // Shopify's admin reloads an embedded app with its `locale`; the sandbox shell reloads the bare
  // URL, so the reloads below (waiting for the export) are made with it, as Shopify would.
  const withLocale = new URL(page.url());
  withLocale.searchParams.set("locale", "de");
  await page.goto(withLocale.toString());
  await untilHydrated(page);
  await page.waitForSelector(`text=${reference}`);
  // The request page: header, law, actions and timeline in German.
  const main = page.locator(".Polaris-Page").first();
  await expect.poll(() => main.textContent(), { timeout: 10_000 }).toMatch(/Anfrage auf .+ eingegangen am .+ fällig am/);
  const text = (await main.textContent()) ?? "";
  expect(text).toContain("Gesetz: DSGVO");
  expect(text).toContain("DSGVO (art. 15): 1 Monat, einmal verlängerbar um 2 Monate");
  expect(text).toContain("Verlauf");
  expect(text).not.toMatch(/\b(?:Export from Shopify|Mark completed|Timeline|received|due)\b/);
  await page.getByRole("button", { name: "Aus Shopify exportieren" }).click();
  await reloadUntil(page, "button:has-text('JSON herunterladen')", 60_000);
  await untilHydrated(page);
  const direct = page.getByRole("button", { name: "Als abgeschlossen markieren" });
  if ((await direct.count()) === 0) {
    await page.getByRole("button", { name: "Weitere Aktionen" }).click();
    await page.getByRole("menuitem", { name: "Als abgeschlossen markieren" }).click();
  } else {
    await direct.first().click();
  }
  // The confirmation modal: title, consequence, note field and both buttons in German.
  const dialog = page.getByRole("dialog");
  await dialog.waitFor();
  const said = (await dialog.textContent()) ?? "";
  expect(said).toContain("Schließt die Anfrage ab");
  expect(said).toContain("Vermerk für die Akte (optional)");
  expect(said).not.toMatch(/\b(?:Closes the request|Note for the record|Cancel)\b/);
  expect(await dialog.getByRole("button", { name: "Abbrechen" }).count()).toBeGreaterThan(0);
  await dialog.getByRole("button", { name: "Als abgeschlossen markieren" }).click();
  await dialog.waitFor({ state: "detached" });
}

beforeAll(async () => {
  assertBuilt();
  dir = mkdtempSync(join(tmpdir(), "sandbox-german-"));
  const appEnv = testAppEnv(`file:${join(dir, "sandbox.sqlite")}`);
  sandbox = await startSandbox({ appEnv, redactDelayMs: 300, onAppOutput: () => undefined });
  db = openDb(sandbox.appEnv.DATABASE_URL!);
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 860 }, acceptDownloads: true, userAgent: BROWSER_UA, locale: "de-DE" });
}, 120_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await db?.$disconnect();
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the newcomer's path in German", () => {
  it("storefront (de) -> code email in German -> verify -> admin (locale=de) -> completion email in German -> export summary in German", async () => {
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));

    // 1. The storefront in German, as a signed-in customer (their export has Shopify data).
    await page.goto(`${sandbox.storefrontUrl}/`);
    await page.selectOption("[data-sandbox-controls] select[name=locale]", "de");
    await page.selectOption("[data-sandbox-controls] select[name=customer]", ADA_ID);
    await page.click("[data-sandbox-controls] button[type=submit]:not([formaction])");
    await page.waitForSelector("#pc-b:not([hidden])");
    expect(await page.textContent("#pc-b")).toContain("Ihre Datenschutzeinstellungen");
    await page.click("#pc-b [data-pc=accept]");
    await expect.poll(() => db.consentRecord.findFirst({ where: { shopDomain: sandbox.shop }, select: { locale: true } }), { timeout: 10_000 }).toEqual({ locale: "de" });

    // 2. A guest request (the code email needs a guest): sign out in the sandbox bar first.
    await page.selectOption("[data-sandbox-controls] select[name=customer]", "");
    await page.click("[data-sandbox-controls] button[type=submit]:not([formaction])");
    await page.waitForSelector("#pf-b1-type");
    await page.selectOption("#pf-b1-type", "access");
    await page.fill("#pf-b1-email", "ada.example@example.com");
    await page.click(".pf-req [type=submit]");
    await page.waitForSelector(".pf-code:not([hidden])");
    const reference = ((await page.textContent(".pf-code .pf-ref")) ?? "").trim();
    expect(reference).toMatch(/^PR-/);
    expect((await db.privacyRequest.findFirstOrThrow({ where: { reference } })).locale).toBe("de");

    // 3. The code email, in German.
    const codeMail = await mailBody(/Bestätigungscode/);
    expect(codeMail.subject).toContain(`Ihr Bestätigungscode für die Datenschutzanfrage ${reference}`);
    expect(codeMail.body).toContain("Ihr Bestätigungscode lautet");
    expect(codeMail.body).toContain("Der Code läuft in 15 Minuten ab.");
    const code = /lautet (\d{6})/.exec(codeMail.body)?.[1];
    expect(code).toMatch(/^\d{6}$/);
    await page.fill("#pf-b1-code", code!);
    await page.click(".pf-code [type=submit]");
    await page.waitForSelector(".pf-done:not([hidden])");
    const ack = await mailBody(/Wir haben Ihre Datenschutzanfrage/);
    expect(ack.body).toContain("Ihre Anfrage: Auskunftsrecht der betroffenen Person");
    expect(ack.body).toContain("Geltendes Recht: DSGVO");
    expect(ack.body).toMatch(/Wir antworten spätestens bis \d{1,2}\. \S+ \d{4} um \d{2}:\d{2} \(UTC\)\./);

    // 4. The merchant exports and completes it in the admin.
    await adminExportsAndCompletes(page, reference);

    // 5. The completion email, in German, with the download links.
    const done = await mailBody(/ist abgeschlossen/);
    expect(done.subject).toContain(`Ihre Datenschutzanfrage ${reference} ist abgeschlossen`);
    expect(done.body).toContain("Laden Sie Ihre Daten herunter");
    expect(done.body).toContain("Leiten Sie diese E-Mail nicht weiter.");
    const htmlLink = /- HTML \(bis [^\n]+?\)\): (\S+)/.exec(done.body)?.[1];
    expect(htmlLink).toBeTruthy();

    // 6. The export's summary, in German, rendered in Chromium.
    const summary = await (await fetch(new URL(new URL(htmlLink!).pathname, sandbox.appUrl))).text();
    const view = await context.newPage();
    view.on("pageerror", (e) => pageErrors.push(e.message));
    await view.setContent(summary);
    expect(await view.getAttribute("html", "lang")).toBe("de");
    await expect(view.locator("h1").textContent()).resolves.toContain("Ihre personenbezogenen Daten bei");
    const headings = await view.locator("h2").allTextContents();
    expect(headings).toContain("Ihre Datenschutzanfragen an diesen Shop");
    expect(await view.locator("body").textContent()).toContain("Auskunftsrecht der betroffenen Person");
    expect(pageErrors).toEqual([]);
  }, 240_000);
});
