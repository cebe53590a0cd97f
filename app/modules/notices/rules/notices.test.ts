import { describe, expect, it } from "vitest";
import { digestNotice } from "./notices";

describe("notice texts", () => {
  it("digests overdue and due-soon requests by reference", () => {
    const mail = digestNotice({
      shop: "demo.myshopify.com",
      day: "2026-11-23",
      overdue: [{ reference: "PR-OVERDUE", type: "do_not_sell", status: "in_progress", dueAt: new Date("2026-11-21T12:00:00Z") }],
      dueSoon: [{ reference: "PR-SOON", type: "erasure", status: "verified", dueAt: new Date("2026-11-24T00:00:00Z") }],
      withinDays: 7,
      adminUrl: "https://demo.myshopify.com/admin/apps/key/app/requests",
      more: 0,
    });
    expect(mail.subject).toBe("Privacy requests: 1 overdue, 1 due soon (2026-11-23)");
    expect(mail.text).toContain("- PR-OVERDUE  do not sell  in progress  due 2026-11-21 (overdue by 2 days)");
    expect(mail.text).toContain("- PR-SOON  erasure  verified  due 2026-11-24 (due in 1 day)");
  });
});
