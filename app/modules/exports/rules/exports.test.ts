import { describe, expect, it } from "vitest";
import { orderFromPage, ordersFromBulkJsonl, splitCustomer, type Row, type ShopifyExport } from "./shopify-export";
import { escapeHtml, flatten, summaryHtml, type SummaryInput } from "./summary-html";

const HOSTILE = `<script>alert("x")</script><img src=https://evil.example/p.png onerror=alert(1)>`;

function sampleShopify(): ShopifyExport {
  return {
    method: "bulk",
    customer: {
      id: "gid://shopify/Customer/1",
      firstName: "Ada",
      lastName: `O'Example & "Sons"`,
      note: HOSTILE,
      tags: ["vip", "<b>bold</b>"],
      defaultEmailAddress: { emailAddress: "ada@example.com", marketingState: "SUBSCRIBED", marketingOptInLevel: "CONFIRMED_OPT_IN", marketingUpdatedAt: "2024-02-01T09:00:00Z" },
      defaultPhoneNumber: { phoneNumber: "+12125550101" },
      dataSaleOptOut: false,
      amountSpent: { amount: "42.5", currencyCode: "EUR" },
      numberOfOrders: "2",
    },
    addresses: [{ id: "gid://shopify/MailingAddress/1", address1: "1 Example Street", city: "Springfield", countryCodeV2: "US" }],
    metafields: [{ namespace: "custom", key: "shoe_size", type: "number_integer", value: "38" }, { namespace: "custom", key: "motto", type: "single_line_text_field", value: HOSTILE }],
    orders: [
      { id: "gid://shopify/Order/1", name: "#1001", createdAt: "2024-02-03T14:00:00Z", tags: [], totalPriceSet: { shopMoney: { amount: "12.0", currencyCode: "EUR" } }, lineItems: [{ title: "Plain Test Mug", quantity: 2, sku: "MUG-WHT" }] },
      { id: "gid://shopify/Order/2", name: "#1002", createdAt: "2024-03-12T09:30:00Z", tags: ["repeat"], note: "Gift wrap", lineItems: [] },
    ],
    withheld: [{ path: "customer.defaultPhoneNumber", message: "This app is not approved to use the defaultPhoneNumber field." }],
    ordersWithMoreLineItems: [],
  };
}

function sampleInput(): SummaryInput {
  return {
    generatedAt: new Date("2026-11-23T10:00:00Z"),
    shopDomain: "example.myshopify.com",
    reference: "PR-ABC123",
    shopify: sampleShopify(),
    app: {
      requests: [{ reference: "PR-ABC123", type: "access", status: "in_progress", receivedAt: new Date("2026-11-20T08:00:00Z"), timeline: [{ from: null, to: "received", at: new Date("2026-11-20T08:00:00Z"), by: "shopper", reason: HOSTILE }] }],
      consentRecords: [{ recordedAt: new Date("2026-11-01T00:00:00Z"), action: "accept_all", categories: { analytics: true, marketing: false } }],
      shopifyWebhooks: [],
      auditReferences: [{ seq: 1, action: "request.created", by: "shopper", at: new Date("2026-11-20T08:00:00Z"), hash: "ab".repeat(32) }],
    },
  };
}

describe("HTML summary", () => {
  const html = summaryHtml(sampleInput());

  it("escapes every value: hostile text stays text", () => {
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<b>bold");
    expect(html).toContain(escapeHtml(HOSTILE));
    expect(html).toContain("O&#39;Example &amp; &quot;Sons&quot;");
  });

  it("loads nothing: no script, no external reference, and a CSP that forbids loading", () => {
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`);
    expect(html).not.toMatch(/<[a-z][^>]*\s(src|href|srcset|action|formaction|poster|data)=/i);
    expect(html).not.toMatch(/url\(|@import/i);
    expect(html.match(/<script/gi)).toBeNull();
  });

  it("is written for the person: every fact they need, with human labels, and no internal ids", () => {
    for (const text of [
      "Ada O&#39;Example &amp; &quot;Sons&quot;", "ada@example.com", "+12125550101", "42.50 EUR", "vip", "1 Example Street", "Springfield",
      "Shoe size</th><td>38", "#1001", "#1002", "Plain Test Mug", "MUG-WHT", "12.00 EUR", "Gift wrap", "repeat", "PR-ABC123", "Right of access",
      "Accepted all", "Analytics: allowed", "Marketing: not allowed", "Request created", escapeHtml(HOSTILE),
    ]) {
      expect(html, text).toContain(text);
    }
    // Developer names and identifiers stay in the JSON and CSV files only.
    for (const text of ["gid://", "ab".repeat(32), "defaultEmailAddress", "marketingState", "provinceCode", "countryCodeV2", "shopMoney", "numberOfOrders", "lineItems"]) {
      expect(html, text).not.toContain(text);
    }
  });

  it("writes dates in words and statuses in plain language", () => {
    expect(html).toContain("Placed</th><td>February 3, 2024 at 2:00 PM (UTC)");
    expect(html).toContain("Prepared on November 23, 2026 at 10:00 AM (UTC)");
    expect(html).toMatch(/Email marketing<\/th><td>Subscribed/);
    expect(html).toMatch(/How you agreed<\/th><td>Confirmed opt in/);
    expect(html).toContain("Status</th><td>In progress");
    expect(html).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/);
  });

  it("names profile, addresses, orders with items and totals, marketing consent, requests and consent history in their own sections", () => {
    for (const heading of ["Your profile", "Addresses", "Orders (2)", "Marketing consent", "Labels the shop gave you (tags)", "Other information the shop keeps", "Data Shopify did not release to this app", "Your privacy requests to this shop", "Your cookie and tracking choices"]) {
      expect(html).toContain(`>${escapeHtml(heading)}</h2>`);
    }
    expect(html).toContain('<th scope="col">Item</th><th scope="col">Variant</th><th scope="col">Product code (SKU)</th><th scope="col">Quantity</th>');
    expect(html).toContain("Total</th><td>12.00 EUR");
    expect(html).toContain("@media print");
  });

  it("speaks the requester's language, with times in the shop's zone, named", () => {
    const german = summaryHtml({ ...sampleInput(), locale: "de", timeZone: "Europe/Berlin" });
    expect(german).toContain('<html lang="de">');
    expect(german).toContain("Ihre personenbezogenen Daten bei");
    expect(german).toContain("Aufgegeben</th><td>3. Februar 2024 um 15:00 (Europe/Berlin)");
    expect(german).toContain(">Ihr Profil</h2>");
    expect(german).toContain("Auskunftsrecht der betroffenen Person");
    expect(german).toContain("Statistik: erlaubt");
    expect(german).toContain("Alle akzeptiert");
    expect(german).toContain('<th scope="col">Artikel</th><th scope="col">Variante</th>');
    expect(german).not.toContain("Your profile");
  });

  it("says when the request is not linked to Shopify, and when Shopify's data is not part of the export", () => {
    expect(summaryHtml({ ...sampleInput(), shopify: null })).toContain("not linked to a Shopify customer");
    expect(summaryHtml({ ...sampleInput(), shopify: undefined })).toContain("Shopify answers for the data it holds itself");
  });
});

describe("flatten", () => {
  it("dots nested keys, joins plain lists and keeps object lists whole", () => {
    expect(flatten({ a: { b: 1, c: { d: "x" } }, tags: ["p", "q"], empty: [], items: [{ t: 1 }], at: new Date(0) })).toEqual([
      ["a.b", 1],
      ["a.c.d", "x"],
      ["tags", "p, q"],
      ["empty", null],
      ["items", [{ t: 1 }]],
      ["at", new Date(0)],
    ]);
  });
});

describe("Shopify export shape", () => {
  it("rebuilds orders with their line items from bulk JSONL, in any line order", () => {
    const jsonl = [
      JSON.stringify({ id: "gid://shopify/Order/1", name: "#1001" }),
      JSON.stringify({ id: "gid://shopify/LineItem/11", title: "Mug", __parentId: "gid://shopify/Order/1" }),
      "",
      JSON.stringify({ id: "gid://shopify/LineItem/21", title: "Socks", __parentId: "gid://shopify/Order/2" }),
      JSON.stringify({ id: "gid://shopify/Order/2", name: "#1002" }),
    ].join("\n");
    expect(ordersFromBulkJsonl(jsonl)).toEqual([
      { id: "gid://shopify/Order/1", name: "#1001", lineItems: [{ id: "gid://shopify/LineItem/11", title: "Mug" }] },
      { id: "gid://shopify/Order/2", name: "#1002", lineItems: [{ id: "gid://shopify/LineItem/21", title: "Socks" }] },
    ]);
    expect(ordersFromBulkJsonl("")).toEqual([]);
  });

  it("refuses a malformed bulk result instead of exporting part of it silently", () => {
    expect(() => ordersFromBulkJsonl(`{"id":"a"}\n{oops`)).toThrow("line 2 is not JSON");
    expect(() => ordersFromBulkJsonl(`[1,2]`)).toThrow("line 1 is not an object");
    expect(() => ordersFromBulkJsonl(JSON.stringify({ id: "x", __parentId: "gid://shopify/Order/9" }))).toThrow("order is missing");
  });

  it("turns an order page node into a plain order and flags cut line items", () => {
    const node: Row = { id: "o", name: "#1", lineItems: { nodes: [{ title: "Mug" }], pageInfo: { hasNextPage: true } } };
    expect(orderFromPage(node)).toEqual({ order: { id: "o", name: "#1", lineItems: [{ title: "Mug" }] }, moreLineItems: true });
  });

  it("splits the customer record from its address and metafield connections", () => {
    const split = splitCustomer({ id: "c", tags: ["a"], addressesV2: { nodes: [{ city: "X" }], pageInfo: {} }, metafields: { nodes: [{ key: "k" }], pageInfo: {} } });
    expect(split).toEqual({ profile: { id: "c", tags: ["a"] }, addresses: [{ city: "X" }], metafields: [{ key: "k" }] });
    expect(splitCustomer(null)).toEqual({ profile: null, addresses: [], metafields: [] });
  });
});
