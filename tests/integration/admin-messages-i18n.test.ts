// Messages the server writes for staff (action results, form field errors) come back in the admin's
// language: the page's `locale` travels with the form post (Remix keeps the page's search in the
// default form action), and without it the answer is English. Real app over HTTP, signed as Shopify.
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/platform/db.server";
import type { RunningApp } from "../helpers/app-server";
import { adminHeaders, installOfflineSession } from "../helpers/admin-session";
import { useApp } from "../helpers/app-fixture";

const SHOP = "messages-i18n.myshopify.com";
const OWNER = "71";
let app: RunningApp;
let db: Db;
let env: Record<string, string>;

const fixture = useApp();
beforeAll(async () => {
  ({ env, app, db } = fixture);
  await installOfflineSession(db, env, SHOP);
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
});
