/**
 * The readable export: one self-contained HTML file a person can open and print. Every value is
 * escaped; no script, no external resource (a CSP meta tag forbids loading anything); the same
 * facts as the JSON file, arranged for reading. Pure.
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

const cell = (value: unknown) => `<td>${escapeHtml(displayText(value))}</td>`;

function keyValueTable(row: Row, skip: readonly string[] = []): string {
  const rows = flatten(row)
    .filter(([key]) => !skip.includes(key))
    .map(([key, value]) => `<tr><th scope="row">${escapeHtml(key)}</th>${Array.isArray(value) ? `<td>${listTable(value as Row[])}</td>` : cell(value)}</tr>`);
  return rows.length ? `<table class="kv"><tbody>${rows.join("")}</tbody></table>` : `<p class="none">None.</p>`;
}

/** Rows with the union of their (flattened) keys as columns. */
function listTable(rows: Row[]): string {
  if (rows.length === 0) return `<p class="none">None.</p>`;
  const flat = rows.map((row) => new Map(flatten(row)));
  const columns = [...new Set(flat.flatMap((row) => [...row.keys()]))];
  const head = columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join("");
  const body = flat.map((row) => `<tr>${columns.map((c) => cell(row.get(c))).join("")}</tr>`).join("");
  return `<table class="list"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function section(id: string, title: string, content: string): string {
  return `<section aria-labelledby="${id}"><h2 id="${id}">${escapeHtml(title)}</h2>${content}</section>`;
}

function marketing(customer: Row | null): string {
  const email = customer?.defaultEmailAddress as Row | null | undefined;
  const rows: Row = {
    "Email address": email?.emailAddress ?? null,
    "Email marketing": email?.marketingState ?? null,
    "Email opt-in level": email?.marketingOptInLevel ?? null,
    "Email consent updated": email?.marketingUpdatedAt ?? null,
    "Sale of personal data": customer ? (customer.dataSaleOptOut === true ? "opted out" : "not opted out") : null,
  };
  return `${keyValueTable(rows)}<p class="note">SMS marketing consent is recorded by Shopify but cannot be read through Admin API 2026-07 without a deprecated field, so it is not included.</p>`;
}

function orders(list: Row[]): string {
  if (list.length === 0) return `<p class="none">No orders.</p>`;
  return list
    .map((order) => {
      const { lineItems, ...rest } = order;
      const items = Array.isArray(lineItems) ? (lineItems as Row[]) : [];
      return `<article class="order"><h3>Order ${escapeHtml(displayText(order.name))}</h3>${keyValueTable(rest)}<h4>Items</h4>${listTable(items)}</article>`;
    })
    .join("");
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
  const title = `Personal data held by ${input.shopDomain}`;
  const parts: string[] = [];
  parts.push(
    `<header><h1>${escapeHtml(title)}</h1><p class="meta">Generated ${escapeHtml(input.generatedAt.toISOString())}${input.reference ? ` for request ${escapeHtml(input.reference)}` : ""}. ` +
      `The same data is in the JSON and CSV files of this export.</p></header>`,
  );
  if (shopify === undefined) {
    parts.push(section("shopify", "Shopify customer record", `<p class="note">Shopify answers for the data it holds itself; this file lists what the app holds.</p>`));
  } else if (!shopify) {
    parts.push(section("shopify", "Shopify customer record", `<p class="note">This request is not linked to a Shopify customer: only the app's data is included.</p>`));
  } else {
    const customer = shopify.customer;
    parts.push(section("profile", "Shopify customer profile", customer ? keyValueTable(customer, ["tags", "defaultEmailAddress.marketingState", "defaultEmailAddress.marketingOptInLevel", "defaultEmailAddress.marketingUpdatedAt"]) : `<p class="none">Shopify has no customer record for this person.</p>`));
    parts.push(section("consent", "Marketing consent", marketing(customer)));
    const tags = Array.isArray(customer?.tags) ? (customer.tags as unknown[]) : [];
    parts.push(section("tags", "Tags", tags.length ? `<ul class="tags">${tags.map((t) => `<li>${escapeHtml(displayText(t))}</li>`).join("")}</ul>` : `<p class="none">None.</p>`));
    parts.push(section("addresses", "Addresses", listTable(shopify.addresses)));
    parts.push(section("metafields", "Additional fields (metafields)", listTable(shopify.metafields)));
    const how = `<p class="meta">Orders read from Shopify (method: ${escapeHtml(shopify.method)}, ${shopify.method === "bulk" ? "one bulk operation" : "page by page"}).</p>`;
    const more = shopify.ordersWithMoreLineItems.length ? `<p class="note">Orders with more items than shown: ${escapeHtml(shopify.ordersWithMoreLineItems.join(", "))}.</p>` : "";
    parts.push(section("orders", `Orders (${shopify.orders.length})`, how + more + orders(shopify.orders)));
    if (shopify.withheld.length) {
      parts.push(section("withheld", "Fields Shopify withheld", `<p class="note">Shopify did not release these fields to the app (protected customer data):</p>${listTable(shopify.withheld as unknown as Row[])}`));
    }
  }
  parts.push(section("requests", "Privacy requests", input.app.requests.map((r) => `<article class="order"><h3>Request ${escapeHtml(displayText(r.reference))}</h3>${keyValueTable(r)}</article>`).join("") || `<p class="none">None.</p>`));
  parts.push(section("consent-records", "Cookie and tracking consent records", listTable(input.app.consentRecords)));
  parts.push(section("webhooks", "Notices from Shopify about this person", listTable(input.app.shopifyWebhooks)));
  parts.push(section("audit", "Audit log references", listTable(input.app.auditReferences)));
  return (
    `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">` +
    `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${parts.join("\n")}</main></body></html>\n`
  );
}
