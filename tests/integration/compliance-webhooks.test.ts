import { randomUUID } from "node:crypto";
import { cipherContext } from "../../app/platform/protected-data/registry";
import { delegateName, PROTECTED_MODELS } from "../../app/platform/protected-data/registry";
import { beforeAll, describe, expect, it } from "vitest";
import { useApp } from "../helpers/app-fixture";
import type { Db } from "../../app/platform/db.server";
import { blindIndex, decryptField, type KeyRing } from "../../app/platform/crypto";
import { verifyShopChain } from "../../app/modules/audit/audit.server";
import { type RunningApp } from "../helpers/app-server";
import { expectNotInDatabaseFile } from "../helpers/plaintext";
import { type TestDatabase } from "../helpers/database";
import { waitFor } from "../helpers/db-client";
import { keyRingOf } from "../helpers/keys";
import { deliverWebhook } from "../../sandbox/signing/webhook";
import { deliverCompliance } from "../helpers/webhooks";
import { appUninstalledPayload, customerRedactPayload, dataRequestPayload, shopRedactPayload } from "../fixtures/webhooks";

let database: TestDatabase;
let app: RunningApp;
let db: Db;
let ring: KeyRing;
let secret: string;

const fixture = useApp();
beforeAll(() => {
  ({ database, app, db } = fixture);
  secret = fixture.env.SHOPIFY_API_SECRET!;
  ring = keyRingOf(fixture.env);
});

const deliver = (topic: string, shop: string, payload: unknown) => deliverCompliance({ app, db }, topic, shop, payload);

async function seedConsent(shop: string, customerId: string) {
  await db.consentRecord.create({
    data: {
      shopDomain: shop,
      visitorId: randomUUID(),
      customerRef: blindIndex(ring, shop, "customer", customerId),
      noticeVersion: "3",
      categories: JSON.stringify({ analytics: true, marketing: false, preferences: true, sale_of_data: false }),
      action: "custom",
      region: "DE",
      recordedAt: new Date(),
    },
  });
}

describe("customers/data_request", () => {
  const shop = "data-request.myshopify.com";

  it("opens a verified access request due in 30 days and stores the app's data as JSON and CSV", async () => {
    await seedConsent(shop, "401");
    await deliver("customers/data_request", shop, dataRequestPayload({ shop, customerId: 401, email: "grace.example@example.com", requestId: 1 }));
    const event = await deliver("customers/data_request", shop, dataRequestPayload({ shop, customerId: 401, email: "grace.example@example.com", requestId: 2 }));

    const requests = await db.privacyRequest.findMany({ where: { shopDomain: shop }, orderBy: { receivedAt: "asc" } });
    expect(requests).toHaveLength(2);
    const second = requests[1]!;
    expect(second).toMatchObject({ type: "access", source: "shopify", regulation: "shopify", status: "in_progress", shopifyDataRequestId: "2" });
    expect(second.dueAt.getTime() - second.receivedAt.getTime()).toBe(30 * 86_400_000);
    expect(second.emailCipher).not.toContain("grace");

    const files = await db.exportFile.findMany({ where: { requestId: second.id }, orderBy: { format: "asc" } });
    expect(files.map((f) => f.format)).toEqual(["csv", "html", "json"]);
    const json = JSON.parse(decryptField(ring, files[2]!.contentCipher, cipherContext.exportFile(files[2]!.id)));
    // The earlier request, the consent record and the webhook deliveries are all in the answer.
    expect(json.requests.map((r: { email: string }) => r.email)).toEqual(["grace.example@example.com", "grace.example@example.com"]);
    expect(json.consentRecords).toHaveLength(1);
    expect(json.consentRecords[0].categories).toEqual({ analytics: true, marketing: false, preferences: true, sale_of_data: false });
    expect(json.shopifyWebhooks.length).toBeGreaterThanOrEqual(1);
    expect(json.auditReferences.length).toBeGreaterThan(0);
    const csv = decryptField(ring, files[0]!.contentCipher, cipherContext.exportFile(files[0]!.id));
    expect(csv.split("\r\n")[0]).toBe('"section","item","field","value"');
    expect(csv).toContain('"request","2","email","grace.example@example.com"');
    expect(event.status).toBe("processed");
  });

  it("does not open a second request when the same data request arrives under a new webhook id", async () => {
    const before = await db.privacyRequest.count({ where: { shopDomain: shop } });
    await deliver("customers/data_request", shop, dataRequestPayload({ shop, customerId: 401, email: "grace.example@example.com", requestId: 2 }));
    expect(await db.privacyRequest.count({ where: { shopDomain: shop } })).toBe(before);
  });
});

describe("customers/redact", () => {
  const shop = "redact.myshopify.com";
  const email = "alan.example@example.com";

  it("erases a customer who never made a request (the hot path): consent, pending email, earlier payloads; chain intact", async () => {
    const quiet = "redact-quiet.myshopify.com";
    const customerId = "7300000001";
    const customerRef = blindIndex(ring, quiet, "customer", customerId);
    await seedConsent(quiet, customerId);
    await seedConsent(quiet, customerId);
    await seedConsent(quiet, "7300000002"); // someone else
    await db.outboundEmail.create({ data: { shopDomain: quiet, key: `k-${randomUUID()}`, kind: "acknowledgment", customerRef, toCipher: "x", bodyCipher: "y", status: "pending", createdAt: new Date() } });
    const first = await deliver("customers/redact", quiet, customerRedactPayload({ shop: quiet, customerId: Number(customerId), orders: [1, 2] }));
    expect(first.payloadCipher).toBeNull();
    expect(first.customerRef).toBeNull();
    expect(await db.consentRecord.count({ where: { shopDomain: quiet, customerRef } })).toBe(0);
    expect(await db.consentRecord.count({ where: { shopDomain: quiet } })).toBe(1);
    expect(await db.outboundEmail.count({ where: { shopDomain: quiet, customerRef } })).toBe(0);
    const audit = await db.auditEntry.findFirstOrThrow({ where: { shopDomain: quiet, action: "customer.redacted" } });
    expect(audit.subjectRef).toBe(customerRef);
    expect(audit.subjectId).toBe(first.id);
    expect(JSON.parse(audit.metadata)).toEqual({ consentRecord: 2, exportFile: 0, requestMessage: 0, ordersListed: 2, outboundEmail: 1, requestsAnonymised: 0, requestsClosed: 0, verificationCode: 0, webhookEvent: 1 });
    // Again: nothing left to erase, one more entry, and the chain written by raw SQL verifies.
    await deliver("customers/redact", quiet, customerRedactPayload({ shop: quiet, customerId: Number(customerId) }));
    expect(await db.auditEntry.count({ where: { shopDomain: quiet, action: "customer.redacted" } })).toBe(2);
    const chain = await verifyShopChain(db, quiet);
    expect(chain.ok).toBe(true);
    expect(chain.entries).toBe(2);
  });

  it("erases everything about the customer, closes their open requests, keeps a PII-free audit entry; twice is safe", async () => {
    await seedConsent(shop, "501");
    await deliver("customers/data_request", shop, dataRequestPayload({ shop, customerId: 501, email, phone: "+1 555-010-0155", requestId: 7 }));
    const other = dataRequestPayload({ shop, customerId: 502, email: "someone.else@example.com", requestId: 8 });
    await deliver("customers/data_request", shop, other);
    const openRequest = await db.privacyRequest.findFirstOrThrow({ where: { shopDomain: shop, shopifyDataRequestId: "7" } });

    const redact = customerRedactPayload({ shop, customerId: 501, email, phone: "+1 555-010-0155" });
    const event = await deliver("customers/redact", shop, redact);

    const request = await db.privacyRequest.findUniqueOrThrow({ where: { id: openRequest.id } });
    expect(request).toMatchObject({ status: "completed", closeReason: "completed by Shopify: customers/redact", emailCipher: null, emailRef: null, customerRef: null, phoneCipher: null });
    expect(request.anonymisedAt).not.toBeNull();
    expect(await db.exportFile.count({ where: { requestId: openRequest.id } })).toBe(0);
    expect(await db.consentRecord.count({ where: { shopDomain: shop, customerRef: blindIndex(ring, shop, "customer", "501") } })).toBe(0);
    expect(event.payloadCipher).toBeNull();
    const firstEvent = await db.webhookEvent.findFirstOrThrow({ where: { shopDomain: shop, topic: "CUSTOMERS_DATA_REQUEST" }, orderBy: { receivedAt: "asc" } });
    expect(firstEvent.payloadCipher).toBeNull();
    const transition = await db.requestTransition.findFirst({ where: { requestId: openRequest.id, toStatus: "completed" } });
    expect(transition).toMatchObject({ actorType: "shopify" });

    // The other customer is untouched.
    const untouched = await db.privacyRequest.findFirstOrThrow({ where: { shopDomain: shop, shopifyDataRequestId: "8" } });
    expect(untouched.emailCipher).not.toBeNull();
    expect(await db.exportFile.count({ where: { requestId: untouched.id } })).toBe(3);

    const audit = await db.auditEntry.findFirstOrThrow({ where: { shopDomain: shop, action: "customer.redacted" } });
    expect(audit.metadata).not.toContain("alan");
    expect(JSON.parse(audit.metadata)).toMatchObject({ requestsAnonymised: 1, requestsClosed: 1, consentRecord: 1, exportFile: 3 });

    await deliver("customers/redact", shop, redact);
    const second = await db.auditEntry.findMany({ where: { shopDomain: shop, action: "customer.redacted" }, orderBy: { seq: "asc" } });
    expect(JSON.parse(second[1]!.metadata)).toMatchObject({ requestsAnonymised: 0, exportFile: 0, consentRecord: 0 });

    expectNotInDatabaseFile(database, email);
  });
});

describe("app/uninstalled and shop/redact", () => {
  const shop = "leaving.myshopify.com";

  it("keeps data after uninstall, then erases the whole shop on shop/redact", async () => {
    await db.session.create({ data: { id: `offline_${shop}`, shop, state: "s", accessToken: "v1.x" } });
    await seedConsent(shop, "601");
    await deliver("customers/data_request", shop, dataRequestPayload({ shop, customerId: 601, requestId: 9 }));
    const webhookId = randomUUID();
    await deliverWebhook(app.url, "/webhooks/app/uninstalled", { topic: "app/uninstalled", shop, body: JSON.stringify(appUninstalledPayload({ shop })), webhookId }, secret);
    await waitFor(async () => (await db.webhookEvent.findUnique({ where: { webhookId } }))?.status === "processed");
    expect(await db.session.count({ where: { shop } })).toBe(0);
    expect(await db.privacyRequest.count({ where: { shopDomain: shop } })).toBe(1);

    await db.shopSettings.create({ data: { shopDomain: shop } });
    await db.breachIncident.create({ data: { shopDomain: shop, discoveredAt: new Date(), descriptionCipher: "v1.x", dataCategories: "contact", approxPeopleAffected: 3, integrityHash: "0" } });
    // A paused SIEM destination (paused: no flush job of its own to outlive the erasure).
    await db.auditStream.create({ data: { shopDomain: shop, kind: "splunk_hec", name: "SIEM", config: "{}", secretCipher: "v1.x", enabled: false } });
    await deliver("shop/redact", shop, shopRedactPayload({ shop }));
    // Every model the protected-data registry lists is empty for the shop, but for the erasure
    // record, this delivery (payload cleared) and the job processing it.
    const left: Record<string, number> = {};
    for (const entry of PROTECTED_MODELS) {
      const rows = (db as unknown as Record<string, { count(args: object): Promise<number> }>)[delegateName(entry.model)]!;
      left[entry.model] = await rows.count({ where: { [entry.shopColumn]: shop } });
    }
    expect(left).toEqual(Object.fromEntries(PROTECTED_MODELS.map((e) => [e.model, e.model === "ShopErasure" || e.model === "WebhookEvent" ? 1 : e.model === "Job" ? left.Job : 0])));
    expect(left.Job).toBeLessThanOrEqual(1);
    const remaining = await db.webhookEvent.findMany({ where: { shopDomain: shop } });
    expect(remaining[0]?.payloadCipher).toBeNull();
    const erasure = await db.shopErasure.findFirstOrThrow({ where: { shopDomain: shop } });
    expect(JSON.parse(erasure.summary)).toMatchObject({ privacyRequest: 1, consentRecord: 1, exportFile: 3, breachIncident: 1, shopSettings: 1 });
  });
});
