/**
 * The readable export (GDPR art. 12(1) and 15: concise, intelligible, plain language): one
 * self-contained HTML file a person can open and print, in labelled sections with human field
 * names and dates in words. Internal identifiers (Shopify gids, audit hashes, record ids) are left
 * out; order numbers stay. The JSON and CSV files of the same export stay complete and
 * machine-readable. Every value is escaped; no script, no external resource (a CSP meta tag
 * forbids loading anything). In the requester's language, times in the shop's zone. Pure.
 */
import type { TFunction } from "i18next";
import { formatDateTime } from "../../../platform/i18n/format";
import type { Locale } from "../../../platform/i18n/locales";
import { translator } from "../../../platform/i18n/translator.server";
import type { Row, ShopifyExport } from "./shopify-export";

export interface SummaryInput {
  generatedAt: Date;
  shopDomain: string;
  /** The request reference shown to the requester. */
  reference: string | null;
  /** null when the request is not linked to a Shopify customer; undefined when Shopify's data is not part of the export. */
  shopify: ShopifyExport | null | undefined;
  /** The requester's language (the request's locale); English if not given. */
  locale?: Locale;
  /** The shop's IANA time zone; UTC if not given. */
  timeZone?: string;
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

function asDate(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? null : date;
  }
  return null;
}

/** "SUBSCRIBED" -> "Subscribed", "CONFIRMED_OPT_IN" -> "Confirmed opt in" (Shopify's own values, as Shopify names them). */
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

/** What every section needs: the translator (summary.* and the shopper namespace) and how to write dates. */
interface Ctx {
  t: TFunction;
  date: (value: unknown) => string;
}

function context(locale: Locale, timeZone: string): Ctx {
  const t = translator(locale, "shopper");
  return {
    t,
    date: (value) => {
      const date = asDate(value);
      return date ? formatDateTime(date, locale, timeZone) : displayText(value);
    },
  };
}

function yesNo(c: Ctx, value: unknown): string {
  return value === true ? c.t("summary.yes") : value === false ? c.t("summary.no") : "—";
}

function money(value: unknown): string {
  const row = value as { amount?: unknown; currencyCode?: unknown; shopMoney?: { amount?: unknown; currencyCode?: unknown } } | null | undefined;
  const m = row?.shopMoney ?? row;
  if (!m || m.amount === undefined || m.amount === null) return "—";
  const amount = Number(m.amount);
  return `${Number.isFinite(amount) ? amount.toFixed(2) : String(m.amount)} ${String(m.currencyCode ?? "")}`.trim();
}

type Field = [label: string, text: string];

function fieldsTable(c: Ctx, fields: Field[]): string {
  const rows = fields.filter(([, text]) => text !== "—" && text !== "").map(([label, text]) => `<tr><th scope="row">${escapeHtml(label)}</th><td>${escapeHtml(text)}</td></tr>`);
  return rows.length ? `<table class="kv"><tbody>${rows.join("")}</tbody></table>` : `<p class="none">${escapeHtml(c.t("summary.nothing_recorded"))}</p>`;
}

/** Fields not named by a section's own list, with labels from their names; internal ids and connections left out. */
function otherFields(c: Ctx, row: Row, known: readonly string[]): Field[] {
  return flatten(row)
    .filter(([key, value]) => !known.some((k) => key === k || key.startsWith(`${k}.`)) && !/(^|\.)id$/.test(key) && !isInternalId(value) && !Array.isArray(value))
    .map(([key, value]) => [labelOf(key), asDate(value) ? c.date(value) : typeof value === "boolean" ? yesNo(c, value) : displayText(value)]);
}

function postal(c: Ctx, address: Row | null | undefined): string {
  if (!address) return "—";
  const name = [address.firstName, address.lastName].filter(Boolean).join(" ");
  const cityLine = [address.zip, address.city].filter(Boolean).join(" ");
  const region = address.province ?? address.provinceCode;
  const country = address.country ?? address.countryCodeV2 ?? address.countryCode;
  return [name, address.company, address.address1, address.address2, cityLine, region, country, address.phone ? c.t("summary.field.address_phone", { phone: String(address.phone) }) : null]
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

function profile(c: Ctx, customer: Row): string {
  const f = (key: string) => c.t(`summary.field.${key}`);
  const email = customer.defaultEmailAddress as Row | null | undefined;
  const phone = customer.defaultPhoneNumber as Row | null | undefined;
  const name = [customer.firstName, customer.lastName].filter(Boolean).join(" ") || displayText(customer.displayName);
  return fieldsTable(c, [
    [f("name"), name],
    [f("email"), displayText(email?.emailAddress)],
    [f("phone"), displayText(phone?.phoneNumber)],
    [f("main_address"), postal(c, customer.defaultAddress as Row | null)],
    [f("language"), displayText(customer.locale)],
    [f("account"), customer.state === undefined ? "—" : words(customer.state)],
    [f("email_confirmed"), yesNo(c, customer.verifiedEmail)],
    [f("tax_exempt"), yesNo(c, customer.taxExempt)],
    [f("order_count"), displayText(customer.numberOfOrders)],
    [f("total_spent"), money(customer.amountSpent)],
    [f("customer_since"), customer.createdAt ? c.date(customer.createdAt) : "—"],
    [f("last_changed"), customer.updatedAt ? c.date(customer.updatedAt) : "—"],
    [f("shop_note"), displayText(customer.note)],
    ...otherFields(c, customer, PROFILE_KNOWN),
  ]);
}

function marketing(c: Ctx, customer: Row | null): string {
  const f = (key: string) => c.t(`summary.field.${key}`);
  const email = customer?.defaultEmailAddress as Row | null | undefined;
  return `${fieldsTable(c, [
    [f("email"), displayText(email?.emailAddress)],
    [f("email_marketing"), email?.marketingState ? words(email.marketingState) : "—"],
    [f("how_agreed"), email?.marketingOptInLevel ? words(email.marketingOptInLevel) : "—"],
    [f("last_changed"), email?.marketingUpdatedAt ? c.date(email.marketingUpdatedAt) : "—"],
    [f("sale_sharing"), customer ? (customer.dataSaleOptOut === true ? f("opted_out") : f("not_opted_out")) : "—"],
  ])}<p class="note">${escapeHtml(c.t("summary.note.sms"))}</p>`;
}

function addresses(c: Ctx, list: Row[], defaultAddress: Row | null | undefined): string {
  if (list.length === 0) return `<p class="none">${escapeHtml(c.t("summary.no_addresses"))}</p>`;
  const items = list.map((a) => {
    const main = defaultAddress && a.id !== undefined && a.id === defaultAddress.id ? ` ${c.t("summary.field.main_suffix")}` : "";
    return `<li>${escapeHtml(postal(c, a))}${escapeHtml(main)}</li>`;
  });
  return `<ul class="addresses">${items.join("")}</ul>`;
}

const ORDER_KNOWN = ["id", "name", "createdAt", "processedAt", "cancelledAt", "email", "phone", "note", "tags", "displayFinancialStatus", "displayFulfillmentStatus", "totalPriceSet", "shippingAddress", "billingAddress", "lineItems"] as const;

function itemsTable(c: Ctx, items: Row[]): string {
  if (items.length === 0) return `<p class="none">${escapeHtml(c.t("summary.no_items"))}</p>`;
  const o = (key: string) => escapeHtml(c.t(`summary.order.${key}`));
  const rows = items.map((i) => `<tr><td>${escapeHtml(displayText(i.title))}</td><td>${escapeHtml(displayText(i.variantTitle))}</td><td>${escapeHtml(displayText(i.sku))}</td><td>${escapeHtml(displayText(i.quantity))}</td></tr>`);
  return `<table class="list"><thead><tr><th scope="col">${o("item")}</th><th scope="col">${o("variant")}</th><th scope="col">${o("sku")}</th><th scope="col">${o("quantity")}</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function orders(c: Ctx, list: Row[]): string {
  if (list.length === 0) return `<p class="none">${escapeHtml(c.t("summary.no_orders"))}</p>`;
  const o = (key: string) => c.t(`summary.order.${key}`);
  return list
    .map((order) => {
      const items = Array.isArray(order.lineItems) ? (order.lineItems as Row[]) : [];
      const tags = Array.isArray(order.tags) ? (order.tags as unknown[]).map(displayText).join(", ") : "";
      const fields = fieldsTable(c, [
        [o("placed"), order.createdAt ? c.date(order.createdAt) : "—"],
        [o("processed"), order.processedAt && order.processedAt !== order.createdAt ? c.date(order.processedAt) : "—"],
        [o("cancelled"), order.cancelledAt ? c.date(order.cancelledAt) : "—"],
        [o("total"), money(order.totalPriceSet)],
        [o("payment"), order.displayFinancialStatus ? words(order.displayFinancialStatus) : "—"],
        [o("delivery"), order.displayFulfillmentStatus ? words(order.displayFulfillmentStatus) : "—"],
        [o("email"), displayText(order.email)],
        [o("phone"), displayText(order.phone)],
        [o("delivery_address"), postal(c, order.shippingAddress as Row | null)],
        [o("billing_address"), postal(c, order.billingAddress as Row | null)],
        [o("note"), displayText(order.note)],
        [o("tags"), tags || "—"],
        ...otherFields(c, order, ORDER_KNOWN),
      ]);
      return `<article class="order"><h3>${escapeHtml(c.t("summary.order.title", { name: displayText(order.name) }))}</h3>${fields}<h4>${escapeHtml(o("items"))}</h4>${itemsTable(c, items)}</article>`;
    })
    .join("");
}

function metafields(c: Ctx, list: Row[]): string {
  if (list.length === 0) return `<p class="none">${escapeHtml(c.t("summary.none"))}</p>`;
  return fieldsTable(c, list.map((m) => [labelOf(String(m.key ?? "")), displayText(m.value)]));
}

function list(items: string[], empty: string): string {
  return items.length ? `<ul>${items.map((i) => `<li>${i}</li>`).join("")}</ul>` : `<p class="none">${escapeHtml(empty)}</p>`;
}

const KNOWN = (c: Ctx, prefix: string, value: unknown, fallback: string) => {
  const key = `${prefix}.${String(value)}`;
  return c.t(key, { defaultValue: fallback });
};

function by(c: Ctx, actor: unknown): string {
  return actor ? ` ${escapeHtml(c.t("summary.request.by", { actor: KNOWN(c, "summary.actor", actor, String(actor)) }))}` : "";
}

function requests(c: Ctx, rows: Row[]): string {
  if (rows.length === 0) return `<p class="none">${escapeHtml(c.t("summary.none"))}</p>`;
  const r_ = (key: string) => c.t(`summary.request.${key}`);
  return rows
    .map((r) => {
      const timeline = (Array.isArray(r.timeline) ? (r.timeline as Row[]) : []).map(
        (t) => `${escapeHtml(c.date(t.at))}: ${escapeHtml(KNOWN(c, "status", t.to, words(t.to)))}${by(c, t.by)}${t.reason ? `: ${escapeHtml(displayText(t.reason))}` : ""}`,
      );
      const messages = (Array.isArray(r.messages) ? (r.messages as Row[]) : []).map((m) => `${escapeHtml(c.date(m.at))}: ${escapeHtml(displayText(m.text))}`);
      const codes = (Array.isArray(r.verificationHistory) ? (r.verificationHistory as Row[]) : []).map((v) =>
        escapeHtml(
          [c.t("summary.request.code_sent", { sent: c.date(v.sentAt), until: c.date(v.expiresAt) }), v.confirmedAt ? c.t("summary.request.code_confirmed", { at: c.date(v.confirmedAt) }) : null, c.t("summary.request.attempts", { count: Number(v.attempts ?? 0) })]
            .filter(Boolean)
            .join(", "),
        ),
      );
      const files = (Array.isArray(r.exports) ? (r.exports as Row[]) : []).map((f) => escapeHtml(c.t("summary.request.file", { format: String(f.format ?? "").toUpperCase(), created: c.date(f.createdAt), until: c.date(f.expiresAt) })));
      const fields = fieldsTable(c, [
        [r_("what"), KNOWN(c, "rights", r.type, words(r.type))],
        [r_("status"), KNOWN(c, "status", r.status, words(r.status))],
        [r_("made_through"), KNOWN(c, "summary.source", r.source, words(r.source))],
        [r_("law"), r.regulation ? KNOWN(c, "laws", r.regulation, displayText(r.regulation)) : "—"],
        [r_("received"), r.receivedAt ? c.date(r.receivedAt) : "—"],
        [r_("due"), r.dueAt ? c.date(r.dueAt) : "—"],
        [r_("closed"), r.closedAt ? c.date(r.closedAt) : "—"],
        [r_("name_given"), displayText(r.name)],
        [r_("email_given"), displayText(r.email)],
        [r_("phone_given"), displayText(r.phone)],
        [r_("details"), displayText(r.details)],
      ]);
      return (
        `<article class="order"><h3>${escapeHtml(c.t("summary.request.title", { reference: displayText(r.reference) }))}</h3>${fields}` +
        `<h4>${escapeHtml(r_("happened"))}</h4>${list(timeline, c.t("summary.nothing_yet"))}<h4>${escapeHtml(r_("messages"))}</h4>${list(messages, c.t("summary.none"))}` +
        `<h4>${escapeHtml(r_("confirmation"))}</h4>${list(codes, c.t("summary.no_code"))}<h4>${escapeHtml(r_("files"))}</h4>${list(files, c.t("summary.none"))}</article>`
      );
    })
    .join("");
}

function consentHistory(c: Ctx, rows: Row[]): string {
  if (rows.length === 0) return `<p class="none">${escapeHtml(c.t("summary.no_choices"))}</p>`;
  const k = (key: string) => escapeHtml(c.t(`summary.consent.${key}`));
  const body = rows.map((row) => {
    const categories = (row.categories ?? {}) as Record<string, unknown>;
    const choices = Object.entries(categories)
      .map(([key, v]) => c.t(v === true ? "summary.consent.allowed" : "summary.consent.not_allowed", { category: KNOWN(c, "summary.category", key, labelOf(key)) }))
      .join("; ");
    const where = [row.region ? c.t("summary.consent.region", { region: displayText(row.region) }) : null, row.gpc === true ? c.t("summary.consent.gpc") : null].filter(Boolean).join(", ");
    return `<tr><td>${escapeHtml(c.date(row.recordedAt))}</td><td>${escapeHtml(KNOWN(c, "summary.consent", row.action, words(row.action)))}</td><td>${escapeHtml(choices || "—")}</td><td>${escapeHtml(where || "—")}</td><td>${escapeHtml(displayText(row.noticeVersion))}</td></tr>`;
  });
  return `<table class="list"><thead><tr><th scope="col">${k("when")}</th><th scope="col">${k("choice")}</th><th scope="col">${k("categories")}</th><th scope="col">${k("where")}</th><th scope="col">${k("notice_version")}</th></tr></thead><tbody>${body.join("")}</tbody></table>`;
}

const TOPIC_KEYS: Record<string, string> = { "customers/data_request": "data_request", "customers/redact": "customers_redact", "shop/redact": "shop_redact" };

function shopifyNotices(c: Ctx, rows: Row[]): string {
  return list(
    rows.map((w) => `${escapeHtml(c.date(w.receivedAt))}: ${escapeHtml(TOPIC_KEYS[String(w.topic)] ? c.t(`summary.topic.${TOPIC_KEYS[String(w.topic)]}`) : displayText(w.topic))} (${escapeHtml(words(w.status))})`),
    c.t("summary.none"),
  );
}

function auditTrail(c: Ctx, rows: Row[]): string {
  return list(rows.map((a) => `${escapeHtml(c.date(a.at))}: ${escapeHtml(labelOf(String(a.action ?? "")))}${by(c, a.by)}`), c.t("summary.none"));
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
  const locale = input.locale ?? "en";
  const zone = input.timeZone ?? "UTC";
  const c = context(locale, zone);
  const s = (key: string, values: Record<string, unknown> = {}) => c.t(`summary.${key}`, values);
  const title = s("title", { shop: input.shopDomain });
  const parts: string[] = [];
  const prepared = input.reference ? s("prepared_for", { date: c.date(input.generatedAt), reference: input.reference }) : s("prepared", { date: c.date(input.generatedAt) });
  parts.push(`<header><h1>${escapeHtml(title)}</h1><p class="meta">${escapeHtml(prepared)} ${escapeHtml(s("about", { zone }))}</p></header>`);
  if (shopify === undefined) {
    parts.push(section("profile", s("section.profile"), `<p class="note">${escapeHtml(s("note.shopify_own"))}</p>`));
  } else if (!shopify) {
    parts.push(section("profile", s("section.profile"), `<p class="note">${escapeHtml(s("note.not_linked"))}</p>`));
  } else {
    const customer = shopify.customer;
    parts.push(section("profile", s("section.profile"), customer ? profile(c, customer) : `<p class="none">${escapeHtml(s("note.no_customer"))}</p>`));
    parts.push(section("addresses", s("section.addresses"), addresses(c, shopify.addresses, customer?.defaultAddress as Row | null | undefined)));
    parts.push(section("orders", s("section.orders", { count: shopify.orders.length }), (shopify.ordersWithMoreLineItems.length ? `<p class="note">${escapeHtml(s("note.more_items", { orders: shopify.ordersWithMoreLineItems.join(", ") }))}</p>` : "") + orders(c, shopify.orders)));
    parts.push(section("consent", s("section.consent"), marketing(c, customer)));
    const tags = Array.isArray(customer?.tags) ? (customer.tags as unknown[]) : [];
    parts.push(section("tags", s("section.tags"), tags.length ? `<ul class="tags">${tags.map((t) => `<li>${escapeHtml(displayText(t))}</li>`).join("")}</ul>` : `<p class="none">${escapeHtml(s("none"))}</p>`));
    parts.push(section("metafields", s("section.metafields"), metafields(c, shopify.metafields)));
    if (shopify.withheld.length) {
      parts.push(section("withheld", s("section.withheld"), `<p class="note">${escapeHtml(s("note.withheld"))}</p>${list(shopify.withheld.map((w) => escapeHtml(labelOf(w.path.replace(/^customer\./, "")))), s("none"))}`));
    }
  }
  parts.push(section("requests", s("section.requests"), requests(c, input.app.requests)));
  parts.push(section("consent-records", s("section.consent_records"), consentHistory(c, input.app.consentRecords)));
  parts.push(section("webhooks", s("section.webhooks"), shopifyNotices(c, input.app.shopifyWebhooks)));
  parts.push(section("audit", s("section.audit"), auditTrail(c, input.app.auditReferences)));
  return (
    `<!DOCTYPE html>\n<html lang="${locale}"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">` +
    `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${parts.join("\n")}</main></body></html>\n`
  );
}
