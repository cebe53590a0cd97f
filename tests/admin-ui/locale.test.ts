// The admin in the merchant's language, in real Chromium: Shopify's `locale` parameter on the first
// load picks the catalog (de-DE → de), the app's own strings and Polaris's own strings are translated,
// plural forms follow the language, client-side navigation keeps the language, and nothing logs an
// error (a server/client mismatch in hydration would). English stays the default (the other admin tests).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_CUSTOMERS } from "../../sandbox/admin-api/seed";
import { adminHeaders } from "../helpers/admin-session";
import { startAdminUi, type AdminUi } from "../helpers/admin-browser";
import { fileStorefrontRequest } from "../helpers/requests";

const DAY = 86_400_000;
let ui: AdminUi;
let request: Awaited<ReturnType<typeof fileStorefrontRequest>>;

beforeAll(async () => {
  ui = await startAdminUi();
  const first = await fetch(new URL("/app?_data=routes%2Fapp._index", ui.app.url), { headers: adminHeaders(ui.env, ui.shop, "42") });
  expect(first.status).toBe(200);
  request = await fileStorefrontRequest({ appUrl: ui.app.url, env: ui.env, db: ui.db, shop: ui.shop }, { type: "access", email: "grace.sample@example.com", customerGid: SANDBOX_CUSTOMERS.grace });
});

afterAll(async () => {
  await ui?.close();
});

const CASES = [
  {
    param: "de-DE",
    lang: "de",
    overview: "Datenschutz-Übersicht",
    nav: "Anfragen",
    openLink: "1 offene Anfrage anzeigen",
    list: "Datenschutzanfragen",
    column: "Referenz",
    status: "Bestätigt",
    daysLeft: (n: number) => `noch ${n} Tage`,
    more: "Weitere Aktionen",
    reject: "Anfrage ablehnen",
    consequence: /Beschwerde bei einer Aufsichtsbehörde/,
    polarisClose: "Schließen",
    law: "DSGVO",
  },
  {
    param: "ja",
    lang: "ja",
    overview: "プライバシーの概要",
    nav: "リクエスト",
    openLink: "未完了のリクエスト1件を表示",
    list: "プライバシーに関するリクエスト",
    column: "参照番号",
    status: "確認済み",
    daysLeft: (n: number) => `残り${n}日`,
    more: "その他の操作",
    reject: "リクエストを却下",
    consequence: /監督機関に苦情を申し立てられる/,
    polarisClose: "閉じる",
    law: "GDPR",
  },
] as const;

describe("the admin in the merchant's language", () => {
  for (const c of CASES) {
    it(`${c.param}: overview, request list and request page, with Polaris's own strings`, async () => {
      const { page, problems } = await ui.open(`/app?locale=${c.param}`);
      await page.getByRole("heading", { name: c.overview }).waitFor();
      expect(await page.locator("html").getAttribute("lang")).toBe(c.lang);
      await page.getByRole("link", { name: c.openLink }).waitFor();
      expect(await page.getByText("Privacy overview").count()).toBe(0);

      // Client-side navigation (no locale on that URL) keeps the language.
      await page.getByRole("navigation", { name: "App navigation" }).getByRole("link", { name: c.nav, exact: true }).click();
      await page.waitForURL((url) => url.pathname === "/app/requests");
      await page.getByRole("heading", { name: c.list }).waitFor();
      await page.getByRole("columnheader", { name: c.column }).waitFor();
      await page.getByRole("table").getByText(c.status, { exact: true }).first().waitFor();

      const detail = await ui.open(`/app/requests/${request.id}?locale=${c.param}`);
      const daysLeft = Math.floor((request.dueAt.getTime() - Date.now()) / DAY);
      expect(await detail.page.locator("[data-countdown]").textContent()).toBe(c.daysLeft(daysLeft));
      await detail.page.getByText(c.law, { exact: true }).first().waitFor();
      await detail.page.getByRole("button", { name: c.more }).click();
      await detail.page.getByRole("menuitem", { name: c.reject }).click();
      const dialog = detail.page.getByRole("dialog");
      await dialog.getByText(c.consequence).waitFor();
      // Polaris's own string (the modal's close button), from its locale file the layout sent.
      await dialog.getByRole("button", { name: c.polarisClose, exact: true }).waitFor();
      expect(await dialog.getByRole("button", { name: "Close", exact: true }).count()).toBe(0);

      expect(problems).toEqual({ consoleErrors: [], pageErrors: [], failedRequests: [], outsideRequests: [] });
      expect(detail.problems).toEqual({ consoleErrors: [], pageErrors: [], failedRequests: [], outsideRequests: [] });
    }, 120_000);
  }

  it("sends only the current locale's catalog to the browser", async () => {
    const html = await (await fetch(new URL(`/app?locale=de`, ui.app.url), { headers: adminHeaders(ui.env, ui.shop, "42") })).text();
    expect(html).toContain("Datenschutz-Übersicht");
    for (const other of ["Vue d'ensemble de la confidentialité", "プライバシーの概要", "Visão geral de privacidade", "Panoramica privacy", "Resumen de privacidad", "Privacyoverzicht"]) {
      expect(html.includes(other), other).toBe(false);
    }
  });
});
