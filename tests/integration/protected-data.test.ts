import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Session } from "@shopify/shopify-api";
import type { Db } from "../../app/platform/db.server";
import { decryptField, encryptField, parseKeyRing } from "../../app/platform/crypto";
import { cipherContext, delegateName, ENCRYPTED_MODELS, PROTECTED_MODELS } from "../../app/platform/protected-data/registry";
import { startApp } from "../helpers/app-server";
import { adminHeaders, installOfflineSession } from "../helpers/admin-session";
import { runCli } from "../helpers/cli";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { openDb, waitFor } from "../helpers/db-client";
import { testAppEnv } from "../helpers/test-env";
import { deliverCompliance } from "../helpers/webhooks";
import { dataRequestPayload } from "../fixtures/webhooks";

// Key rotation driven by the protected-data registry: a database holding a value in every
// encrypted column the registry names is rotated, the old key removed, and every record read back.

const SHOP = "protected-data.myshopify.com";
const OWNER = "9101";
type Row = Record<string, unknown>;

let database: TestDatabase;
let db: Db;
let env: Record<string, string>;
const seeded: { requestId?: string; breachId?: string; exportFileId?: string } = {};

const rows = (model: string) => (db as unknown as Record<string, { findMany(): Promise<Row[]> }>)[delegateName(model as never)]!.findMany();

beforeAll(async () => {
  database = await createTestDatabase();
  env = testAppEnv(database.url, { LOG_LEVEL: "info" });
  db = openDb(database.url);

  // Shopify's side first, through the running app: a data request (webhook payload, request
  // identity, export files).
  const app = await startApp(env);
  try {
    await installOfflineSession(db, env, SHOP);
    await deliverCompliance({ app, db }, "customers/data_request", SHOP, dataRequestPayload({ shop: SHOP, customerId: 9102, email: "every.column@example.com", requestId: 9103 }));
    // The first staff member to open the app becomes owner.
    expect((await fetch(`${app.url}/app/settings?_data=routes/app.settings`, { headers: adminHeaders(env, SHOP, OWNER) })).status).toBe(200);
  } finally {
    await app.stop();
  }

  // The rest through the app's own services, with no worker running so pending emails stay pending.
  Object.assign(process.env, { ...env, LOG_LEVEL: "error" });
  const { EncryptedSessionStorage } = await import("../../app/platform/shopify/session-storage.server");
  const { db: appDb } = await import("../../app/platform/db.server");
  const { env: appEnv } = await import("../../app/platform/env.server");
  const { createRequest } = await import("../../app/modules/requests/requests.server");
  const { queueRequesterNotice } = await import("../../app/modules/notices/notices.server");
  const { performRequestAction } = await import("../../app/modules/requests/request-actions.server");
  const { saveSettings, getSettings } = await import("../../app/modules/settings/settings.server");
  const { recordBreach } = await import("../../app/modules/breaches/breaches.server");
  const { saveScannerSettings } = await import("../../app/modules/scanner/scanner.server");
  const { createStream } = await import("../../app/modules/audit-stream/streams.server");
  const staff = { shop: SHOP, staffId: OWNER };
  const now = new Date();

  const online = new Session({ id: `${SHOP}_${OWNER}`, shop: SHOP, state: "state", isOnline: true, accessToken: "online-access-token", scope: "read_customers" });
  online.refreshToken = "online-refresh-token";
  online.onlineAccessInfo = {
    expires_in: 86_400,
    associated_user_scope: "read_customers",
    associated_user: { id: Number(OWNER), first_name: "Ola", last_name: "Nordmann", email: "ola.staff@example.com", email_verified: true, account_owner: true, locale: "en", collaborator: false },
  };
  await new EncryptedSessionStorage(appDb, () => appEnv().keyRing).storeSession(online);

  const request = await appDb().$transaction(async (tx) => {
    const created = await createRequest(tx, {
      shopDomain: SHOP,
      type: "rectification",
      source: "storefront",
      regulation: "gdpr",
      clockStart: "receipt",
      identity: { customerId: "gid://shopify/Customer/9104", email: "guest.rotation@example.com", phone: "+44 20 7946 0000", name: "Guest Rotation" },
      details: "Please correct my surname.",
      verified: true,
      actor: { type: "shopper" },
      now,
    });
    await queueRequesterNotice(tx, created, "acknowledgment", now);
    return created;
  });
  seeded.requestId = request.id;
  await performRequestAction(staff, request.id, { intent: "note", text: "Called the customer back." }, now);
  await saveSettings(staff, { ...(await getSettings(staff)), notificationEmails: "dpo@example.com" }, now);
  seeded.breachId = (await recordBreach(staff, { discoveredAt: new Date(now.getTime() - 3_600_000), description: "A laptop with an order export was lost.", categories: ["contact", "orders"], approxPeopleAffected: 12, containment: "Remote wipe issued." }, now)).id;
  await saveScannerSettings(staff, { extraPaths: "", password: "development-store-password" }, now);
  // A TOTP secret (step-up MFA): enrollment started by the owner.
  const { startEnrollment } = await import("../../app/modules/mfa/mfa.server");
  await startEnrollment(staff, now);
  await createStream(staff, { kind: "splunk_hec", name: "SIEM", url: "https://splunk.example.com:8088", token: "hec-token-1", index: null, sourcetype: null }, now);
  // Staff names are written when a staff member opens the app with an online session.
  await db.staffMember.update({ where: { shopDomain_staffId: { shopDomain: SHOP, staffId: OWNER } }, data: { nameCipher: encryptField(appEnv().keyRing, "Ola Nordmann", cipherContext.staffMember(SHOP, OWNER)) } });
  seeded.exportFileId = (await db.exportFile.findFirstOrThrow({ where: { shopDomain: SHOP, format: "json" } })).id;
}, 180_000);

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

describe("key rotation over every encrypted column the registry names", () => {
  it("starts from a database holding a value in every encrypted column, all under the old key", async () => {
    for (const entry of ENCRYPTED_MODELS) {
      const all = await rows(entry.model);
      for (const column of Object.keys(entry.encrypted)) {
        const values = all.map((r) => r[column]).filter((v): v is string => typeof v === "string" && v !== "");
        expect(values.length, `${entry.model}.${column} holds no value: seed one so rotation is proven for it`).toBeGreaterThan(0);
        expect(values.every((v) => v.startsWith("v1.t1.")), `${entry.model}.${column}`).toBe(true);
      }
    }
  });

  it("re-encrypts everything under the new key, then every record reads back without the old key", async () => {
    const newKey = randomBytes(32).toString("base64");
    const both = { ...env, DATA_ENCRYPTION_KEYS: `${env.DATA_ENCRYPTION_KEYS},t2:${newKey}`, DATA_ENCRYPTION_ACTIVE_KEY_ID: "t2" };
    const result = runCli(both, "keys:rotate");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/breachIncident 1\b/);

    // No value anywhere in the database is left under the old key, whatever its column is called.
    for (const entry of PROTECTED_MODELS) {
      for (const row of await rows(entry.model)) {
        for (const [column, value] of Object.entries(row)) {
          if (typeof value === "string") expect(value.startsWith("v1.t1."), `${entry.model}.${column}`).toBe(false);
        }
      }
    }

    // Every encrypted value opens with the new key alone, under the context the registry names.
    const onlyNew = parseKeyRing(`t2:${newKey}`, "t2", env.BLIND_INDEX_KEY!);
    let opened = 0;
    for (const entry of ENCRYPTED_MODELS) {
      for (const row of await rows(entry.model)) {
        for (const [column, context] of Object.entries(entry.encrypted)) {
          const value = row[column];
          if (typeof value !== "string" || value === "") continue;
          expect(() => decryptField(onlyNew, value, context(row)), `${entry.model}.${column}`).not.toThrow();
          opened += 1;
        }
      }
    }
    expect(opened).toBeGreaterThanOrEqual(20);

    // And through the app, started with the new key only.
    const app = await startApp({ ...both, DATA_ENCRYPTION_KEYS: `t2:${newKey}` });
    try {
      const headers = adminHeaders(env, SHOP, OWNER);
      const breach = await (await fetch(`${app.url}/app/breaches/${seeded.breachId}?_data=${encodeURIComponent("routes/app.breaches.$id")}`, { headers })).json();
      expect(breach.breach).toMatchObject({ description: "A laptop with an order export was lost.", containment: "Remote wipe issued.", integrityOk: true });
      const request = await (await fetch(`${app.url}/app/requests/${seeded.requestId}?_data=${encodeURIComponent("routes/app.requests.$id")}`, { headers })).json();
      expect(JSON.stringify(request)).toContain("guest.rotation@example.com");
      expect(JSON.stringify(request)).toContain("Called the customer back.");
      const settings = await (await fetch(`${app.url}/app/settings?_data=routes/app.settings`, { headers })).json();
      expect(JSON.stringify(settings)).toContain("dpo@example.com");
      const file = await fetch(`${app.url}/app/requests/${(await db.exportFile.findUniqueOrThrow({ where: { id: seeded.exportFileId! } })).requestId}/exports/${seeded.exportFileId}`, { headers });
      expect(file.status).toBe(200);
      expect((await file.json()).requests[0].email).toBe("every.column@example.com");
      expect(app.logs()).not.toContain("cannot be decrypted");
    } finally {
      await app.stop();
    }
  }, 120_000);

  it("shows a value whose key is gone as unreadable, and logs it; never an empty field", async () => {
    // Everything is under t2 now; an app that only has t1 cannot open it. (Its Shopify session is
    // stored again under t1, as token exchange would, so the page itself can load.)
    await db.session.deleteMany({ where: { shop: SHOP } });
    await installOfflineSession(db, env, SHOP);
    const app = await startApp(env);
    try {
      const response = await fetch(`${app.url}/app/breaches/${seeded.breachId}?_data=${encodeURIComponent("routes/app.breaches.$id")}`, { headers: adminHeaders(env, SHOP, OWNER) });
      expect(response.status).toBe(200);
      const { breach } = await response.json();
      expect(breach.description).toEqual({ unreadable: true });
      expect(breach.containment).toEqual({ unreadable: true });
      await waitFor(async () => app.logs().includes("stored value cannot be decrypted"));
      expect(app.logs()).toMatch(/"model":"BreachIncident".*"column":"descriptionCipher".*"errorCode":"UNKNOWN_KEY_ID"/);
      expect(app.logs()).not.toContain("A laptop");
    } finally {
      await app.stop();
    }
  });
});
