/**
 * The readable export (GDPR art. 12(1) and 15: concise, intelligible, plain language): one
 * self-contained HTML file a person can open and print, in labelled sections with human field
 * names and dates in words. Internal identifiers (Shopify gids, audit hashes, record ids) are left
 * out; order numbers stay. The JSON and CSV files of the same export stay complete and
 * machine-readable. Every value is escaped; no script, no external resource (a CSP meta tag
 * forbids loading anything). Pure.
 */
import type { Row, ShopifyExport } from "./shopify-export";

export interface SummaryInput {
  generatedAt: Date;
  shopDomain: string;
  /** The request reference shown to the requester. */
  reference: string | null;
  /** null when the request is not linked to a Shopify customer; undefined when Shopify's data is not part of the export. */
  shopify: ShopifyExport | null | undefined;
  app: {
    requests: Row[];
    consentRecords: Row[];
    shopifyWebhooks: Row[];
    auditReferences: Row[];
  };
}

export function escapeHtml(value: string): string {
  return value.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#39;");
}

/** A leaf value as display text (unescaped). */
export function displayText(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** Nested objects become dotted keys; lists of plain values are joined; lists of objects stay whole. */
export function flatten(row: Row, prefix = ""): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  for (const [key, value] of Object.entries(row)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === "object" && !Array.isArray(value) && !(value instanceof Date)) out.push(...flatten(value as Row, name));
    else if (Array.isArray(value) && value.every((v) => v === null || typeof v !== "object")) out.push([name, value.length ? value.map(displayText).join(", ") : null]);
    else out.push([name, value]);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Words for people

const MONTH_DATE = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
const TIME = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" });

function asDate(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? null : date;
  }
  return null;
}

/** "3 February 2024 at 14:00 UTC" (times in UTC, said so). */
export function dateInWords(value: unknown): string {
  const date = asDate(value);
  if (!date) return displayText(value);
  return `${MONTH_DATE.format(date)} at ${TIME.format(date)} UTC`;
}

/** "SUBSCRIBED" -> "Subscribed", "CONFIRMED_OPT_IN" -> "Confirmed opt in", "in_progress" -> "In progress". */
export function words(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  const text = String(value).replaceAll("_", " ").toLowerCase();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "marketingUpdatedAt" -> "Marketing updated at" (for fields the tables below do not name). */
export function labelOf(key: string): string {
  const spaced = key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replaceAll("_", " ").replaceAll(".", " ").toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

const isInternalId = (value: unknown) => typeof value === "string" && value.startsWith("gid://");

function yesNo(value: unknown): string {
  return value === true ? "Yes" : value === false ? "No" : "—";
}

function money(value: unknown): string {
  const row = value as { amount?: unknown; currencyCode?: unknown; shopMoney?: { amount?: unknown; currencyCode?: unknown } } | null | undefined;
  const m = row?.shopMoney ?? row;
  if (!m || m.amount === undefined || m.amount === null) return "—";
  const amount = Number(m.amount);
  return `${Number.isFinite(amount) ? amount.toFixed(2) : String(m.amount)} ${String(m.currencyCode ?? "")}`.trim();
}

type Field = [label: string, text: string];

function fieldsTable(fields: Field[]): string {
  const rows = fields.filter(([, text]) => text !== "—" && text !== "").map(([label, text]) => `<tr><th scope="row">${escapeHtml(label)}</th><td>${escapeHtml(text)}</td></tr>`);
  return rows.length ? `<table class="kv"><tbody>${rows.join("")}</tbody></table>` : `<p class="none">Nothing recorded.</p>`;
}

/** Fields not named by a section's own list, with human labels; internal ids and connections left out. */
function otherFields(row: Row, known: readonly string[]): Field[] {
  return flatten(row)
    .filter(([key, value]) => !known.some((k) => key === k || key.startsWith(`${k}.`)) && !/(^|\.)id$/.test(key) && !isInternalId(value) && !Array.isArray(value))
    .map(([key, value]) => [labelOf(key), asDate(value) ? dateInWords(value) : typeof value === "boolean" ? yesNo(value) : displayText(value)]);
}

function postal(address: Row | null | undefined): string {
  if (!address) return "—";
  const name = [address.firstName, address.lastName].filter(Boolean).join(" ");
  const cityLine = [address.zip, address.city].filter(Boolean).join(" ");
  const region = address.province ?? address.provinceCode;
  const country = address.country ?? address.countryCodeV2 ?? address.countryCode;
  return [name, address.company, address.address1, address.address2, cityLine, region, country, address.phone ? `Phone ${String(address.phone)}` : null]
    .filter((part) => part !== null && part !== undefined && part !== "")
    .map(String)
    .join(", ");
}

// ---------------------------------------------------------------------------------------------
// Sections

function section(id: string, title: string, content: string): string {
  return `<section aria-labelledby="${id}"><h2 id="${id}">${escapeHtml(title)}</h2>${content}</section>`;
}

const PROFILE_KNOWN = ["id", "firstName", "lastName", "displayName", "defaultEmailAddress", "defaultPhoneNumber", "defaultAddress", "locale", "state", "verifiedEmail", "taxExempt", "dataSaleOptOut", "amountSpent", "numberOfOrders", "createdAt", "updatedAt", "note", "tags"] as const;

function profile(customer: Row): string {
  const email = customer.defaultEmailAddress as Row | null | undefined;
  const phone = customer.defaultPhoneNumber as Row | null | undefined;
  const name = [customer.firstName, customer.lastName].filter(Boolean).join(" ") || displayText(customer.displayName);
  return fieldsTable([
    ["Name", name],
    ["Email address", displayText(email?.emailAddress)],
    ["Phone number", displayText(phone?.phoneNumber)],
    ["Main address", postal(customer.defaultAddress as Row | null)],
    ["Language", displayText(customer.locale)],
    ["Customer account", customer.state === undefined ? "—" : words(customer.state)],
    ["Email address confirmed", yesNo(customer.verifiedEmail)],
    ["Exempt from tax", yesNo(customer.taxExempt)],
    ["Number of orders", displayText(customer.numberOfOrders)],
    ["Total spent", money(customer.amountSpent)],
    ["Customer since", customer.createdAt ? dateInWords(customer.createdAt) : "—"],
    ["Last changed", customer.updatedAt ? dateInWords(customer.updatedAt) : "—"],
    ["Note kept by the shop", displayText(customer.note)],
    ...otherFields(customer, PROFILE_KNOWN),
  ]);
}

function marketing(customer: Row | null): string {
  const email = customer?.defaultEmailAddress as Row | null | undefined;
  return `${fieldsTable([
    ["Email address", displayText(email?.emailAddress)],
    ["Email marketing", email?.marketingState ? words(email.marketingState) : "—"],
    ["How you agreed", email?.marketingOptInLevel ? words(email.marketingOptInLevel) : "—"],
    ["Last changed", email?.marketingUpdatedAt ? dateInWords(email.marketingUpdatedAt) : "—"],
    ["Sale or sharing of your data", customer ? (customer.dataSaleOptOut === true ? "You opted out" : "You have not opted out") : "—"],
  ])}<p class="note">Text message (SMS) marketing consent is kept by Shopify but the app cannot read it with the current Shopify interface, so it is not included here.</p>`;
}

function addresses(list: Row[], defaultAddress: Row | null | undefined): string {
  if (list.length === 0) return `<p class="none">No addresses.</p>`;
  const items = list.map((a) => {
    const main = defaultAddress && a.id !== undefined && a.id === defaultAddress.id ? " (main address)" : "";
    return `<li>${escapeHtml(postal(a))}${escapeHtml(main)}</li>`;
  });
  return `<ul class="addresses">${items.join("")}</ul>`;
}

const ORDER_KNOWN = ["id", "name", "createdAt", "processedAt", "cancelledAt", "email", "phone", "note", "tags", "displayFinancialStatus", "displayFulfillmentStatus", "totalPriceSet", "shippingAddress", "billingAddress", "lineItems"] as const;

function itemsTable(items: Row[]): string {
  if (items.length === 0) return `<p class="none">No items recorded.</p>`;
  const rows = items.map((i) => `<tr><td>${escapeHtml(displayText(i.title))}</td><td>${escapeHtml(displayText(i.variantTitle))}</td><td>${escapeHtml(displayText(i.sku))}</td><td>${escapeHtml(displayText(i.quantity))}</td></tr>`);
  return `<table class="list"><thead><tr><th scope="col">Item</th><th scope="col">Variant</th><th scope="col">Product code (SKU)</th><th scope="col">Quantity</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function orders(list: Row[]): string {
  if (list.length === 0) return `<p class="none">No orders.</p>`;
  return list
    .map((order) => {
      const items = Array.isArray(order.lineItems) ? (order.lineItems as Row[]) : [];
      const tags = Array.isArray(order.tags) ? (order.tags as unknown[]).map(displayText).join(", ") : "";
      const fields = fieldsTable([
        ["Placed", order.createdAt ? dateInWords(order.createdAt) : "—"],
        ["Processed", order.processedAt && order.processedAt !== order.createdAt ? dateInWords(order.processedAt) : "—"],
        ["Cancelled", order.cancelledAt ? dateInWords(order.cancelledAt) : "—"],
        ["Total", money(order.totalPriceSet)],
        ["Payment", order.displayFinancialStatus ? words(order.displayFinancialStatus) : "—"],
        ["Delivery", order.displayFulfillmentStatus ? words(order.displayFulfillmentStatus) : "—"],
        ["Email on the order", displayText(order.email)],
        ["Phone on the order", displayText(order.phone)],
        ["Delivery address", postal(order.shippingAddress as Row | null)],
        ["Billing address", postal(order.billingAddress as Row | null)],
        ["Note", displayText(order.note)],
        ["Labels (tags)", tags || "—"],
        ...otherFields(order, ORDER_KNOWN),
      ]);
      return `<article class="order"><h3>Order ${escapeHtml(displayText(order.name))}</h3>${fields}<h4>Items</h4>${itemsTable(items)}</article>`;
    })
    .join("");
}

function metafields(list: Row[]): string {
  if (list.length === 0) return `<p class="none">None.</p>`;
  return fieldsTable(list.map((m) => [labelOf(String(m.key ?? "")), displayText(m.value)]));
}

const REGULATION_NAMES: Record<string, string> = {
  gdpr: "GDPR", uk_gdpr: "UK GDPR", swiss_fadp: "Swiss FADP", ccpa: "CCPA/CPRA", us_va: "Virginia CDPA", us_co: "Colorado Privacy Act", us_ct: "Connecticut DPA",
  us_ut: "Utah CPA", us_tx: "Texas DPSA", us_or: "Oregon CPA", lgpd: "LGPD", pipeda: "PIPEDA", quebec: "Quebec Law 25", shopify: "Shopify's privacy process",
};

const REQUEST_TYPES: Record<string, string> = {
  access: "A copy of your data",
  portability: "Your data in a portable format",
  rectification: "Correction of your data",
  erasure: "Deletion of your data",
  do_not_sell: "Do not sell or share your data",
};

const ACTORS: Record<string, string> = { shopper: "you", staff: "the shop", system: "automatically", shopify: "Shopify" };

function list(items: string[], empty: string): string {
  return items.length ? `<ul>${items.map((i) => `<li>${i}</li>`).join("")}</ul>` : `<p class="none">${escapeHtml(empty)}</p>`;
}

function requests(rows: Row[]): string {
  if (rows.length === 0) return `<p class="none">None.</p>`;
  return rows
    .map((r) => {
      const timeline = (Array.isArray(r.timeline) ? (r.timeline as Row[]) : []).map(
        (t) => `${escapeHtml(dateInWords(t.at))}: ${escapeHtml(words(t.to))}${t.by ? ` (by ${escapeHtml(ACTORS[String(t.by)] ?? String(t.by))})` : ""}${t.reason ? `: ${escapeHtml(displayText(t.reason))}` : ""}`,
      );
      const messages = (Array.isArray(r.messages) ? (r.messages as Row[]) : []).map((m) => `${escapeHtml(dateInWords(m.at))}: ${escapeHtml(displayText(m.text))}`);
      const codes = (Array.isArray(r.verificationHistory) ? (r.verificationHistory as Row[]) : []).map(
        (c) => `Code sent ${escapeHtml(dateInWords(c.sentAt))}, valid until ${escapeHtml(dateInWords(c.expiresAt))}${c.confirmedAt ? `, confirmed ${escapeHtml(dateInWords(c.confirmedAt))}` : ""} (${escapeHtml(displayText(c.attempts))} attempt(s))`,
      );
      const files = (Array.isArray(r.exports) ? (r.exports as Row[]) : []).map((f) => `${escapeHtml(String(f.format ?? "").toUpperCase())} file prepared ${escapeHtml(dateInWords(f.createdAt))}, available until ${escapeHtml(dateInWords(f.expiresAt))}`);
      const fields = fieldsTable([
        ["What you asked for", REQUEST_TYPES[String(r.type)] ?? words(r.type)],
        ["Status", words(r.status)],
        ["Made through", words(r.source)],
        ["Law that applies", REGULATION_NAMES[String(r.regulation)] ?? displayText(r.regulation)],
        ["Received", r.receivedAt ? dateInWords(r.receivedAt) : "—"],
        ["Answer due", r.dueAt ? dateInWords(r.dueAt) : "—"],
        ["Closed", r.closedAt ? dateInWords(r.closedAt) : "—"],
        ["Name given", displayText(r.name)],
        ["Email address given", displayText(r.email)],
        ["Phone number given", displayText(r.phone)],
        ["What you wrote", displayText(r.details)],
      ]);
      return (
        `<article class="order"><h3>Request ${escapeHtml(displayText(r.reference))}</h3>${fields}` +
        `<h4>What happened</h4>${list(timeline, "Nothing yet.")}<h4>Messages and notices</h4>${list(messages, "None.")}` +
        `<h4>Email confirmation</h4>${list(codes, "No code was needed.")}<h4>Files prepared for you</h4>${list(files, "None.")}</article>`
      );
    })
    .join("");
}

const CONSENT_ACTIONS: Record<string, string> = { accept_all: "Accepted all", reject_all: "Rejected all", custom: "Chose per category" };
const CATEGORY_NAMES: Record<string, string> = { analytics: "Analytics", marketing: "Marketing", preferences: "Preferences", sale_of_data: "Sale or sharing of data" };

function consentHistory(rows: Row[]): string {
  if (rows.length === 0) return `<p class="none">No choices recorded.</p>`;
  const body = rows.map((c) => {
    const categories = (c.categories ?? {}) as Record<string, unknown>;
    const choices = Object.entries(categories).map(([k, v]) => `${CATEGORY_NAMES[k] ?? labelOf(k)}: ${v === true ? "allowed" : "not allowed"}`).join("; ");
    const where = [c.region ? `region ${displayText(c.region)}` : null, c.gpc === true ? "Global Privacy Control on" : null].filter(Boolean).join(", ");
    return `<tr><td>${escapeHtml(dateInWords(c.recordedAt))}</td><td>${escapeHtml(CONSENT_ACTIONS[String(c.action)] ?? words(c.action))}</td><td>${escapeHtml(choices || "—")}</td><td>${escapeHtml(where || "—")}</td><td>${escapeHtml(displayText(c.noticeVersion))}</td></tr>`;
  });
  return `<table class="list"><thead><tr><th scope="col">When</th><th scope="col">Your choice</th><th scope="col">Categories</th><th scope="col">Where</th><th scope="col">Notice version</th></tr></thead><tbody>${body.join("")}</tbody></table>`;
}

const TOPICS: Record<string, string> = {
  "customers/data_request": "Shopify passed on your request for your data",
  "customers/redact": "Shopify asked for your data to be erased",
  "shop/redact": "Shopify asked for the shop's data to be erased",
};

function shopifyNotices(rows: Row[]): string {
  return list(rows.map((w) => `${escapeHtml(dateInWords(w.receivedAt))}: ${escapeHtml(TOPICS[String(w.topic)] ?? displayText(w.topic))} (${escapeHtml(words(w.status))})`), "None.");
}

function auditTrail(rows: Row[]): string {
  return list(rows.map((a) => `${escapeHtml(dateInWords(a.at))}: ${escapeHtml(labelOf(String(a.action ?? "")))}${a.by ? ` (by ${escapeHtml(ACTORS[String(a.by)] ?? String(a.by))})` : ""}`), "None.");
}

const STYLE = `
  :root { color-scheme: light; }
  body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }
  h1 { font-size: 1.6rem; margin-bottom: .25rem; } h2 { font-size: 1.25rem; border-bottom: 2px solid #1a1a1a; padding-bottom: .2rem; margin-top: 2rem; }
  h3 { font-size: 1rem; margin: 1.2rem 0 .4rem; } h4 { font-size: .9rem; margin: .6rem 0 .3rem; }
  table { border-collapse: collapse; width: 100%; margin: .3rem 0 .8rem; font-size: .85rem; }
  th, td { border: 1px solid #bbb; padding: .25rem .4rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
  table.kv th { width: 30%; background: #f3f3f3; font-weight: 600; } table.list thead th { background: #f3f3f3; }
  .meta, .note, .none { color: #444; } .tags li { display: inline-block; margin-right: .5rem; }
  .order { break-inside: avoid; border-top: 1px solid #ddd; }
  @media print { body { margin: 0; max-width: none; font-size: 11px; } h2 { break-after: avoid; } a { color: inherit; } }
  @page { margin: 15mm; }
`;

export function summaryHtml(input: SummaryInput): string {
  const { shopify } = input;
  const title = `Your personal data held by ${input.shopDomain}`;
  const parts: string[] = [];
  parts.push(
    `<header><h1>${escapeHtml(title)}</h1><p class="meta">Prepared on ${escapeHtml(dateInWords(input.generatedAt))}${input.reference ? ` in answer to your request ${escapeHtml(input.reference)}` : ""}. ` +
      `Times are in UTC. The same data, complete and machine-readable, is in the JSON and CSV files of this export.</p></header>`,
  );
  if (shopify === undefined) {
    parts.push(section("profile", "Your profile", `<p class="note">Shopify answers for the data it holds itself; this file lists what the shop's privacy app holds.</p>`));
  } else if (!shopify) {
    parts.push(section("profile", "Your profile", `<p class="note">This request is not linked to a Shopify customer: only the app's data is included.</p>`));
  } else {
    const customer = shopify.customer;
    parts.push(section("profile", "Your profile", customer ? profile(customer) : `<p class="none">Shopify has no customer record for you.</p>`));
    parts.push(section("addresses", "Addresses", addresses(shopify.addresses, customer?.defaultAddress as Row | null | undefined)));
    parts.push(section("orders", `Orders (${shopify.orders.length})`, (shopify.ordersWithMoreLineItems.length ? `<p class="note">Some orders have more items than listed here: ${escapeHtml(shopify.ordersWithMoreLineItems.join(", "))}. The JSON file says which.</p>` : "") + orders(shopify.orders)));
    parts.push(section("consent", "Marketing consent", marketing(customer)));
    const tags = Array.isArray(customer?.tags) ? (customer.tags as unknown[]) : [];
    parts.push(section("tags", "Labels the shop gave you (tags)", tags.length ? `<ul class="tags">${tags.map((t) => `<li>${escapeHtml(displayText(t))}</li>`).join("")}</ul>` : `<p class="none">None.</p>`));
    parts.push(section("metafields", "Other information the shop keeps", metafields(shopify.metafields)));
    if (shopify.withheld.length) {
      parts.push(section("withheld", "Data Shopify did not release to this app", `<p class="note">Shopify holds these but did not let the app read them; ask the shop for them:</p>${list(shopify.withheld.map((w) => escapeHtml(labelOf(w.path.replace(/^customer\./, "")))), "None.")}`));
    }
  }
  parts.push(section("requests", "Your privacy requests to this shop", requests(input.app.requests)));
  parts.push(section("consent-records", "Your cookie and tracking choices", consentHistory(input.app.consentRecords)));
  parts.push(section("webhooks", "Messages from Shopify about you", shopifyNotices(input.app.shopifyWebhooks)));
  parts.push(section("audit", "What the shop's privacy app recorded", auditTrail(input.app.auditReferences)));
  return (
    `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">` +
    `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${parts.join("\n")}</main></body></html>\n`
  );
}
