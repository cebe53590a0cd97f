import { describe, expect, it } from "vitest";
import { invalidFormPage, isResultKey, messagePage, notFoundPage, statusPage } from "./pages";

const base = { locale: "en", reference: "PR-ABC", pathPrefix: "/apps/privacy", result: null } as const;

describe("proxy pages", () => {
  it("shows the code form exactly while awaiting verification", () => {
    const waiting = statusPage({ ...base, status: "awaiting_verification", result: "invalid_code" });
    expect(waiting).toContain('<form method="post" action="/apps/privacy/requests/PR-ABC/verify">');
    expect(waiting).toContain('name="code" inputmode="numeric" pattern="[0-9]{6}"');
    expect(waiting).toContain('autocomplete="one-time-code" required');
    expect(waiting).toContain("not valid or has expired");
    const done = statusPage({ ...base, status: "completed" });
    expect(done).not.toContain("<form");
    expect(done).toContain("Completed");
  });

  it("speaks the shopper's language, with the deadline in the shop's zone, named", () => {
    const page = statusPage({ ...base, locale: "de", status: "in_progress", dueAt: new Date("2027-01-14T22:59:00Z"), timeZone: "Europe/Berlin", result: "verified" });
    expect(page).toContain('lang="de"');
    expect(page).toContain("<h1>Ihre Datenschutzanfrage</h1>");
    expect(page).toContain("Anfragenummer: <strong>PR-ABC</strong>");
    expect(page).toContain("Status: In Bearbeitung");
    expect(page).toContain("Wir antworten spätestens bis 14. Januar 2027 um 23:59 (Europe/Berlin).");
    expect(page).toContain("Vielen Dank: Ihre E-Mail-Adresse ist bestätigt.");
    expect(notFoundPage("fr")).toContain("Demande introuvable");
    expect(messagePage("ja", "rate_limited")).toContain("しばらくお待ちください");
    expect(invalidFormPage("es", { email: "required", message: "too_long" })).toContain("Su mensaje: este texto es demasiado largo (como máximo 2000 caracteres).");
  });

  it("escapes HTML and Liquid in everything it prints", () => {
    const page = invalidFormPage("en", { "{{ shop.email }}<script>": "invalid" });
    expect(page).not.toContain("{{");
    expect(page).not.toContain("<script>");
  });

  it("knows only its own result keys", () => {
    expect(isResultKey("verified")).toBe(true);
    expect(isResultKey("toString")).toBe(false);
    expect(isResultKey(null)).toBe(false);
  });
});

describe("a request closed as never verified", () => {
  it("tells the shopper why, and offers no code box", () => {
    const html = statusPage({ ...base, status: "cancelled", neverVerified: true });
    expect(html).toContain("closed because the email address was not confirmed in time");
    expect(html).not.toContain('name="code"');
    expect(statusPage({ ...base, status: "cancelled" })).not.toContain("not confirmed in time");
  });
});
