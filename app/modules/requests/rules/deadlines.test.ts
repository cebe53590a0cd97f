import { describe, expect, it } from "vitest";
import { addBusinessDays, computeDeadline, extendDeadline, type ClockStart, type Regulation } from "./deadlines";
import { REGULATIONS } from "./regulations";
import { REQUEST_TYPES, type RequestType } from "./states";

const d = (iso: string) => new Date(iso);

// [regulation, received, verified, clock rule, expected due, expected latest extended due]; the right is access.
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
  // Swiss FADP: 30 days, postponable (the app allows 30 more).
  ["swiss_fadp", "2026-01-31T10:00:00Z", null, "receipt", "2026-03-02T10:00:00Z", "2026-04-01T10:00:00Z"],
  ["swiss_fadp", "2028-02-01T10:00:00+01:00", null, "receipt", "2028-03-02T09:00:00Z", "2028-04-01T09:00:00Z"], // leap February
  // US state laws: 45 calendar days, plus 45 once.
  ["us_va", "2026-01-31T10:00:00Z", null, "receipt", "2026-03-17T10:00:00Z", "2026-05-01T10:00:00Z"],
  ["us_co", "2028-01-20T10:00:00-07:00", null, "receipt", "2028-03-05T17:00:00Z", "2028-04-19T17:00:00Z"],
  ["us_ct", "2026-12-31T23:00:00-05:00", null, "receipt", "2027-02-15T04:00:00Z", "2027-04-01T04:00:00Z"],
  ["us_ut", "2026-06-30T12:00:00Z", null, "receipt", "2026-08-14T12:00:00Z", "2026-09-28T12:00:00Z"],
  ["us_tx", "2026-11-30T12:00:00Z", null, "receipt", "2027-01-14T12:00:00Z", "2027-02-28T12:00:00Z"],
  ["us_or", "2026-03-01T08:00:00Z", "2026-03-03T08:00:00Z", "verification", "2026-04-17T08:00:00Z", "2026-06-01T08:00:00Z"],
  // PIPEDA: 30 days, plus up to 30; Quebec Law 25: 30 days, no extension.
  ["pipeda", "2026-01-31T10:00:00Z", null, "receipt", "2026-03-02T10:00:00Z", "2026-04-01T10:00:00Z"],
  ["pipeda", "2028-02-15T10:00:00Z", null, "receipt", "2028-03-16T10:00:00Z", "2028-04-15T10:00:00Z"],
  ["quebec", "2026-12-15T10:00:00-05:00", null, "receipt", "2027-01-14T15:00:00Z", null],
  ["quebec", "2028-02-10T00:00:00Z", null, "receipt", "2028-03-11T00:00:00Z", null],
];

// Opt-outs of sale/sharing: [regulation, received, due, latest extended due or null].
const OPT_OUT_CASES: [Regulation, string, string, string | null][] = [
  // CCPA regs §7026(f): 15 business days, Monday to Friday in California, no extension. Public
  // holidays are counted as business days (MLK day 19 Jan 2026, Christmas, New Year's Day below).
  ["ccpa", "2026-01-05T09:00:00-08:00", "2026-01-26T17:00:00Z", null],
  // Friday 23:30 in California is Saturday in UTC: the count follows California's calendar.
  ["ccpa", "2026-01-09T23:30:00-08:00", "2026-01-31T07:30:00Z", null],
  // Across the DST change of 8 March 2026: 09:00 local stays 09:00 local (17:00Z -> 16:00Z).
  ["ccpa", "2026-03-02T09:00:00-08:00", "2026-03-23T16:00:00Z", null],
  // Through 29 February 2028.
  ["ccpa", "2028-02-14T12:00:00-08:00", "2028-03-06T20:00:00Z", null],
  // Across the year end; 25 Dec and 1 Jan count.
  ["ccpa", "2026-12-24T10:00:00-08:00", "2027-01-14T18:00:00Z", null],
  // Received on a Saturday: the Monday after is the first business day.
  ["ccpa", "2026-01-10T12:00:00-08:00", "2026-01-30T20:00:00Z", null],
  // Other laws: their general period (opt-outs in other US states: 45 days + 45).
  ["us_va", "2026-01-31T10:00:00Z", "2026-03-17T10:00:00Z", "2026-05-01T10:00:00Z"],
  ["gdpr", "2026-01-31T10:00:00Z", "2026-02-28T10:00:00Z", "2026-04-30T10:00:00Z"],
  ["lgpd", "2026-02-20T12:00:00Z", "2026-03-07T12:00:00Z", null],
];

describe("deadlines per regulation", () => {
  it.each(CASES)("%s received %s (verified %s, clock from %s) is due %s, extendable to %s", (regulation, received, verified, clockStart, due, extended) => {
    const deadline = computeDeadline({ regulation, type: "access", receivedAt: d(received), verifiedAt: verified ? d(verified) : null, clockStart });
    expect(deadline.dueAt.toISOString()).toBe(d(due).toISOString());
    expect(deadline.maxExtendedDueAt?.toISOString() ?? null).toBe(extended ? d(extended).toISOString() : null);
    if (extended) {
      const now = new Date(deadline.dueAt.getTime() - 1);
      expect(extendDeadline(regulation, "access", deadline.clockStartsAt, deadline.dueAt, now, false).toISOString()).toBe(d(extended).toISOString());
    }
  });

  it("says which clock rule it applied", () => {
    expect(computeDeadline({ regulation: "gdpr", type: "access", receivedAt: d("2026-01-10T00:00:00Z"), verifiedAt: d("2026-01-12T00:00:00Z"), clockStart: "verification" }).clockRule).toMatch(/identity was confirmed/);
    expect(computeDeadline({ regulation: "gdpr", type: "access", receivedAt: d("2026-01-10T00:00:00Z"), verifiedAt: null, clockStart: "verification" }).clockRule).toMatch(/received/);
  });

  it("refuses an extension after the deadline, a second one, or where the law allows none", () => {
    const due = d("2026-02-15T10:00:00Z");
    const start = d("2026-01-15T10:00:00Z");
    expect(() => extendDeadline("gdpr", "access", start, due, d("2026-02-15T10:00:00.001Z"), false)).toThrow(/has passed/);
    expect(() => extendDeadline("gdpr", "access", start, due, d("2026-02-01T00:00:00Z"), true)).toThrow(/already extended/);
    expect(() => extendDeadline("lgpd", "access", start, due, d("2026-02-01T00:00:00Z"), false)).toThrow(/no extension/);
    expect(() => extendDeadline("shopify", "access", start, due, d("2026-02-01T00:00:00Z"), false)).toThrow(/no extension/);
    expect(extendDeadline("gdpr", "access", start, due, due, false).toISOString()).toBe("2026-04-15T10:00:00.000Z"); // on the deadline itself
  });

  it.each(OPT_OUT_CASES)("%s do-not-sell received %s is due %s, extendable to %s", (regulation, received, due, extended) => {
    const deadline = computeDeadline({ regulation, type: "do_not_sell", receivedAt: d(received), verifiedAt: null, clockStart: "receipt" });
    expect(deadline.dueAt.toISOString()).toBe(d(due).toISOString());
    expect(deadline.maxExtendedDueAt?.toISOString() ?? null).toBe(extended ? d(extended).toISOString() : null);
  });

  it("never extends a CCPA opt-out of sale/sharing, but does extend a CCPA access request", () => {
    const start = d("2026-01-05T17:00:00Z");
    const due = computeDeadline({ regulation: "ccpa", type: "do_not_sell", receivedAt: start, verifiedAt: null, clockStart: "receipt" }).dueAt;
    expect(() => extendDeadline("ccpa", "do_not_sell", start, due, start, false)).toThrow(/no extension/);
    expect(extendDeadline("ccpa", "access", start, d("2026-02-19T17:00:00Z"), start, false).toISOString()).toBe("2026-04-05T17:00:00.000Z");
  });

  it("counts business days Monday to Friday in the given zone, whatever the weekday of the start", () => {
    // From each day of one week (Mon 2 Nov 2026 .. Sun 8 Nov) at noon UTC, 5 business days.
    const expected = ["2026-11-09", "2026-11-10", "2026-11-11", "2026-11-12", "2026-11-13", "2026-11-13", "2026-11-13"];
    expected.forEach((day, i) => {
      const start = new Date(Date.UTC(2026, 10, 2 + i, 12));
      expect(addBusinessDays(start, 5, "UTC").toISOString()).toBe(`${day}T12:00:00.000Z`);
    });
    // Tokyo (UTC+9) Monday 08:00 is Sunday 23:00 UTC: Tokyo's calendar decides.
    expect(addBusinessDays(d("2026-11-01T23:00:00Z"), 1, "Asia/Tokyo").toISOString()).toBe("2026-11-02T23:00:00.000Z");
    expect(addBusinessDays(d("2026-11-01T23:00:00Z"), 1, "UTC").toISOString()).toBe("2026-11-02T23:00:00.000Z");
    expect(addBusinessDays(d("2026-11-06T23:00:00Z"), 1, "Asia/Tokyo").toISOString()).toBe("2026-11-08T23:00:00.000Z"); // Sat 08:00 in Tokyo -> Mon 08:00
    expect(addBusinessDays(d("2026-11-06T23:00:00Z"), 1, "UTC").toISOString()).toBe("2026-11-09T23:00:00.000Z"); // Fri in UTC
  });
});

describe("every regulation and right, from 28 February 2028 12:00 UTC (a leap February, across a month end and a DST change)", () => {
  const received = d("2028-02-28T12:00:00Z");
  const MONTH = ["2028-03-28T12:00:00Z", "2028-05-28T12:00:00Z"] as const;
  const DAYS_30 = ["2028-03-29T12:00:00Z", "2028-04-28T12:00:00Z"] as const;
  const DAYS_45 = ["2028-04-13T12:00:00Z", "2028-05-28T12:00:00Z"] as const;
  const table: Record<Regulation, Record<RequestType, readonly [string, string | null]>> = {
    gdpr: { access: MONTH, portability: MONTH, rectification: MONTH, erasure: MONTH, do_not_sell: MONTH },
    uk_gdpr: { access: MONTH, portability: MONTH, rectification: MONTH, erasure: MONTH, do_not_sell: MONTH },
    swiss_fadp: { access: DAYS_30, portability: DAYS_30, rectification: DAYS_30, erasure: DAYS_30, do_not_sell: DAYS_30 },
    // 15 business days in California: 29 Feb, 1-3 Mar, 6-10, 13-17, 20 Mar; 04:00 PST becomes 04:00 PDT (11:00 UTC).
    ccpa: { access: DAYS_45, portability: DAYS_45, rectification: DAYS_45, erasure: DAYS_45, do_not_sell: ["2028-03-20T11:00:00Z", null] },
    us_va: { access: DAYS_45, portability: DAYS_45, rectification: DAYS_45, erasure: DAYS_45, do_not_sell: DAYS_45 },
    us_co: { access: DAYS_45, portability: DAYS_45, rectification: DAYS_45, erasure: DAYS_45, do_not_sell: DAYS_45 },
    us_ct: { access: DAYS_45, portability: DAYS_45, rectification: DAYS_45, erasure: DAYS_45, do_not_sell: DAYS_45 },
    us_ut: { access: DAYS_45, portability: DAYS_45, rectification: DAYS_45, erasure: DAYS_45, do_not_sell: DAYS_45 },
    us_tx: { access: DAYS_45, portability: DAYS_45, rectification: DAYS_45, erasure: DAYS_45, do_not_sell: DAYS_45 },
    us_or: { access: DAYS_45, portability: DAYS_45, rectification: DAYS_45, erasure: DAYS_45, do_not_sell: DAYS_45 },
    lgpd: { access: ["2028-03-14T12:00:00Z", null], portability: ["2028-03-14T12:00:00Z", null], rectification: ["2028-03-14T12:00:00Z", null], erasure: ["2028-03-14T12:00:00Z", null], do_not_sell: ["2028-03-14T12:00:00Z", null] },
    pipeda: { access: DAYS_30, portability: DAYS_30, rectification: DAYS_30, erasure: DAYS_30, do_not_sell: DAYS_30 },
    quebec: { access: [DAYS_30[0], null], portability: [DAYS_30[0], null], rectification: [DAYS_30[0], null], erasure: [DAYS_30[0], null], do_not_sell: [DAYS_30[0], null] },
    shopify: { access: [DAYS_30[0], null], portability: [DAYS_30[0], null], rectification: [DAYS_30[0], null], erasure: [DAYS_30[0], null], do_not_sell: [DAYS_30[0], null] },
  };
  const rows = REGULATIONS.flatMap((regulation) => REQUEST_TYPES.map((type) => [regulation, type, ...table[regulation][type]] as const));

  it.each(rows)("%s %s: due %s, extendable to %s", (regulation, type, due, extended) => {
    const deadline = computeDeadline({ regulation, type, receivedAt: received, verifiedAt: null, clockStart: "receipt" });
    expect(deadline.dueAt.toISOString()).toBe(d(due).toISOString());
    expect(deadline.maxExtendedDueAt?.toISOString() ?? null).toBe(extended ? d(extended).toISOString() : null);
    if (extended) expect(extendDeadline(regulation, type, received, deadline.dueAt, received, false).toISOString()).toBe(d(extended).toISOString());
    else expect(() => extendDeadline(regulation, type, received, deadline.dueAt, received, false)).toThrow(/no extension/);
  });
});
