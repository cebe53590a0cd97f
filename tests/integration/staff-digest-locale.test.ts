// Issue 15: the staff digest in each recipient's own admin language. A staff member who opens the
// admin in German (Shopify's locale, and their online session's) has it stored on StaffMember;
// the day's digest to the notification addresses goes to their address in German and to an
// address that belongs to no staff member in English, over real HTTP, jobs and SMTP.
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/platform/db.server";
import { SANDBOX_CUSTOMERS, SANDBOX_SHOP_DOMAIN } from "../../sandbox/admin-api/seed";
import { SANDBOX_STAFF, storeOnlineSession } from "../../sandbox/install";
import { adminHeaders } from "../helpers/admin-session";
import { useSandboxShopApp } from "../helpers/app-fixture";
import type { RunningApp } from "../helpers/app-server";
import { runCli } from "../helpers/cli";
import { fileStorefrontRequest } from "../helpers/requests";
import type { SmtpCapture } from "../helpers/smtp";

const SHOP = SANDBOX_SHOP_DOMAIN;
const OWNER = SANDBOX_STAFF[0]; // sam@example.com in the online session
const OFFICER = SANDBOX_STAFF[1]; // priya@example.com

let app: RunningApp;
let db: Db;
let env: Record<string, string>;
let smtp: SmtpCapture;

const fixture = useSandboxShopApp({ smtp: {}, env: { MAIL_FROM: "privacy@desk.example" } });
beforeAll(async () => {
  ({ app, db, env } = fixture);
  smtp = fixture.smtp!;
  for (const user of [OWNER, OFFICER]) await storeOnlineSession(db, env, SHOP, user);
  // Priya's Shopify admin speaks German (what token exchange stores as associated_user.locale).
  await db.session.update({ where: { id: `${SHOP}_${OFFICER.id}` }, data: { locale: "de" } });
});

function open(staffId: string, query = "") {
  return fetch(new URL(`/app${query}${query ? "&" : "?"}_data=routes%2Fapp`, app.url), { headers: adminHeaders(env, SHOP, staffId) });
}

describe("the staff digest in the recipient's language", () => {
  it("stores each staff member's admin locale when they open the admin", async () => {
    expect((await open(OWNER.id, "?locale=en-US")).status).toBe(200);
    expect((await open(OFFICER.id, "?locale=de-DE")).status).toBe(200);
    // Later loads without Shopify's parameter read the online session: still German.
    expect((await open(OFFICER.id)).status).toBe(200);
    const members = await db.staffMember.findMany({ where: { shopDomain: SHOP }, orderBy: { staffId: "asc" }, select: { staffId: true, locale: true } });
    expect(members).toEqual([
      { staffId: OWNER.id, locale: "en" },
      { staffId: OFFICER.id, locale: "de" },
    ]);
  });

  it("sends the German staff member a German digest, and an address of no staff member the English one", async () => {
    const settings = await fetch(new URL("/app/settings?_data=routes%2Fapp.settings", app.url), {
      method: "POST",
      headers: adminHeaders(env, SHOP, OWNER.id),
      body: new URLSearchParams({ verificationCodeMinutes: "15", exportLinkDays: "7", closedRequestMonths: "24", consentRecordYears: "5", webhookPayloadDays: "30", clockStart: "receipt", regulations: "gdpr", notificationEmails: "Priya@example.com, dpo@desk.example" }),
    });
    expect(settings.status).toBe(200);
    const request = await fileStorefrontRequest({ appUrl: app.url, env, db, shop: SHOP }, { type: "access", email: "digest.de@example.com", customerGid: SANDBOX_CUSTOMERS.ada });
    await db.privacyRequest.update({ where: { id: request.id }, data: { dueAt: new Date(Date.now() - 2 * 86_400_000) } });

    const run = runCli(env, "digest:run");
    expect(run.code, run.stderr).toBe(0);
    const german = await smtp.waitFor((m) => m.to.some((t) => t.toLowerCase() === "priya@example.com"), 20_000);
    const english = await smtp.waitFor((m) => m.to.includes("dpo@desk.example"), 20_000);
    expect(german.to).toEqual(["priya@example.com"]);
    expect(german.subject).toMatch(/^Datenschutzanfragen: 1 überfällig, 0 bald fällig \(\d{4}-\d{2}-\d{2}\)$/);
    expect(german.text).toContain(`${request.reference}  Auskunft`);
    expect(german.text).toContain("(2 Tage überfällig)");
    expect(german.text).toContain("Öffnen Sie sie in der Shopify-Verwaltung");
    expect(german.text).not.toMatch(/overdue|Privacy requests|\{\{/);
    expect(english.to).toEqual(["dpo@desk.example"]);
    expect(english.subject).toMatch(/^Privacy requests: 1 overdue, 0 due soon/);
    expect(english.text).toContain("(overdue by 2 days)");
  }, 60_000);
});
