import { describe, expect, it } from "vitest";
import { acknowledgmentNotice, completionNotice, digestNotice, extensionNotice, longDate, rejectionNotice } from "./notices";

const base = { shop: "demo.myshopify.com", reference: "PR-ABCDEFGHJKLMNP", type: "access" };

describe("notice texts", () => {
  it("writes dates so no locale misreads them", () => {
    expect(longDate(new Date("2027-01-04T23:30:00Z"))).toBe("4 January 2027");
  });

  it("acknowledges with the reference and the deadline", () => {
    const mail = acknowledgmentNotice({ ...base, dueAt: new Date("2026-12-23T10:00:00Z") });
    expect(mail.subject).toBe("We received your privacy request PR-ABCDEFGHJKLMNP");
    expect(mail.text).toContain("We will answer by 23 December 2026");
    expect(acknowledgmentNotice({ ...base, dueAt: new Date("2026-12-23T10:00:00Z"), law: "LGPD" }).text).toContain("The law that applies: LGPD\nWe will answer by 23 December 2026");
  });

  it("names the law and its allowance in an extension", () => {
    const text = extensionNotice({ ...base, reason: "Many orders", dueAt: new Date("2027-02-23T00:00:00Z"), law: "CCPA/CPRA", allowance: "45 days" }).text;
    expect(text).toContain("CCPA/CPRA allows one extension of up to 45 days where a request is complex or numerous.");
  });

  it("explains an extension and a rejection with the merchant's reason", () => {
    expect(extensionNotice({ ...base, reason: "Many orders", dueAt: new Date("2027-02-23T00:00:00Z") }).text).toMatch(/Why: Many orders\nNew deadline: 23 February 2027/);
    expect(rejectionNotice({ ...base, reason: "Identity not confirmed" }).text).toContain("Why: Identity not confirmed");
  });

  it("lists download links with their expiry, or says how to get the data", () => {
    const withLinks = completionNotice({ ...base, links: [{ format: "json", url: "https://app.example/downloads/v1.a.b", expiresAt: new Date("2026-11-30T00:00:00Z") }] });
    expect(withLinks.text).toContain("- JSON (until 30 November 2026): https://app.example/downloads/v1.a.b");
    expect(withLinks.text).toContain("do not forward");
    expect(completionNotice({ ...base, links: [] }).text).toContain("Please contact us to receive your data.");
    expect(completionNotice({ ...base, type: "erasure", links: [] }).text).not.toContain("contact us to receive");
  });

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
