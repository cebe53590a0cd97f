import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/platform/db.server";
import type { RunningApp } from "../helpers/app-server";
import { adminHeaders, BROWSER_UA, installOfflineSession, sessionToken } from "../helpers/admin-session";
import { useApp } from "../helpers/app-fixture";
import { waitFor } from "../helpers/db-client";
import { deliverWebhook } from "../../sandbox/signing/webhook";
import { grantRole } from "../helpers/team";
import { dataRequestPayload } from "../fixtures/webhooks";

const SHOP_A = "admin-a.myshopify.com";
const SHOP_B = "admin-b.myshopify.com";

let app: RunningApp;
let db: Db;
let env: Record<string, string>;

async function openDataRequest(shop: string, requestId: number) {
  const webhookId = randomUUID();
  const body = JSON.stringify(dataRequestPayload({ shop, customerId: 800 + requestId, email: `person${requestId}@example.com`, requestId }));
  expect((await deliverWebhook(app.url, "/webhooks/compliance", { topic: "customers/data_request", shop, body, webhookId }, env.SHOPIFY_API_SECRET!)).status).toBe(200);
  await waitFor(async () => (await db.webhookEvent.findUnique({ where: { webhookId } }))?.status === "processed");
  return db.privacyRequest.findFirstOrThrow({ where: { shopDomain: shop, shopifyDataRequestId: String(requestId) } });
}

function data(path: string, route: string, shop: string, init: RequestInit = {}) {
  const url = new URL(path, app.url);
  url.searchParams.set("_data", route);
  return fetch(url, { ...init, headers: { ...adminHeaders(env, shop), ...(init.headers ?? {}) } });
}

const fixture = useApp();
beforeAll(async () => {
  ({ env, app, db } = fixture);
  await installOfflineSession(db, env, SHOP_A);
  await installOfflineSession(db, env, SHOP_B);
});

describe("admin pages", () => {
  it("renders the embedded overview for an authenticated staff member", async () => {
    const response = await fetch(`${app.url}/app`, { headers: adminHeaders(env, SHOP_A) });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Privacy overview");
    expect(html).toContain("Open requests");
    // The page's modules load and run after its first paint (app/platform/http/paint-first.ts).
    expect(html).toContain("const [route0, route1, route2] = await Promise.all([import(");
    // Its module preloads wait for that script, which the parser reaches after the stylesheet.
    expect(html).not.toContain('<link rel="modulepreload"');
    expect(html).toMatch(/<link rel="x-modulepreload" href="\/build\/entry\.client-[^"]+\.js"\/>/);
    expect(html).toContain('<script type="module" async="">for (const link of document.querySelectorAll(\'link[rel="x-modulepreload"]\')) link.rel = "modulepreload";\nawait new Promise((go) => {');
  });

  it("says where a page's server time went (Server-Timing: phase names and durations only)", async () => {
    const documentResponse = await fetch(`${app.url}/app`, { headers: adminHeaders(env, SHOP_A) });
    const dataResponse = await data("/app/requests", "routes/app.requests._index", SHOP_A);
    for (const [response, phases] of [
      [documentResponse, ["auth", "layout", "data", "render", "app"]],
      [dataResponse, ["auth", "data", "app"]],
    ] as const) {
      expect(response.status).toBe(200);
      const timing = response.headers.get("server-timing") ?? "";
      const entries = timing.split(", ").map((part) => /^([a-z0-9]+);dur=(\d+\.\d)$/.exec(part));
      expect(entries.every(Boolean), timing).toBe(true);
      expect(entries.map((m) => m![1]).sort()).toEqual([...phases].sort());
    }
  });

  it("counts the overview's due states by the deadline in force, as the filtered list does, and the shop's dead jobs and team", async () => {
    const shop = "admin-counts.myshopify.com";
    await installOfflineSession(db, env, shop);
    const DAY = 86_400_000;
    const now = Date.now();
    // [dueAt, extendedDueAt, status] relative to now, in days; the extension decides where there is one.
    const clocks: [number, number | null, string][] = [
      [-3, null, "in_progress"], // overdue
      [-3, 5, "in_progress"], // extended: due soon
      [-3, 30, "verified"], // extended: on track
      [2, null, "awaiting_shopify"], // due soon
      [2, -1, "in_progress"], // extension already past: overdue
      [20, null, "received"], // on track
      [-3, null, "completed"], // closed: not counted
    ];
    for (const [i, [due, extended, status]] of clocks.entries()) {
      const request = await openDataRequest(shop, 9100 + i);
      await db.privacyRequest.update({
        where: { id: request.id },
        data: { dueAt: new Date(now + due * DAY), extendedDueAt: extended === null ? null : new Date(now + extended * DAY), status, closedAt: status === "completed" ? new Date(now) : null },
      });
    }
    await db.job.create({ data: { shopDomain: shop, kind: "bench.none", payload: "{}", idempotencyKey: `dead-${randomUUID()}`, status: "dead" } });
    const response = await data("/app", "routes/app._index", shop);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { requests: { overdue: number; week: number; later: number; open: number }; deadJobs: number; setup: { id: string; detailValues?: { count?: number } }[] };
    expect(body.requests).toMatchObject({ overdue: 2, week: 2, later: 2, open: 6 });
    expect(body.deadJobs).toBe(1);
    expect(body.setup.find((item) => item.id === "team")?.detailValues?.count).toBe(1);
    // The list's due filter (Prisma) agrees with the overview's counts (one SQL statement).
    for (const [due, count] of [["overdue", 2], ["week", 2]] as const) {
      const answer = await data(`/app/requests?due=${due}`, "routes/app.requests._index", shop);
      expect(answer.status).toBe(200);
      expect(((await answer.json()) as { requests: unknown[] }).requests).toHaveLength(count);
    }
  });

  it("refuses requests without a session token or with a forged one", async () => {
    const none = await fetch(`${app.url}/app/requests?_data=routes/app.requests._index`, { headers: { "User-Agent": BROWSER_UA }, redirect: "manual" });
    expect(none.status).not.toBe(200);
    const forged = await fetch(`${app.url}/app/requests?_data=routes/app.requests._index`, {
      headers: { Authorization: `Bearer ${sessionToken(env, SHOP_A, "42", "x".repeat(40))}`, "User-Agent": BROWSER_UA },
      redirect: "manual",
    });
    expect([401, 302]).toContain(forged.status);
    expect(await forged.text()).not.toContain("PR-");
  });

  it("lists a shop's requests and serves its export downloads, audited with the staff id", async () => {
    const request = await openDataRequest(SHOP_A, 1);
    const list = await data("/app/requests", "routes/app.requests._index", SHOP_A);
    expect(list.status).toBe(200);
    const { requests } = (await list.json()) as { requests: { id: string; reference: string }[] };
    expect(requests.map((r) => r.id)).toEqual([request.id]);

    const detail = await data(`/app/requests/${request.id}`, "routes/app.requests.$id", SHOP_A);
    const body = (await detail.json()) as { email: string; exports: { id: string; format: string }[]; timeline: unknown[] };
    expect(body.email).toBe("person1@example.com");
    expect(body.timeline.length).toBeGreaterThanOrEqual(3);
    const json = body.exports.find((e) => e.format === "json")!;
    await grantRole(app.url, env, SHOP_A, "42", "7001", "privacy_officer");
    const file = await fetch(`${app.url}/app/requests/${request.id}/exports/${json.id}`, { headers: adminHeaders(env, SHOP_A, "7001") });
    expect(file.status).toBe(200);
    expect(file.headers.get("content-disposition")).toContain(`${request.reference}.json`);
    expect((await file.json()).requests[0].email).toBe("person1@example.com");
    const audit = await db.auditEntry.findFirstOrThrow({ where: { shopDomain: SHOP_A, action: "export.downloaded" } });
    expect(audit).toMatchObject({ actorType: "staff", actorId: "7001", subjectId: json.id });
  });

  it("filters the request list and finds a requester by exact email through the blind index", async () => {
    const list = async (query: string) => {
      const response = await data(`/app/requests?${query}`, "routes/app.requests._index", SHOP_A);
      return { status: response.status, body: (await response.json()) as { requests: { reference: string }[]; error: string | null } };
    };
    const all = await list("");
    expect(all.body.requests.length).toBeGreaterThanOrEqual(1);
    expect((await list("email=Person1%40Example.com")).body.requests).toHaveLength(1);
    expect((await list("email=nobody%40example.com")).body.requests).toHaveLength(0);
    expect((await list("type=access&status=in_progress&regulation=shopify")).body.requests.length).toBe(all.body.requests.length);
    expect((await list("type=erasure")).body.requests).toHaveLength(0);
    expect((await list("due=overdue")).body.requests).toHaveLength(0);
    expect((await list("due=open")).body.requests.length).toBe(all.body.requests.length);
    const bad = await list("status=sideways");
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/status/);
    const partialEmail = await list("email=person1");
    expect(partialEmail.status).toBe(400);
    const overview = (await (await data("/app", "routes/app._index", SHOP_A)).json()) as { requests: { open: number; close: { medianDays: number | null } } };
    expect(overview.requests.open).toBeGreaterThanOrEqual(1);
    expect(overview.requests.close.medianDays).toBeNull();
  });

  it("answers 404 to another shop's ids on every route, never data", async () => {
    const theirs = await openDataRequest(SHOP_B, 2);
    const theirFile = await db.exportFile.findFirstOrThrow({ where: { requestId: theirs.id } });
    const detail = await data(`/app/requests/${theirs.id}`, "routes/app.requests.$id", SHOP_A);
    expect(detail.status).toBe(404);
    const file = await fetch(`${app.url}/app/requests/${theirs.id}/exports/${theirFile.id}`, { headers: adminHeaders(env, SHOP_A) });
    expect(file.status).toBe(404);
    expect(await file.text()).not.toContain("person2");
    const list = (await (await data("/app/requests", "routes/app.requests._index", SHOP_A)).json()) as { requests: { id: string }[] };
    expect(list.requests.map((r) => r.id)).not.toContain(theirs.id);
    await db.job.create({ data: { kind: "x", shopDomain: SHOP_B, payload: "{}", idempotencyKey: randomUUID(), status: "dead" } });
    const theirJob = await db.job.findFirstOrThrow({ where: { shopDomain: SHOP_B, status: "dead" } });
    const retry = await data("/app/webhooks", "routes/app.webhooks", SHOP_A, { method: "POST", body: new URLSearchParams({ intent: "retry", jobId: theirJob.id }) });
    expect(retry.status).toBe(404);
    expect((await db.job.findUniqueOrThrow({ where: { id: theirJob.id } })).status).toBe("dead");
  });

  it("shows failed jobs and unprocessable deliveries, and retries a failed job", async () => {
    const job = await db.job.create({ data: { kind: "webhook.app/scopes_update", shopDomain: SHOP_A, payload: JSON.stringify({ webhookEventId: "gone" }), idempotencyKey: randomUUID(), status: "dead", attempts: 8, lastError: "WEBHOOK_EVENT_GONE" } });
    const page = await data("/app/webhooks", "routes/app.webhooks", SHOP_A);
    const body = (await page.json()) as { dead: { id: string; lastError: string }[]; events: { status: string }[] };
    expect(body.dead.map((d) => d.id)).toContain(job.id);
    const bad = await data("/app/webhooks", "routes/app.webhooks", SHOP_A, { method: "POST", body: new URLSearchParams({ intent: "nope" }) });
    expect(bad.status).toBe(400);
    const retry = await data("/app/webhooks", "routes/app.webhooks", SHOP_A, { method: "POST", body: new URLSearchParams({ intent: "retry", jobId: job.id }) });
    expect(retry.status).toBe(200);
    const after = await db.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(["pending", "running", "dead"]).toContain(after.status);
    expect(after.attempts).toBeLessThanOrEqual(1);
    expect(await db.auditEntry.count({ where: { shopDomain: SHOP_A, action: "job.retried", subjectId: job.id } })).toBe(1);
  });
});
