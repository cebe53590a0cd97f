import { parse } from "parse5";
import { describe, expect, it } from "vitest";
import { acknowledgmentMail, codeNotice, completionMail, composeMail, extensionMail, rejectionMail } from "./shopper-mail";

const en = { locale: "en", timeZone: "Europe/Berlin", shop: "demo.myshopify.com" } as const;
const de = { ...en, locale: "de" } as const;
const base = { reference: "PR-ABCDEFGHJKLMNP", type: "erasure", regulation: "gdpr" };

describe("requester emails", () => {
  it("acknowledge with the reference, the right, the law and the deadline in the shop's zone, named", () => {
    const mail = acknowledgmentMail(en, { ...base, dueAt: new Date("2026-12-23T22:30:00Z") });
    expect(mail.subject).toBe("We received your privacy request PR-ABCDEFGHJKLMNP");
    expect(mail.text).toContain("Your request: Right to erasure\nThe law that applies: GDPR\nWe will answer by December 23, 2026 at 11:30 PM (Europe/Berlin) at the latest.");
    const german = acknowledgmentMail(de, { ...base, dueAt: new Date("2026-12-23T22:30:00Z") });
    expect(german.subject).toBe("Wir haben Ihre Datenschutzanfrage PR-ABCDEFGHJKLMNP erhalten");
    expect(german.text).toContain("Ihre Anfrage: Recht auf Löschung\nGeltendes Recht: DSGVO\nWir antworten spätestens bis 23. Dezember 2026 um 23:30 (Europe/Berlin).");
  });

  it("explains an extension with the law's allowance in the reader's plural forms", () => {
    const text = extensionMail({ ...en, locale: "pl" }, { ...base, regulation: "ccpa", reason: "Dużo zamówień", dueAt: new Date("2027-02-23T00:00:00Z"), allowance: { days: 45 } }).text;
    expect(text).toContain("CCPA/CPRA pozwala na jednorazowe przedłużenie terminu o maksymalnie 45 dni");
    expect(text).toContain("Powód: Dużo zamówień");
    expect(extensionMail(de, { ...base, reason: "Viele Bestellungen", dueAt: new Date("2027-02-23T00:00:00Z"), allowance: { months: 2 } }).text).toContain("DSGVO erlaubt eine einmalige Verlängerung um bis zu 2 Monate");
    expect(extensionMail(en, { ...base, regulation: undefined, reason: "x", dueAt: new Date("2027-02-23T00:00:00Z") }).text).toContain("The law allows this extension");
  });

  it("lists download links with their expiry, or says how to get the data", () => {
    const mail = completionMail(de, { ...base, type: "access", links: [{ format: "json", url: "https://app.example/downloads/v1.a.b", expiresAt: new Date("2026-11-30T00:00:00Z") }] });
    expect(mail.text).toContain("- JSON (bis 30. November 2026 um 01:00 (Europe/Berlin)): https://app.example/downloads/v1.a.b");
    expect(mail.html).toContain('<a href="https://app.example/downloads/v1.a.b">https://app.example/downloads/v1.a.b</a>');
    expect(completionMail(en, { ...base, type: "access", links: [] }).text).toContain("Please contact us to receive your data.");
    expect(completionMail(en, { ...base, links: [] }).text).not.toContain("contact us to receive");
    expect(completionMail(de, { ...base, type: "do_not_sell", links: [], outcome: "guest" }).text).toContain("Dieser Shop hat kein Kundenkonto");
  });

  it("sends the code with the status page and its lifetime", () => {
    const mail = codeNotice({ ...en, locale: "ja" }, { reference: "PR-X", code: "123456", minutes: 15, statusUrl: "https://demo.myshopify.com/apps/privacy/requests/PR-X" });
    expect(mail.subject).toBe("個人情報に関するリクエストPR-Xの確認コード");
    expect(mail.text).toContain("確認コードは123456です");
    expect(mail.text).toContain("コードの有効期限は15分です。");
  });

  it("escapes the merchant's text in the HTML part and keeps the document well formed", () => {
    const mail = rejectionMail(en, { ...base, reason: `<script>alert(1)</script> & "quotes"` });
    expect(mail.text).toContain(`Why: <script>alert(1)</script> & "quotes"`);
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).toContain("Why: &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;");
    const errors: string[] = [];
    parse(mail.html!, { onParseError: (e) => errors.push(e.code) });
    expect(errors).toEqual([]);
    expect(composeMail("de", "S", [["a"], []]).html).toContain('<html lang="de">');
  });
});
