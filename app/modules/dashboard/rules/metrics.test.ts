import { describe, expect, it } from "vitest";
import { closeStats, closeStatsByMonth, consentByRegion, dueState, median, percent } from "./metrics";

const d = (iso: string) => new Date(iso);

describe("overview figures", () => {
  it("takes the median of odd and even counts", () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it("counts a request closed on time against the deadline in force, extended or not", () => {
    const rows = [
      { receivedAt: d("2026-11-01T00:00:00Z"), closedAt: d("2026-11-03T00:00:00Z"), dueAt: d("2026-12-01T00:00:00Z"), extendedDueAt: null },
      { receivedAt: d("2026-09-01T00:00:00Z"), closedAt: d("2026-11-05T00:00:00Z"), dueAt: d("2026-10-01T00:00:00Z"), extendedDueAt: d("2026-12-01T00:00:00Z") },
      { receivedAt: d("2026-10-01T00:00:00Z"), closedAt: d("2026-11-10T00:00:00Z"), dueAt: d("2026-10-31T00:00:00Z"), extendedDueAt: null },
    ];
    expect(closeStats(rows)).toEqual({ closed: 3, onTime: 2, onTimeRate: 2 / 3, medianDays: 40 });
    expect(closeStats([])).toEqual({ closed: 0, onTime: 0, onTimeRate: null, medianDays: null });
    const months = closeStatsByMonth(rows, d("2026-12-15T00:00:00Z"), 3);
    expect(months.map((m) => [m.month, m.closed])).toEqual([
      ["2026-10", 0],
      ["2026-11", 3],
      ["2026-12", 0],
    ]);
  });

  it("places an open request overdue, due within 7 days, or later", () => {
    const now = d("2026-12-01T12:00:00Z");
    expect(dueState(d("2026-12-01T11:59:59Z"), now)).toBe("overdue");
    expect(dueState(d("2026-12-08T12:00:00Z"), now)).toBe("week");
    expect(dueState(d("2026-12-08T12:00:01Z"), now)).toBe("later");
  });

  it("gives consent rates per region and category, all regions first", () => {
    const all = '{"analytics":true,"marketing":true,"preferences":true,"sale_of_data":true}';
    const none = '{"analytics":false,"marketing":false,"preferences":false,"sale_of_data":false}';
    const some = '{"analytics":true,"marketing":false,"preferences":true,"sale_of_data":false}';
    const stats = consentByRegion([
      { region: "DE", action: "accept_all", categories: all, count: 2 },
      { region: "DE", action: "reject_all", categories: none, count: 2 },
      { region: "USCA", action: "custom", categories: some, count: 1 },
      { region: null, action: "reject_all", categories: "not json", count: 1 },
    ]);
    expect(stats.map((s) => [s.region, s.total, s.acceptAll, s.rejectAll, s.custom])).toEqual([
      ["All regions", 6, 2, 3, 1],
      ["DE", 4, 2, 2, 0],
      ["Unknown", 1, 0, 1, 0],
      ["USCA", 1, 0, 0, 1],
    ]);
    expect(stats[0]!.allowed).toEqual({ analytics: 3 / 6, marketing: 2 / 6, preferences: 3 / 6, sale_of_data: 2 / 6 });
    expect(percent(2 / 3)).toBe("67%");
    expect(percent(null)).toBe("—");
  });
});
