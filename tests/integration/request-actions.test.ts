import { randomUUID } from "node:crypto";
import { cipherContext } from "../../app/platform/protected-data/registry";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/platform/db.server";
import { decryptField } from "../../app/platform/crypto";
import type { AdminApiStandin } from "../../sandbox/admin-api/server";
import { SANDBOX_CUSTOMERS, SANDBOX_SHOP_DOMAIN } from "../../sandbox/admin-api/seed";
import type { RunningApp } from "../helpers/app-server";
import { adminHeaders, installOfflineSession } from "../helpers/admin-session";
import { fileStorefrontRequest, requestAction } from "../helpers/requests";
import { waitFor } from "../helpers/db-client";
import { useSandboxShopApp } from "../helpers/app-fixture";
import { keyRingOf } from "../helpers/keys";
import { deliverWebhook } from "../../sandbox/signing/webhook";
import { customerRedactPayload } from "../fixtures/webhooks";

const SHOP = SANDBOX_SHOP_DOMAIN;
const numericId = (gid: string) => gid.split("/").pop()!;

let standin: AdminApiStandin;
let app: RunningApp;
let db: Db;
let env: Record<string, string>;

// A slow-refilling bucket so exporting 260 orders (25 a page) runs into Shopify-style throttling;
// above the 260 orders of the busiest customer so this file exercises page-by-page reading.
const fixture = useSandboxShopApp({ standin: { bucket: { capacity: 1000, restoreRate: 100 } }, smtp: {}, env: { EXPORT_BULK_ORDERS_ABOVE: "1000" } });
beforeAll(() => {
  ({ standin, app, db, env } = fixture);
});

/** A signed-in customer files a request on the storefront: verified at once, linked to their id. */
function storefrontRequest(type: string, customerGid: string, email: string) {
  return fileStorefrontRequest({ appUrl: app.url, env, db, shop: SHOP }, { type, email, customerGid, correction: type === "rectification" ? "My last name and email are wrong" : "" });
}

function act(requestId: string, fields: Record<string, string>, userId = "31") {
  return requestAction({ appUrl: app.url, env, shop: SHOP }, requestId, fields, userId);
}

describe("request actions against the Admin API stand-in", () => {
  it("finds a guest's Shopify customer by the verified email (never before) and erases them", async () => {
    const email = "ada.example@example.com";
    const guest = await fileStorefrontRequest({ appUrl: app.url, env, db, shop: SHOP }, { type: "erasure", email });
    expect(guest).toMatchObject({ status: "awaiting_verification", customerIdCipher: null, customerRef: null });

    expect((await act(guest.id, { intent: "erase" })).status).toBe(409);

    expect(standin.requests.some((r) => r.operationName === "CustomerByEmail")).toBe(false);

    expect((await act(guest.id, { intent: "verify" })).status).toBe(200);
    expect((await act(guest.id, { intent: "erase" })).status).toBe(200);
    expect(standin.requests.filter((r) => r.operationName === "CustomerByEmail")).toHaveLength(1);
    const call = standin.calls.find((c) => c.field === "customerRequestDataErasure" && c.args.customerId === SANDBOX_CUSTOMERS.ada);
    expect(call).toBeDefined();
    const linked = await db.privacyRequest.findUniqueOrThrow({ where: { id: guest.id } });
    expect(linked.status).toBe("awaiting_shopify");
    expect(decryptField(keyRingOf(env), linked.customerIdCipher!, cipherContext.privacyRequest(guest.id, "customerId"))).toBe(numericId(SANDBOX_CUSTOMERS.ada));
    expect(await db.auditEntry.count({ where: { shopDomain: SHOP, action: "request.customer_linked", subjectId: guest.id } })).toBe(1);

    // Shopify's customers/redact names the customer by id: the linked guest request completes.
    const webhookId = randomUUID();
    const body = JSON.stringify(customerRedactPayload({ shop: SHOP, customerId: Number(numericId(SANDBOX_CUSTOMERS.ada)), email }));
    await deliverWebhook(app.url, "/webhooks/compliance", { topic: "customers/redact", shop: SHOP, body, webhookId }, env.SHOPIFY_API_SECRET!);
    await waitFor(async () => (await db.privacyRequest.findUniqueOrThrow({ where: { id: guest.id } })).status === "completed");
  });

  it("exports Shopify's record and every order page (throttled and retried) with the app's data", async () => {
    const request = await storefrontRequest("access", SANDBOX_CUSTOMERS.grace, "grace.example@example.com");
    expect(request.status).toBe("verified");
    const response = await act(request.id, { intent: "export" });
    expect(response.status).toBe(200);
    const file = await waitFor(() => db.exportFile.findFirst({ where: { requestId: request.id, format: "json" } }), { timeoutMs: 60_000 });
    const json = JSON.parse(decryptField(keyRingOf(env), file.contentCipher, cipherContext.exportFile(file.id)));
    expect(json.shopify.customer.id).toBe(SANDBOX_CUSTOMERS.grace);
    expect(json.shopify.orders).toHaveLength(standin.state.ordersOf(SANDBOX_CUSTOMERS.grace).length);
    expect(json.shopify.orders.length).toBeGreaterThan(250);
    expect(json.requests[0].reference).toBe(request.reference);
    expect(standin.requests.some((r) => r.throttled)).toBe(true);
    expect((await db.privacyRequest.findUniqueOrThrow({ where: { id: request.id } })).status).toBe("in_progress");
  }, 90_000);

  it("erases through customerRequestDataErasure, waits for Shopify, completes on customers/redact", async () => {
    const request = await storefrontRequest("erasure", SANDBOX_CUSTOMERS.alan, "alan.example@example.com");
    expect((await act(request.id, { intent: "export" })).status).toBe(409); // not an access request
    const response = await act(request.id, { intent: "erase" });
    expect(response.status).toBe(200);
    const call = standin.calls.find((c) => c.field === "customerRequestDataErasure" && c.args.customerId === SANDBOX_CUSTOMERS.alan);
    expect(call).toBeDefined();
    expect((await db.privacyRequest.findUniqueOrThrow({ where: { id: request.id } })).status).toBe("awaiting_shopify");

    const webhookId = randomUUID();
    const body = JSON.stringify(customerRedactPayload({ shop: SHOP, customerId: Number(numericId(SANDBOX_CUSTOMERS.alan)), email: "alan.example@example.com" }));
    await deliverWebhook(app.url, "/webhooks/compliance", { topic: "customers/redact", shop: SHOP, body, webhookId }, env.SHOPIFY_API_SECRET!);
    await waitFor(async () => (await db.webhookEvent.findUnique({ where: { webhookId } }))?.status === "processed");
    const after = await db.privacyRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(after).toMatchObject({ status: "completed", closeReason: "completed by Shopify: customers/redact", emailCipher: null });
  });

  it("rectifies through customerUpdate with validated fields, auditing field names only", async () => {
    const request = await storefrontRequest("rectification", SANDBOX_CUSTOMERS.ada, "ada.example@example.com");
    // Bad input: 400 with a sentence for the field it is about, nothing sent to Shopify.
    const badPhone = await act(request.id, { intent: "rectify", phone: "555" });
    expect(badPhone.status).toBe(400);
    expect(((await badPhone.json()) as { fieldErrors: Record<string, string> }).fieldErrors).toEqual({ phone: "Enter the phone number with its country code, like +15550100100." });
    const empty = await act(request.id, { intent: "rectify" });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { fieldErrors: Record<string, string> }).fieldErrors).toEqual({ form: "Enter at least one detail to correct." });
    const response = await act(request.id, { intent: "rectify", lastName: "Corrected", email: "ada.corrected@example.com" });
    expect(response.status).toBe(200);
    const call = standin.calls.find((c) => c.field === "customerUpdate");
    expect(call?.args).toMatchObject({ input: { id: SANDBOX_CUSTOMERS.ada, lastName: "Corrected", email: "ada.corrected@example.com" } });
    const audit = await db.auditEntry.findFirstOrThrow({ where: { shopDomain: SHOP, action: "customer.rectified" } });
    expect(JSON.parse(audit.metadata)).toEqual({ fields: ["email", "lastName"] });
    expect(audit.metadata).not.toContain("Corrected");
  });

  it("extends once with a reason, rejects with a reason, refuses illegal moves, and 404s other shops", async () => {
    const request = await storefrontRequest("portability", SANDBOX_CUSTOMERS.linus, "linus.example@example.com");
    expect((await act(request.id, { intent: "extend", reason: "" })).status).toBe(400);
    expect((await act(request.id, { intent: "extend", reason: "Complex: several stores" })).status).toBe(200);
    const extended = await db.privacyRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(extended.extendedDueAt!.getTime()).toBeGreaterThan(extended.dueAt.getTime());
    expect((await act(request.id, { intent: "extend", reason: "again" })).status).toBe(409);
    expect((await act(request.id, { intent: "note", text: "Called the customer" })).status).toBe(200);
    expect((await act(request.id, { intent: "reject", reason: "Identity could not be confirmed" })).status).toBe(200);
    expect((await act(request.id, { intent: "complete" })).status).toBe(409);
    expect((await act(request.id, { intent: "launch" })).status).toBe(400);

    await installOfflineSession(db, env, "someone-else.myshopify.com");
    const url = new URL(`/app/requests/${request.id}`, app.url);
    url.searchParams.set("_data", "routes/app.requests.$id");
    const foreign = await fetch(url, { method: "POST", headers: adminHeaders(env, "someone-else.myshopify.com"), body: new URLSearchParams({ intent: "reject", reason: "x" }) });
    expect(foreign.status).toBe(404);
    const transitions = await db.requestTransition.findMany({ where: { requestId: request.id }, orderBy: { at: "asc" } });
    expect(transitions.map((t) => t.toStatus)).toEqual(["received", "verified", "rejected"]);
    expect(transitions[2]).toMatchObject({ actorType: "staff", actorId: "31", reason: "Identity could not be confirmed" });
  });
});
