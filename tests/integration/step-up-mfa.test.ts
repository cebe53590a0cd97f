// Step-up MFA over real HTTP (ADR 0017): enrollment, every protected action without a step-up, with
// a valid code, with an expired step-up, a replayed code, a recovery code used twice, brute force.
import { generate } from "otplib";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/platform/db.server";
import { verifyShopChain } from "../../app/modules/audit/audit.server";
import { SANDBOX_CUSTOMERS, SANDBOX_SHOP_DOMAIN } from "../../sandbox/admin-api/seed";
import type { AdminApiStandin } from "../../sandbox/admin-api/server";
import { adminHeaders } from "../helpers/admin-session";
import { useSandboxShopApp } from "../helpers/app-fixture";
import type { RunningApp } from "../helpers/app-server";
import { waitFor } from "../helpers/db-client";
import { fileStorefrontRequest, requestAction } from "../helpers/requests";
import { grantRole } from "../helpers/team";

const SHOP = SANDBOX_SHOP_DOMAIN;
const OWNER = "41";
const OFFICER = "51";
const REPLAYER = "52";
const BRUTE = "53";
const UNENROLLED = "54";
const RACER = "55";

let app: RunningApp;
let db: Db;
let env: Record<string, string>;
let standin: AdminApiStandin;

const fixture = useSandboxShopApp({ smtp: {} });

function call(staffId: string, path: string, route: string | null, init: RequestInit = {}) {
  const url = new URL(path, app.url);
  if (route) url.searchParams.set("_data", route);
  return fetch(url, { ...init, headers: { ...adminHeaders(env, SHOP, staffId), ...(init.headers ?? {}) } });
}

function post(staffId: string, path: string, route: string, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(name, v);
  return call(staffId, path, route, { method: "POST", body });
}

const mfa = (staffId: string, fields: Record<string, string>) => post(staffId, "/app/mfa", "routes/app.mfa", fields);

/** The code an authenticator app shows `offsetSeconds` from now (the app accepts one 30 s step either side). */
const codeAt = (secret: string, offsetSeconds = 0) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSeconds });

/** Six-digit codes the app would not accept now: none of them is the code of any step it could accept. */
async function wrongCodes(secret: string, count: number): Promise<string[]> {
  const valid = new Set(await Promise.all([-60, -30, 0, 30, 60].map((offset) => codeAt(secret, offset))));
  return ["000000", "111111", "222222", "333333", "444444", "555555", "666666", "777777", "888888", "999999"].filter((c) => !valid.has(c)).slice(0, count);
}

interface Enrolled {
  secret: string;
  recoveryCodes: string[];
}

async function enroll(staffId: string): Promise<Enrolled> {
  expect((await mfa(staffId, { intent: "start" })).status).toBe(200);
  const view = (await (await call(staffId, "/app/mfa", "routes/app.mfa")).json()) as { factor: { state: string; setup: { secret: string; qrDataUrl: string } } };
  expect(view.factor.state).toBe("pending");
  const secret = view.factor.setup.secret;
  const confirmed = await mfa(staffId, { intent: "confirm", code: await codeAt(secret) });
  expect(confirmed.status).toBe(200);
  const { recoveryCodes } = (await confirmed.json()) as { recoveryCodes: string[] };
  return { secret, recoveryCodes };
}

/** No step-up in force (as after enrollment's own one has run out). */
const clearStepUp = (staffId: string) => db.mfaFactor.update({ where: { shopDomain_staffId: { shopDomain: SHOP, staffId } }, data: { verifiedUntil: null } });
/** A step-up verified earlier that has expired: the window lies in the past. */
const expireStepUp = (staffId: string) => db.mfaFactor.update({ where: { shopDomain_staffId: { shopDomain: SHOP, staffId } }, data: { verifiedUntil: new Date(Date.now() - 1000) } });

async function expectStepUpRequired(response: Response, reason = "step_up_required") {
  expect(response.status).toBe(403);
  const body = (await response.json()) as { stepUp?: string; message: string };
  expect(body.stepUp).toBe(reason);
  expect(body.message).toMatch(/authenticator/);
}

const failures = (staffId: string) => db.auditEntry.findMany({ where: { shopDomain: SHOP, action: "mfa.step_up_failed", actorId: staffId }, orderBy: { seq: "asc" } });

let erasureId: string;
let accessId: string;
let fileId: string;
let officer: Enrolled;
let owner: Enrolled;
let replayer: Enrolled;

beforeAll(async () => {
  ({ app, db, env, standin } = fixture);
  expect((await call(OWNER, "/app", "routes/app._index")).status).toBe(200);
  for (const staffId of [OFFICER, REPLAYER, BRUTE, UNENROLLED, RACER]) await grantRole(app.url, env, SHOP, OWNER, staffId, "privacy_officer");
  const target = { appUrl: app.url, env, db, shop: SHOP };
  erasureId = (await fileStorefrontRequest(target, { type: "erasure", email: "alan.example@example.com", customerGid: SANDBOX_CUSTOMERS.alan })).id;
  accessId = (await fileStorefrontRequest(target, { type: "access", email: "ada.example@example.com", customerGid: SANDBOX_CUSTOMERS.ada })).id;
  expect((await requestAction(target, accessId, { intent: "export" }, UNENROLLED)).status).toBe(200);
  fileId = (await waitFor(() => db.exportFile.findFirst({ where: { requestId: accessId, format: "json" } }), { timeoutMs: 60_000 })).id;
}, 120_000);

describe("step-up MFA", () => {
  it("by default (no policy saved, nobody enrolled) protected actions run as before", async () => {
    expect(await db.mfaPolicy.count()).toBe(0);
    expect((await call(UNENROLLED, `/app/requests/${accessId}/exports/${fileId}`, null)).status).toBe(200);
    expect((await call(UNENROLLED, "/app/consent/export?format=csv", null)).status).toBe(200);
  });

  it("enrolls a TOTP authenticator: secret encrypted, confirmed by a first valid code, 10 recovery codes stored hashed", async () => {
    expect((await mfa(OFFICER, { intent: "start" })).status).toBe(200);
    const pending = await db.mfaFactor.findUniqueOrThrow({ where: { shopDomain_staffId: { shopDomain: SHOP, staffId: OFFICER } } });
    expect(pending.confirmedAt).toBeNull();
    const view = (await (await call(OFFICER, "/app/mfa", "routes/app.mfa")).json()) as { factor: { setup: { secret: string; qrDataUrl: string } } };
    const { secret, qrDataUrl } = view.factor.setup;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(pending.secretCipher).not.toContain(secret);
    expect(qrDataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(qrDataUrl.split(",")[1]!, "base64").toString()).toContain("<svg");
    // A wrong code does not confirm.
    const [wrong] = await wrongCodes(secret, 1);
    expect((await mfa(OFFICER, { intent: "confirm", code: wrong! })).status).toBe(422);
    const confirmed = await mfa(OFFICER, { intent: "confirm", code: await codeAt(secret) });
    expect(confirmed.status).toBe(200);
    const { recoveryCodes } = (await confirmed.json()) as { recoveryCodes: string[] };
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const stored = await db.mfaRecoveryCode.findMany({ where: { shopDomain: SHOP, staffId: OFFICER } });
    expect(stored).toHaveLength(10);
    for (const code of recoveryCodes) for (const row of stored) expect(row.codeHash).not.toContain(code.replace("-", ""));
    officer = { secret, recoveryCodes };
    // The secret is never shown again once confirmed; starting over needs the factor removed first.
    const after = (await (await call(OFFICER, "/app/mfa", "routes/app.mfa")).json()) as { factor: { state: string; setup: unknown } };
    expect(after.factor).toMatchObject({ state: "enrolled", setup: null });
    expect((await mfa(OFFICER, { intent: "start" })).status).toBe(409);
    const audit = await db.auditEntry.findMany({ where: { shopDomain: SHOP, actorId: OFFICER, action: { startsWith: "mfa." } }, orderBy: { seq: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["mfa.enrollment_started", "mfa.enrolled"]);
    for (const entry of audit) expect(entry.metadata).not.toContain(secret);
  });

  it("every protected action: refused without a step-up (nothing changes), allowed with a valid code, refused once it expires", async () => {
    owner = await enroll(OWNER);
    let recovery = 0;
    let usedTotp = new Set<string>();
    const stepUp = async (staffId: string, who: Enrolled) => {
      // The first step-up of each staff member with the authenticator's next code, later ones with recovery codes.
      const code = usedTotp.has(staffId) ? who.recoveryCodes[recovery++]! : await codeAt(who.secret, 30);
      usedTotp = new Set([...usedTotp, staffId]);
      const response = await mfa(staffId, { intent: "step_up", code });
      expect(response.status, await response.clone().text()).toBe(200);
    };
    const cases: { name: string; staffId: string; who: () => Enrolled; run: () => Promise<Response>; unchanged: () => Promise<unknown> }[] = [
      {
        name: "export download",
        staffId: OFFICER,
        who: () => officer,
        run: () => call(OFFICER, `/app/requests/${accessId}/exports/${fileId}`, null),
        unchanged: () => db.auditEntry.count({ where: { shopDomain: SHOP, action: "export.downloaded" } }),
      },
      {
        name: "customer's current values from Shopify",
        staffId: OFFICER,
        who: () => officer,
        run: () => call(OFFICER, `/app/requests/${accessId}/customer`, null),
        unchanged: () => db.auditEntry.count({ where: { shopDomain: SHOP, action: "customer.viewed" } }),
      },
      { name: "consent log export", staffId: OFFICER, who: () => officer, run: () => call(OFFICER, "/app/consent/export?format=csv", null), unchanged: () => db.auditEntry.count({ where: { shopDomain: SHOP } }) },
      {
        name: "role change",
        staffId: OWNER,
        who: () => owner,
        run: () => post(OWNER, "/app/team", "routes/app.team", { intent: "assign", staffId: UNENROLLED, role: "viewer" }),
        unchanged: () => db.staffMember.findMany({ where: { shopDomain: SHOP }, orderBy: { staffId: "asc" } }),
      },
      {
        name: "security settings",
        staffId: OWNER,
        who: () => owner,
        run: () => post(OWNER, "/app/security", "routes/app.security", { protectedActions: ["requests.erase", "exports.download", "team.roles", "settings.security", "settings.streaming", "settings.keys"], stepUpMinutes: "10", requireEnrollment: "off" }),
        unchanged: () => db.mfaPolicy.findMany(),
      },
      {
        name: "audit streaming settings",
        staffId: OWNER,
        who: () => owner,
        run: () => post(OWNER, "/app/streaming", "routes/app.streaming", { intent: "create", kind: "splunk_hec", name: "SIEM", url: "http://127.0.0.1:9", token: "hec-token" }),
        unchanged: () => db.auditStream.findMany({ where: { shopDomain: SHOP } }),
      },
      {
        name: "erasure",
        staffId: OFFICER,
        who: () => officer,
        run: () => post(OFFICER, `/app/requests/${erasureId}`, "routes/app.requests.$id", { intent: "erase" }),
        unchanged: async () => [(await db.privacyRequest.findUniqueOrThrow({ where: { id: erasureId } })).status, standin.calls.filter((c) => c.field === "customerRequestDataErasure").length],
      },
    ];
    for (const c of cases) {
      await clearStepUp(c.staffId);
      const before = await c.unchanged();
      await expectStepUpRequired(await c.run());
      expect(await c.unchanged(), c.name).toEqual(before);
      await stepUp(c.staffId, c.who());
      const allowed = await c.run();
      expect(allowed.status, `${c.name}: ${await allowed.clone().text()}`).toBe(c.name === "audit streaming settings" ? 201 : 200);
      await expireStepUp(c.staffId);
      const expired = await c.run();
      if (c.name === "erasure") expect(expired.status).toBe(409); // erased already: the state machine answers first
      else await expectStepUpRequired(expired);
    }
    expect((await db.privacyRequest.findUniqueOrThrow({ where: { id: erasureId } })).status).toBe("awaiting_shopify");
    expect((await db.staffMember.findFirstOrThrow({ where: { shopDomain: SHOP, staffId: UNENROLLED } })).role).toBe("viewer");
    const verified = await db.auditEntry.findMany({ where: { shopDomain: SHOP, action: "mfa.step_up_verified" } });
    expect(verified.map((v) => JSON.parse(v.metadata).method).sort()).toEqual(["recovery_code", "recovery_code", "recovery_code", "recovery_code", "recovery_code", "totp", "totp"]);
  });

  it("completing an erasure request needs a step-up too", async () => {
    await clearStepUp(OFFICER);
    const target = { appUrl: app.url, env, db, shop: SHOP };
    const other = await fileStorefrontRequest(target, { type: "erasure", email: "linus.example@example.com", customerGid: SANDBOX_CUSTOMERS.linus });
    await expectStepUpRequired(await post(OFFICER, `/app/requests/${other.id}`, "routes/app.requests.$id", { intent: "complete", reason: "Erased by hand" }));
    expect((await db.privacyRequest.findUniqueOrThrow({ where: { id: other.id } })).status).toBe(other.status);
  });

  it("a replayed authenticator code is refused, and audited without the code", async () => {
    replayer = await enroll(REPLAYER);
    await clearStepUp(REPLAYER);
    const code = await codeAt(replayer.secret, 30);
    expect((await mfa(REPLAYER, { intent: "step_up", code })).status).toBe(200);
    await clearStepUp(REPLAYER);
    const replayed = await mfa(REPLAYER, { intent: "step_up", code });
    expect(replayed.status).toBe(422);
    expect(((await replayed.json()) as { message: string }).message).toMatch(/already used/);
    // The enrollment code's step is older than the one used since: refused too.
    expect((await mfa(REPLAYER, { intent: "step_up", code: await codeAt(replayer.secret) })).status).toBe(422);
    await expectStepUpRequired(await call(REPLAYER, `/app/requests/${accessId}/exports/${fileId}`, null));
    const failed = await failures(REPLAYER);
    expect(failed).toHaveLength(2);
    for (const entry of failed) {
      expect(entry).toMatchObject({ actorType: "staff", actorId: REPLAYER });
      expect(JSON.parse(entry.metadata)).toMatchObject({ reason: "replayed_code", method: "totp" });
      expect(entry.metadata).not.toContain(code);
    }
  });

  it("the same code sent twice at once is accepted once (the replay check is one conditional update)", async () => {
    const racer = await enroll(RACER);
    await clearStepUp(RACER);
    const code = await codeAt(racer.secret, 30);
    const statuses = await Promise.all([mfa(RACER, { intent: "step_up", code }), mfa(RACER, { intent: "step_up", code })].map((p) => p.then((r) => r.status)));
    expect(statuses.sort()).toEqual([200, 422]);
    const recovery = racer.recoveryCodes[0]!;
    await clearStepUp(RACER);
    const again = await Promise.all([mfa(RACER, { intent: "step_up", code: recovery }), mfa(RACER, { intent: "step_up", code: recovery })].map((p) => p.then((r) => r.status)));
    expect(again.sort()).toEqual([200, 422]);
    expect(await db.auditEntry.count({ where: { shopDomain: SHOP, actorId: RACER, action: "mfa.step_up_verified" } })).toBe(2);
  });

  it("a recovery code works once", async () => {
    await clearStepUp(REPLAYER);
    expect(await db.mfaRecoveryCode.count({ where: { shopDomain: SHOP, staffId: REPLAYER, usedAt: null } })).toBe(10);
    // New codes need a step-up as well.
    await expectStepUpRequired(await mfa(REPLAYER, { intent: "regenerate" }));
    const code = officer.recoveryCodes[9]!;
    await clearStepUp(OFFICER);
    expect((await mfa(OFFICER, { intent: "step_up", code: code.toLowerCase() })).status).toBe(200);
    await clearStepUp(OFFICER);
    const again = await mfa(OFFICER, { intent: "step_up", code });
    expect(again.status).toBe(422);
    expect(((await again.json()) as { message: string }).message).toMatch(/already used/);
    await expectStepUpRequired(await call(OFFICER, `/app/requests/${accessId}/exports/${fileId}`, null));
    const last = (await failures(OFFICER)).at(-1)!;
    expect(JSON.parse(last.metadata)).toMatchObject({ reason: "used_recovery_code", method: "recovery_code" });
    expect(last.metadata).not.toContain(code.replace("-", ""));
  });

  it("brute force is locked out after 5 failures, even for a right code, and every failure is audited", async () => {
    const brute = await enroll(BRUTE);
    await clearStepUp(BRUTE);
    const right = await codeAt(brute.secret, 30);
    const wrong = await wrongCodes(brute.secret, 4);
    for (const code of wrong) expect((await mfa(BRUTE, { intent: "step_up", code })).status).toBe(422);
    const fifth = await mfa(BRUTE, { intent: "step_up", code: "not-a-code" });
    expect(fifth.status).toBe(429);
    expect(Number(fifth.headers.get("Retry-After"))).toBeGreaterThan(800);
    const locked = await mfa(BRUTE, { intent: "step_up", code: right });
    expect(locked.status).toBe(429);
    expect(((await locked.json()) as { message: string }).message).toMatch(/locked/);
    await expectStepUpRequired(await call(BRUTE, `/app/requests/${accessId}/exports/${fileId}`, null));
    const failed = await failures(BRUTE);
    expect(failed.map((f) => JSON.parse(f.metadata).reason)).toEqual(["invalid_code", "invalid_code", "invalid_code", "invalid_code", "malformed_code", "locked_out"]);
    expect(JSON.parse(failed[4]!.metadata)).toMatchObject({ failuresInWindow: 5, lockedOut: true });
    for (const f of failed) expect(f.metadata).not.toContain(right);
    // The failures feed the alert rules: one alert for this incident, about this staff member.
    const raised = await db.alert.findMany({ where: { shopDomain: SHOP, rule: "mfa_failures" } });
    expect(raised.map((a) => a.actorId)).toEqual([BRUTE]);
    const view = (await (await call(BRUTE, "/app/mfa", "routes/app.mfa")).json()) as { factor: { lockedForSeconds: number } };
    expect(view.factor.lockedForSeconds).toBeGreaterThan(800);
    // Another staff member is not locked by it.
    await clearStepUp(REPLAYER);
    expect((await mfa(REPLAYER, { intent: "step_up", code: "ZZZZZ-ZZZZZ" })).status).toBe(422);
  });

  it("an owner removes a locked-out staff member's authenticator (with a step-up of their own), audited", async () => {
    await clearStepUp(OWNER);
    const reset = () => post(OWNER, "/app/security", "routes/app.security", { intent: "reset", staffId: BRUTE });
    await expectStepUpRequired(await reset());
    expect(await db.mfaFactor.count({ where: { shopDomain: SHOP, staffId: BRUTE } })).toBe(1);
    await stepUp(OWNER);
    expect((await reset()).status).toBe(200);
    expect(await db.mfaFactor.count({ where: { shopDomain: SHOP, staffId: BRUTE } })).toBe(0);
    expect(await db.mfaRecoveryCode.count({ where: { shopDomain: SHOP, staffId: BRUTE } })).toBe(0);
    expect(await db.auditEntry.findFirstOrThrow({ where: { shopDomain: SHOP, action: "mfa.reset" } })).toMatchObject({ actorType: "staff", actorId: OWNER, subjectType: "staff", subjectId: BRUTE });
    expect((await reset()).status).toBe(409);
    expect((await post(OWNER, "/app/security", "routes/app.security", { intent: "reset", staffId: "x'; DROP" })).status).toBe(400);
  });

  it("removing the authenticator needs a step-up; then the staff member is unenrolled", async () => {
    await expireStepUp(REPLAYER);
    await expectStepUpRequired(await mfa(REPLAYER, { intent: "disable" }));
    expect(await db.mfaFactor.count({ where: { shopDomain: SHOP, staffId: REPLAYER } })).toBe(1);
    expect((await mfa(REPLAYER, { intent: "step_up", code: replayer.recoveryCodes[0]! })).status).toBe(200);
    expect((await mfa(REPLAYER, { intent: "disable" })).status).toBe(200);
    expect(await db.mfaFactor.count({ where: { shopDomain: SHOP, staffId: REPLAYER } })).toBe(0);
    expect(await db.mfaRecoveryCode.count({ where: { shopDomain: SHOP, staffId: REPLAYER } })).toBe(0);
    expect(await db.auditEntry.count({ where: { shopDomain: SHOP, actorId: REPLAYER, action: "mfa.disabled" } })).toBe(1);
    // Unenrolled again (enrollment not required yet): protected actions run without a code.
    expect((await call(REPLAYER, `/app/requests/${accessId}/exports/${fileId}`, null)).status).toBe(200);
  });

  it("the owner can require enrollment: unenrolled staff are refused protected actions and pointed to set-up", async () => {
    await clearStepUp(OWNER);
    const save = () => post(OWNER, "/app/security", "routes/app.security", { protectedActions: ["requests.erase", "exports.download"], stepUpMinutes: "5", requireEnrollment: "on" });
    await expectStepUpRequired(await save());
    await stepUp(OWNER);
    expect((await save()).status).toBe(200);
    const policy = await db.mfaPolicy.findUniqueOrThrow({ where: { shopDomain: SHOP } });
    expect(policy).toMatchObject({ protectedActions: "requests.erase,exports.download", stepUpMinutes: 5, requireEnrollment: true });
    // Role changes are no longer protected: the owner's step-up is not even consulted.
    await clearStepUp(OWNER);
    expect((await post(OWNER, "/app/team", "routes/app.team", { intent: "assign", staffId: UNENROLLED, role: "privacy_officer" })).status).toBe(200);
    await expectStepUpRequired(await call(UNENROLLED, `/app/requests/${accessId}/exports/${fileId}`, null), "enrollment_required");
    await expectStepUpRequired(await post(UNENROLLED, `/app/requests/${erasureId}`, "routes/app.requests.$id", { intent: "cancel_erasure" }).then(() => call(UNENROLLED, "/app/consent/export?format=csv", null)), "enrollment_required");
    // Bad input: a clear 4xx, nothing changed.
    const bad = await post(OWNER, "/app/security", "routes/app.security", { protectedActions: ["everything"], stepUpMinutes: "0", requireEnrollment: "maybe" });
    expect(bad.status).toBe(422);
    expect(await db.mfaPolicy.findUniqueOrThrow({ where: { shopDomain: SHOP } })).toEqual(policy);
    expect((await verifyShopChain(db, SHOP)).ok).toBe(true);
  });
});

async function stepUp(staffId: string) {
  const code = owner.recoveryCodes.pop()!;
  expect((await mfa(staffId, { intent: "step_up", code })).status).toBe(200);
}
