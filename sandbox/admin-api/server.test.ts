import { afterEach, describe, expect, it } from "vitest";

import {
  ALL_OPERATIONS,
  BULK_OPERATION_STATUS,
  CUSTOMER_BULK_ORDERS_EXPORT,
  CUSTOMER_CANCEL_DATA_ERASURE,
  CUSTOMER_BY_EMAIL,
  CUSTOMER_EXPORT,
  CUSTOMER_ORDERS_PAGE,
  CUSTOMER_RECTIFY,
  CUSTOMER_REQUEST_DATA_ERASURE,
  CUSTOMER_CURRENT_VALUES,
  CUSTOMER_SALE_OPT_OUT,
  customerOrdersBulkQuery,
} from "../../app/platform/shopify/operations";
import { CUSTOMER_EMAIL_MARKETING_CONSENT_UPDATE, CUSTOMER_SMS_MARKETING_CONSENT_UPDATE, PROBE_OPERATIONS, SHOP_INFO } from "./probe-operations";
import {
  createSandboxSeed,
  GRACE_ORDER_COUNT,
  SANDBOX_ACCESS_TOKEN,
  SANDBOX_CUSTOMERS,
  SANDBOX_OTHER_APP_TOKEN,
  SANDBOX_SHOP_DOMAIN,
} from "./seed";
import { startAdminApiStandin, type AdminApiStandin, type StartAdminApiStandinOptions } from "./server";

// ---------------------------------------------------------------------------------------------
// Helpers: a tiny client over real HTTP, with unknown-typed JSON navigated by path.

interface GraphQLResponse {
  status: number;
  body: Record<string, unknown>;
}

const running: AdminApiStandin[] = [];

async function start(options: StartAdminApiStandinOptions = {}): Promise<AdminApiStandin> {
  const standin = await startAdminApiStandin(options);
  running.push(standin);
  return standin;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((standin) => standin.close()));
});

async function post(
  standin: AdminApiStandin,
  query: string,
  variables: Record<string, unknown> = {},
  token: string | null = SANDBOX_ACCESS_TOKEN,
): Promise<GraphQLResponse> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token !== null) headers["x-shopify-access-token"] = token;
  const response = await fetch(standin.graphqlUrl, { method: "POST", headers, body: JSON.stringify({ query, variables }) });
  const body: unknown = await response.json();
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new Error("response is not a JSON object");
  return { status: response.status, body: body as Record<string, unknown> };
}

function at(value: unknown, ...path: Array<string | number>): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

function list(value: unknown, ...path: Array<string | number>): unknown[] {
  const found = at(value, ...path);
  if (!Array.isArray(found)) throw new Error(`expected a list at ${path.join(".")}, got ${JSON.stringify(found)}`);
  return found;
}

function errorsOf(response: GraphQLResponse): Array<{ message: string; code: unknown; path: unknown }> {
  const errors = response.body.errors;
  if (!Array.isArray(errors)) return [];
  return errors.map((error: unknown) => ({
    message: String(at(error, "message")),
    code: at(error, "extensions", "code"),
    path: at(error, "path"),
  }));
}

function manualClock(start = Date.parse("2025-01-01T00:00:00.000Z")) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

// ---------------------------------------------------------------------------------------------

describe("Admin API stand-in: transport and validation", () => {
  it("requires X-Shopify-Access-Token and answers 401 in Shopify's shape", async () => {
    const standin = await start();
    const missing = await post(standin, SHOP_INFO, {}, null);
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual({ errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
    const wrong = await post(standin, SHOP_INFO, {}, "shpat_wrong");
    expect(wrong.status).toBe(401);
    expect(standin.requests.map((request) => request.status)).toEqual([401, 401]);
  });

  it("rejects documents that are invalid for the 2026-07 schema with HTTP 200 and coded errors", async () => {
    const standin = await start();
    const response = await post(standin, `query Bad { customer(id: "gid://shopify/Customer/1") { id nope } }`);
    expect(response.status).toBe(200);
    expect(response.body.data).toBeUndefined();
    expect(response.body.errors).toEqual([
      {
        message: "Field 'nope' doesn't exist on type 'Customer'",
        locations: [{ line: 1, column: 59 }],
        extensions: { code: "undefinedField", typeName: "Customer", fieldName: "nope" },
      },
    ]);

    const missingArgument = await post(standin, `{ customer { id } }`);
    expect(errorsOf(missingArgument).map((error) => error.code)).toEqual(["missingRequiredArguments"]);
    const syntax = await post(standin, `{ customer(`);
    expect(errorsOf(syntax).map((error) => error.code)).toEqual(["parseError"]);
    const badVariable = await post(standin, CUSTOMER_EXPORT, { id: 42.5 });
    expect(errorsOf(badVariable).map((error) => error.code)).toEqual(["INVALID_VARIABLE"]);
    expect(standin.calls).toEqual([]);
  });

  it("answers 400 without a query and 404 for other API versions", async () => {
    const standin = await start();
    const noQuery = await fetch(standin.graphqlUrl, {
      method: "POST",
      headers: { "content-type": "application/json", "x-shopify-access-token": SANDBOX_ACCESS_TOKEN },
      body: JSON.stringify({ variables: {} }),
    });
    expect(noQuery.status).toBe(400);
    const otherVersion = await fetch(`${standin.url}/admin/api/2025-10/graphql.json`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-shopify-access-token": SANDBOX_ACCESS_TOKEN },
      body: JSON.stringify({ query: SHOP_INFO }),
    });
    expect(otherVersion.status).toBe(404);
  });

  it("serves every app operation without STANDIN_NOT_IMPLEMENTED errors", async () => {
    const standin = await start();
    const variables: Record<string, Record<string, unknown>> = {
      CustomerByEmail: { email: "ADA.example@example.com" },
      CustomerCurrentValues: { id: SANDBOX_CUSTOMERS.ada },
      CustomerExport: { id: SANDBOX_CUSTOMERS.ada },
      CustomerOrdersPage: { customerId: SANDBOX_CUSTOMERS.ada },
      CustomerBulkOrdersExport: { query: customerOrdersBulkQuery(SANDBOX_CUSTOMERS.ada) },
      BulkOperationStatus: { id: "gid://shopify/BulkOperation/1" },
      CustomerRequestDataErasure: { customerId: SANDBOX_CUSTOMERS.alan },
      CustomerCancelDataErasure: { customerId: SANDBOX_CUSTOMERS.alan },
      CustomerRectify: { input: { id: SANDBOX_CUSTOMERS.alan, note: "x" } },
      CustomerEmailMarketingConsentUpdate: {
        input: { customerId: SANDBOX_CUSTOMERS.alan, emailMarketingConsent: { marketingState: "PENDING" } },
      },
      CustomerSmsMarketingConsentUpdate: {
        input: { customerId: SANDBOX_CUSTOMERS.ada, smsMarketingConsent: { marketingState: "UNSUBSCRIBED" } },
      },
      CustomerSaleOptOut: { email: "alan.placeholder@example.com" },
      ShopInfo: {},
    };
    for (const operation of [...ALL_OPERATIONS, ...PROBE_OPERATIONS]) {
      const response = await post(standin, operation.document, variables[operation.name]);
      expect({ name: operation.name, errors: errorsOf(response) }).toEqual({ name: operation.name, errors: [] });
    }
  });
});

describe("Admin API stand-in: reads", () => {
  it("finds a customer by exactly one identifier, emails case-insensitively", async () => {
    const standin = await start();
    const found = await post(standin, CUSTOMER_BY_EMAIL, { email: " Ada.Example@EXAMPLE.com" });
    expect(found.body).toMatchObject({ data: { customerByIdentifier: { id: SANDBOX_CUSTOMERS.ada } } });
    const unknown = await post(standin, CUSTOMER_BY_EMAIL, { email: "nobody@example.com" });
    expect(unknown.body).toMatchObject({ data: { customerByIdentifier: null } });
    const both = await post(standin, `query { customerByIdentifier(identifier: { emailAddress: "a@example.com", phoneNumber: "+15550100100" }) { id } }`, {});
    expect(errorsOf(both).length).toBe(1);
  });

  it("exports a seeded customer with cost information", async () => {
    const standin = await start();
    const response = await post(standin, CUSTOMER_EXPORT, { id: SANDBOX_CUSTOMERS.ada });
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    const customer = at(response.body, "data", "customer");
    expect(customer).toMatchObject({
      id: SANDBOX_CUSTOMERS.ada,
      firstName: "Ada",
      lastName: "Example",
      displayName: "Ada Example",
      defaultEmailAddress: { emailAddress: "ada.example@example.com", marketingState: "SUBSCRIBED", marketingOptInLevel: "CONFIRMED_OPT_IN" },
      defaultPhoneNumber: { phoneNumber: "+12125550101" },
      defaultAddress: { address1: "1 Example Street", city: "Springfield", countryCodeV2: "US" },
      tags: ["newsletter", "vip"],
      locale: "en",
      state: "ENABLED",
      verifiedEmail: true,
      taxExempt: false,
      dataSaleOptOut: false,
      // Orders #1001 (12.00) and #1002 (2 x 18.50 + 9.95); the cancelled #1003 does not count.
      amountSpent: { amount: "58.95", currencyCode: "EUR" },
      numberOfOrders: "3",
    });
    expect(list(customer, "addressesV2", "nodes")).toHaveLength(2);
    expect(list(customer, "metafields", "nodes")).toEqual([
      { namespace: "custom", key: "shoe_size", type: "number_integer", value: "38" },
      { namespace: "custom", key: "birthday", type: "date", value: "1990-12-10" },
      { namespace: "loyalty", key: "tier", type: "single_line_text_field", value: "gold" },
    ]);
    const cost = at(response.body, "extensions", "cost");
    expect(cost).toMatchObject({ throttleStatus: { maximumAvailable: 1000, restoreRate: 50 } });
    const requested = Number(at(cost, "requestedQueryCost"));
    const actual = Number(at(cost, "actualQueryCost"));
    // customer + email + phone + address objects, (2 + 50) addresses, money, (2 + 50) metafields.
    expect(requested).toBe(4 + (2 + 50) + 1 + (2 + 50));
    // Actual cost counts the 2 addresses and 3 metafields really returned.
    expect(actual).toBe(4 + (2 + 2) + 1 + (2 + 3));
  });

  it("returns null for an unknown customer and an error for a malformed id", async () => {
    const standin = await start();
    const unknown = await post(standin, CUSTOMER_EXPORT, { id: "gid://shopify/Customer/1" });
    expect(unknown.body.errors).toBeUndefined();
    expect(at(unknown.body, "data", "customer")).toBeNull();
    const malformed = await post(standin, CUSTOMER_EXPORT, { id: "42" });
    expect(errorsOf(malformed)).toEqual([{ message: "Invalid global id '42'", code: "argumentLiteralsIncompatible", path: ["customer"] }]);
  });

  it("paginates all 260 orders of a customer, backing off when throttled", async () => {
    const clock = manualClock();
    const standin = await start({ now: clock.now });
    const ids: string[] = [];
    let after: string | null = null;
    let pages = 0;
    let throttledResponses = 0;
    for (;;) {
      const response = await post(standin, CUSTOMER_ORDERS_PAGE, { customerId: SANDBOX_CUSTOMERS.grace, after });
      if (errorsOf(response).some((error) => error.code === "THROTTLED")) {
        throttledResponses += 1;
        const requested = Number(at(response.body, "extensions", "cost", "requestedQueryCost"));
        const available = Number(at(response.body, "extensions", "cost", "throttleStatus", "currentlyAvailable"));
        const rate = Number(at(response.body, "extensions", "cost", "throttleStatus", "restoreRate"));
        clock.advance(Math.ceil(((requested - available) / rate) * 1000));
        continue;
      }
      expect(errorsOf(response)).toEqual([]);
      pages += 1;
      const orders = at(response.body, "data", "customer", "orders");
      for (const order of list(orders, "nodes")) ids.push(String(at(order, "id")));
      if (at(orders, "pageInfo", "hasNextPage") !== true) break;
      after = String(at(orders, "pageInfo", "endCursor"));
    }
    expect(pages).toBe(Math.ceil(GRACE_ORDER_COUNT / 25));
    expect(ids).toHaveLength(GRACE_ORDER_COUNT);
    expect(new Set(ids).size).toBe(GRACE_ORDER_COUNT);
    expect(ids).toEqual(standin.state.ordersOf(SANDBOX_CUSTOMERS.grace).map((order) => order.id));
    expect(throttledResponses).toBeGreaterThan(0);
  });

  it("returns an empty connection for a customer without orders", async () => {
    const standin = await start();
    const response = await post(standin, CUSTOMER_ORDERS_PAGE, { customerId: SANDBOX_CUSTOMERS.alan });
    expect(at(response.body, "data", "customer", "orders")).toEqual({ nodes: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  it("rejects queries above the single-query cost limit and connections without first/last", async () => {
    const standin = await start();
    const tooBig = await post(standin, CUSTOMER_ORDERS_PAGE, { customerId: SANDBOX_CUSTOMERS.grace, first: 250 });
    expect(errorsOf(tooBig).map((error) => error.code)).toEqual(["MAX_COST_EXCEEDED"]);
    expect(at(tooBig.body, "data")).toBeUndefined();
    const unbounded = await post(standin, `query U($id: ID!) { customer(id: $id) { orders { nodes { id } } } }`, { id: SANDBOX_CUSTOMERS.ada });
    expect(errorsOf(unbounded).map((error) => error.message)).toEqual(["you must provide one of first or last"]);
  });

  it("answers ShopInfo and resolves node(id:) through the Node interface", async () => {
    const standin = await start();
    const shop = await post(standin, SHOP_INFO);
    expect(at(shop.body, "data", "shop")).toMatchObject({
      name: "Privacy Desk Sandbox",
      myshopifyDomain: SANDBOX_SHOP_DOMAIN,
      ianaTimezone: "Europe/Berlin",
      plan: { partnerDevelopment: true, shopifyPlus: false },
    });
    const node = await post(standin, `query N($id: ID!) { node(id: $id) { __typename id ... on Customer { lastName } } }`, {
      id: SANDBOX_CUSTOMERS.linus,
    });
    expect(at(node.body, "data", "node")).toEqual({ __typename: "Customer", id: SANDBOX_CUSTOMERS.linus, lastName: "Testperson" });
  });
});

describe("Admin API stand-in: mutations", () => {
  it("records customerUpdate calls and applies them (tags overwrite)", async () => {
    const standin = await start();
    const response = await post(standin, CUSTOMER_RECTIFY, {
      input: { id: SANDBOX_CUSTOMERS.ada, firstName: "Adah", tags: ["rectified"], email: "adah.example@example.com" },
    });
    expect(at(response.body, "data", "customerUpdate")).toMatchObject({ customer: { id: SANDBOX_CUSTOMERS.ada }, userErrors: [] });
    expect(standin.calls).toHaveLength(1);
    expect(standin.calls[0]).toMatchObject({
      shop: SANDBOX_SHOP_DOMAIN,
      operationName: "CustomerRectify",
      field: "customerUpdate",
      args: { input: { id: SANDBOX_CUSTOMERS.ada, firstName: "Adah", tags: ["rectified"] } },
    });
    expect(standin.state.customer(SANDBOX_CUSTOMERS.ada)).toMatchObject({ firstName: "Adah", tags: ["rectified"], email: "adah.example@example.com" });
    const exported = await post(standin, CUSTOMER_EXPORT, { id: SANDBOX_CUSTOMERS.ada });
    expect(at(exported.body, "data", "customer", "defaultEmailAddress", "emailAddress")).toBe("adah.example@example.com");
  });

  it("returns userErrors for unknown customers, taken emails and consent passed to customerUpdate", async () => {
    const standin = await start();
    const unknown = await post(standin, CUSTOMER_RECTIFY, { input: { id: "gid://shopify/Customer/1", note: "x" } });
    expect(at(unknown.body, "data", "customerUpdate")).toEqual({ customer: null, userErrors: [{ field: ["id"], message: "Customer does not exist" }] });
    const taken = await post(standin, CUSTOMER_RECTIFY, { input: { id: SANDBOX_CUSTOMERS.ada, email: "grace.sample@example.com" } });
    expect(list(taken.body, "data", "customerUpdate", "userErrors")).toEqual([{ field: ["email"], message: "Email has already been taken" }]);
    const consent = await post(standin, CUSTOMER_RECTIFY, {
      input: { id: SANDBOX_CUSTOMERS.ada, emailMarketingConsent: { marketingState: "UNSUBSCRIBED" } },
    });
    expect(list(consent.body, "data", "customerUpdate", "userErrors")).toHaveLength(1);
    expect(standin.state.customer(SANDBOX_CUSTOMERS.ada)?.emailMarketingState).toBe("SUBSCRIBED");
    expect(standin.calls.map((call) => call.field)).toEqual(["customerUpdate", "customerUpdate", "customerUpdate"]);
  });

  it("updates email and SMS marketing consent", async () => {
    const clock = manualClock();
    const standin = await start({ now: clock.now });
    const email = await post(standin, CUSTOMER_EMAIL_MARKETING_CONSENT_UPDATE, {
      input: { customerId: SANDBOX_CUSTOMERS.ada, emailMarketingConsent: { marketingState: "UNSUBSCRIBED", marketingOptInLevel: "SINGLE_OPT_IN" } },
    });
    expect(at(email.body, "data", "customerEmailMarketingConsentUpdate")).toEqual({
      customer: {
        id: SANDBOX_CUSTOMERS.ada,
        defaultEmailAddress: { marketingState: "UNSUBSCRIBED", marketingOptInLevel: "SINGLE_OPT_IN", marketingUpdatedAt: "2025-01-01T00:00:00.000Z" },
      },
      userErrors: [],
    });
    const sms = await post(standin, CUSTOMER_SMS_MARKETING_CONSENT_UPDATE, {
      input: { customerId: SANDBOX_CUSTOMERS.ada, smsMarketingConsent: { marketingState: "UNSUBSCRIBED" } },
    });
    expect(list(sms.body, "data", "customerSmsMarketingConsentUpdate", "userErrors")).toEqual([]);
    expect(standin.state.customer(SANDBOX_CUSTOMERS.ada)?.smsMarketingState).toBe("UNSUBSCRIBED");
    const noPhone = await post(standin, CUSTOMER_SMS_MARKETING_CONSENT_UPDATE, {
      input: { customerId: SANDBOX_CUSTOMERS.alan, smsMarketingConsent: { marketingState: "SUBSCRIBED" } },
    });
    expect(list(noPhone.body, "data", "customerSmsMarketingConsentUpdate", "userErrors")).toEqual([
      { field: ["input", "smsMarketingConsent"], message: "Customer must have a phone number", code: "INVALID" },
    ]);
    const readOnlyState = await post(standin, CUSTOMER_EMAIL_MARKETING_CONSENT_UPDATE, {
      input: { customerId: SANDBOX_CUSTOMERS.ada, emailMarketingConsent: { marketingState: "NOT_SUBSCRIBED" } },
    });
    expect(at(readOnlyState.body, "data", "customerEmailMarketingConsentUpdate", "userErrors", 0, "code")).toBe("INCLUSION");
  });

  it("requests and cancels data erasure like Shopify (only the requesting app may cancel)", async () => {
    const standin = await start();
    const requested = await post(standin, CUSTOMER_REQUEST_DATA_ERASURE, { customerId: SANDBOX_CUSTOMERS.linus });
    expect(at(requested.body, "data", "customerRequestDataErasure")).toEqual({ customerId: SANDBOX_CUSTOMERS.linus, userErrors: [] });
    expect(standin.state.customer(SANDBOX_CUSTOMERS.linus)?.erasure).toMatchObject({ requestedBy: SANDBOX_ACCESS_TOKEN });

    const byOtherApp = await post(standin, CUSTOMER_CANCEL_DATA_ERASURE, { customerId: SANDBOX_CUSTOMERS.linus }, SANDBOX_OTHER_APP_TOKEN);
    expect(at(byOtherApp.body, "data", "customerCancelDataErasure", "userErrors", 0, "code")).toBe("UNAUTHORIZED_CANCELLATION");
    const cancelled = await post(standin, CUSTOMER_CANCEL_DATA_ERASURE, { customerId: SANDBOX_CUSTOMERS.linus });
    expect(at(cancelled.body, "data", "customerCancelDataErasure")).toEqual({ customerId: SANDBOX_CUSTOMERS.linus, userErrors: [] });
    const again = await post(standin, CUSTOMER_CANCEL_DATA_ERASURE, { customerId: SANDBOX_CUSTOMERS.linus });
    expect(at(again.body, "data", "customerCancelDataErasure", "userErrors", 0, "code")).toBe("NOT_BEING_ERASED");
    const unknown = await post(standin, CUSTOMER_REQUEST_DATA_ERASURE, { customerId: "gid://shopify/Customer/1" });
    expect(at(unknown.body, "data", "customerRequestDataErasure")).toEqual({
      customerId: null,
      userErrors: [{ field: ["customerId"], message: "Customer does not exist", code: "DOES_NOT_EXIST" }],
    });

    await post(standin, CUSTOMER_REQUEST_DATA_ERASURE, { customerId: SANDBOX_CUSTOMERS.linus });
    expect(standin.state.completeDataErasures()).toEqual([SANDBOX_CUSTOMERS.linus]);
    const gone = await post(standin, CUSTOMER_EXPORT, { id: SANDBOX_CUSTOMERS.linus });
    expect(at(gone.body, "data", "customer")).toBeNull();
    expect(standin.calls.map((call) => `${call.field}:${String(call.args.customerId)}`)).toEqual([
      `customerRequestDataErasure:${SANDBOX_CUSTOMERS.linus}`,
      `customerCancelDataErasure:${SANDBOX_CUSTOMERS.linus}`,
      `customerCancelDataErasure:${SANDBOX_CUSTOMERS.linus}`,
      `customerCancelDataErasure:${SANDBOX_CUSTOMERS.linus}`,
      "customerRequestDataErasure:gid://shopify/Customer/1",
      `customerRequestDataErasure:${SANDBOX_CUSTOMERS.linus}`,
    ]);
  });

  it("opts a customer out of data sale by email", async () => {
    const standin = await start();
    const response = await post(standin, CUSTOMER_SALE_OPT_OUT, { email: "ADA.example@example.com" });
    expect(at(response.body, "data", "dataSaleOptOut")).toEqual({ customerId: SANDBOX_CUSTOMERS.ada, userErrors: [] });
    expect(standin.state.customer(SANDBOX_CUSTOMERS.ada)?.dataSaleOptOut).toBe(true);
    // Readable back through the API, as the request page reads it.
    const read = await post(standin, CUSTOMER_CURRENT_VALUES, { id: SANDBOX_CUSTOMERS.ada });
    expect(at(read.body, "data", "customer", "dataSaleOptOut")).toBe(true);
    const invalid = await post(standin, CUSTOMER_SALE_OPT_OUT, { email: "not-an-email" });
    expect(at(invalid.body, "data", "dataSaleOptOut", "userErrors", 0, "code")).toBe("FAILED");
  });

  it("runs a bulk export and serves its JSONL result at the operation's url", async () => {
    const standin = await start({ bulkOperationPolls: 1 });
    const started = await post(standin, CUSTOMER_BULK_ORDERS_EXPORT, { query: customerOrdersBulkQuery(SANDBOX_CUSTOMERS.grace) });
    const operation = at(started.body, "data", "bulkOperationRunQuery");
    expect(at(operation, "userErrors")).toEqual([]);
    expect(at(operation, "bulkOperation", "status")).toBe("CREATED");
    const id = String(at(operation, "bulkOperation", "id"));

    const running = await post(standin, BULK_OPERATION_STATUS, { id });
    expect(at(running.body, "data", "bulkOperation")).toMatchObject({ status: "RUNNING", url: null });
    const done = await post(standin, BULK_OPERATION_STATUS, { id });
    const status = at(done.body, "data", "bulkOperation");
    expect(status).toMatchObject({ status: "COMPLETED", rootObjectCount: String(GRACE_ORDER_COUNT) });

    const file = await fetch(String(at(status, "url")));
    expect(file.status).toBe(200);
    const lines = (await file.text())
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(String(lines.length)).toBe(at(status, "objectCount"));
    const orders = lines.filter((line) => !("__parentId" in line));
    const lineItems = lines.filter((line) => "__parentId" in line);
    expect(orders).toHaveLength(GRACE_ORDER_COUNT);
    expect(orders[0]).toMatchObject({ name: "#1004", email: "grace.sample@example.com", shippingAddress: { city: "Testville" } });
    expect(orders[0]).not.toHaveProperty("lineItems");
    expect(lineItems[0]).toMatchObject({ __parentId: orders[0]?.id, title: expect.any(String), quantity: expect.any(Number) });
    // Parent line precedes its children.
    expect(lines.findIndex((line) => line.id === orders[0]?.id)).toBeLessThan(lines.indexOf(lineItems[0] ?? {}));
  });

  it("reports growing object counts while a bulk operation runs, as Shopify does", async () => {
    const standin = await start({ bulkOperationPolls: 3 });
    const started = await post(standin, CUSTOMER_BULK_ORDERS_EXPORT, { query: customerOrdersBulkQuery(SANDBOX_CUSTOMERS.grace) });
    const id = String(at(started.body, "data", "bulkOperationRunQuery", "bulkOperation", "id"));
    const counts: number[] = [];
    for (let read = 0; read < 4; read += 1) {
      const status = await post(standin, BULK_OPERATION_STATUS, { id });
      counts.push(Number(at(status.body, "data", "bulkOperation", "rootObjectCount")));
    }
    expect(counts).toEqual([65, 130, 195, GRACE_ORDER_COUNT]);
  });

  it("rejects bulk queries that break Shopify's bulk rules", async () => {
    const standin = await start();
    const response = await post(standin, CUSTOMER_BULK_ORDERS_EXPORT, { query: `{ shop { name } }` });
    expect(at(response.body, "data", "bulkOperationRunQuery")).toEqual({
      bulkOperation: null,
      userErrors: [{ field: ["query"], message: "Bulk queries must contain at least one connection.", code: "INVALID" }],
    });
  });
});

describe("Admin API stand-in: throttling", () => {
  it("throttles without executing when the bucket is empty, then recovers with time", async () => {
    const clock = manualClock();
    const standin = await start({ bucket: { capacity: 25, restoreRate: 5 }, now: clock.now });
    const optOut = () => post(standin, CUSTOMER_SALE_OPT_OUT, { email: "grace.sample@example.com" });

    const first = await optOut();
    expect(at(first.body, "extensions", "cost")).toEqual({
      requestedQueryCost: 10,
      actualQueryCost: 10,
      throttleStatus: { maximumAvailable: 25, currentlyAvailable: 15, restoreRate: 5 },
    });
    await optOut();
    const throttled = await optOut();
    expect(throttled.status).toBe(200);
    expect(throttled.body).toEqual({
      errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/limits#rate-limits" } }],
      extensions: {
        cost: { requestedQueryCost: 10, actualQueryCost: null, throttleStatus: { maximumAvailable: 25, currentlyAvailable: 5, restoreRate: 5 } },
      },
    });
    expect(standin.calls).toHaveLength(2);

    clock.advance(1000);
    const recovered = await optOut();
    expect(errorsOf(recovered)).toEqual([]);
    expect(at(recovered.body, "extensions", "cost", "throttleStatus", "currentlyAvailable")).toBe(0);
    expect(standin.calls).toHaveLength(3);
    expect(standin.requests.map((request) => request.throttled)).toEqual([false, false, true, false]);

    clock.advance(60_000);
    const full = await post(standin, SHOP_INFO);
    // Refilled to capacity, minus the 2 points ShopInfo costs (shop + plan).
    expect(at(full.body, "extensions", "cost", "throttleStatus", "currentlyAvailable")).toBe(23);
  });

  it("keeps separate buckets per shop", async () => {
    const clock = manualClock();
    const seed = createSandboxSeed();
    const [shop] = seed.shops;
    if (!shop) throw new Error("seed has no shop");
    seed.shops.push({ ...structuredClone(shop), id: "gid://shopify/Shop/6000000002", domain: "second-sandbox.myshopify.com", accessTokens: ["shpat_second"] });
    const standin = await start({ seed, bucket: { capacity: 10, restoreRate: 1 }, now: clock.now });
    await post(standin, CUSTOMER_SALE_OPT_OUT, { email: "ada.example@example.com" });
    const other = await post(standin, CUSTOMER_SALE_OPT_OUT, { email: "ada.example@example.com" }, "shpat_second");
    expect(errorsOf(other)).toEqual([]);
    expect(standin.calls.map((call) => call.shop)).toEqual([SANDBOX_SHOP_DOMAIN, "second-sandbox.myshopify.com"]);
  });
});

describe("Admin API stand-in: access emulation", () => {
  it("nulls protected customer data with ACCESS_DENIED errors when the app is not approved", async () => {
    const standin = await start({ seed: createSandboxSeed({ protectedDataGranted: false }) });
    const response = await post(standin, CUSTOMER_EXPORT, { id: SANDBOX_CUSTOMERS.ada });
    expect(response.status).toBe(200);
    const customer = at(response.body, "data", "customer");
    expect(customer).toMatchObject({
      id: SANDBOX_CUSTOMERS.ada,
      firstName: null,
      lastName: null,
      displayName: "",
      defaultEmailAddress: null,
      defaultPhoneNumber: null,
      defaultAddress: null,
      addressesV2: { nodes: [] },
      tags: ["newsletter", "vip"],
      dataSaleOptOut: false,
      numberOfOrders: "3",
    });
    const errors = errorsOf(response);
    expect(errors.every((error) => error.code === "ACCESS_DENIED")).toBe(true);
    expect(errors.map((error) => JSON.stringify(error.path)).sort()).toEqual(
      [
        ["customer", "firstName"],
        ["customer", "lastName"],
        ["customer", "defaultEmailAddress"],
        ["customer", "defaultPhoneNumber"],
        ["customer", "defaultAddress"],
        ["customer", "displayName"],
        ["customer", "addressesV2"],
      ]
        .map((path) => JSON.stringify(path))
        .sort(),
    );
    expect(errors.find((error) => error.message.includes("firstName"))?.message).toBe(
      "This app is not approved to use the firstName field. See https://shopify.dev/docs/apps/launch/protected-customer-data for more details.",
    );

    const orders = await post(standin, CUSTOMER_ORDERS_PAGE, { customerId: SANDBOX_CUSTOMERS.ada, first: 1 });
    expect(at(orders.body, "data", "customer", "orders", "nodes", 0)).toMatchObject({ email: null, phone: null, shippingAddress: null, billingAddress: null });
    expect(errorsOf(orders).map((error) => JSON.stringify(error.path))).toContain(JSON.stringify(["customer", "orders", "nodes", 0, "shippingAddress"]));
  });

  it("denies fields whose access scope was not granted and hides orders older than 60 days without read_all_orders", async () => {
    const clock = manualClock(Date.parse("2024-06-20T00:00:00.000Z"));
    const standin = await start({ seed: createSandboxSeed({ scopes: ["read_customers", "read_orders"] }), now: clock.now });
    const erasure = await post(standin, CUSTOMER_REQUEST_DATA_ERASURE, { customerId: SANDBOX_CUSTOMERS.ada });
    expect(errorsOf(erasure)).toEqual([
      {
        message: "Access denied for customerRequestDataErasure field. Required access: `write_customer_data_erasure` access scope. Also: The user must have access to erase customer data.",
        code: "ACCESS_DENIED",
        path: ["customerRequestDataErasure"],
      },
    ]);
    expect(standin.state.customer(SANDBOX_CUSTOMERS.ada)?.erasure).toBeNull();
    expect(standin.calls).toEqual([expect.objectContaining({ field: "customerRequestDataErasure", accessDenied: true })]);
    const orders = await post(standin, CUSTOMER_ORDERS_PAGE, { customerId: SANDBOX_CUSTOMERS.ada });
    // Only the 2024-05-28 order is inside the 60-day window.
    expect(list(orders.body, "data", "customer", "orders", "nodes").map((order) => at(order, "name"))).toEqual(["#1003"]);
  });
});
