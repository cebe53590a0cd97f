// Messages the server writes for staff (action results, form field errors) come back in the admin's
// language: the page's `locale` travels with the form post (Remix keeps the page's search in the
// default form action), and without it the answer is English. Real app over HTTP, signed as Shopify.
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/platform/db.server";
import type { RunningApp } from "../helpers/app-server";
import { SANDBOX_CUSTOMERS, SANDBOX_SHOP_DOMAIN } from "../../sandbox/admin-api/seed";
import { adminHeaders } from "../helpers/admin-session";
import { useSandboxShopApp } from "../helpers/app-fixture";
import { fileStorefrontRequest } from "../helpers/requests";

// The sandbox shop: the request module's refusals need a request filed through the storefront (Admin API stand-in, SMTP).
const SHOP = SANDBOX_SHOP_DOMAIN;
const OWNER = "71";
let app: RunningApp;
let db: Db;
let env: Record<string, string>;

const fixture = useSandboxShopApp({ smtp: {} });
beforeAll(async () => {
  ({ env, app, db } = fixture);
  // The first staff member to open the app is its owner.
  expect((await fetch(`${app.url}/app?_data=routes/app`, { headers: adminHeaders(env, SHOP, OWNER) })).status).toBe(200);
});

async function post(path: string, route: string, locale: string | null, fields: Record<string, string>) {
  const url = new URL(path, app.url);
  if (locale) url.searchParams.set("locale", locale);
  url.searchParams.set("_data", route);
  const response = await fetch(url, { method: "POST", headers: adminHeaders(env, SHOP, OWNER), body: new URLSearchParams(fields) });
  return { status: response.status, body: (await response.json()) as { message?: string; errors?: Record<string, string> } };
}

const badSettings = { verificationCodeMinutes: "abc", exportLinkDays: "3", closedRequestMonths: "12", consentRecordYears: "3", webhookPayloadDays: "14", clockStart: "receipt", regulations: "gdpr", notificationEmails: "not-an-address" };

describe("server-written admin messages in the staff member's language", () => {
  it("Settings: field errors in German, French and Japanese; English without a locale", async () => {
    const de = await post("/app/settings", "routes/app.settings", "de", badSettings);
    expect(de.status).toBe(422);
    expect(de.body.errors).toEqual({
      verificationCodeMinutes: "Geben Sie eine ganze Zahl von 5 bis 60 ein.",
      notificationEmails: "Prüfen Sie diese Adresse: not-an-address. Jede muss eine vollständige E-Mail-Adresse sein, etwa privacy@example.com.",
    });
    expect((await post("/app/settings", "routes/app.settings", "fr", badSettings)).body.errors?.verificationCodeMinutes).toBe("Saisissez un nombre entier de 5 à 60.");
    expect((await post("/app/settings", "routes/app.settings", "ja", badSettings)).body.errors?.verificationCodeMinutes).toBe("5から60までの整数を入力してください。");
    expect((await post("/app/settings", "routes/app.settings", null, badSettings)).body.errors?.verificationCodeMinutes).toBe("Enter a whole number from 5 to 60.");
  });

  it("Team: refusals and results in Dutch and Spanish", async () => {
    expect((await post("/app/team", "routes/app.team", "nl", { intent: "assign", staffId: "x", role: "owner" })).body.message).toBe("Kies een medewerker uit de lijst.");
    const last = await post("/app/team", "routes/app.team", "es", { intent: "assign", staffId: OWNER, role: "viewer" });
    expect(last.status).toBe(409);
    expect(last.body.message).toBe("La tienda debe conservar al menos un propietario: nombre primero a otra persona propietaria.");
    expect((await post("/app/team", "routes/app.team", "es", { intent: "assign", staffId: OWNER, role: "owner" })).body.message).toBe("No ha cambiado nada.");
  });

  it("Request page: refusals in German (checked before the request is looked up)", async () => {
    const note = await post("/app/requests/no-such-request", "routes/app.requests.$id", "de", { intent: "note", text: " " });
    expect(note.status).toBe(400);
    expect(note.body.message).toBe("Schreiben Sie die Notiz, bevor Sie sie hinzufügen.");
    expect((await post("/app/requests/no-such-request", "routes/app.requests.$id", "de", { intent: "bogus" })).body.message).toBe("Diese Aktion ist für diese Anfrage nicht verfügbar.");
    expect((await post("/app/requests/no-such-request", "routes/app.requests.$id", null, { intent: "bogus" })).body.message).toBe("This action is not available for this request.");
  });

  it("Two-step verification and Security: answers in Italian and Brazilian Portuguese", async () => {
    const empty = await post("/app/mfa", "routes/app.mfa", "it", { intent: "confirm", code: "" });
    expect(empty.status).toBe(400);
    expect(empty.body.message).toBe("Inserisci il codice.");
    const none = await post("/app/mfa", "routes/app.mfa", "it", { intent: "confirm", code: "123456" });
    expect(none.body.message).toBe("Non c’è alcuna configurazione da confermare. Ricomincia.");
    const minutes = await post("/app/security", "routes/app.security", "pt-BR", { protectedActions: "requests.erase", stepUpMinutes: "999", requireEnrollment: "off" });
    expect(minutes.status).toBe(422);
    expect(minutes.body.errors?.stepUpMinutes).toBe("Digite minutos inteiros de 1 a 60.");
  });

  it("Request page: the request module's refusals in German, English without a locale (round 3)", async () => {
    const request = await fileStorefrontRequest({ appUrl: app.url, env, db, shop: SHOP }, { type: "access", email: "refusals.i18n@example.com" });
    const path = `/app/requests/${request.id}`;
    const route = "routes/app.requests.$id";
    const erase = await post(path, route, "de", { intent: "erase" });
    expect(erase.status).toBe(409);
    expect(erase.body.message).toBe("Nur Anfragen auf Löschung werden gelöscht.");
    expect((await post(path, route, null, { intent: "erase" })).body.message).toBe("Only erasure requests are erased.");
    expect((await post(path, route, "de", { intent: "complete" })).body.message).toBe("Bestätigen Sie vor dem Abschluss die Identität der antragstellenden Person.");
    expect((await post(path, route, "de", { intent: "verify" })).status).toBe(200);
    const again = await post(path, route, "de", { intent: "verify" });
    expect(again.status).toBe(409);
    expect(again.body.message).toBe("Die Identität der antragstellenden Person ist bereits bestätigt.");
    const missing = await post("/app/requests/no-such-request", route, "fr", { intent: "verify" });
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe("Cette demande n’existe pas dans cette boutique.");
  });

  it("Request list: filter errors in German; audit and webhooks: unknown actions in German (round 3)", async () => {
    const url = new URL("/app/requests", app.url);
    for (const [k, v] of Object.entries({ status: "bogus", email: "grace.sample", locale: "de", _data: "routes/app.requests._index" })) url.searchParams.set(k, v);
    const list = await fetch(url, { headers: adminHeaders(env, SHOP, OWNER) });
    expect(list.status).toBe(400);
    expect(((await list.json()) as { fieldErrors: Record<string, string> }).fieldErrors).toEqual({
      status: "Wählen Sie einen Status aus der Liste.",
      email: "Geben Sie die vollständige E-Mail-Adresse ein, etwa name@example.com: Die Suche findet nur genaue Treffer.",
    });
    url.searchParams.set("locale", "ja");
    expect(((await (await fetch(url, { headers: adminHeaders(env, SHOP, OWNER) })).json()) as { fieldErrors: Record<string, string> }).fieldErrors.status).toBe("一覧からステータスを選んでください。");

    const audit = await post("/app/audit", "routes/app.audit", "de", { intent: "bogus" });
    expect(audit.status).toBe(400);
    expect((audit.body as { error?: string }).error).toBe("Unbekannte Aktion.");
    expect(((await post("/app/audit", "routes/app.audit", null, { intent: "bogus" })).body as { error?: string }).error).toBe("Unknown action.");
    const invalid = await post("/app/webhooks", "routes/app.webhooks", "de", { intent: "retry" });
    expect(invalid.status).toBe(400);
    expect((invalid.body as { error?: string }).error).toBe("Wählen Sie einen fehlgeschlagenen Auftrag aus der Liste, um ihn zu wiederholen.");
    const unknown = await post("/app/webhooks", "routes/app.webhooks", "nl", { intent: "retry", jobId: "no-such-job" });
    expect(unknown.status).toBe(404);
    expect((unknown.body as { error?: string }).error).toBe("Deze mislukte taak bestaat niet.");
  });

  it("Data breaches: the form's errors, refusals and results in German (round 3)", async () => {
    const route = "routes/app.breaches._index";
    const bad = await post("/app/breaches", route, "de", { intent: "record", discoveredAt: "2026-12-01T10:00:00Z", description: "", approxPeopleAffected: "many" });
    expect(bad.status).toBe(400);
    const badBody = bad.body as { error?: string; fieldErrors?: Record<string, string> };
    expect(badBody.error).toBe("Der Vorfall wurde nicht erfasst: Einige Felder müssen geprüft werden.");
    expect(badBody.fieldErrors?.approxPeopleAffected).toBe("Die ungefähre Zahl betroffener Personen muss eine ganze Zahl sein");
    const future = new Date(Date.now() + 86_400_000).toISOString();
    const rules = await post("/app/breaches", route, "de", { intent: "record", discoveredAt: future, description: "Fixture incident", approxPeopleAffected: "3" });
    expect(rules.status).toBe(422);
    expect((rules.body as { fieldErrors?: Record<string, string> }).fieldErrors).toEqual({
      discoveredAt: "Der Entdeckungszeitpunkt darf nicht in der Zukunft liegen",
      categories: "Wählen Sie mindestens eine Datenkategorie",
    });
    const url = new URL("/app/breaches", app.url);
    url.searchParams.set("_data", route);
    const body = new URLSearchParams({ intent: "record", discoveredAt: new Date(Date.now() - 3_600_000).toISOString(), description: "Fixture incident", approxPeopleAffected: "3", containment: "" });
    body.append("categories[]", "contact");
    const recorded = await fetch(url, { method: "POST", headers: adminHeaders(env, SHOP, OWNER), body });
    expect(recorded.status).toBe(201);
    const id = ((await recorded.json()) as { id: string }).id;
    const close = await post(`/app/breaches/${id}`, "routes/app.breaches.$id", "de", { intent: "close" });
    expect(close.status).toBe(409);
    expect((close.body as { error?: string }).error).toBe("Erfassen Sie vor dem Abschluss die Meldung an die Aufsichtsbehörde oder warum sie nicht erforderlich ist.");
    const done = await post(`/app/breaches/${id}`, "routes/app.breaches.$id", "de", { intent: "not_needed", reason: "Encrypted laptop, key not lost" });
    expect(done.status).toBe(200);
    expect(done.body.message).toBe("Erfasst, dass eine Meldung an die Aufsichtsbehörde nicht erforderlich ist.");
    expect((await post(`/app/breaches/${id}`, "routes/app.breaches.$id", null, { intent: "close" })).body.message).toBe("Incident closed.");
  });

  it("Audit streaming: the destination form's field errors in German and Japanese (round 3)", async () => {
    const route = "routes/app.streaming";
    const de = await post("/app/streaming", route, "de", { intent: "create", kind: "splunk_hec", name: "x".repeat(81), url: "https://user:secret@splunk.example.com", token: "a b" });
    expect(de.status).toBe(422);
    expect((de.body as { fields?: Record<string, string> }).fields).toEqual({
      name: "darf höchstens 80 Zeichen lang sein",
      url: "Zugangsdaten gehören in ihre eigenen Felder, nicht in die Adresse",
      token: "Ein HEC-Token besteht nur aus Buchstaben, Ziffern und Bindestrichen",
    });
    const ja = await post("/app/streaming", route, "ja", { intent: "create", kind: "bogus" });
    expect((ja.body as { fields?: Record<string, string> }).fields).toEqual({ kind: "一覧から送信先の種類を選んでください" });
    const en = await post("/app/streaming", route, null, { intent: "create", kind: "bogus" });
    expect((en.body as { fields?: Record<string, string> }).fields).toEqual({ kind: "Choose a kind of destination from the list" });
  });

  it("Request page: the correction form's checks and an alert's refusals in the admin's language", async () => {
    const phone = await post("/app/requests/no-such-request", "routes/app.requests.$id", "de", { intent: "rectify", phone: "555" });
    expect(phone.status).toBe(400);
    expect((phone.body as { fieldErrors?: Record<string, string> }).fieldErrors).toEqual({ phone: "Geben Sie die Telefonnummer mit Ländervorwahl ein, etwa +15550100100." });
    const note = await post("/app/requests/no-such-request", "routes/app.requests.$id", "ja", { intent: "note", text: "x".repeat(5001) });
    expect(note.body.message).toBe("メモは5,000文字以内で入力してください。");
    expect((await post("/app/requests/no-such-request", "routes/app.requests.$id", null, { intent: "note", text: "x".repeat(5001) })).body.message).toBe("A note can be at most 5,000 characters.");

    const alert = await db.alert.create({ data: { shopDomain: SHOP, rule: "role_change", dedupeKey: "i18n-tail-resolved", severity: "low", status: "resolved", details: "{}", raisedAt: new Date(), resolvedAt: new Date(), resolvedBy: OWNER } });
    const route = "routes/app.alerts.$id";
    const acknowledge = await post(`/app/alerts/${alert.id}`, route, "de", { intent: "acknowledge" });
    expect(acknowledge.status).toBe(409);
    expect(acknowledge.body.message).toBe("Nur ein neuer Alarm kann zur Kenntnis genommen werden.");
    expect((await post(`/app/alerts/${alert.id}`, route, "es", { intent: "resolve" })).body.message).toBe("Esta alerta ya está resuelta.");
    expect((await post(`/app/alerts/${alert.id}`, route, null, { intent: "resolve" })).body.message).toBe("This alert is already resolved.");
  });

  it("Consent log: the filters' errors in the admin's language", async () => {
    const filter = async (locale: string | null, route: string, path: string, query: Record<string, string>) => {
      const url = new URL(path, app.url);
      for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
      if (locale) url.searchParams.set("locale", locale);
      if (route) url.searchParams.set("_data", route);
      return fetch(url, { headers: adminHeaders(env, SHOP, OWNER) });
    };
    const bad = { visitorId: "not-a-visitor", from: "2025-02-01", to: "2025-01-01" };
    const de = await filter("de", "routes/app.consent._index", "/app/consent", bad);
    expect(de.status).toBe(400);
    expect(((await de.json()) as { error: string }).error).toBe("Die Besucher-ID muss aus 32 Hexadezimalzeichen bestehen; „Von“ darf nicht nach „Bis“ liegen");
    // A loader without `locale` keeps the language the frame last loaded in (ADR 0019): English asked for by name.
    const en = await filter("en", "routes/app.consent._index", "/app/consent", bad);
    expect(((await en.json()) as { error: string }).error).toBe("Visitor id must be 32 hexadecimal characters; From must not be after To");
    const exported = await filter("fr", "", "/app/consent/export", { format: "csv", gpc: "sometimes" });
    expect(exported.status).toBe(400);
    expect(await exported.text()).toBe("Choisissez une valeur GPC dans la liste");
    expect(await (await filter("it", "", "/app/consent/export", { format: "xml" })).text()).toBe("Il formato deve essere csv o ndjson");
    expect(await (await filter("nl", "", "/app/audit/export", { format: "xml" })).text()).toBe("Het formaat moet csv, splunk of elasticsearch zijn");
    expect(await (await filter(null, "", "/app/audit/export", { format: "xml" })).text()).toBe("format must be csv, splunk or elasticsearch");
  });

  // Shopify's Admin API failing the request page: answered by the error's code, Shopify's own
  // userErrors kept, none of our internals (the stand-in is stopped for the last case).
  it("Request page: Shopify's refusal (userErrors) and its failures in the admin's language", async () => {
    const request = await fileStorefrontRequest({ appUrl: app.url, env, db, shop: SHOP }, { type: "rectification", email: "ada.example@example.com", customerGid: SANDBOX_CUSTOMERS.ada, correction: "My email address is out of date." });
    const path = `/app/requests/${request.id}`;
    const route = "routes/app.requests.$id";
    // Filed by a signed-in customer: already verified and linked to the Shopify customer.
    // Another seeded customer has this address: Shopify's customerUpdate answers a userError.
    const taken = await post(path, route, "de", { intent: "rectify", email: "grace.sample@example.com" });
    expect(taken.status).toBe(502);
    expect(taken.body.message).toBe("Shopify hat abgelehnt: Email has already been taken");
    expect((await post(path, route, null, { intent: "rectify", email: "grace.sample@example.com" })).body.message).toBe("Shopify refused: Email has already been taken");

    // The customer's current values: a request id that cannot be one is "not found" in the admin's words.
    const customer = async (id: string, locale: string | null) => {
      const url = new URL(`/app/requests/${id}/customer`, app.url);
      if (locale) url.searchParams.set("locale", locale);
      const response = await fetch(url, { headers: adminHeaders(env, SHOP, OWNER) });
      return { status: response.status, body: (await response.json()) as { ok: boolean; message?: string } };
    };
    const missing = await customer("x".repeat(65), "it");
    expect(missing).toEqual({ status: 404, body: { ok: false, message: "Questa richiesta non esiste in questo negozio." } });
    expect((await customer("x".repeat(65), null)).body.message).toBe("No such request in this shop.");
    expect((await customer(request.id, "de")).status).toBe(200);

    // The export job's stored problem (English, with its code) is said in the page's language.
    await db.exportProgress.upsert({
      where: { requestId: request.id },
      create: { requestId: request.id, shopDomain: SHOP, stage: "failed", problem: "Shopify GRAPHQL_ERROR: the bulk operation ended FAILED (INTERNAL_SERVER_ERROR)", startedAt: new Date() },
      update: { stage: "failed", problem: "Shopify GRAPHQL_ERROR: the bulk operation ended FAILED (INTERNAL_SERVER_ERROR)" },
    });
    const page = async (locale: string | null) => {
      const url = new URL(path, app.url);
      if (locale) url.searchParams.set("locale", locale);
      url.searchParams.set("_data", route);
      return ((await (await fetch(url, { headers: adminHeaders(env, SHOP, OWNER) })).json()) as { exportProgress: { problem: string | null } }).exportProgress.problem;
    };
    expect(await page("es")).toBe("Shopify dejó de leer los pedidos del cliente antes de terminar");
    await db.exportProgress.update({ where: { requestId: request.id }, data: { problem: "Shopify USER_ERROR: A bulk query operation for this app and shop is already in progress" } });
    expect(await page("pt-BR")).toBe("a Shopify recusou: A bulk query operation for this app and shop is already in progress");

    // Shopify unreachable (the stand-in stopped): "try again in a few minutes", not a 500 page.
    const stop = fixture.standin.close.bind(fixture.standin);
    await stop();
    fixture.standin.close = async () => {}; // already stopped: the fixture's teardown must not stop it twice
    const down = await customer(request.id, "ja");
    expect(down).toEqual({ status: 502, body: { ok: false, message: "Shopify に接続できないか、想定どおりの応答がありませんでした。数分後にもう一度お試しください。" } });
    expect((await customer(request.id, null)).body.message).toBe("Shopify could not be reached or did not answer as expected; try again in a few minutes.");
  });

  it("Step-up refusals in the admin's language (an owner requires an authenticator app)", async () => {
    await db.mfaPolicy.upsert({ where: { shopDomain: SHOP }, create: { shopDomain: SHOP, protectedActions: "exports.download", requireEnrollment: true }, update: { protectedActions: "exports.download", requireEnrollment: true } });
    const request = await db.privacyRequest.findFirstOrThrow({ where: { shopDomain: SHOP } });
    const refusal = async (locale: string | null) => {
      const url = new URL(`/app/requests/${request.id}/customer`, app.url);
      if (locale) url.searchParams.set("locale", locale);
      const response = await fetch(url, { headers: adminHeaders(env, SHOP, OWNER) });
      return { status: response.status, body: (await response.json()) as { stepUp?: string; message?: string } };
    };
    expect(await refusal("de")).toEqual({ status: 403, body: { ok: false, stepUp: "enrollment_required", message: "Richten Sie zuerst eine Authenticator-App ein: Ein Inhaber verlangt sie für diese Aktion." } });
    expect((await refusal(null)).body.message).toBe("Set up an authenticator app first: an owner requires it for this action.");
  });
});
