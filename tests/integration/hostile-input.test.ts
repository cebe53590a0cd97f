// Every route file in app/routes and every fast path in server/start.mjs, sent what an attacker
// would send: garbage and over-long path parameters, bad percent-encoding, every HTTP method
// (TRACE included), JSON, broken multipart and huge bodies, missing and forged credentials; as an
// anonymous visitor and as a signed staff member (owner) of an installed shop. The matrix is built
// from the directory listing, so a new route is covered without being named here.
//
// Each answer must be below 500, carry the status documented for its class (ADR 0009), show no
// internals (stack frames, server paths, exception names, zod issues, secrets) and carry the
// headers every response carries; and no table may change.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { Agent, request as httpRequest } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_SHOP_DOMAIN } from "../../sandbox/admin-api/seed";
import { proxyQuery, proxySignature } from "../../sandbox/signing/app-proxy";
import { signSessionToken } from "../../sandbox/signing/session-token";
import { webhookHeaders } from "../../sandbox/signing/webhook";
import { adminHeaders, BROWSER_UA } from "../helpers/admin-session";
import { useApp, useSandboxShopApp } from "../helpers/app-fixture";
import { ROOT } from "../helpers/app-server";

const SHOP = SANDBOX_SHOP_DOMAIN;
// NODE_ENV=development: the mode that used to put stack traces in responses; npm start ignores it now.
const fixture = useSandboxShopApp({ smtp: {}, env: { NODE_ENV: "development", JOB_WORKER: "off", PROXY_RATE_LIMIT_PER_MINUTE: "100000", PROXY_SHOP_RATE_LIMIT_PER_MINUTE: "1000000" } });

// ------------------------------------------------------------------------------------------------
// The routes, from the directory listing

interface RouteFile {
  file: string;
  /** Path segments; params as { param: name }, the splat as { param: "*" }. */
  segments: (string | { param: string })[];
  hasAction: boolean;
  hasLoader: boolean;
  kind: "admin" | "proxy" | "webhook" | "auth" | "public";
}

const SAMPLE: Record<string, string> = { id: "cl0000000000000000000000", fileId: "cl0000000000000000000001", token: "v1.AAAA.BBBB", reference: "PR-7KQ2-M9XD", "*": "session-token" };

function routeFiles(): RouteFile[] {
  const dir = join(ROOT, "app", "routes");
  return readdirSync(dir)
    .filter((f) => /\.(tsx?|jsx?)$/.test(f))
    .map((file) => {
      const source = readFileSync(join(dir, file), "utf8");
      const name = file.replace(/\.(tsx?|jsx?)$/, "");
      const segments = name
        .split(".")
        .filter((s) => s !== "_index" && !(s.startsWith("_") && s.length > 1))
        .map((s) => (s === "$" ? { param: "*" } : s.startsWith("$") ? { param: s.slice(1) } : s));
      const first = typeof segments[0] === "string" ? segments[0] : "";
      const kind = first === "app" ? "admin" : first === "proxy" ? "proxy" : first === "webhooks" ? "webhook" : first === "auth" ? "auth" : "public";
      return { file, segments, kind, hasAction: /export (const|async function|function) action\b/.test(source), hasLoader: /export (const|async function|function) loader\b/.test(source) };
    });
}

function pathOf(route: RouteFile, value: (param: string) => string): string {
  return "/" + route.segments.map((s) => (typeof s === "string" ? s : value(s.param))).join("/");
}

// ------------------------------------------------------------------------------------------------
// Hostile inputs

const HOSTILE_SEGMENTS: [string, string][] = [
  ["over-long id (65)", "x".repeat(65)],
  ["very long id (5000)", "y".repeat(5000)],
  ["bad percent-encoding", "%ZZ"],
  ["truncated UTF-8 escape", "%E0%A4%A"],
  ["NUL byte", "a%00b"],
  ["path traversal", "..%2F..%2Fetc%2Fpasswd"],
  ["emoji", "%F0%9F%92%A9"],
  ["markup", "%3Cscript%3Ealert(1)%3C%2Fscript%3E"],
  ["SQL", "'%20OR%201=1--"],
];

const HOSTILE_QUERIES: [string, string][] = [
  ["long shop", `?shop=${"a".repeat(3000)}.myshopify.com`],
  ["bad encoding in query", "?%ZZ=%ZZ&shop=%E0%A4%A"],
  ["unknown _data route", "?_data=routes%2Fbogus"],
  ["_data root", "?_data=root"],
  ["garbage id_token", "?id_token=garbage.garbage.garbage&shop=" + SHOP],
  ["forged hmac", `?shop=${SHOP}&hmac=00&timestamp=1`],
  ["script destination", "?exitIframe=javascript:alert(document.domain)"],
  ["off-site destination", "?exitIframe=https://evil.example/phish"],
  ["repeated params", "?shop=a&shop=b&format=csv&format=x&cursor=%FF"],
  ["NUL in query", "?cursor=a%00b&visitorId=%00&status=%00&format=%00"],
];

const HUGE = "a=" + "x".repeat(1024 * 1024);
const BODIES: { label: string; contentType?: string; body?: string; class: "none" | "json" | "multipart" | "huge" | "garbage" | "oversized" }[] = [
  { label: "no body", class: "none" },
  { label: "JSON", contentType: "application/json", body: '{"intent":"verify","id":{"$ne":null}}', class: "json" },
  { label: "broken multipart", contentType: "multipart/form-data; boundary=zzz", body: '--zzz\r\nContent-Disposition: form-data; name="intent"\r\n\r\nunterminated', class: "multipart" },
  { label: "multipart without boundary", contentType: "multipart/form-data", body: "intent=x", class: "multipart" },
  { label: "huge form", contentType: "application/x-www-form-urlencoded", body: HUGE, class: "huge" },
  { label: "invalid UTF-8 form", contentType: "application/x-www-form-urlencoded", body: "intent=%FF%FE&reason=\u0000", class: "garbage" },
];

const OVERSIZED = { label: "3 MB JSON", contentType: "application/json", body: `{"a":"${"x".repeat(3 * 1024 * 1024)}"}`, class: "oversized" as const };

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND"];

type Auth = "anonymous" | "staff" | "forged";
const AUTHS: Auth[] = ["anonymous", "staff", "forged"];

// ------------------------------------------------------------------------------------------------
// Sending

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 6 });

function send(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  const url = new URL(fixture.app.url);
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = httpRequest({ host: url.hostname, port: url.port, method, path, headers: body === undefined ? headers : { ...headers, "Content-Length": String(Buffer.byteLength(body)) }, agent }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.setTimeout(20_000, () => req.destroy(new Error(`no answer within 20 s: ${method} ${path.slice(0, 120)}`)));
    // A connection that fails before an answer arrives is a failed case (status 0), never a hang.
    req.on("error", (error: NodeJS.ErrnoException) => (answered ? undefined : resolve({ status: 0, headers: {}, body: `connection failed before an answer: ${error.code ?? error.message}` })));
    if (body !== undefined) req.write(body);
    req.end();
  });
}

function authHeaders(auth: Auth): Record<string, string> {
  if (auth === "staff") return adminHeaders(fixture.env, SHOP, "9001");
  if (auth === "forged") return { Authorization: `Bearer ${signSessionToken({ apiKey: fixture.env.SHOPIFY_API_KEY!, apiSecret: "f".repeat(48), shop: SHOP, userId: "9001" })}`, "User-Agent": BROWSER_UA };
  return { "User-Agent": BROWSER_UA };
}

/** Proxy routes: signed as Shopify's app proxy would (staff mode), with a forged signature, or unsigned. */
function proxyPath(path: string, extraQuery: string, auth: Auth): string {
  const extra = [...new URLSearchParams(extraQuery.replace(/^\?/, ""))].filter(([k]) => !["shop", "signature", "timestamp", "logged_in_customer_id", "path_prefix"].includes(k));
  const params = proxyQuery({ shop: SHOP, query: extra });
  if (auth === "staff") params.append("signature", proxySignature(params, fixture.env.SHOPIFY_API_SECRET!));
  else if (auth === "forged") params.append("signature", "0".repeat(64));
  return `${path}?${params.toString()}`;
}

// ------------------------------------------------------------------------------------------------
// What is expected

interface Case {
  route: RouteFile | null;
  label: string;
  method: string;
  path: string;
  auth: Auth;
  body: (typeof BODIES)[number];
  hostileParam: boolean;
}

// Redirect to /auth/login, 400 for a malformed shop or host parameter, 401 for a bad session token.
const ADMIN_UNAUTHENTICATED = [302, 400, 401, 403, 405];

/** The documented status for the case's class, or null where only "below 500" is promised. */
function expectedStatuses(c: Case): number[] | null {
  if (!["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"].includes(c.method)) return [405];
  const rawPath = c.path.split("?", 1)[0]!;
  if (/%ZZ|%E0%A4%A(?![0-9A-F])|%00/i.test(rawPath) || /%00/.test(c.path)) return [400];
  if (c.path.length > 8192) return [414];
  const route = c.route;
  // Remix refuses a data request for a route that is not on the URL's path (before any loader).
  if (c.path.includes("_data=routes%2Fbogus") && route?.kind !== "webhook") return [403];
  if (rawPath.includes("/exit-iframe") && c.method === "GET") return [400];
  // A segment past a route's own path matches no route (404) or a splat: below 500 is the promise.
  if (!route || c.label.startsWith("extra segment")) return null;
  if (route.kind === "admin") {
    if (c.auth !== "staff") return c.method === "OPTIONS" ? null : ADMIN_UNAUTHENTICATED;
    if (c.method === "GET" && c.hostileParam && route.segments.some((s) => typeof s !== "string")) return [404];
    if (c.method === "OPTIONS" || c.method === "GET" || c.method === "HEAD") return null;
    if (!route.hasAction) return [405];
    if (c.method !== "POST") return [405];
    if (c.hostileParam && route.segments.some((s) => typeof s !== "string")) return [404];
    return { none: [415], json: [415], multipart: [400], huge: [413], garbage: null, oversized: [413] }[c.body.class] ?? null;
  }
  if (route.kind === "webhook") {
    if (c.method !== "POST") return [405];
    // 400 without Shopify's headers or body, 401 for a wrong HMAC; 413 past 2 MB (HUGE is 1 MB).
    return c.body.class === "oversized" ? [413] : [400, 401];
  }
  if (route.kind === "proxy") {
    if (c.auth !== "staff") return [400, 405];
    return null;
  }
  if (route.file.startsWith("auth.login")) {
    if (c.method === "POST") return { none: [415], json: [415], multipart: [400], huge: [413], garbage: [400], oversized: [413] }[c.body.class] ?? null;
    if (["PUT", "PATCH", "DELETE"].includes(c.method)) return [405];
    return null;
  }
  return null;
}

const INTERNALS: [string, RegExp][] = [
  ["stack frame", /^\s*at .+:\d+:\d+\)?\s*$/m],
  ["file:line:col", /\([^()\s]+:\d+:\d+\)/],
  ["server path", /\/work\/|node_modules|file:\/\//],
  ["exception name", /\b(?:Type|Range|Syntax|Reference|URI|Zod|Prisma\w*|Shopify\w*)?Error: /],
  ["zod issues", /ZodError|"issues"\s*:\s*\[|invalid_type|too_big/],
  ["Remix internals", /did not provide an `action`|No route matches URL/],
];

function secrets(): string[] {
  const env = fixture.env;
  const keys = (env.DATA_ENCRYPTION_KEYS ?? "").split(",").map((k) => k.slice(k.indexOf(":") + 1));
  return [env.SHOPIFY_API_SECRET!, env.BLIND_INDEX_KEY!, ...keys].filter((s) => s && s.length > 8);
}

const results = { routes: new Set<string>(), fastPaths: new Set<string>(), inputs: 0, failures: [] as string[], consentExports: 0 };

function check(c: Case, answer: Answer): void {
  results.inputs += 1;
  // A consent-log export that went through (a repeated `format` is read as its first value) is
  // logged as an access, by design: the one row a GET may add (checked at the end).
  if (c.method === "GET" && c.auth === "staff" && answer.status === 200 && c.path.startsWith("/app/consent/export")) results.consentExports += 1;
  const where = `${c.auth} ${c.method} ${c.path.slice(0, 140)}${c.path.length > 140 ? "…" : ""} [${c.label}${c.body.class === "none" ? "" : `, ${c.body.label}`}]`;
  const problems: string[] = [];
  if (answer.status >= 500 || answer.status === 0) problems.push(`status ${answer.status}`);
  const expected = expectedStatuses(c);
  if (expected && !expected.includes(answer.status)) problems.push(`status ${answer.status}, documented ${expected.join("/")}`);
  for (const [name, pattern] of INTERNALS) if (pattern.test(answer.body)) problems.push(`${name} in body: ${pattern.exec(answer.body)?.[0]?.slice(0, 80)}`);
  for (const secret of secrets()) if (answer.body.includes(secret)) problems.push("a secret in the body");
  if (answer.headers["x-content-type-options"] !== "nosniff") problems.push("no X-Content-Type-Options: nosniff");
  if (!answer.headers["referrer-policy"]) problems.push("no Referrer-Policy");
  const csp = String(answer.headers["content-security-policy"] ?? "");
  if (!/frame-ancestors|sandbox/.test(csp)) problems.push("no frame-ancestors");
  if (/spin\.dev|myshopify\.io|shop\.dev/.test(csp)) problems.push(`library frame-ancestors hosts: ${csp}`);
  if (!answer.headers["x-request-id"]) problems.push("no X-Request-Id");
  if (problems.length > 0) results.failures.push(`${where}: ${problems.join("; ")}`);
}

async function runAll(cases: Case[]): Promise<void> {
  const queue = [...cases];
  await Promise.all(
    Array.from({ length: 6 }, async () => {
      for (let c = queue.shift(); c; c = queue.shift()) {
        const current = c;
        const headers: Record<string, string> = { ...(current.route?.kind === "proxy" ? { "User-Agent": BROWSER_UA } : authHeaders(current.auth)) };
        if (current.route?.kind === "webhook" && current.method === "POST" && current.auth !== "anonymous") {
          // Shopify's headers with a signature under another secret (forged) or over another body.
          Object.assign(headers, webhookHeaders({ topic: "customers/redact", shop: SHOP, body: current.auth === "forged" ? (current.body.body ?? "") : "{}" }, current.auth === "forged" ? "f".repeat(48) : fixture.env.SHOPIFY_API_SECRET!));
          delete headers.Authorization;
        }
        if (current.body.contentType) headers["Content-Type"] = current.body.contentType;
        else if (current.route?.kind !== "webhook") delete headers["Content-Type"];
        const body = current.method === "GET" || current.method === "HEAD" ? undefined : current.body.body;
        check(current, await send(current.method, current.path, headers, body));
      }
    }),
  );
}

// ------------------------------------------------------------------------------------------------
// Rows

async function tableDigests(): Promise<Record<string, string>> {
  const db = fixture.db;
  const tables =
    fixture.database.kind === "sqlite"
      ? await db.$queryRawUnsafe<{ name: string }[]>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      : await db.$queryRawUnsafe<{ name: string }[]>("SELECT tablename::text AS name FROM pg_tables WHERE schemaname = current_schema()");
  const digests: Record<string, string> = {};
  // Rate-limit counters change on every request by design (ADR 0014); everything else must not.
  for (const { name } of tables.filter((t) => t.name !== "RateLimitWindow")) {
    const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "${name.replaceAll('"', '""')}"`);
    const lines = rows.map((row) => JSON.stringify(row, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value instanceof Uint8Array ? Buffer.from(value).toString("base64") : value))).sort();
    digests[name] = `${rows.length}:${createHash("sha256").update(lines.join("\n")).digest("hex").slice(0, 16)}`;
  }
  return digests;
}

let before: Record<string, string>;
let auditBefore: string[];

beforeAll(async () => {
  // The first visit of a staff member makes them owner (a row): do it before taking the snapshot.
  const warm = await send("GET", "/app", authHeaders("staff"));
  expect(warm.status).toBe(200);
  before = await tableDigests();
  auditBefore = (await fixture.db.auditEntry.findMany({ select: { id: true } })).map((a) => a.id);
  expect(Object.keys(before).length).toBeGreaterThan(10);
});

afterAll(() => agent.destroy());

// ------------------------------------------------------------------------------------------------
// The matrix

function casesFor(route: RouteFile): Case[] {
  const cases: Case[] = [];
  const base = pathOf(route, (p) => SAMPLE[p] ?? "sample");
  const hasParams = route.segments.some((s) => typeof s !== "string");
  const paths: [string, string, boolean][] = [[base, "plain", false]];
  for (const [label, value] of HOSTILE_SEGMENTS) {
    if (hasParams) paths.push([pathOf(route, () => value), label, true]);
    else paths.push([`${base === "/" ? "" : base}/${value}`, `extra segment: ${label}`, false]);
  }
  for (const auth of AUTHS) {
    const withQuery = (path: string, query: string) => (route.kind === "proxy" ? proxyPath(path, query, auth) : path + query);
    for (const [path, label, hostileParam] of paths) cases.push({ route, label, method: "GET", path: withQuery(path, ""), auth, body: BODIES[0]!, hostileParam });
    for (const [label, query] of HOSTILE_QUERIES) cases.push({ route, label, method: "GET", path: withQuery(base, query), auth, body: BODIES[0]!, hostileParam: false });
    for (const method of METHODS) {
      const bodies = method === "GET" || method === "HEAD" ? [BODIES[0]!] : BODIES;
      for (const body of bodies) cases.push({ route, label: "method", method, path: withQuery(base, ""), auth, body, hostileParam: false });
    }
    // The auth splat route also gets the library's exit-iframe page with every hostile query: none
    // of them names a destination this app redirects to. (The admin's own splat, app.$, is its
    // in-frame "not found" page and sends an unauthenticated visitor to the login.)
    if (route.file.startsWith("auth.") && route.segments.some((s) => typeof s !== "string" && s.param === "*")) {
      const exit = pathOf(route, () => "exit-iframe");
      for (const [label, query] of [["no destination", ""] as [string, string], ...HOSTILE_QUERIES]) cases.push({ route, label: `exit-iframe: ${label}`, method: "GET", path: exit + query, auth, body: BODIES[0]!, hostileParam: false });
    }
    if (hasParams && route.hasAction) {
      for (const [label, value] of HOSTILE_SEGMENTS.slice(0, 2)) cases.push({ route, label, method: "POST", path: withQuery(pathOf(route, () => value), ""), auth, body: BODIES[5]!, hostileParam: true });
    }
  }
  return cases;
}

const ROUTES = routeFiles();

describe("hostile input on every route file in app/routes", () => {
  it("finds the routes on disk (admin, storefront proxy, webhooks, auth, public)", () => {
    expect(ROUTES.length).toBeGreaterThanOrEqual(25);
    for (const kind of ["admin", "proxy", "webhook", "auth", "public"]) expect(ROUTES.some((r) => r.kind === kind)).toBe(true);
  });

  for (const route of ROUTES) {
    it(`${route.file}`, async () => {
      const start = results.failures.length;
      const cases = casesFor(route);
      await runAll(cases);
      results.routes.add(route.file);
      expect(results.failures.slice(start)).toEqual([]);
    }, 240_000);
  }
});

describe("hostile input on the fast paths before Express and Remix", () => {
  const FAST_PATHS = ["/webhooks/compliance", "/webhooks/app/uninstalled", "/webhooks/app/scopes_update", "/build/%ZZ", "/build/../../package.json", "/favicon.ico", "/downloads/%ZZ", "/%ZZ", "/" + "z".repeat(9000)];

  it("refuses every method, body and encoding cleanly", async () => {
    const start = results.failures.length;
    const cases: Case[] = [];
    const webhookRoute = ROUTES.find((r) => r.file === "webhooks.compliance.tsx") ?? null;
    for (const path of FAST_PATHS) {
      const route = path.startsWith("/webhooks/") ? webhookRoute : null;
      for (const method of METHODS) {
        const bodies = method === "GET" || method === "HEAD" ? [BODIES[0]!] : BODIES;
        for (const body of bodies) for (const auth of ["anonymous", "forged"] as Auth[]) cases.push({ route, label: "fast path", method, path, auth, body, hostileParam: false });
      }
      if (route) for (const auth of ["anonymous", "forged"] as Auth[]) cases.push({ route, label: "fast path", method: "POST", path, auth, body: OVERSIZED, hostileParam: false });
    }
    await runAll(cases);
    for (const path of FAST_PATHS) results.fastPaths.add(path);
    expect(results.failures.slice(start)).toEqual([]);
  }, 240_000);
});

describe("after all of it", () => {
  it("changed no row in any table (the audit log only gained the access entries of exports that went through)", async () => {
    const after = await tableDigests();
    // The alert rules' window counters move with the audit entries they count (no alert is raised: Alert is compared).
    const withoutAudit = (d: Record<string, string>) => Object.fromEntries(Object.entries(d).filter(([t]) => t !== "AuditEntry" && t !== "AuditHead" && t !== "AlertCounter"));
    expect(withoutAudit(after)).toEqual(withoutAudit(before));
    const added = await fixture.db.auditEntry.findMany({ where: { id: { notIn: auditBefore } }, select: { action: true } });
    expect(added.map((a) => a.action)).toEqual(Array(results.consentExports).fill("consent.exported"));
  });

  it("reports what was tried", () => {
    const summary = { database: fixture.database.kind, routeFiles: ROUTES.length, routesCovered: results.routes.size, fastPaths: results.fastPaths.size, inputsTried: results.inputs, failures: results.failures.length };
    console.info(`hostile-input: ${JSON.stringify(summary)}`);
    expect(results.routes.size).toBe(ROUTES.length);
    expect(results.inputs).toBeGreaterThan(ROUTES.length * 100);
    expect(results.failures).toEqual([]);
  });
});

// X-Forwarded-For is not trusted without TRUST_PROXY_HOPS: a client that changes it on every
// request does not get a fresh per-address budget.
describe("rate limits with no trusted proxy (TRUST_PROXY_HOPS unset)", () => {
  const plain = useApp({ PROXY_RATE_LIMIT_PER_MINUTE: "5", JOB_WORKER: "off" });

  it("count every request from one connection against one address, whatever X-Forwarded-For says", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const response = await fetch(new URL("/downloads/v1.AAAA.BBBB", plain.app.url), { headers: { "X-Forwarded-For": `198.18.${i}.${i + 1}` } });
      statuses.push(response.status);
      await response.arrayBuffer();
    }
    expect(statuses.slice(0, 5).every((s) => s !== 429)).toBe(true);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
  });
});
