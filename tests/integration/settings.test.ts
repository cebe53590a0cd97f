import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/platform/db.server";
import type { RunningApp } from "../helpers/app-server";
import { adminHeaders, installOfflineSession } from "../helpers/admin-session";
import { useApp } from "../helpers/app-fixture";
import { waitFor } from "../helpers/db-client";
import { deliverWebhook } from "../../sandbox/signing/webhook";
import { dataRequestPayload } from "../fixtures/webhooks";

const SHOP = "settings.myshopify.com";
let app: RunningApp;
let db: Db;
let env: Record<string, string>;

const fixture = useApp();
beforeAll(async () => {
  ({ env, app, db } = fixture);
  await installOfflineSession(db, env, SHOP);
});

function settings(init: RequestInit = {}) {
  return fetch(`${app.url}/app/settings?_data=routes/app.settings`, { ...init, headers: adminHeaders(env, SHOP, "55") });
}

const valid = { verificationCodeMinutes: "10", exportLinkDays: "3", closedRequestMonths: "12", consentRecordYears: "3", webhookPayloadDays: "14", clockStart: "verification" };

describe("shop settings", () => {
  it("starts from the lawful defaults", async () => {
    // The page's own catalog keys travel beside the settings (per-page catalogs, ADR 0019).
    const { pageMessages, ...stored } = (await (await settings()).json()) as { pageMessages: Record<string, string> };
    expect(pageMessages["regulation.gdpr"]).toBe("GDPR");
    expect(stored).toEqual({
      verificationCodeMinutes: 15,
      exportLinkDays: 7,
      closedRequestMonths: 24,
      consentRecordYears: 5,
      webhookPayloadDays: 30,
      regulations: ["gdpr", "uk_gdpr", "ccpa", "lgpd"],
      clockStart: "receipt",
      notificationEmails: "",
    });
  });

  it("refuses out-of-range or incomplete settings with 422 and stores nothing", async () => {
    for (const bad of [
      { ...valid, exportLinkDays: "365" },
      { ...valid, verificationCodeMinutes: "abc" },
      { ...valid, clockStart: "whenever" },
    ]) {
      const body = new URLSearchParams(bad);
      body.append("regulations", "gdpr");
      expect((await settings({ method: "POST", body })).status).toBe(422);
    }
    const none = new URLSearchParams(valid);
    const response = await settings({ method: "POST", body: none });
    expect(response.status).toBe(422);
    expect((await response.json()).errors.regulations).toMatch(/at least one/);
    expect(await db.shopSettings.count({ where: { shopDomain: SHOP } })).toBe(0);
  });

  it("saves, audits what changed, and the export lifetime follows the setting", async () => {
    const body = new URLSearchParams(valid);
    body.append("regulations", "gdpr");
    body.append("regulations", "ccpa");
    expect((await settings({ method: "POST", body })).status).toBe(200);
    expect(await (await settings()).json()).toMatchObject({ exportLinkDays: 3, regulations: ["gdpr", "ccpa"], clockStart: "verification" });
    const audit = await db.auditEntry.findFirstOrThrow({ where: { shopDomain: SHOP, action: "settings.updated" } });
    expect(audit.actorId).toBe("55");
    expect(JSON.parse(audit.metadata).exportLinkDays).toEqual({ from: "7", to: "3" });

    const webhookId = randomUUID();
    await deliverWebhook(app.url, "/webhooks/compliance", { topic: "customers/data_request", shop: SHOP, body: JSON.stringify(dataRequestPayload({ shop: SHOP, requestId: 77 })), webhookId }, env.SHOPIFY_API_SECRET!);
    await waitFor(async () => (await db.webhookEvent.findUnique({ where: { webhookId } }))?.status === "processed");
    const file = await db.exportFile.findFirstOrThrow({ where: { shopDomain: SHOP } });
    expect(file.expiresAt.getTime() - file.createdAt.getTime()).toBe(3 * 86_400_000);
  });
});
