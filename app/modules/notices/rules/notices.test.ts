import { describe, expect, it } from "vitest";
import { adminTranslator } from "../../../platform/i18n/admin-translator.server";
import { digestNotice } from "./notices";

const INPUT = {
  shop: "demo.myshopify.com",
  day: "2026-11-23",
  overdue: [{ reference: "PR-OVERDUE", type: "do_not_sell", status: "in_progress", dueAt: new Date("2026-11-21T12:00:00Z") }],
  dueSoon: [{ reference: "PR-SOON", type: "erasure", status: "verified", dueAt: new Date("2026-11-24T00:00:00Z") }],
  withinDays: 7,
  adminUrl: "https://demo.myshopify.com/admin/apps/key/app/requests",
  more: 2,
};

describe("notice texts", () => {
  it("digests overdue and due-soon requests by reference", () => {
    const mail = digestNotice(INPUT, adminTranslator("en"));
    expect(mail.subject).toBe("Privacy requests: 1 overdue, 1 due soon (2026-11-23)");
    expect(mail.text).toContain("1 overdue, 1 due within 7 days.");
    expect(mail.text).toContain("- PR-OVERDUE  Do not sell  In progress  due 2026-11-21 (overdue by 2 days)");
    expect(mail.text).toContain("- PR-SOON  Erasure  Verified  due 2026-11-24 (due in 1 day)");
    expect(mail.text).toContain("…and 2 more.");
  });

  it("speaks the recipient's language", () => {
    const mail = digestNotice(INPUT, adminTranslator("de"));
    expect(mail.subject).toBe("Datenschutzanfragen: 1 überfällig, 1 bald fällig (2026-11-23)");
    expect(mail.text).toContain("- PR-OVERDUE  Widerspruch gegen Datenverkauf  In Bearbeitung  fällig am 2026-11-21 (2 Tage überfällig)");
    expect(mail.text).toContain("fällig in 1 Tag");
    expect(mail.text).not.toMatch(/\{\{|overdue|due in/);
  });
});
