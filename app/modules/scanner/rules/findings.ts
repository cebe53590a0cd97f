// What a storefront scan found, merged over its pages and two passes (before consent, after
// "accept all"), classified, and compared with the previous scan. Pure.
import { classifyHost, classifyName, type Classification, type CookieDatabaseRow } from "../../trackers/rules/classify";

export type FindingKind = "cookie" | "local_storage" | "session_storage" | "request";

export interface Observation {
  kind: FindingKind;
  /** Cookie or storage key name, or the request's host. */
  name: string;
  /** Cookie domain, or the storefront host for storage keys and requests' own host. */
  domain: string;
  /** Seconds since epoch; null for session cookies and non-cookies. */
  expires: number | null;
  pass: "before" | "after";
  page: string;
}

export interface Finding extends Classification {
  kind: FindingKind;
  name: string;
  domain: string;
  firstParty: boolean;
  /** Seen without any consent given: what regulators fine. */
  beforeConsent: boolean;
  /** Days until the cookie expires, as first seen; null for session cookies and non-cookies. */
  expiresInDays: number | null;
  pages: string[];
}

export function registrableDomain(host: string): string {
  const h = host.replace(/^\./, "").toLowerCase();
  if (/^[\d.]+$/.test(h) || !h.includes(".")) return h;
  const parts = h.split(".");
  // Good enough for first/third-party: two labels, three for common second-level suffixes (co.uk).
  const sld = parts.at(-2) ?? "";
  return parts.slice(["co", "com", "org", "net", "ac", "gov"].includes(sld) && parts.length > 2 ? -3 : -2).join(".");
}

export function findingKey(f: { kind: FindingKind; name: string; domain: string }): string {
  return `${f.kind}|${f.name}|${f.domain.replace(/^\./, "")}`;
}

/** Merges the observations of a scan into findings, most serious first. */
export function buildFindings(observations: Observation[], storefrontHost: string, scannedAt: Date, database: CookieDatabaseRow[] = []): Finding[] {
  const site = registrableDomain(storefrontHost);
  const byKey = new Map<string, Finding>();
  for (const o of observations) {
    const key = findingKey(o);
    let f = byKey.get(key);
    if (!f) {
      const classification = o.kind === "request" ? classifyHost(o.name) : classifyName(o.name, database);
      f = {
        ...classification,
        kind: o.kind,
        name: o.name,
        domain: o.domain.replace(/^\./, ""),
        firstParty: registrableDomain(o.domain) === site,
        beforeConsent: false,
        expiresInDays: o.expires === null || o.expires < 0 ? null : Math.max(0, Math.round((o.expires * 1000 - scannedAt.getTime()) / 86_400_000)),
        pages: [],
      };
      byKey.set(key, f);
    }
    if (o.pass === "before") f.beforeConsent = true;
    if (!f.pages.includes(o.page)) f.pages.push(o.page);
  }
  return [...byKey.values()].sort((a, b) => severity(b) - severity(a) || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
}

/** A finding the merchant must act on: a non-necessary tracker seen before consent. */
export function isViolation(f: Pick<Finding, "beforeConsent" | "category">): boolean {
  return f.beforeConsent && f.category !== "necessary";
}

function severity(f: Finding): number {
  return (isViolation(f) ? 2 : 0) + (f.category === "unclassified" ? 1 : 0);
}

export interface ScanDiff {
  added: Finding[];
  removed: Finding[];
  /** Violations that were not violations (or not there) in the previous scan. */
  newViolations: Finding[];
}

export function diffFindings(previous: Finding[] | null, current: Finding[]): ScanDiff {
  if (!previous) return { added: [], removed: [], newViolations: [] };
  const before = new Map(previous.map((f) => [findingKey(f), f]));
  const now = new Map(current.map((f) => [findingKey(f), f]));
  return {
    added: current.filter((f) => !before.has(findingKey(f))),
    removed: previous.filter((f) => !now.has(findingKey(f))),
    newViolations: current.filter((f) => isViolation(f) && !isViolation(before.get(findingKey(f)) ?? { beforeConsent: false, category: "necessary" })),
  };
}

const CSV_COLUMNS = ["kind", "name", "domain", "first_party", "before_consent", "category", "provider", "purpose", "retention", "expires_in_days", "pages"] as const;

function csvCell(value: string): string {
  // Leading = + - @ would be formulas in a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function findingsCsv(findings: Finding[]): string {
  const rows = findings.map((f) =>
    [f.kind, f.name, f.domain, String(f.firstParty), String(f.beforeConsent), f.category, f.provider ?? "", f.purpose ?? "", f.retention ?? "", f.expiresInDays === null ? "" : String(f.expiresInDays), f.pages.join(" ")].map(csvCell).join(","),
  );
  return [CSV_COLUMNS.join(","), ...rows].join("\r\n") + "\r\n";
}
