// The overview's figures, computed from plain rows. Pure: the clock is passed in.

export const DAY_MS = 86_400_000;

export interface ClosedRequest {
  receivedAt: Date;
  closedAt: Date;
  dueAt: Date;
  extendedDueAt: Date | null;
}

/** Median of numbers (null when empty): the mean of the two middle values for an even count. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface CloseStats {
  closed: number;
  onTime: number;
  /** 0..1, null without closed requests. */
  onTimeRate: number | null;
  /** Days from receipt to close, one decimal. */
  medianDays: number | null;
}

/** On time: closed no later than the deadline in force (the extended one if extended). */
export function closeStats(rows: readonly ClosedRequest[]): CloseStats {
  const onTime = rows.filter((r) => r.closedAt.getTime() <= (r.extendedDueAt ?? r.dueAt).getTime()).length;
  const days = median(rows.map((r) => (r.closedAt.getTime() - r.receivedAt.getTime()) / DAY_MS));
  return { closed: rows.length, onTime, onTimeRate: rows.length ? onTime / rows.length : null, medianDays: days === null ? null : Math.round(days * 10) / 10 };
}

export interface MonthStats extends CloseStats {
  /** "2026-11" (UTC month). */
  month: string;
}

/** The last `months` calendar months (UTC) up to and including now's, oldest first, each with its close stats. */
export function closeStatsByMonth(rows: readonly ClosedRequest[], now: Date, months: number): MonthStats[] {
  const keys: string[] = [];
  for (let i = months - 1; i >= 0; i--) {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1));
    keys.push(d.toISOString().slice(0, 7));
  }
  return keys.map((month) => ({ month, ...closeStats(rows.filter((r) => r.closedAt.toISOString().slice(0, 7) === month)) }));
}

export type DueState = "overdue" | "week" | "later";

/** Where an open request stands against its deadline (the extended one if extended). */
export function dueState(due: Date, now: Date): DueState {
  if (due.getTime() < now.getTime()) return "overdue";
  return due.getTime() <= now.getTime() + 7 * DAY_MS ? "week" : "later";
}

export const CONSENT_CATEGORIES = ["analytics", "marketing", "preferences", "sale_of_data"] as const;
export type ConsentCategory = (typeof CONSENT_CATEGORIES)[number];

export interface ConsentGroup {
  region: string | null;
  action: string;
  categories: string;
  count: number;
}

export interface ConsentRegionStats {
  region: string;
  total: number;
  acceptAll: number;
  rejectAll: number;
  custom: number;
  /** Share of choices that allowed each category, 0..1. */
  allowed: Record<ConsentCategory, number>;
}

function parseCategories(json: string): Partial<Record<ConsentCategory, boolean>> {
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === "object" && value !== null ? (value as Partial<Record<ConsentCategory, boolean>>) : {};
  } catch {
    return {};
  }
}

/** Consent choices per region (and "All regions" first): accept/reject/custom counts and per-category allow rates. */
export function consentByRegion(groups: readonly ConsentGroup[]): ConsentRegionStats[] {
  const byRegion = new Map<string, { total: number; acceptAll: number; rejectAll: number; custom: number; allowedCount: Record<ConsentCategory, number> }>();
  const bucket = (region: string) => {
    let entry = byRegion.get(region);
    if (!entry) {
      entry = { total: 0, acceptAll: 0, rejectAll: 0, custom: 0, allowedCount: { analytics: 0, marketing: 0, preferences: 0, sale_of_data: 0 } };
      byRegion.set(region, entry);
    }
    return entry;
  };
  for (const g of groups) {
    const categories = parseCategories(g.categories);
    for (const region of ["All regions", g.region || "Unknown"]) {
      const entry = bucket(region);
      entry.total += g.count;
      if (g.action === "accept_all") entry.acceptAll += g.count;
      else if (g.action === "reject_all") entry.rejectAll += g.count;
      else entry.custom += g.count;
      for (const c of CONSENT_CATEGORIES) if (categories[c] === true) entry.allowedCount[c] += g.count;
    }
  }
  const rows = [...byRegion.entries()].map(([region, e]) => ({
    region,
    total: e.total,
    acceptAll: e.acceptAll,
    rejectAll: e.rejectAll,
    custom: e.custom,
    allowed: Object.fromEntries(CONSENT_CATEGORIES.map((c) => [c, e.total ? e.allowedCount[c] / e.total : 0])) as Record<ConsentCategory, number>,
  }));
  // "All regions" first, then the busiest regions.
  return rows.sort((a, b) => (a.region === "All regions" ? -1 : b.region === "All regions" ? 1 : b.total - a.total || a.region.localeCompare(b.region)));
}

/** "42%" (whole percent), "—" without data. */
export function percent(rate: number | null): string {
  return rate === null ? "—" : `${Math.round(rate * 100)}%`;
}
