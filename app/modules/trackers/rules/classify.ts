// Classifies what a scan found (a cookie or storage key by name, a request by host) with the app's
// own tracker list plus, when an operator fetched it, the Open Cookie Database. Pure: the database
// rows are passed in (see load-cookie-database.server.ts).
import { TRACKERS, type TrackerCategory, type TrackerEntry } from "../presets";

export interface Classification {
  category: TrackerCategory | "unclassified";
  provider: string | null;
  purpose: string | null;
  retention: string | null;
  /** Which list said so. */
  source: "app" | "open-cookie-database" | null;
  /** Preset the storefront blocker holds, when it is one. */
  preset: string | null;
}

export interface CookieDatabaseRow {
  name: string;
  category: TrackerCategory;
  provider: string;
  purpose: string;
  retention: string;
  domain: string;
  wildcard: boolean;
}

const UNCLASSIFIED: Classification = { category: "unclassified", provider: null, purpose: null, retention: null, source: null, preset: null };

/** "_hjSession_*" matches "_hjSession_123"; a name without "*" matches itself only. */
export function nameMatches(pattern: string, name: string): boolean {
  if (!pattern.includes("*")) return pattern === name;
  const parts = pattern.split("*");
  let at = 0;
  for (const [i, part] of parts.entries()) {
    if (i === 0) {
      if (!name.startsWith(part)) return false;
      at = part.length;
    } else if (i === parts.length - 1) {
      return name.length - part.length >= at && name.endsWith(part);
    } else {
      const found = name.indexOf(part, at);
      if (found < 0) return false;
      at = found + part.length;
    }
  }
  return true;
}

export function hostMatches(suffix: string, host: string): boolean {
  const h = host.toLowerCase();
  return h === suffix || h.endsWith(`.${suffix}`);
}

function fromEntry(t: TrackerEntry): Classification {
  return { category: t.category, provider: t.provider, purpose: t.purpose, retention: t.retention, source: "app", preset: t.preset ? t.id : null };
}

export function classifyHost(host: string, trackers: TrackerEntry[] = TRACKERS): Classification {
  const hit = trackers.find((t) => t.hosts.some((h) => hostMatches(h, host)));
  return hit ? fromEntry(hit) : UNCLASSIFIED;
}

/** A cookie or storage key by name: the app's list first (exact before wildcard), then the database. */
export function classifyName(name: string, database: CookieDatabaseRow[] = [], trackers: TrackerEntry[] = TRACKERS): Classification {
  const exact = trackers.find((t) => t.cookies.includes(name));
  const wild = exact ?? trackers.find((t) => t.cookies.some((c) => nameMatches(c, name)));
  if (wild) return fromEntry(wild);
  const row = database.find((r) => !r.wildcard && r.name === name) ?? database.find((r) => r.wildcard && name.startsWith(r.name));
  if (!row) return UNCLASSIFIED;
  return { category: row.category, provider: row.provider, purpose: row.purpose, retention: row.retention, source: "open-cookie-database", preset: null };
}

const OCD_CATEGORIES: Record<string, TrackerCategory> = {
  functional: "necessary",
  necessary: "necessary",
  security: "necessary",
  analytics: "analytics",
  marketing: "marketing",
  personalization: "preferences",
  preferences: "preferences",
};

/** Splits one CSV line (RFC 4180 quoting). */
function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/**
 * Parses the Open Cookie Database CSV (header: ID, Platform, Category, Cookie / Data Key name, Domain,
 * Description, Retention period, Data Controller, User Privacy & GDPR Rights Portals, Wildcard match).
 * Rows with an unknown category or no name are skipped; a Wildcard match of 1 means "name is a prefix".
 */
export function parseCookieDatabaseCsv(csv: string): CookieDatabaseRow[] {
  const lines = csv.split(/\r?\n/).filter((l) => l.trim() !== "");
  const header = splitCsvLine(lines[0] ?? "").map((h) => h.trim().toLowerCase());
  const col = (name: string) => header.findIndex((h) => h.startsWith(name));
  const idx = { platform: col("platform"), category: col("category"), name: col("cookie"), domain: col("domain"), description: col("description"), retention: col("retention"), wildcard: col("wildcard") };
  if (idx.name < 0 || idx.category < 0) return [];
  const rows: CookieDatabaseRow[] = [];
  for (const line of lines.slice(1)) {
    const f = splitCsvLine(line);
    const category = OCD_CATEGORIES[(f[idx.category] ?? "").trim().toLowerCase()];
    const name = (f[idx.name] ?? "").trim();
    if (!category || !name) continue;
    rows.push({
      name,
      category,
      provider: (f[idx.platform] ?? "").trim(),
      purpose: (f[idx.description] ?? "").trim(),
      retention: (f[idx.retention] ?? "").trim(),
      domain: (f[idx.domain] ?? "").trim(),
      wildcard: (f[idx.wildcard] ?? "").trim() === "1",
    });
  }
  return rows;
}
