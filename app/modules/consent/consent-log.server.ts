import { z } from "zod";
import { db } from "../../platform/db.server";
import type { StaffContext } from "../team/staff-context";
import { appendAudit } from "../audit/audit.server";
import { CONSENT_ACTIONS, CONSENT_EXPORT_FORMATS, type ConsentAction, type ConsentExportFormat } from "./rules/actions";

// The merchant's view of the consent log (proof of consent from the storefront banner). Only the
// pseudonymous visitor id identifies anyone; customerRef (a blind index) is reduced to "signed in".

export { CONSENT_ACTIONS, CONSENT_EXPORT_FORMATS, type ConsentAction, type ConsentExportFormat };
export const CONSENT_PAGE_SIZE = 50;
const EXPORT_PAGE_SIZE = 500;


// ---------------------------------------------------------------------------------------------
// Filters (shared by the list page and the export, read from the URL so a view can be shared)

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

function instant(label: string, endOfDay: boolean) {
  return z
    .string()
    .trim()
    .refine((v) => DATE_ONLY.test(v) || z.iso.datetime({ offset: true }).safeParse(v).success, `${label} must be a date (YYYY-MM-DD) or an ISO date and time`)
    .transform((v, ctx) => {
      const parsed = new Date(DATE_ONLY.test(v) ? `${v}T00:00:00.000Z` : v);
      if (Number.isNaN(parsed.getTime())) {
        ctx.addIssue({ code: "custom", message: `${label} is not a real date` });
        return z.NEVER;
      }
      // A bare "to" date includes that whole UTC day.
      return endOfDay && DATE_ONLY.test(v) ? new Date(parsed.getTime() + DAY_MS - 1) : parsed;
    });
}

const Cursor = z
  .string()
  .transform((v, ctx) => {
    const [at, id, ...rest] = Buffer.from(v, "base64url").toString("utf8").split("|");
    const recordedAt = new Date(at ?? "");
    if (rest.length > 0 || !id || !/^[A-Za-z0-9_-]{1,64}$/.test(id) || Number.isNaN(recordedAt.getTime())) {
      ctx.addIssue({ code: "custom", message: "The page link is invalid: start again from the first page" });
      return z.NEVER;
    }
    return { recordedAt, id };
  });

const FilterSchema = z
  .object({
    action: z.enum(CONSENT_ACTIONS, { error: "Action must be accept_all, reject_all or custom" }).optional(),
    from: instant("From", false).optional(),
    to: instant("To", true).optional(),
    visitorId: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[0-9a-f]{32}$/, "Visitor id must be 32 hexadecimal characters")
      .optional(),
    noticeVersion: z.string().trim().min(1).max(64, "Notice version must be at most 64 characters").optional(),
    region: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z0-9-]{1,16}$/, "Region must be a region code such as DE or USCA")
      .optional(),
    gpc: z.enum(["true", "false"], { error: "GPC must be true or false" }).transform((v) => v === "true").optional(),
  })
  .refine((f) => !f.from || !f.to || f.from.getTime() <= f.to.getTime(), { message: "From must not be after To", path: ["from"] });

export type ConsentFilters = z.infer<typeof FilterSchema>;
export type FilterResult<T> = { ok: true; value: T } | { ok: false; message: string };

const FILTER_KEYS = ["action", "from", "to", "visitorId", "noticeVersion", "region", "gpc"] as const;

function firstMessage(error: z.ZodError): string {
  return error.issues.map((i) => i.message).join("; ");
}

/** Reads the filters from a URL's query; blank fields (an unfilled GET form) mean "any". */
export function parseConsentFilters(params: URLSearchParams): FilterResult<ConsentFilters> {
  const raw: Record<string, string> = {};
  for (const key of FILTER_KEYS) {
    const values = params.getAll(key);
    if (values.length > 1) return { ok: false, message: `${key} may be given once` };
    const value = values[0]?.trim();
    if (value) raw[key] = value;
  }
  const parsed = FilterSchema.safeParse(raw);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, message: firstMessage(parsed.error) };
}

export interface ConsentPageQuery {
  filters: ConsentFilters;
  cursor: { recordedAt: Date; id: string } | null;
}

export function parseConsentPageQuery(params: URLSearchParams): FilterResult<ConsentPageQuery> {
  const filters = parseConsentFilters(params);
  if (!filters.ok) return filters;
  const rawCursor = params.get("cursor")?.trim();
  if (!rawCursor) return { ok: true, value: { filters: filters.value, cursor: null } };
  const cursor = Cursor.safeParse(rawCursor);
  return cursor.success ? { ok: true, value: { filters: filters.value, cursor: cursor.data } } : { ok: false, message: firstMessage(cursor.error) };
}

/** The filters as JSON-safe values (for the audit entry and for refilling the form). */
export function describeFilters(f: ConsentFilters): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  if (f.action) out.action = f.action;
  if (f.from) out.from = f.from.toISOString();
  if (f.to) out.to = f.to.toISOString();
  if (f.visitorId) out.visitorId = f.visitorId;
  if (f.noticeVersion) out.noticeVersion = f.noticeVersion;
  if (f.region) out.region = f.region;
  if (f.gpc !== undefined) out.gpc = f.gpc;
  return out;
}

function whereOf(shop: string, f: ConsentFilters) {
  return {
    shopDomain: shop,
    ...(f.action ? { action: f.action } : {}),
    ...(f.from || f.to ? { recordedAt: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lte: f.to } : {}) } } : {}),
    ...(f.visitorId ? { visitorId: f.visitorId } : {}),
    ...(f.noticeVersion ? { noticeVersion: f.noticeVersion } : {}),
    ...(f.region ? { region: f.region } : {}),
    ...(f.gpc !== undefined ? { gpc: f.gpc } : {}),
  };
}

// Newest first with the id as tie-breaker: records stamped in the same millisecond keep a stable order.
const ORDER = [{ recordedAt: "desc" as const }, { id: "desc" as const }];

function after(cursor: { recordedAt: Date; id: string } | null) {
  if (!cursor) return {};
  return { OR: [{ recordedAt: { lt: cursor.recordedAt } }, { recordedAt: cursor.recordedAt, id: { lt: cursor.id } }] };
}

function encodeCursor(row: { recordedAt: Date; id: string }): string {
  return Buffer.from(`${row.recordedAt.toISOString()}|${row.id}`, "utf8").toString("base64url");
}

const SELECT = { id: true, visitorId: true, customerRef: true, noticeVersion: true, categories: true, action: true, region: true, gpc: true, locale: true, recordedAt: true } as const;

interface StoredRow {
  id: string;
  visitorId: string;
  customerRef: string | null;
  noticeVersion: string;
  categories: string;
  action: string;
  region: string | null;
  gpc: boolean;
  locale: string | null;
  recordedAt: Date;
}

export interface ConsentCategories {
  analytics: boolean;
  marketing: boolean;
  preferences: boolean;
  sale_of_data: boolean;
}

export interface ConsentRow {
  id: string;
  recordedAt: string;
  visitorId: string;
  action: string;
  categories: ConsentCategories;
  gpc: boolean;
  region: string | null;
  noticeVersion: string;
  locale: string | null;
  signedIn: boolean;
}

function categoriesOf(stored: string): ConsentCategories {
  const c = JSON.parse(stored) as Partial<ConsentCategories>;
  return { analytics: c.analytics === true, marketing: c.marketing === true, preferences: c.preferences === true, sale_of_data: c.sale_of_data === true };
}

function view(row: StoredRow): ConsentRow {
  return {
    id: row.id,
    recordedAt: row.recordedAt.toISOString(),
    visitorId: row.visitorId,
    action: row.action,
    categories: categoriesOf(row.categories),
    gpc: row.gpc,
    region: row.region,
    noticeVersion: row.noticeVersion,
    locale: row.locale,
    signedIn: row.customerRef !== null,
  };
}

export interface ConsentPage {
  records: ConsentRow[];
  nextCursor: string | null;
  total: number;
  totals: Record<ConsentAction, number>;
}

/** One page of the shop's consent log and the totals by action for the whole filtered set. */
export async function listConsent(ctx: StaffContext, query: ConsentPageQuery): Promise<ConsentPage> {
  const where = whereOf(ctx.shop, query.filters);
  const [rows, groups] = await Promise.all([
    db().consentRecord.findMany({ where: { ...where, ...after(query.cursor) }, orderBy: ORDER, take: CONSENT_PAGE_SIZE + 1, select: SELECT }),
    db().consentRecord.groupBy({ by: ["action"], where, _count: { _all: true } }),
  ]);
  const totals: Record<ConsentAction, number> = { accept_all: 0, reject_all: 0, custom: 0 };
  for (const g of groups) {
    if ((CONSENT_ACTIONS as readonly string[]).includes(g.action)) totals[g.action as ConsentAction] = g._count._all;
  }
  const page = rows.slice(0, CONSENT_PAGE_SIZE);
  const last = page[page.length - 1];
  return {
    records: page.map(view),
    nextCursor: rows.length > CONSENT_PAGE_SIZE && last ? encodeCursor(last) : null,
    total: groups.reduce((sum, g) => sum + g._count._all, 0),
    totals,
  };
}

// ---------------------------------------------------------------------------------------------
// Export

const CSV_COLUMNS = ["id", "recordedAt", "visitorId", "action", "analytics", "marketing", "preferences", "sale_of_data", "gpc", "region", "noticeVersion", "locale", "signedIn"] as const;

// Same quoting as the audit export: every cell quoted, and a leading formula character neutralised
// so a spreadsheet never evaluates a value that came from a storefront.
function csvCell(value: string | boolean | null): string {
  const text = value === null ? "" : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replaceAll('"', '""')}"`;
}

export function formatConsentRow(format: ConsentExportFormat, row: ConsentRow): string {
  if (format === "ndjson") return `${JSON.stringify(row)}\n`;
  const flat = { ...row, ...row.categories };
  return `${CSV_COLUMNS.map((c) => csvCell(flat[c])).join(",")}\r\n`;
}

export const CONSENT_EXPORT_CONTENT_TYPES: Record<ConsentExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  ndjson: "application/x-ndjson",
};

/**
 * Audits the export, then streams the filtered set a page at a time (memory stays flat). The audit
 * entry is written before any row leaves, so no export goes unrecorded; its row count is of the set
 * as of that moment, and the stream is bounded by the same instant so later consents are not in it.
 */
export async function exportConsent(ctx: StaffContext, filters: ConsentFilters, format: ConsentExportFormat, now: Date): Promise<{ rows: number; body: ReadableStream<Uint8Array> }> {
  const bounded: ConsentFilters = { ...filters, to: filters.to && filters.to.getTime() < now.getTime() ? filters.to : now };
  const where = whereOf(ctx.shop, bounded);
  const rows = await db().$transaction(async (tx) => {
    const count = await tx.consentRecord.count({ where });
    await appendAudit(tx, {
      shopDomain: ctx.shop,
      actorType: "staff",
      actorId: ctx.staffId,
      action: "consent.exported",
      subjectType: "consent_log",
      metadata: { format, filters: describeFilters(filters), asOf: now.toISOString(), rows: count },
      occurredAt: now,
    });
    return count;
  });

  const encoder = new TextEncoder();
  let cursor: { recordedAt: Date; id: string } | null = null;
  let headerSent = format !== "csv";
  let done = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(`${CSV_COLUMNS.join(",")}\r\n`));
        return;
      }
      if (done) return;
      const page = await db().consentRecord.findMany({ where: { ...where, ...after(cursor) }, orderBy: ORDER, take: EXPORT_PAGE_SIZE, select: SELECT });
      const last = page[page.length - 1];
      if (last) {
        cursor = { recordedAt: last.recordedAt, id: last.id };
        controller.enqueue(encoder.encode(page.map((r) => formatConsentRow(format, view(r))).join("")));
      }
      if (page.length < EXPORT_PAGE_SIZE) {
        done = true;
        controller.close();
      }
    },
  });
  return { rows, body };
}
