import { describe, expect, it } from "vitest";
import { computeDeadline, extendDeadline, type ClockStart, type Regulation } from "./deadlines";

const d = (iso: string) => new Date(iso);

// [regulation, received, verified, clock rule, expected due, expected latest extended due]
const CASES: [Regulation, string, string | null, ClockStart, string, string | null][] = [
  // GDPR: one calendar month, same day number, or the month's last day when it has none.
  ["gdpr", "2026-01-15T10:00:00Z", null, "receipt", "2026-02-15T10:00:00Z", "2026-04-15T10:00:00Z"],
  ["gdpr", "2026-01-31T10:00:00Z", null, "receipt", "2026-02-28T10:00:00Z", "2026-04-30T10:00:00Z"],
  ["gdpr", "2028-01-31T10:00:00Z", null, "receipt", "2028-02-29T10:00:00Z", "2028-04-30T10:00:00Z"], // leap year
  ["gdpr", "2026-03-31T08:00:00Z", null, "receipt", "2026-04-30T08:00:00Z", "2026-06-30T08:00:00Z"],
  ["gdpr", "2026-12-31T23:59:59Z", null, "receipt", "2027-01-31T23:59:59Z", "2027-03-31T23:59:59Z"], // year end
  ["gdpr", "2026-02-28T12:00:00Z", null, "receipt", "2026-03-28T12:00:00Z", "2026-05-28T12:00:00Z"],
  ["gdpr", "2028-02-29T12:00:00Z", null, "receipt", "2028-03-29T12:00:00Z", "2028-05-29T12:00:00Z"], // from a leap day
  ["gdpr", "2026-08-31T00:00:00Z", null, "receipt", "2026-09-30T00:00:00Z", "2026-11-30T00:00:00Z"],
  ["gdpr", "2026-05-31T06:30:00Z", null, "receipt", "2026-06-30T06:30:00Z", "2026-08-31T06:30:00Z"],
  ["gdpr", "2026-10-31T23:30:00Z", null, "receipt", "2026-11-30T23:30:00Z", "2027-01-31T23:30:00Z"],
  ["gdpr", "2026-11-30T09:00:00Z", null, "receipt", "2026-12-30T09:00:00Z", "2027-02-28T09:00:00Z"],
  // Time zones: the instant counts, so 31 Jan 23:30 in New York is 1 Feb in UTC.
  ["gdpr", "2026-01-31T23:30:00-05:00", null, "receipt", "2026-03-01T04:30:00Z", "2026-05-01T04:30:00Z"],
  // Across Europe's DST change (29 Mar 2026): the UTC instant is kept.
  ["gdpr", "2026-03-29T00:30:00+01:00", null, "receipt", "2026-04-28T23:30:00Z", "2026-06-28T23:30:00Z"],
  ["gdpr", "2026-06-15T12:34:56.789Z", null, "receipt", "2026-07-15T12:34:56.789Z", "2026-09-15T12:34:56.789Z"], // ms kept
  ["uk_gdpr", "2026-01-31T10:00:00Z", null, "receipt", "2026-02-28T10:00:00Z", "2026-04-30T10:00:00Z"],
  ["uk_gdpr", "2026-07-31T10:00:00Z", null, "receipt", "2026-08-31T10:00:00Z", "2026-10-31T10:00:00Z"],
  // Clock from verified identity (EDPB guidance) only when the shop chose it and identity is confirmed.
  ["gdpr", "2026-01-10T09:00:00Z", "2026-01-20T15:00:00Z", "verification", "2026-02-20T15:00:00Z", "2026-04-20T15:00:00Z"],
  ["gdpr", "2026-01-10T09:00:00Z", null, "verification", "2026-02-10T09:00:00Z", "2026-04-10T09:00:00Z"],
  ["gdpr", "2026-01-10T09:00:00Z", "2026-01-20T15:00:00Z", "receipt", "2026-02-10T09:00:00Z", "2026-04-10T09:00:00Z"],
  ["gdpr", "2026-01-30T09:00:00Z", "2026-01-31T09:00:00Z", "verification", "2026-02-28T09:00:00Z", "2026-04-30T09:00:00Z"],
  // CCPA/CPRA: 45 calendar days, plus 45 once.
  ["ccpa", "2026-01-01T00:00:00Z", null, "receipt", "2026-02-15T00:00:00Z", "2026-04-01T00:00:00Z"],
  ["ccpa", "2026-12-20T18:00:00Z", null, "receipt", "2027-02-03T18:00:00Z", "2027-03-20T18:00:00Z"],
  ["ccpa", "2028-02-01T00:00:00Z", null, "receipt", "2028-03-17T00:00:00Z", "2028-05-01T00:00:00Z"], // leap February
  ["ccpa", "2026-02-01T00:00:00Z", null, "receipt", "2026-03-18T00:00:00Z", "2026-05-02T00:00:00Z"],
  ["ccpa", "2026-03-01T08:00:00Z", "2026-03-05T08:00:00Z", "verification", "2026-04-19T08:00:00Z", "2026-06-03T08:00:00Z"],
  ["ccpa", "2026-10-31T23:00:00-07:00", null, "receipt", "2026-12-16T06:00:00Z", "2027-01-30T06:00:00Z"],
  // LGPD: 15 days, no extension.
  ["lgpd", "2026-02-20T12:00:00Z", null, "receipt", "2026-03-07T12:00:00Z", null],
  ["lgpd", "2028-02-20T12:00:00Z", null, "receipt", "2028-03-06T12:00:00Z", null],
  ["lgpd", "2026-12-25T03:00:00-03:00", null, "receipt", "2027-01-09T06:00:00Z", null],
  // Shopify's compliance webhooks: 30 days.
  ["shopify", "2026-11-23T01:00:00Z", null, "receipt", "2026-12-23T01:00:00Z", null],
  ["shopify", "2028-02-15T00:00:00Z", null, "receipt", "2028-03-16T00:00:00Z", null],
];

describe("deadlines per regulation", () => {
  it.each(CASES)("%s received %s (verified %s, clock from %s) is due %s, extendable to %s", (regulation, received, verified, clockStart, due, extended) => {
    const deadline = computeDeadline({ regulation, receivedAt: d(received), verifiedAt: verified ? d(verified) : null, clockStart });
    expect(deadline.dueAt.toISOString()).toBe(d(due).toISOString());
    expect(deadline.maxExtendedDueAt?.toISOString() ?? null).toBe(extended ? d(extended).toISOString() : null);
    if (extended) {
      const now = new Date(deadline.dueAt.getTime() - 1);
      expect(extendDeadline(regulation, deadline.clockStartsAt, deadline.dueAt, now, false).toISOString()).toBe(d(extended).toISOString());
    }
  });

  it("says which clock rule it applied", () => {
    expect(computeDeadline({ regulation: "gdpr", receivedAt: d("2026-01-10T00:00:00Z"), verifiedAt: d("2026-01-12T00:00:00Z"), clockStart: "verification" }).clockRule).toMatch(/identity was confirmed/);
    expect(computeDeadline({ regulation: "gdpr", receivedAt: d("2026-01-10T00:00:00Z"), verifiedAt: null, clockStart: "verification" }).clockRule).toMatch(/received/);
  });

  it("refuses an extension after the deadline, a second one, or where the law allows none", () => {
    const due = d("2026-02-15T10:00:00Z");
    const start = d("2026-01-15T10:00:00Z");
    expect(() => extendDeadline("gdpr", start, due, d("2026-02-15T10:00:00.001Z"), false)).toThrow(/has passed/);
    expect(() => extendDeadline("gdpr", start, due, d("2026-02-01T00:00:00Z"), true)).toThrow(/already extended/);
    expect(() => extendDeadline("lgpd", start, due, d("2026-02-01T00:00:00Z"), false)).toThrow(/no extension/);
    expect(() => extendDeadline("shopify", start, due, d("2026-02-01T00:00:00Z"), false)).toThrow(/no extension/);
    expect(extendDeadline("gdpr", start, due, due, false).toISOString()).toBe("2026-04-15T10:00:00.000Z"); // on the deadline itself
  });
});
