// Issue 15: a merchant's own wording of a requester email, per locale (Settings > Emails), over real
// HTTP with the code email caught by a real SMTP server: a German override of the code email is
// what a German shopper receives (subject, text and HTML parts, {{code}} replaced by the code that
// verifies), other locales keep the catalog's text, a text without {{code}} is refused with nothing
// stored, viewers cannot save, and "Reset to default" brings the catalog's text back; all audited.
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/platform/db.server";
import { SANDBOX_SHOP_DOMAIN } from "../../sandbox/admin-api/seed";
import { signedProxyUrl } from "../../sandbox/signing/app-proxy";
import { adminHeaders } from "../helpers/admin-session";
import { useSandboxShopApp } from "../helpers/app-fixture";
import type { RunningApp } from "../helpers/app-server";
import { waitFor } from "../helpers/db-client";
import type { CapturedMail, SmtpCapture } from "../helpers/smtp";
import { grantRole } from "../helpers/team";
import { fileStorefrontRequest, requestAction } from "../helpers/requests";
import { SANDBOX_CUSTOMERS } from "../../sandbox/admin-api/seed";

const SHOP = SANDBOX_SHOP_DOMAIN;
const OWNER = "51";
const OFFICER = "52";
const VIEWER = "53";
const ROUTE = "routes/app.settings_.emails";

let app: RunningApp;
let db: Db;
let env: Record<string, string>;
let smtp: SmtpCapture;

const fixture = useSandboxShopApp({ smtp: {}, env: { MAIL_FROM: "privacy@desk.example", PROXY_RATE_LIMIT_PER_MINUTE: "10000", PROXY_SHOP_RATE_LIMIT_PER_MINUTE: "100000" } });
beforeAll(async () => {
  ({ app, db, env } = fixture);
  smtp = fixture.smtp!;
  const first = new URL("/app", app.url);
  first.searchParams.set("_data", "routes/app._index");
  expect((await fetch(first, { headers: adminHeaders(env, SHOP, OWNER) })).status).toBe(200);
  await grantRole(app.url, env, SHOP, OWNER, OFFICER, "privacy_officer");
  await grantRole(app.url, env, SHOP, OWNER, VIEWER, "viewer");
});

function edit(staffId: string, fields: Record<string, string>) {
  const url = new URL("/app/settings/emails", app.url);
  url.searchParams.set("_data", ROUTE);
  return fetch(url, { method: "POST", headers: adminHeaders(env, SHOP, staffId), body: new URLSearchParams(fields) });
}

async function editor(staffId: string, template: string, locale: string) {
  const url = new URL("/app/settings/emails", app.url);
  url.search = new URLSearchParams({ template, mailLocale: locale, _data: ROUTE }).toString();
  return fetch(url, { headers: adminHeaders(env, SHOP, staffId) });
}

/** A guest's no-JS request through the signed app proxy; the code email that follows. */
async function requestCode(locale: string, email: string): Promise<{ reference: string; mail: CapturedMail }> {
  const url = signedProxyUrl(app.url, "/requests", { shop: SHOP, customerId: "", query: [] }, env.SHOPIFY_API_SECRET!);
  const form = new URLSearchParams({ type: "erasure", email, correction: "", message: "", website: "", locale, region: "DE" });
  const response = await fetch(url, { method: "POST", body: form, redirect: "manual" });
  expect(response.status).toBe(303);
  const reference = /\/requests\/([A-Z0-9-]+)/.exec(response.headers.get("location") ?? "")![1]!;
  await waitFor(async () => smtp.messages.some((m) => m.to.includes(email)) || null, { timeoutMs: 20_000 });
  return { reference, mail: smtp.messages.find((m) => m.to.includes(email))! };
}

const GERMAN = {
  template: "code",
  locale: "de",
  subject: "Ihr persönlicher Code für {{reference}}",
  body: "Hallo aus unserem Laden!\nIhr persönlicher Code lautet {{ code }}.\n\nBitte hier eingeben: {{url}}\n\nViele Grüße, {{shop}} <Team>",
};

describe("email overrides per locale", () => {
  it("refuses a text without {{code}} (422, the problem on the field) and stores nothing", async () => {
    const before = await db.auditEntry.count({ where: { shopDomain: SHOP } });
    const response = await edit(OFFICER, { intent: "save", ...GERMAN, body: "Bitte hier eingeben: {{url}}" });
    expect(response.status).toBe(422);
    const reply = (await response.json()) as { ok: boolean; problems: { body?: { kind: string; placeholder?: string } } };
    expect(reply.ok).toBe(false);
    expect(reply.problems.body).toEqual({ kind: "missing", placeholder: "code" });
    const unknown = await edit(OFFICER, { intent: "preview", ...GERMAN, subject: "Hallo {{name}}" });
    expect(unknown.status).toBe(422);
    expect(((await unknown.json()) as { problems: { subject?: unknown } }).problems.subject).toEqual({ kind: "unknown", placeholder: "name" });
    expect((await edit(OFFICER, { intent: "save", ...GERMAN, template: "newsletter" })).status).toBe(400);
    expect((await edit(OFFICER, { intent: "save", ...GERMAN, locale: "xx" })).status).toBe(400);
    expect((await editor(OFFICER, "code", "xx")).status).toBe(400);
    expect(await db.emailOverride.count({ where: { shopDomain: SHOP } })).toBe(0);
    expect(await db.auditEntry.count({ where: { shopDomain: SHOP } })).toBe(before);
  });

  it("a viewer reads the page but cannot save, preview or reset", async () => {
    expect((await editor(VIEWER, "code", "de")).status).toBe(200);
    for (const intent of ["save", "preview", "reset"]) expect((await edit(VIEWER, { intent, ...GERMAN })).status, intent).toBe(403);
    expect(await db.emailOverride.count({ where: { shopDomain: SHOP } })).toBe(0);
  });

  it("previews with sample values, saves a German code email (audited), and a German shopper receives it with the working code", async () => {
    const preview = await edit(OFFICER, { intent: "preview", ...GERMAN });
    expect(preview.status).toBe(200);
    const shown = ((await preview.json()) as { preview: { subject: string; text: string } }).preview;
    expect(shown.subject).toBe("Ihr persönlicher Code für PR-7KX2M9QD4TBW3H");
    expect(shown.text).toContain("Ihr persönlicher Code lautet 482913.");
    expect(await db.emailOverride.count({ where: { shopDomain: SHOP } })).toBe(0);

    expect((await edit(OFFICER, { intent: "save", ...GERMAN })).status).toBe(200);
    const stored = await db.emailOverride.findUniqueOrThrow({ where: { shopDomain_template_locale: { shopDomain: SHOP, template: "code", locale: "de" } } });
    expect(stored).toMatchObject({ subject: GERMAN.subject, body: GERMAN.body, updatedBy: OFFICER });
    const audit = await db.auditEntry.findFirstOrThrow({ where: { shopDomain: SHOP, action: "email_override.saved" } });
    expect(audit).toMatchObject({ actorType: "staff", actorId: OFFICER, subjectId: "code:de" });
    const loaded = (await (await editor(VIEWER, "code", "de")).json()) as { override: { subject: string } | null };
    expect(loaded.override?.subject).toBe(GERMAN.subject);

    const { reference, mail } = await requestCode("de", "override.de@example.com");
    expect(mail.subject).toBe(`Ihr persönlicher Code für ${reference}`);
    const code = /Ihr persönlicher Code lautet (\d{6})\./.exec(mail.text)?.[1];
    expect(code).toBeDefined();
    expect(mail.text).toContain(`Viele Grüße, ${SHOP} <Team>`);
    expect(mail.text).not.toContain("{{");
    expect(mail.html).toContain(`Ihr persönlicher Code lautet ${code}.`);
    expect(mail.html).toContain("Viele Grüße, " + SHOP + " &lt;Team&gt;");
    expect(mail.html).toMatch(/<html lang="de">/);
    // The replaced code is the real one: it verifies the request.
    const verify = signedProxyUrl(app.url, `/requests/${reference}/verify`, { shop: SHOP, customerId: "", query: [] }, env.SHOPIFY_API_SECRET!);
    expect((await fetch(verify, { method: "POST", body: new URLSearchParams({ code: code! }), redirect: "manual" })).status).toBe(303);
    await waitFor(async () => (await db.privacyRequest.findFirst({ where: { shopDomain: SHOP, reference } }))?.verifiedAt ?? null, { timeoutMs: 10_000 });

    // Other locales keep the catalog's text.
    const english = await requestCode("en", "override.en@example.com");
    expect(english.mail.text).not.toContain("persönlicher");
  }, 60_000);

  it("reset to default brings the catalog's German text back, audited; a second reset changes nothing", async () => {
    const response = await edit(OWNER, { intent: "reset", template: "code", locale: "de" });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { message: string }).message).toBe("emails.resetDone");
    expect(await db.emailOverride.count({ where: { shopDomain: SHOP } })).toBe(0);
    expect(await db.auditEntry.count({ where: { shopDomain: SHOP, action: "email_override.reset", actorId: OWNER, subjectId: "code:de" } })).toBe(1);
    expect(((await (await edit(OWNER, { intent: "reset", template: "code", locale: "de" })).json()) as { message: string }).message).toBe("emails.nothingToReset");
    expect(await db.auditEntry.count({ where: { shopDomain: SHOP, action: "email_override.reset" } })).toBe(1);

    const { reference, mail } = await requestCode("de", "default.de@example.com");
    expect(mail.text).not.toContain("persönlicher Code lautet");
    expect(mail.text).toContain(reference);
    expect(mail.html).toMatch(/<html lang="de">/);
  }, 60_000);

  it("a French rejection override is sent with the merchant's reason and the reference filled in", async () => {
    const french = { template: "rejection", locale: "fr", subject: "Votre demande {{reference}}", body: "Bonjour,\n\nNous ne pouvons pas donner suite à la demande {{reference}} ({{right}}) : {{reason}}\n\n{{shop}}" };
    expect((await edit(OWNER, { intent: "save", ...french })).status).toBe(200);
    const email = "rejet.fr@example.com";
    const request = await fileStorefrontRequest({ appUrl: app.url, env, db, shop: SHOP }, { type: "access", email, customerGid: SANDBOX_CUSTOMERS.ada, locale: "fr" });
    expect((await requestAction({ appUrl: app.url, env, shop: SHOP }, request.id, { intent: "reject", reason: "Identité non confirmée" }, OWNER)).status).toBe(200);
    await waitFor(async () => smtp.messages.some((m) => m.to.includes(email) && m.subject.startsWith("Votre demande")) || null, { timeoutMs: 20_000 });
    const mail = smtp.messages.find((m) => m.to.includes(email) && m.subject.startsWith("Votre demande"))!;
    expect(mail.subject).toBe(`Votre demande ${request.reference}`);
    expect(mail.text).toContain(`Nous ne pouvons pas donner suite à la demande ${request.reference} (Droit d'accès de la personne concernée) : Identité non confirmée`);
    expect(mail.html).toMatch(/<html lang="fr">/);
  }, 60_000);
});
