// The app proxy endpoints behind the storefront extension (extensions/privacy-consent/README.md,
// "HTTP contract"), driven over real HTTP against the built app, with a real SMTP server.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useApp } from "../helpers/app-fixture";
import type { Db } from "../../app/platform/db.server";
import { blindIndex } from "../../app/platform/crypto";
import { PATH_PREFIX, proxyQuery, proxySignature, signedProxyUrl, type ProxyParams } from "../../sandbox/signing/app-proxy";
import { type RunningApp } from "../helpers/app-server";
import { postRaw } from "../helpers/http";
import { keyRingOf } from "../helpers/keys";
import { startSmtp, type CapturedMail, type SmtpCapture } from "../helpers/smtp";

const IP_LIMIT = 6;
const SHOP_LIMIT = 30;

let app: RunningApp;
let db: Db;
let env: Record<string, string>;
let smtp: SmtpCapture;

const fixture = useApp(async () => {
  smtp = await startSmtp();
  return { SMTP_URL: smtp.url, MAIL_FROM: "privacy@example.com", PROXY_RATE_LIMIT_PER_MINUTE: String(IP_LIMIT), PROXY_SHOP_RATE_LIMIT_PER_MINUTE: String(SHOP_LIMIT) };
});
beforeAll(() => {
  ({ app, db, env } = fixture);
});
afterAll(() => smtp?.close());

// Each test speaks from its own documentation-range address, so per-IP limits stay per test.
let nextIp = 1;
const freshIp = () => `198.51.100.${nextIp++}`;

interface Call extends ProxyParams {
  method?: "GET" | "POST";
  body?: string;
  json?: boolean;
  ip: string;
  contentType?: string;
  secret?: string;
}

function proxy(route: string, call: Call): Promise<Response> {
  const url = signedProxyUrl(app.url, route, call, call.secret ?? env.SHOPIFY_API_SECRET!);
  return send(url, call);
}

function send(url: URL | string, call: Omit<Call, "shop">): Promise<Response> {
  const headers: Record<string, string> = { "X-Forwarded-For": call.ip };
  if (call.json !== false) headers.Accept = "application/json";
  if (call.body !== undefined) headers["Content-Type"] = call.contentType ?? "application/x-www-form-urlencoded; charset=UTF-8";
  return fetch(url, { method: call.method ?? (call.body === undefined ? "GET" : "POST"), headers, body: call.body, redirect: "manual" });
}

const consentBody = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    visitorId: "9f86d081884c7d659a2feaa0c55ad015",
    noticeVersion: "1",
    categories: { analytics: true, marketing: false, preferences: true, sale_of_data: false },
    region: "DE",
    gpc: false,
    action: "custom",
    locale: "de",
    ...overrides,
  });

const requestForm = (fields: Record<string, string> = {}) =>
  new URLSearchParams({ type: "access", email: "guest@example.com", correction: "", message: "", website: "", locale: "en", region: "DE", ...fields }).toString();

const codeIn = (mail: CapturedMail) => /code is ([0-9]{6})/.exec(mail.text)?.[1] ?? "";

async function guestRequest(shop: string, email: string, ip = freshIp(), region = "DE") {
  const response = await proxy("/requests", { shop, ip, body: requestForm({ email, region }) });
  expect(response.status).toBe(201);
  const created = (await response.json()) as { reference: string; status: string };
  expect(created.status).toBe("awaiting_verification");
  const mail = await smtp.waitFor((m) => m.to.includes(email) && m.text.includes(created.reference));
  return { reference: created.reference, code: codeIn(mail), mail };
}

const verify = (shop: string, reference: string, code: string, ip: string, json = true) =>
  proxy(`/requests/${reference}/verify`, { shop, ip, json, body: new URLSearchParams({ code }).toString() });

describe("POST /proxy/consent", () => {
  const SHOP = "consent-a.myshopify.com";

  it("stores an append-only proof of consent with the customer's blind index and no IP", async () => {
    const ip = freshIp();
    // sendBeacon may label the body text/plain: it is parsed as JSON whatever the type says.
    const response = await proxy("/consent", { shop: SHOP, ip, customerId: "7001", body: consentBody(), contentType: "text/plain;charset=UTF-8" });
    expect(response.status).toBe(204);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("set-cookie")).toBeNull();
    const rows = await db.consentRecord.findMany({ where: { shopDomain: SHOP } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      visitorId: "9f86d081884c7d659a2feaa0c55ad015",
      noticeVersion: "1",
      categories: '{"analytics":true,"marketing":false,"preferences":true,"sale_of_data":false}',
      action: "custom",
      region: "DE",
      gpc: false,
      locale: "de",
      customerRef: blindIndex(keyRingOf(env), SHOP, "customer", "7001"),
    });
    expect(JSON.stringify(rows[0])).not.toContain(ip);
    // The customer id is kept only as its blind index (checked above). The row id and the index are
    // random-looking hex that may contain "7001" by chance, so they are left out of the text search.
    const { id: _id, customerRef: _customerRef, ...plainColumns } = rows[0]!;
    expect(JSON.stringify(plainColumns)).not.toContain("7001");

    const guest = await proxy("/consent", { shop: SHOP, ip, body: consentBody({ action: "reject_all", region: "", locale: "", gpc: true }) });
    expect(guest.status).toBe(204);
    const second = await db.consentRecord.findFirstOrThrow({ where: { shopDomain: SHOP, action: "reject_all" } });
    expect(second).toMatchObject({ customerRef: null, region: null, locale: null, gpc: true });
  });

  it("refuses invalid, oversized, unsigned, forged, stale and tampered posts, storing nothing", async () => {
    const shop = "consent-b.myshopify.com";
    const ip = freshIp();
    const expectStatus = async (response: Promise<Response> | Response, status: number) => expect((await response).status).toBe(status);

    const invalid = await proxy("/consent", { shop, ip, body: consentBody({ visitorId: "not-hex" }) });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toEqual({ error: "invalid" });
    await expectStatus(proxy("/consent", { shop, ip, body: "{not json" }), 400);
    await expectStatus(proxy("/consent", { shop, ip, body: consentBody({ note: "x".repeat(9 * 1024) }) }), 413);
    await expectStatus(proxy("/consent", { shop, ip: freshIp(), body: "x".repeat(200_000) }), 413);

    const unsigned = new URL("/proxy/consent", app.url);
    unsigned.search = proxyQuery({ shop }).toString();
    await expectStatus(send(unsigned, { ip, body: consentBody() }), 400);
    await expectStatus(proxy("/consent", { shop, ip, body: consentBody(), secret: `forged-${"x".repeat(40)}` }), 400);
    await expectStatus(proxy("/consent", { shop, ip, body: consentBody(), timestamp: Math.floor(Date.now() / 1000) - 120 }), 400);
    await expectStatus(proxy("/consent", { shop, ip, body: consentBody(), timestamp: Math.floor(Date.now() / 1000) + 120 }), 400);

    // A genuine signed URL replayed with any signed parameter changed or added is refused.
    const genuine = signedProxyUrl(app.url, "/consent", { shop }, env.SHOPIFY_API_SECRET!);
    for (const [name, value] of [
      ["shop", "consent-a.myshopify.com"],
      ["logged_in_customer_id", "7001"],
      ["timestamp", String(Math.floor(Date.now() / 1000) + 1)],
      ["path_prefix", "/apps/other"],
    ] as const) {
      const tampered = new URL(genuine);
      tampered.searchParams.set(name, value);
      await expectStatus(send(tampered, { ip: freshIp(), body: consentBody() }), 400);
    }
    const appended = new URL(genuine);
    appended.searchParams.append("logged_in_customer_id", "7001");
    await expectStatus(send(appended, { ip: freshIp(), body: consentBody() }), 400);
    const noTimestamp = proxyQuery({ shop });
    noTimestamp.delete("timestamp");
    noTimestamp.append("signature", proxySignature(noTimestamp, env.SHOPIFY_API_SECRET!));
    await expectStatus(send(`${app.url}/proxy/consent?${noTimestamp}`, { ip: freshIp(), body: consentBody() }), 400);

    expect(await db.consentRecord.count({ where: { shopDomain: shop } })).toBe(0);
    await expectStatus(proxy("/consent", { shop, ip: freshIp(), method: "GET" }), 405);
  });

  it("limits posts per IP with Retry-After", async () => {
    const shop = "consent-c.myshopify.com";
    const ip = freshIp();
    for (let i = 0; i < IP_LIMIT; i++) expect((await proxy("/consent", { shop, ip, body: consentBody() })).status).toBe(204);
    const limited = await proxy("/consent", { shop, ip, body: consentBody() });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await db.consentRecord.count({ where: { shopDomain: shop } })).toBe(IP_LIMIT);
    expect((await proxy("/consent", { shop, ip: freshIp(), body: consentBody() })).status).toBe(204);
  });
});

describe("guest requests with an emailed code", () => {
  const SHOP = "guest-a.myshopify.com";

  it("creates an awaiting request, emails a code, counts a wrong code, verifies the right one", async () => {
    const email = "guest.one@example.com";
    const ip = freshIp();
    const response = await proxy("/requests", { shop: SHOP, ip, body: requestForm({ email, type: "rectification", correction: "Spell my name Ana", message: "Thanks" }) });
    expect(response.status).toBe(201);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const created = (await response.json()) as { reference: string; status: string };
    expect(created).toEqual({ reference: expect.stringMatching(/^PR-[A-Z2-9]{14}$/), status: "awaiting_verification" });

    const mail = await smtp.waitFor((m) => m.to.includes(email));
    const code = codeIn(mail);
    expect(code).toMatch(/^[0-9]{6}$/);
    expect(mail.from).toBe("privacy@example.com");
    expect(mail.subject).toContain(created.reference);
    expect(mail.text).toContain(created.reference);
    expect(mail.text).not.toContain("Spell my name");
    expect(mail.text).not.toContain(email);

    const row = await db.privacyRequest.findFirstOrThrow({ where: { shopDomain: SHOP, reference: created.reference } });
    expect(row).toMatchObject({ status: "awaiting_verification", source: "storefront", type: "rectification", regulation: "gdpr", verifiedAt: null, customerRef: null });
    expect(row.emailRef).toBe(blindIndex(keyRingOf(env), SHOP, "email", email));
    expect(`${row.emailCipher}${row.detailsCipher}`).not.toContain("guest.one");
    const [codeRow] = await db.verificationCode.findMany({ where: { requestId: row.id } });
    expect(codeRow).toMatchObject({ attempts: 0, consumedAt: null });
    expect(codeRow!.codeHash).toMatch(/^[0-9a-f]{64}$/);
    // A keyed hash: not the code, and not its plain SHA-256 either (a 6-digit code would fall to a lookup table).
    expect(codeRow!.codeHash).not.toBe(createHash("sha256").update(code).digest("hex"));
    expect(codeRow!.expiresAt.getTime() - codeRow!.createdAt.getTime()).toBe(15 * 60_000);
    expect(await db.auditEntry.count({ where: { shopDomain: SHOP, subjectId: row.id, action: { in: ["request.opened", "verification.code_issued"] } } })).toBe(2);

    const wrongCode = code === "000000" ? "111111" : "000000";
    const wrong = await verify(SHOP, created.reference, wrongCode, ip);
    expect(wrong.status).toBe(422);
    expect(await wrong.json()).toEqual({ error: "invalid_code", attemptsRemaining: 4 });
    expect((await db.verificationCode.findUniqueOrThrow({ where: { id: codeRow!.id } })).attempts).toBe(1);

    const right = await verify(SHOP, created.reference, code, ip);
    expect(right.status).toBe(200);
    expect(await right.json()).toEqual({ reference: created.reference, status: "verified" });
    const again = await verify(SHOP, created.reference, code, ip);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ reference: created.reference, status: "verified" });

    const status = await proxy(`/requests/${created.reference}`, { shop: SHOP, ip });
    expect(status.status).toBe(200);
    expect(await status.json()).toEqual({ reference: created.reference, status: "verified" });

    const verified = await db.privacyRequest.findUniqueOrThrow({ where: { id: row.id } });
    expect(verified.verifiedAt).not.toBeNull();
    expect((await db.verificationCode.findUniqueOrThrow({ where: { id: codeRow!.id } })).consumedAt).not.toBeNull();
    const transitions = await db.requestTransition.findMany({ where: { requestId: row.id }, orderBy: { at: "asc" } });
    expect(transitions.map((t) => `${t.fromStatus}->${t.toStatus}:${t.actorType}`)).toEqual([
      "null->received:shopper",
      "received->awaiting_verification:shopper",
      "awaiting_verification->verified:shopper",
    ]);
    const actions = (await db.auditEntry.findMany({ where: { shopDomain: SHOP, subjectId: row.id }, orderBy: { seq: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(["request.opened", "verification.code_issued", "verification.failed", "request.transitioned"]);
  });

  it("answers 410 for an expired code and leaves the request waiting", async () => {
    const { reference, code } = await guestRequest(SHOP, "guest.expired@example.com");
    const row = await db.privacyRequest.findFirstOrThrow({ where: { shopDomain: SHOP, reference } });
    await db.verificationCode.updateMany({ where: { requestId: row.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const response = await verify(SHOP, reference, code, freshIp());
    expect(response.status).toBe(410);
    expect(await response.json()).toEqual({ error: "expired" });
    expect((await db.privacyRequest.findUniqueOrThrow({ where: { id: row.id } })).status).toBe("awaiting_verification");
  });

  it("uses the shop's code lifetime and its clock rule", async () => {
    const shop = "guest-settings.myshopify.com";
    await db.shopSettings.create({ data: { shopDomain: shop, verificationCodeMinutes: 5, regulations: "ccpa,lgpd", clockStart: "verification" } });
    const { reference, code } = await guestRequest(shop, "guest.settings@example.com", freshIp(), "USCA");
    const row = await db.privacyRequest.findFirstOrThrow({ where: { shopDomain: shop, reference } });
    expect(row.regulation).toBe("ccpa");
    const codeRow = await db.verificationCode.findFirstOrThrow({ where: { requestId: row.id } });
    expect(codeRow.expiresAt.getTime() - codeRow.createdAt.getTime()).toBe(5 * 60_000);
    expect((await verify(shop, reference, code, freshIp())).status).toBe(200);
    const verified = await db.privacyRequest.findUniqueOrThrow({ where: { id: row.id } });
    expect(verified.clockStartsAt.getTime()).toBe(verified.verifiedAt!.getTime());
    expect(verified.dueAt.getTime()).toBe(verified.verifiedAt!.getTime() + 45 * 86_400_000);
  });

  it("refuses the sixth attempt, even with the right code", async () => {
    const { reference, code } = await guestRequest(SHOP, "guest.locked@example.com");
    const wrongCode = code === "999999" ? "999998" : "999999";
    const ip = freshIp();
    const remaining: unknown[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await verify(SHOP, reference, wrongCode, ip);
      expect(response.status).toBe(422);
      remaining.push(((await response.json()) as { attemptsRemaining: number }).attemptsRemaining);
    }
    expect(remaining).toEqual([4, 3, 2, 1, 0]);
    const sixth = await verify(SHOP, reference, code, freshIp());
    expect(sixth.status).toBe(429);
    expect(await sixth.json()).toEqual({ error: "rate_limited" });
    const row = await db.privacyRequest.findFirstOrThrow({ where: { shopDomain: SHOP, reference } });
    expect(row.status).toBe("awaiting_verification");
    expect((await db.verificationCode.findFirstOrThrow({ where: { requestId: row.id } })).attempts).toBe(5);
  });

  it("resends a new code that replaces the old one, three codes at most", async () => {
    const email = "guest.resend@example.com";
    const { reference, code: first } = await guestRequest(SHOP, email);
    const ip = freshIp();
    const resent = await proxy(`/requests/${reference}/resend`, { shop: SHOP, ip, method: "POST", body: "" });
    expect(resent.status).toBe(200);
    expect(await resent.json()).toEqual({ reference, status: "awaiting_verification" });
    await smtp.waitFor((m) => m.to.includes(email) && m.text.includes(reference) && smtp.messages.filter((x) => x.to.includes(email)).length === 2);
    const mails = smtp.messages.filter((m) => m.to.includes(email));
    const second = codeIn(mails[1]!);
    // Only the newest code counts: the first one is now just a wrong code.
    if (second !== first) expect((await verify(SHOP, reference, first, ip)).status).toBe(422);
    expect((await proxy(`/requests/${reference}/resend`, { shop: SHOP, ip, method: "POST", body: "" })).status).toBe(200);
    const refused = await proxy(`/requests/${reference}/resend`, { shop: SHOP, ip, method: "POST", body: "" });
    expect(refused.status).toBe(429);
    const row = await db.privacyRequest.findFirstOrThrow({ where: { shopDomain: SHOP, reference } });
    expect(await db.verificationCode.count({ where: { requestId: row.id } })).toBe(3);
    await smtp.waitFor(() => smtp.messages.filter((m) => m.to.includes(email)).length === 3);
    const third = codeIn(smtp.messages.filter((m) => m.to.includes(email))[2]!);
    expect((await verify(SHOP, reference, third, freshIp())).status).toBe(200);
  });
});

describe("POST /proxy/requests", () => {
  const SHOP = "requests-a.myshopify.com";

  it("verifies a signed-in customer at once, by Shopify's customer id, and sends no email", async () => {
    const email = "member@example.com";
    const response = await proxy("/requests", { shop: SHOP, ip: freshIp(), customerId: "7002", body: requestForm({ email, type: "erasure" }) });
    expect(response.status).toBe(201);
    const created = (await response.json()) as { reference: string; status: string };
    expect(created.status).toBe("verified");
    const row = await db.privacyRequest.findFirstOrThrow({ where: { shopDomain: SHOP, reference: created.reference } });
    expect(row).toMatchObject({ status: "verified", type: "erasure", source: "storefront", customerRef: blindIndex(keyRingOf(env), SHOP, "customer", "7002") });
    expect(row.verifiedAt).not.toBeNull();
    expect(await db.verificationCode.count({ where: { requestId: row.id } })).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    // No code is sent (the acknowledgment the worker may already have sent carries none).
    expect(smtp.messages.some((m) => m.to.includes(email) && /\b\d{6}\b/.test(m.text))).toBe(false);
  });

  it("answers a filled honeypot like a success and keeps and sends nothing", async () => {
    const shop = "requests-honeypot.myshopify.com";
    const email = "bot@example.com";
    const response = await proxy("/requests", { shop, ip: freshIp(), body: requestForm({ email, website: "https://spam.example.com" }) });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ reference: expect.stringMatching(/^PR-[A-Z2-9]{14}$/), status: "awaiting_verification" });
    await new Promise((r) => setTimeout(r, 300));
    expect(await db.privacyRequest.count({ where: { shopDomain: shop } })).toBe(0);
    expect(await db.auditEntry.count({ where: { shopDomain: shop } })).toBe(0);
    expect(smtp.messages.some((m) => m.to.includes(email))).toBe(false);
  });

  it("answers 422 with field errors, a 422 page without JavaScript, 413, 400, and stores nothing", async () => {
    const shop = "requests-invalid.myshopify.com";
    const ip = freshIp();
    const invalid = await proxy("/requests", { shop, ip, body: requestForm({ email: "nope", type: "rectification", correction: "" }) });
    expect(invalid.status).toBe(422);
    expect(await invalid.json()).toEqual({ error: "invalid", fields: { email: "invalid", correction: "required" } });
    const page = await proxy("/requests", { shop, ip, json: false, body: requestForm({ type: "everything" }) });
    expect(page.status).toBe(422);
    expect(page.headers.get("content-type")).toBe("application/liquid");
    expect(await page.text()).toContain("The kind of request: this value is not valid.");
    expect((await proxy("/requests", { shop, ip, body: requestForm({ message: "x".repeat(17 * 1024) }) })).status).toBe(413);
    expect(await postRaw(signedProxyUrl(app.url, "/requests", { shop }, env.SHOPIFY_API_SECRET!).toString(), { "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": ip }, Array(40).fill("x".repeat(1024)))).toBe(413);
    const forged = await proxy("/requests", { shop, ip: freshIp(), body: requestForm(), secret: `forged-${"y".repeat(40)}` });
    expect(forged.status).toBe(400);
    expect(await forged.text()).not.toContain("guest@example.com");
    expect((await proxy("/requests", { shop, ip: freshIp(), body: requestForm(), timestamp: Math.floor(Date.now() / 1000) - 300 })).status).toBe(400);
    const tampered = signedProxyUrl(app.url, "/requests", { shop }, env.SHOPIFY_API_SECRET!);
    tampered.searchParams.set("logged_in_customer_id", "7003");
    expect((await send(tampered, { ip: freshIp(), body: requestForm() })).status).toBe(400);
    expect(await db.privacyRequest.count({ where: { shopDomain: shop } })).toBe(0);
  });

  it("works without JavaScript: 303 to the status page, code form, verify redirect, lookup redirect", async () => {
    const shop = "requests-nojs.myshopify.com";
    const email = "nojs@example.com";
    const ip = freshIp();
    const prefix = "/a/privacy-desk";
    const created = await proxy("/requests", { shop, ip, json: false, pathPrefix: prefix, body: requestForm({ email }) });
    expect(created.status).toBe(303);
    const location = created.headers.get("location")!;
    expect(location).toMatch(/^\/a\/privacy-desk\/requests\/PR-[A-Z2-9]{14}$/);
    const reference = location.split("/").pop()!;
    const code = codeIn(await smtp.waitFor((m) => m.to.includes(email)));

    const page = await proxy(`/requests/${reference}`, { shop, ip, json: false, pathPrefix: prefix });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("application/liquid");
    const html = await page.text();
    expect(html).toContain(`<form method="post" action="${prefix}/requests/${reference}/verify">`);
    expect(html).toContain('<input id="privacy-code" name="code" inputmode="numeric" pattern="[0-9]{6}" maxlength="6" autocomplete="one-time-code" required>');
    expect(html).not.toContain(email);

    const wrong = await verify(shop, reference, "12345x", ip, false);
    expect(wrong.status).toBe(303);
    expect(wrong.headers.get("location")).toBe(`${PATH_PREFIX}/requests/${reference}?result=invalid_code`);
    const right = await verify(shop, reference, code, ip, false);
    expect(right.headers.get("location")).toBe(`${PATH_PREFIX}/requests/${reference}?result=verified`);
    const after = await proxy(`/requests/${reference}`, { shop, ip, json: false, query: [["result", "verified"]] });
    const afterHtml = await after.text();
    expect(afterHtml).toContain("your email address is confirmed");
    expect(afterHtml).not.toContain("<form");

    const lookup = await proxy("/requests", { shop, ip, json: false, query: [["reference", ` ${reference} `]] });
    expect(lookup.status).toBe(303);
    expect(lookup.headers.get("location")).toBe(`${PATH_PREFIX}/requests/${reference}`);
    expect((await proxy("/requests", { shop, ip, json: false, query: [["reference", "../../admin"]] })).status).toBe(404);
  });

  it("limits request creation per IP and lookups per shop", async () => {
    const shop = "requests-limits.myshopify.com";
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i <= IP_LIMIT; i++) statuses.push((await proxy("/requests", { shop, ip, body: requestForm({ type: "nonsense" }) })).status);
    expect(statuses).toEqual([...Array(IP_LIMIT).fill(422), 429]);

    const lookups: number[] = [];
    for (let i = 0; i <= SHOP_LIMIT; i++) lookups.push((await proxy("/requests/PR-NOTHING", { shop, ip: freshIp() })).status);
    expect(lookups.slice(0, SHOP_LIMIT).every((s) => s === 404)).toBe(true);
    expect(lookups[SHOP_LIMIT]).toBe(429);
    expect((await proxy("/requests/PR-NOTHING", { shop: "requests-other.myshopify.com", ip: freshIp() })).status).toBe(404);
  });
});

describe("tenancy and privacy", () => {
  it("answers 404 to another shop's reference on every endpoint and changes nothing", async () => {
    const owner = "tenant-a.myshopify.com";
    const other = "tenant-b.myshopify.com";
    const { reference, code } = await guestRequest(owner, "tenant@example.com");
    const ip = freshIp();
    const status = await proxy(`/requests/${reference}`, { shop: other, ip });
    expect(status.status).toBe(404);
    expect(await status.json()).toEqual({ error: "not_found" });
    expect((await proxy(`/requests/${reference}`, { shop: other, ip, json: false })).status).toBe(404);
    expect((await verify(other, reference, code, ip)).status).toBe(404);
    expect((await proxy(`/requests/${reference}/resend`, { shop: other, ip, method: "POST", body: "" })).status).toBe(404);
    const row = await db.privacyRequest.findFirstOrThrow({ where: { shopDomain: owner, reference } });
    expect(row.status).toBe("awaiting_verification");
    expect((await db.verificationCode.findFirstOrThrow({ where: { requestId: row.id } })).attempts).toBe(0);
    expect(await db.verificationCode.count({ where: { requestId: row.id } })).toBe(1);
  });

  it("keeps emails, codes and IPs out of the logs", async () => {
    const logs = app.logs();
    expect(logs).toContain("storefront request created");
    expect(logs).toContain("mail sent");
    for (const mail of smtp.messages) {
      for (const to of mail.to) expect(logs).not.toContain(to);
      // Acknowledgments carry no code.
      if (/confirmation code/.test(mail.subject)) expect(logs).not.toContain(codeIn(mail));
    }
    expect(logs).not.toContain("198.51.100.");
  });
});
