// Step-up MFA in real Chromium (ADR 0017): a staff member enrolls an authenticator from the QR code
// page (the test computes the codes from the secret the page shows), then a protected action answers
// "step-up required", the Polaris modal asks for a code, and the action is retried with it.
import { generate } from "otplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_CUSTOMERS } from "../../sandbox/admin-api/seed";
import { startAdminUi, type AdminUi } from "../helpers/admin-browser";
import { waitFor } from "../helpers/db-client";
import { fileStorefrontRequest, requestAction } from "../helpers/requests";
import { grantRole } from "../helpers/team";

const OWNER = "42";
let ui: AdminUi;
let secret: string;
let recoveryCodes: string[];
let accessRequestId: string;

const codeAt = (offsetSeconds = 0) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSeconds });

beforeAll(async () => {
  ui = await startAdminUi();
}, 120_000);

afterAll(async () => {
  await ui?.close();
});

describe("step-up MFA in the admin", () => {
  it("enrolls an authenticator: QR code visible, confirmed with a code from the secret, recovery codes shown once", async () => {
    const { page, context, problems } = await ui.open("/app/mfa", OWNER);
    await page.getByRole("button", { name: "Set up an authenticator app" }).click();
    const qr = page.locator("img[data-mfa-qr]");
    await qr.waitFor();
    // The QR image decoded and has a size: an SVG rendered on the server, no network.
    expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    secret = (await page.locator("[data-mfa-secret]").textContent())!.trim();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await page.getByLabel("Code from the app").fill(await codeAt());
    await page.getByRole("button", { name: "Confirm", exact: true }).click();
    const codes = page.locator("[data-recovery-codes] li");
    await codes.first().waitFor();
    expect(await codes.count()).toBe(10);
    recoveryCodes = (await codes.allTextContents()).map((c) => c.trim());
    await page.getByText("Your authenticator app is set up.").first().waitFor();
    const factor = await ui.db.mfaFactor.findUniqueOrThrow({ where: { shopDomain_staffId: { shopDomain: ui.shop, staffId: OWNER } } });
    expect(factor.confirmedAt).not.toBeNull();
    expect(problems).toEqual({ consoleErrors: [], pageErrors: [], failedRequests: [], outsideRequests: [] });
    await context.close();
  }, 120_000);

  it("asks for a code in a modal when a protected action needs a step-up, then retries the action", async () => {
    await ui.db.mfaFactor.update({ where: { shopDomain_staffId: { shopDomain: ui.shop, staffId: OWNER } }, data: { verifiedUntil: null } });
    const { page, context, problems } = await ui.open("/app/security", OWNER);
    await page.getByLabel("A verified code lasts (minutes)").fill("7");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    const modal = page.getByRole("dialog", { name: "Confirm it is you" });
    await modal.waitFor();
    expect(await ui.db.mfaPolicy.count()).toBe(0);
    // A wrong code: the modal says so and stays open.
    const valid = new Set(await Promise.all([-60, -30, 0, 30, 60].map((o) => codeAt(o))));
    const wrong = ["000000", "111111", "222222", "333333", "444444", "555555"].find((c) => !valid.has(c))!;
    await modal.getByLabel("Code").fill(wrong);
    await modal.getByRole("button", { name: "Verify and continue" }).click();
    await modal.getByText("That code is not right").waitFor();
    await modal.getByLabel("Code").fill(await codeAt(30));
    await modal.getByRole("button", { name: "Verify and continue" }).click();
    await page.getByText("Security settings saved.").waitFor();
    await modal.waitFor({ state: "detached" });
    expect(await ui.db.mfaPolicy.findUniqueOrThrow({ where: { shopDomain: ui.shop } })).toMatchObject({ stepUpMinutes: 7, requireEnrollment: false });
    const audit = await ui.db.auditEntry.findMany({ where: { shopDomain: ui.shop, action: { in: ["mfa.step_up_failed", "mfa.step_up_verified", "mfa.policy_updated"] } }, orderBy: { seq: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["mfa.step_up_failed", "mfa.step_up_verified", "mfa.policy_updated"]);
    // The refusals were answers, not failures of the page: the 403 asking for a step-up and the 422 for the wrong code.
    expect(problems.pageErrors).toEqual([]);
    expect(problems.outsideRequests).toEqual([]);
    expect(problems.failedRequests.map((f) => f.split(" ").slice(0, 2).join(" ")).sort()).toEqual(["403 POST", "422 POST"]);
    expect(problems.consoleErrors.every((e) => /status of (403|422)/.test(e))).toBe(true);
    await context.close();
  }, 120_000);

  it("a download of personal data asks for a code (here a recovery code) in the modal, then downloads", async () => {
    const target = { appUrl: ui.app.url, env: ui.env, db: ui.db, shop: ui.shop };
    const request = await fileStorefrontRequest(target, { type: "access", email: "ada.example@example.com", customerGid: SANDBOX_CUSTOMERS.ada });
    accessRequestId = request.id;
    // Exporting is not a protected action: it collects the data, it hands nothing to staff.
    expect((await requestAction(target, request.id, { intent: "export" }, OWNER)).status).toBe(200);
    await waitFor(() => ui.db.exportFile.findFirst({ where: { requestId: request.id, format: "json" } }), { timeoutMs: 60_000 });
    await ui.db.mfaFactor.update({ where: { shopDomain_staffId: { shopDomain: ui.shop, staffId: OWNER } }, data: { verifiedUntil: null } });
    const { page, context, problems } = await ui.open(`/app/requests/${request.id}`, OWNER);
    await page.getByRole("button", { name: /^Download JSON/ }).click();
    const modal = page.getByRole("dialog", { name: "Confirm it is you" });
    await modal.waitFor();
    expect(recoveryCodes[0]).toMatch(/^[2-9A-Z]{5}-[2-9A-Z]{5}$/);
    await modal.getByLabel("Code").fill(recoveryCodes[0]!);
    const download = page.waitForEvent("download");
    await modal.getByRole("button", { name: "Verify and continue" }).click();
    expect((await download).suggestedFilename()).toBe(`${request.reference}.json`);
    await modal.waitFor({ state: "detached" });
    expect(await ui.db.mfaRecoveryCode.count({ where: { shopDomain: ui.shop, staffId: OWNER, usedAt: { not: null } } })).toBe(1);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.failedRequests.map((f) => f.split(" ").slice(0, 2).join(" "))).toEqual(["403 GET"]);
    await context.close();
  }, 180_000);

  it("when the owner requires enrollment, an unenrolled officer's download leads to the set-up page", async () => {
    const OFFICER = "7002";
    // The owner's policy, as the Security page stores it: downloads protected, enrollment required.
    await ui.db.mfaPolicy.update({ where: { shopDomain: ui.shop }, data: { protectedActions: "exports.download", requireEnrollment: true } });
    await grantRole(ui.app.url, ui.env, ui.shop, OWNER, OFFICER, "privacy_officer");
    const { page, context, problems } = await ui.open(`/app/requests/${accessRequestId}`, OFFICER);
    await page.getByRole("button", { name: /^Download JSON/ }).click();
    const modal = page.getByRole("dialog", { name: "Set up two-step verification first" });
    await modal.waitFor();
    await modal.getByRole("link", { name: "Set up an authenticator app" }).click();
    await page.getByRole("button", { name: "Set up an authenticator app" }).waitFor();
    await page.getByText("An owner requires two-step verification").waitFor();
    expect(problems.pageErrors).toEqual([]);
    expect(problems.failedRequests.map((f) => f.split(" ").slice(0, 2).join(" "))).toEqual(["403 GET"]);
    await context.close();
  }, 120_000);
});
