// The consent log in the admin: records arrive through the real signed app proxy (POST
// /proxy/consent) and are read back through the admin list and export routes of the built app.
import { beforeAll, describe, expect, it } from "vitest";
import { useApp } from "../helpers/app-fixture";
import type { Db } from "../../app/platform/db.server";
import { adminHeaders, installOfflineSession } from "../helpers/admin-session";
import { signedProxyUrl } from "../../sandbox/signing/app-proxy";
import { type RunningApp } from "../helpers/app-server";
import { grantRole } from "../helpers/team";

const SHOP_A = "consent-log-a.myshopify.com";
const SHOP_B = "consent-log-b.myshopify.com";
const SHOP_EMPTY = "consent-log-c.myshopify.com";
const ROUTE = "routes/app.consent._index";
const A_COUNT = 120;
const B_VISITOR = "b".repeat(32);
const ACTIONS = ["accept_all", "reject_all", "custom"] as const;
const REGIONS = ["DE", "USCA", "FR", ""] as const;

let app: RunningApp;
let db: Db;
let env: Record<string, string>;

interface Row {
  id: string;
  recordedAt: string;
  visitorId: string;
  action: string;
  categories: { analytics: boolean; marketing: boolean; preferences: boolean; sale_of_data: boolean };
  gpc: boolean;
  region: string | null;
  noticeVersion: string;
  locale: string | null;
  signedIn: boolean;
}
interface ListBody {
  ok: true;
  records: Row[];
  nextCursor: string | null;
  total: number;
  totals: Record<(typeof ACTIONS)[number], number>;
}

const visitor = (i: number) => i.toString(16).padStart(32, "0");

function consentBody(i: number) {
  const action = ACTIONS[i % 3]!;
  const all = action === "accept_all";
  return JSON.stringify({
    visitorId: visitor(i),
    noticeVersion: i < 40 ? "1" : "2",
    categories: { analytics: all || (action === "custom" && i % 2 === 0), marketing: all, preferences: action !== "reject_all", sale_of_data: all },
    region: REGIONS[i % 4],
    gpc: i % 5 === 0,
    action,
    locale: "en",
  });
}

async function postConsent(shop: string, body: string, customerId?: string): Promise<void> {
  const url = signedProxyUrl(app.url, "/consent", { shop, customerId }, env.SHOPIFY_API_SECRET!);
  const response = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json", "X-Forwarded-For": "198.51.100.7" }, body });
  expect(response.status).toBe(204);
}

function admin(path: string, shop: string, query: Record<string, string> = {}, data = true): Promise<Response> {
  const url = new URL(path, app.url);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  if (data) url.searchParams.set("_data", ROUTE);
  return fetch(url, { headers: adminHeaders(env, shop, "7001") });
}

async function list(shop: string, query: Record<string, string> = {}): Promise<ListBody> {
  const response = await admin("/app/consent", shop, query);
  expect(response.status).toBe(200);
  return (await response.json()) as ListBody;
}

/** Follows the cursors to the end, checking each page's size. */
async function listAll(shop: string, query: Record<string, string> = {}): Promise<Row[]> {
  const rows: Row[] = [];
  let cursor: string | null = null;
  do {
    const page: ListBody = await list(shop, cursor ? { ...query, cursor } : query);
    expect(page.records.length).toBeLessThanOrEqual(50);
    if (page.nextCursor) expect(page.records).toHaveLength(50);
    rows.push(...page.records);
    cursor = page.nextCursor;
  } while (cursor);
  return rows;
}

type Where = NonNullable<Parameters<Db["consentRecord"]["findMany"]>[0]>["where"];

async function expectedIds(where: Where): Promise<string[]> {
  const rows = await db.consentRecord.findMany({ where: { shopDomain: SHOP_A, ...where }, orderBy: [{ recordedAt: "desc" }, { id: "desc" }], select: { id: true } });
  return rows.map((r) => r.id);
}

const fixture = useApp({ PROXY_RATE_LIMIT_PER_MINUTE: "100000", PROXY_SHOP_RATE_LIMIT_PER_MINUTE: "100000" });
beforeAll(async () => {
  ({ app, db, env } = fixture);
  for (const shop of [SHOP_A, SHOP_B, SHOP_EMPTY]) await installOfflineSession(db, env, shop);
  for (let start = 0; start < A_COUNT; start += 10) {
    await Promise.all(Array.from({ length: 10 }, (_, k) => postConsent(SHOP_A, consentBody(start + k), (start + k) % 7 === 0 ? "5001" : undefined)));
  }
  for (let i = 0; i < 3; i++) await postConsent(SHOP_B, JSON.stringify({ ...JSON.parse(consentBody(i)), visitorId: B_VISITOR }));
});

describe("consent log list", () => {
  it("pages through a shop's records newest first, 50 at a time, with totals by action", async () => {
    const stored = await expectedIds({});
    expect(stored).toHaveLength(A_COUNT);
    const first = await list(SHOP_A);
    expect(first.total).toBe(A_COUNT);
    expect(first.totals).toEqual({ accept_all: 40, reject_all: 40, custom: 40 });
    expect(first.records).toHaveLength(50);
    const all = await listAll(SHOP_A);
    expect(all.map((r) => r.id)).toEqual(stored);
    const times = all.map((r) => Date.parse(r.recordedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const sample = all.find((r) => r.visitorId === visitor(21))!;
    expect(sample).toMatchObject({ action: "accept_all", region: "USCA", noticeVersion: "1", gpc: false, signedIn: true, locale: "en" });
    expect(sample.categories).toEqual({ analytics: true, marketing: true, preferences: true, sale_of_data: true });
    // The customer's blind index never leaves the server: only "signed in".
    expect(JSON.stringify(all)).not.toMatch(/customerRef/);
  });

  it("never shows another shop's records", async () => {
    const a = await listAll(SHOP_A);
    expect(a.map((r) => r.visitorId)).not.toContain(B_VISITOR);
    expect((await list(SHOP_A, { visitorId: B_VISITOR })).total).toBe(0);
    const b = await list(SHOP_B);
    expect(b.total).toBe(3);
    expect(new Set(b.records.map((r) => r.visitorId))).toEqual(new Set([B_VISITOR]));
    const empty = await list(SHOP_EMPTY);
    expect(empty).toMatchObject({ total: 0, records: [], nextCursor: null, totals: { accept_all: 0, reject_all: 0, custom: 0 } });
    // A cursor taken from shop A's pages gives shop B nothing of A's.
    const aPage = await list(SHOP_A);
    const bWithCursor = await list(SHOP_B, { cursor: aPage.nextCursor! });
    expect(bWithCursor.records.every((r) => r.visitorId === B_VISITOR)).toBe(true);
  });

  it("filters by action, visitor, notice version, region, GPC and date range, totals following the filter", async () => {
    const cases: [Record<string, string>, Where][] = [
      [{ action: "reject_all" }, { action: "reject_all" }],
      [{ visitorId: visitor(42) }, { visitorId: visitor(42) }],
      [{ visitorId: visitor(42).toUpperCase() }, { visitorId: visitor(42) }],
      [{ noticeVersion: "2" }, { noticeVersion: "2" }],
      [{ region: "usca" }, { region: "USCA" }],
      [{ gpc: "true" }, { gpc: true }],
      [{ gpc: "false", action: "custom", region: "DE" }, { gpc: false, action: "custom", region: "DE" }],
      // Blank fields are what an unfilled GET form sends: they mean "any".
      [{ action: "", region: "", from: "", to: "", gpc: "" }, {}],
    ];
    for (const [query, where] of cases) {
      const ids = await expectedIds(where);
      const rows = await listAll(SHOP_A, query);
      expect(rows.map((r) => r.id), JSON.stringify(query)).toEqual(ids);
      const first = await list(SHOP_A, query);
      expect(first.total).toBe(ids.length);
    }
    const gpcOnly = await list(SHOP_A, { gpc: "true" });
    const gpcGroups = await db.consentRecord.groupBy({ by: ["action"], where: { shopDomain: SHOP_A, gpc: true }, _count: { _all: true } });
    for (const g of gpcGroups) expect(gpcOnly.totals[g.action as (typeof ACTIONS)[number]]).toBe(g._count._all);

    const middle = await db.consentRecord.findMany({ where: { shopDomain: SHOP_A }, orderBy: [{ recordedAt: "asc" }, { id: "asc" }], skip: 60, take: 1 });
    const pivot = middle[0]!.recordedAt;
    expect((await listAll(SHOP_A, { to: pivot.toISOString() })).map((r) => r.id)).toEqual(await expectedIds({ recordedAt: { lte: pivot } }));
    expect((await listAll(SHOP_A, { from: pivot.toISOString() })).map((r) => r.id)).toEqual(await expectedIds({ recordedAt: { gte: pivot } }));
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const today = await list(SHOP_A, { from: day(-1), to: day(1) });
    expect(today.total).toBe(A_COUNT);
    expect((await list(SHOP_A, { from: day(2) })).total).toBe(0);
    expect((await list(SHOP_A, { to: day(-2) })).total).toBe(0);
  });

  it("answers 400 with a clear message for invalid filters, as data and as a page", async () => {
    const bad: [Record<string, string>, RegExp][] = [
      [{ action: "maybe" }, /Action must be/],
      [{ visitorId: "not-a-visitor" }, /Visitor id must be 32 hexadecimal/],
      [{ from: "2024-13-45" }, /From is not a real date|From must be a date/],
      [{ to: "yesterday" }, /To must be a date/],
      [{ from: "2025-02-01", to: "2025-01-01" }, /From must not be after To/],
      [{ gpc: "sometimes" }, /GPC must be true or false/],
      [{ region: "<script>" }, /Region must be/],
      [{ cursor: "garbage!" }, /page link is invalid/],
      [{ noticeVersion: "x".repeat(65) }, /Notice version must be at most 64/],
    ];
    for (const [query, message] of bad) {
      const response = await admin("/app/consent", SHOP_A, query);
      expect(response.status, JSON.stringify(query)).toBe(400);
      const body = (await response.json()) as { ok: false; error: string };
      expect(body.ok).toBe(false);
      expect(body.error).toMatch(message);
    }
    const page = await admin("/app/consent", SHOP_A, { action: "maybe" }, false);
    expect(page.status).toBe(400);
    const html = await page.text();
    expect(html).toContain("These filters cannot be applied");
    expect(html).toContain("Action must be accept_all, reject_all or custom");
  });

  it("renders the page with the filters kept in the form", async () => {
    const page = await admin("/app/consent", SHOP_A, { action: "reject_all", region: "DE" }, false);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Consent log");
    expect(html).toMatch(/name="region"[^>]*value="DE"|value="DE"[^>]*name="region"/);
    const shown = await db.consentRecord.findMany({ where: { shopDomain: SHOP_A, action: "reject_all", region: "DE" }, select: { visitorId: true } });
    expect(shown.length).toBeGreaterThan(0);
    for (const r of shown) expect(html).toContain(r.visitorId);
    const hidden = await db.consentRecord.findFirstOrThrow({ where: { shopDomain: SHOP_A, action: "accept_all" } });
    expect(html).not.toContain(hidden.visitorId);
  });
});

describe("consent log export", () => {
  async function exportRows(format: "csv" | "ndjson", query: Record<string, string>, shop = SHOP_A, staff = "7001") {
    const url = new URL("/app/consent/export", app.url);
    url.searchParams.set("format", format);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    return fetch(url, { headers: adminHeaders(env, shop, staff) });
  }

  const exported = (shop: string) => db.auditEntry.findMany({ where: { shopDomain: shop, action: "consent.exported" }, orderBy: { seq: "asc" } });

  it("exports exactly the filtered rows as formula-safe CSV, audited with the filter and count", async () => {
    await postConsent(SHOP_A, JSON.stringify({ ...JSON.parse(consentBody(3)), visitorId: "f".repeat(32), noticeVersion: "=HYPERLINK(\"http://example.com\")" }));
    const query = { action: "accept_all", gpc: "false" };
    const ids = await expectedIds({ action: "accept_all", gpc: false });
    const before = (await exported(SHOP_A)).length;
    await grantRole(app.url, env, SHOP_A, "7001", "7002", "privacy_officer");
    const response = await exportRows("csv", query, SHOP_A, "7002");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/attachment; filename="consent-log-.*\.csv"/);
    const lines = (await response.text()).split("\r\n").filter(Boolean);
    expect(lines[0]).toBe("id,recordedAt,visitorId,action,analytics,marketing,preferences,sale_of_data,gpc,region,noticeVersion,locale,signedIn");
    const body = lines.slice(1);
    expect(body.map((l) => JSON.parse(l.split(",")[0]!) as string)).toEqual(ids);
    const injected = body.find((l) => l.includes("f".repeat(32)))!;
    expect(injected).toContain(`"'=HYPERLINK(""http://example.com"")"`);
    expect(body.every((l) => l.includes('"accept_all"'))).toBe(true);

    const audits = await exported(SHOP_A);
    expect(audits).toHaveLength(before + 1);
    const audit = audits[audits.length - 1]!;
    expect(audit).toMatchObject({ actorType: "staff", actorId: "7002", subjectType: "consent_log" });
    expect(JSON.parse(audit.metadata)).toMatchObject({ format: "csv", filters: { action: "accept_all", gpc: false }, rows: ids.length });
  });

  it("exports NDJSON of the filtered set, across many pages, for the signed shop only", async () => {
    const ids = await expectedIds({ noticeVersion: "2" });
    expect(ids.length).toBeGreaterThan(50);
    const response = await exportRows("ndjson", { noticeVersion: "2" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/x-ndjson");
    const rows = (await response.text())
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Row);
    expect(rows.map((r) => r.id)).toEqual(ids);
    expect(rows.every((r) => r.noticeVersion === "2" && typeof r.categories.analytics === "boolean")).toBe(true);
    const audit = (await exported(SHOP_A)).at(-1)!;
    expect(JSON.parse(audit.metadata)).toMatchObject({ format: "ndjson", filters: { noticeVersion: "2" }, rows: ids.length });

    const all = await exportRows("ndjson", {});
    const allRows = (await all.text()).split("\n").filter(Boolean);
    expect(allRows).toHaveLength(await db.consentRecord.count({ where: { shopDomain: SHOP_A } }));
    expect(allRows.join("\n")).not.toContain(B_VISITOR);

    const theirs = await exportRows("ndjson", {}, SHOP_B);
    const theirRows = (await theirs.text()).split("\n").filter(Boolean).map((l) => JSON.parse(l) as Row);
    expect(theirRows).toHaveLength(3);
    expect(theirRows.every((r) => r.visitorId === B_VISITOR)).toBe(true);
    expect(JSON.parse((await exported(SHOP_B)).at(-1)!.metadata)).toMatchObject({ rows: 3 });
    const none = await exportRows("csv", {}, SHOP_EMPTY);
    expect((await none.text()).split("\r\n").filter(Boolean)).toHaveLength(1);
  });

  it("refuses a bad format or bad filters with 400 and audits nothing", async () => {
    const before = (await exported(SHOP_A)).length;
    for (const [format, query] of [
      ["xml", {}],
      ["", {}],
      ["csv", { action: "everything" }],
      ["ndjson", { from: "not-a-date" }],
    ] as const) {
      const response = await exportRows(format as "csv", query);
      expect(response.status, `${format} ${JSON.stringify(query)}`).toBe(400);
      expect(await response.text()).toMatch(/format must be csv or ndjson|Action must be|From must be a date/);
    }
    expect(await exported(SHOP_A)).toHaveLength(before);
  });
});
