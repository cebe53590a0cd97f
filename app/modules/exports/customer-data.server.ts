import { eraseCustomerRows } from "../../platform/protected-data/redaction.server";
import { cipherContext } from "../../platform/protected-data/registry";
import { createHash } from "node:crypto";
import type { Tx } from "../../platform/db.server";
import { decryptField, encryptField, type KeyRing } from "../../platform/crypto";
import { canonicalJson } from "../audit/rules";
import { flatten, summaryHtml } from "./rules/summary-html";
import { negotiateLocale } from "../../platform/i18n/locales";
import { storedShopProfile } from "../shop-profile/shop-profile.server";
import type { Row, ShopifyExport } from "./rules/shopify-export";
import { env } from "../../platform/env.server";

export interface CustomerRefs {
  customerRef: string | null;
  emailRef: string | null;
  phoneRef: string | null;
}

function refList(refs: CustomerRefs): string[] {
  return [refs.customerRef, refs.emailRef, refs.phoneRef].filter((r): r is string => Boolean(r));
}

// shopDomain sits inside every OR branch, not beside the OR: SQLite uses an index for an OR only
// when each branch can use one by itself, so `shop AND (a OR b)` scanned the whole shop (12x slower
// at 1M rows) while `(shop AND a) OR (shop AND b)` uses the (shopDomain, ref) indexes.

/** Requests that name this person by customer id, email or phone (blind indexes only). */
function requestMatch(shopDomain: string, refs: CustomerRefs) {
  const or = [
    refs.customerRef ? { shopDomain, customerRef: refs.customerRef } : null,
    refs.emailRef ? { shopDomain, emailRef: refs.emailRef } : null,
    refs.phoneRef ? { shopDomain, phoneRef: refs.phoneRef } : null,
  ].filter((c): c is NonNullable<typeof c> => c !== null);
  return { OR: or.length ? or : [{ id: "__none__" }] };
}

/** Rows of a request-linked table for these requests or this customer. Request ids are shop-scoped already. */
function open(ring: KeyRing, value: string | null, context: string): string | null {
  return value ? decryptField(ring, value, context) : null;
}

/**
 * Everything the app holds about one person in one shop, decrypted, for an access/portability
 * answer: requests with their timelines and messages, verification history (times and attempts,
 * never code hashes), export files (metadata), consent records, webhook deliveries and audit
 * references.
 */
export async function collectCustomerData(tx: Tx, shopDomain: string, refs: CustomerRefs) {
  const ring = env().keyRing;
  const requests = await tx.privacyRequest.findMany({ where: requestMatch(shopDomain, refs), orderBy: { receivedAt: "asc" } });
  const requestIds = requests.map((r) => r.id);
  const [transitions, messages, codes, exports] = await Promise.all([
    tx.requestTransition.findMany({ where: { shopDomain, requestId: { in: requestIds } }, orderBy: { at: "asc" } }),
    tx.requestMessage.findMany({ where: { shopDomain, requestId: { in: requestIds } }, orderBy: { createdAt: "asc" } }),
    tx.verificationCode.findMany({ where: { shopDomain, requestId: { in: requestIds } }, orderBy: { createdAt: "asc" } }),
    tx.exportFile.findMany({ where: { shopDomain, requestId: { in: requestIds } }, select: { id: true, requestId: true, format: true, bytes: true, createdAt: true, expiresAt: true } }),
  ]);
  const consent = refs.customerRef
    ? await tx.consentRecord.findMany({ where: { shopDomain, customerRef: refs.customerRef }, orderBy: { recordedAt: "asc" } })
    : [];
  const webhooks = refs.customerRef
    ? await tx.webhookEvent.findMany({ where: { shopDomain, customerRef: refs.customerRef }, select: { id: true, topic: true, receivedAt: true, status: true } })
    : [];
  const audit = await tx.auditEntry.findMany({
    where: { OR: [{ shopDomain, subjectRef: { in: refList(refs) } }, { shopDomain, subjectId: { in: requestIds } }] },
    select: { seq: true, action: true, actorType: true, occurredAt: true, hash: true },
    orderBy: { seq: "asc" },
  });
  return {
    shopDomain,
    requests: requests.map((r) => ({
      reference: r.reference,
      type: r.type,
      status: r.status,
      source: r.source,
      regulation: r.regulation,
      receivedAt: r.receivedAt,
      dueAt: r.extendedDueAt ?? r.dueAt,
      closedAt: r.closedAt,
      customerId: open(ring, r.customerIdCipher, cipherContext.privacyRequest(r.id, "customerId")),
      email: open(ring, r.emailCipher, cipherContext.privacyRequest(r.id, "email")),
      phone: open(ring, r.phoneCipher, cipherContext.privacyRequest(r.id, "phone")),
      name: open(ring, r.nameCipher, cipherContext.privacyRequest(r.id, "name")),
      details: open(ring, r.detailsCipher, cipherContext.privacyRequest(r.id, "details")),
      timeline: transitions.filter((t) => t.requestId === r.id).map((t) => ({ from: t.fromStatus, to: t.toStatus, at: t.at, by: t.actorType, reason: t.reason })),
      messages: messages.filter((m) => m.requestId === r.id).map((m) => ({ kind: m.kind, at: m.createdAt, text: open(ring, m.bodyCipher, cipherContext.requestMessage(m.id)) })),
      verificationHistory: codes.filter((c) => c.requestId === r.id).map((c) => ({ sentAt: c.createdAt, expiresAt: c.expiresAt, attempts: c.attempts, confirmedAt: c.consumedAt })),
      exports: exports.filter((e) => e.requestId === r.id).map((e) => ({ format: e.format, bytes: e.bytes, createdAt: e.createdAt, expiresAt: e.expiresAt })),
    })),
    consentRecords: consent.map((c) => ({
      recordedAt: c.recordedAt,
      noticeVersion: c.noticeVersion,
      action: c.action,
      categories: JSON.parse(c.categories) as Record<string, boolean>,
      region: c.region,
      gpc: c.gpc,
    })),
    shopifyWebhooks: webhooks.map((w) => ({ topic: w.topic, receivedAt: w.receivedAt, status: w.status })),
    auditReferences: audit.map((a) => ({ seq: a.seq, action: a.action, by: a.actorType, at: a.occurredAt, hash: a.hash })),
  };
}

export type CustomerData = Awaited<ReturnType<typeof collectCustomerData>>;

function csvCell(value: unknown): string {
  const text = value instanceof Date ? value.toISOString() : value === null || value === undefined ? "" : typeof value === "object" ? canonicalJson(value) : String(value);
  // Quote always; neutralise spreadsheet formulas (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replaceAll('"', '""')}"`;
}

/**
 * What an export holds: the app's data, and Shopify's for staff-run exports (`null`: the request is
 * not linked to a Shopify customer; absent: Shopify's data is not part of this export, as for
 * customers/data_request, where Shopify answers for its own data).
 */
export type ExportData = CustomerData & { shopify?: ShopifyExport | null };

const NOT_LINKED = "This request is not linked to a Shopify customer: only the app's data is included.";

function shopifyCsvRows(shopify: ShopifyExport | null | undefined): unknown[][] {
  if (shopify === undefined) return [];
  if (!shopify) return [["shopify", "", "note", NOT_LINKED]];
  const rows: unknown[][] = [["shopify", "", "method", shopify.method]];
  const add = (section: string, item: string | number, row: Row) => {
    for (const [field, value] of flatten(row)) rows.push([section, item, field, value]);
  };
  if (shopify.customer) add("shopify_customer", 1, shopify.customer);
  shopify.addresses.forEach((a, i) => add("shopify_address", i + 1, a));
  shopify.metafields.forEach((m, i) => add("shopify_metafield", i + 1, m));
  shopify.orders.forEach((order, i) => {
    const { lineItems, ...rest } = order;
    add("shopify_order", i + 1, rest);
    if (Array.isArray(lineItems)) (lineItems as Row[]).forEach((item, j) => add("shopify_order_line_item", `${i + 1}.${j + 1}`, item));
  });
  shopify.withheld.forEach((w, i) => add("shopify_withheld", i + 1, { ...w }));
  return rows;
}

/** One row per fact: section, item, field, value. Opens in any spreadsheet, diffable, complete. */
export function customerDataCsv(data: ExportData): string {
  const rows: unknown[][] = [["section", "item", "field", "value"], ...shopifyCsvRows(data.shopify)];
  data.requests.forEach((r, i) => {
    for (const [field, value] of Object.entries(r)) rows.push(["request", i + 1, field, value]);
  });
  data.consentRecords.forEach((c, i) => {
    for (const [field, value] of Object.entries(c)) rows.push(["consent", i + 1, field, value]);
  });
  data.shopifyWebhooks.forEach((w, i) => {
    for (const [field, value] of Object.entries(w)) rows.push(["shopify_webhook", i + 1, field, value]);
  });
  data.auditReferences.forEach((a, i) => {
    for (const [field, value] of Object.entries(a)) rows.push(["audit", i + 1, field, value]);
  });
  return `${rows.map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`;
}

export const EXPORT_FORMATS = ["json", "csv", "html"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Stores the export files (encrypted) for a request; returns their ids. */
export async function storeExports(tx: Tx, shopDomain: string, requestId: string, customerRef: string | null, data: ExportData, now: Date, ttlMs: number, reference: string | null = null) {
  const ring = env().keyRing;
  // The readable summary speaks the requester's language, with times in the shop's zone.
  const stored = await tx.privacyRequest.findUnique({ where: { id: requestId }, select: { locale: true } });
  const { timeZone, primaryLocale } = await storedShopProfile(tx, shopDomain);
  const locale = negotiateLocale(stored?.locale, primaryLocale);
  const { shopify, ...app } = data;
  const contents: Record<ExportFormat, string> = {
    json: `${JSON.stringify({ generatedAt: now.toISOString(), ...app, ...(shopify === undefined ? {} : { shopify: shopify ?? { note: NOT_LINKED } }) }, null, 2)}\n`,
    csv: customerDataCsv(data),
    html: summaryHtml({ generatedAt: now, shopDomain, reference, shopify, app, locale, timeZone }),
  };
  const ids: string[] = [];
  for (const format of EXPORT_FORMATS) {
    const id = `exp_${createHash("sha256").update(`${requestId}:${format}:${now.getTime()}`).digest("hex").slice(0, 24)}`;
    const body = contents[format];
    await tx.exportFile.create({
      data: {
        id,
        shopDomain,
        requestId,
        customerRef,
        format,
        contentCipher: encryptField(ring, body, cipherContext.exportFile(id)),
        sha256: createHash("sha256").update(body).digest("hex"),
        bytes: Buffer.byteLength(body),
        createdAt: now,
        expiresAt: new Date(now.getTime() + ttlMs),
      },
    });
    ids.push(id);
  }
  return ids;
}

/**
 * Erases everything the app holds about one person in one shop: messages, verification codes,
 * export files and consent records are deleted; requests are kept as anonymous shells (type,
 * dates, status) so the shop can still show it met its deadlines; webhook payloads naming the
 * person are dropped. Found through blind indexes, so the cost depends on this person's rows,
 * not on the size of the shop. Safe to run again: a second run finds nothing.
 */
export async function eraseCustomerData(tx: Tx, shopDomain: string, refs: CustomerRefs) {
  const requests = await tx.privacyRequest.findMany({ where: requestMatch(shopDomain, refs), select: { id: true } });
  const requestIds = requests.map((r) => r.id);
  const counts = await eraseCustomerRows(tx, shopDomain, refs.customerRef, requestIds);
  return { requestIds, counts };
}
