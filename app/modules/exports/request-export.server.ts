import type { PrivacyRequest } from "@prisma/client";
import { cipherContext } from "../../platform/protected-data/registry";
import { db, type Tx } from "../../platform/db.server";
import { encryptField } from "../../platform/crypto";
import { orderFromPage, ordersFromBulkJsonl, splitCustomer, type Row, type ShopifyExport, type WithheldField } from "./rules/shopify-export";
import { env } from "../../platform/env.server";
import { PermanentJobError } from "../../jobs/worker.server";
import { log } from "../../platform/logger.server";
import { BULK_OPERATION_STATUS, CUSTOMER_BULK_ORDERS_EXPORT, CUSTOMER_EXPORT, CUSTOMER_ORDERS_PAGE, customerOrdersBulkQuery } from "../../platform/shopify/operations";
import { appendAudit } from "../audit/audit.server";
import { collectCustomerData, storeExports } from "./customer-data.server";
import { customerGidOf } from "../requests/customer-id.server";
import { linkShopifyCustomer } from "../requests/customer-link.server";
import { loadForChange, transitionRequest, withIntegrityAudit } from "../requests/requests.server";
import { retentionSettings } from "../retention/retention.server";
import { AdminApiError, adminGraphql } from "../../platform/shopify/admin-client.server";
import { exportProblemText, INTERNAL_PROBLEM } from "../admin-i18n/rules/shopify-messages";

export const EXPORT_STAGES = ["queued", "customer", "orders", "bulk_running", "bulk_download", "writing", "done", "failed"] as const;
export type ExportStage = (typeof EXPORT_STAGES)[number];
const ACTIVE_STAGES: readonly ExportStage[] = ["queued", "customer", "orders", "bulk_running", "bulk_download", "writing"];
/** A run whose row has not moved for this long is taken as abandoned (its worker died); a new one may start. */
const STALE_AFTER_MS = 15 * 60_000;
const BULK_POLL_MAX_MS = 3_000;
const BULK_POLL_DEADLINE_MS = 6 * 3_600_000;

interface UserError {
  field?: string[] | null;
  message: string;
}

interface ProgressUpdate {
  stage: ExportStage;
  method?: "pages" | "bulk";
  ordersDone?: number;
  ordersTotal?: number | null;
  problem?: string | null;
}

/** Marks an export as queued, in the transaction that enqueues its job; refuses a second concurrent run. */
export async function queueExportProgress(tx: Tx, shopDomain: string, requestId: string, now: Date): Promise<boolean> {
  const current = await tx.exportProgress.findUnique({ where: { requestId } });
  if (current && ACTIVE_STAGES.includes(current.stage as ExportStage) && now.getTime() - current.updatedAt.getTime() < STALE_AFTER_MS) return false;
  const fresh = { shopDomain, stage: "queued", method: null, ordersDone: 0, ordersTotal: null, problem: null, startedAt: now };
  await tx.exportProgress.upsert({ where: { requestId }, create: { requestId, ...fresh }, update: fresh });
  return true;
}

function reporter(shopDomain: string, requestId: string, startedAt: Date) {
  return (update: ProgressUpdate, tx: Tx = db()) =>
    tx.exportProgress.upsert({ where: { requestId }, create: { requestId, shopDomain, startedAt, ...update }, update });
}
type Report = ReturnType<typeof reporter>;

interface ExportCustomer {
  customer: (Row & { numberOfOrders?: string | number; addressesV2?: Connection; metafields?: Connection }) | null;
}
interface Connection {
  nodes: Row[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
interface OrdersPage {
  customer: { orders: Connection } | null;
}
interface BulkStarted {
  bulkOperationRunQuery: { bulkOperation: { id: string; status: string } | null; userErrors: UserError[] };
}
interface BulkStatus {
  bulkOperation: { id: string; status: string; errorCode: string | null; rootObjectCount: string; objectCount: string; url: string | null } | null;
}

function refuseUserErrors(errors: UserError[] | undefined): void {
  if (errors?.length) throw new AdminApiError("USER_ERROR", errors.map((e) => e.message).join("; ").slice(0, 500));
}

/** The customer record with every address and metafield page. */
async function readCustomer(shop: string, id: string, withheld: WithheldField[]) {
  const first = await adminGraphql<ExportCustomer>(shop, "CustomerExport", CUSTOMER_EXPORT, { id });
  withheld.push(...first.partialErrors);
  const customer = first.data.customer;
  if (!customer) return null;
  const { profile, addresses, metafields } = splitCustomer(customer);
  let addressPage = customer.addressesV2?.pageInfo;
  while (addressPage?.hasNextPage) {
    const next = await adminGraphql<ExportCustomer>(shop, "CustomerExport", CUSTOMER_EXPORT, { id, addressesAfter: addressPage.endCursor, metafieldsFirst: 0 });
    addresses.push(...(next.data.customer?.addressesV2?.nodes ?? []));
    addressPage = next.data.customer?.addressesV2?.pageInfo;
  }
  let metafieldPage = customer.metafields?.pageInfo;
  while (metafieldPage?.hasNextPage) {
    const next = await adminGraphql<ExportCustomer>(shop, "CustomerExport", CUSTOMER_EXPORT, { id, metafieldsAfter: metafieldPage.endCursor, addressesFirst: 0 });
    metafields.push(...(next.data.customer?.metafields?.nodes ?? []));
    metafieldPage = next.data.customer?.metafields?.pageInfo;
  }
  return { profile, addresses, metafields, orderCount: Number(customer.numberOfOrders ?? 0) };
}

async function ordersByPages(shop: string, customerId: string, total: number, withheld: WithheldField[], report: Report) {
  const orders: Row[] = [];
  const truncated: string[] = [];
  let after: string | null = null;
  do {
    const page: Awaited<ReturnType<typeof adminGraphql<OrdersPage>>> = await adminGraphql<OrdersPage>(shop, "CustomerOrdersPage", CUSTOMER_ORDERS_PAGE, { customerId, first: 25, after });
    withheld.push(...page.partialErrors);
    const connection = page.data.customer?.orders;
    if (!connection) break;
    for (const node of connection.nodes) {
      const { order, moreLineItems } = orderFromPage(node);
      orders.push(order);
      if (moreLineItems) truncated.push(String(order.name ?? order.id));
    }
    await report({ stage: "orders", method: "pages", ordersDone: orders.length, ordersTotal: total });
    after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
  } while (after);
  return { orders, truncated };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** bulkOperationRunQuery, then bulkOperation(id:) until it finishes, then its JSONL. */
async function ordersByBulk(shop: string, customerId: string, total: number, report: Report): Promise<Row[]> {
  const started = await adminGraphql<BulkStarted>(shop, "CustomerBulkOrdersExport", CUSTOMER_BULK_ORDERS_EXPORT, { query: customerOrdersBulkQuery(customerId) });
  // e.g. another bulk query of this app still running in the shop: the job retries later.
  refuseUserErrors(started.data.bulkOperationRunQuery.userErrors);
  const id = started.data.bulkOperationRunQuery.bulkOperation?.id;
  if (!id) throw new AdminApiError("GRAPHQL_ERROR", "Shopify started no bulk operation");
  await report({ stage: "bulk_running", method: "bulk", ordersDone: 0, ordersTotal: total });
  const deadline = Date.now() + BULK_POLL_DEADLINE_MS;
  for (let poll = 0; ; poll++) {
    await pause(poll === 0 ? 0 : Math.min(200 * 2 ** (poll - 1), BULK_POLL_MAX_MS));
    const { data } = await adminGraphql<BulkStatus>(shop, "BulkOperationStatus", BULK_OPERATION_STATUS, { id });
    const operation = data.bulkOperation;
    if (!operation) throw new AdminApiError("GRAPHQL_ERROR", "Shopify lost the bulk operation");
    if (operation.status === "COMPLETED") {
      await report({ stage: "bulk_download", method: "bulk", ordersDone: Number(operation.rootObjectCount), ordersTotal: total });
      if (!operation.url) return []; // Shopify gives no file when nothing matched
      const response = await fetch(operation.url, { signal: AbortSignal.timeout(10 * 60_000) }).catch((error: unknown) => {
        throw new AdminApiError("HTTP_ERROR", `the bulk result download failed (${error instanceof Error ? error.name : "error"})`);
      });
      if (!response.ok) throw new AdminApiError("HTTP_ERROR", `the bulk result download answered ${response.status}`);
      return ordersFromBulkJsonl(await response.text());
    }
    if (!["CREATED", "RUNNING"].includes(operation.status)) {
      throw new AdminApiError("GRAPHQL_ERROR", `the bulk operation ended ${operation.status}${operation.errorCode ? ` (${operation.errorCode})` : ""}`);
    }
    if (Date.now() > deadline) throw new AdminApiError("GRAPHQL_ERROR", "the bulk operation did not finish in time");
    await report({ stage: "bulk_running", method: "bulk", ordersDone: Number(operation.rootObjectCount), ordersTotal: total });
  }
}

/** Shopify's side of the export: profile, addresses, metafields, consent, and every order. */
export async function readShopifyExport(shop: string, customerId: string, bulkAbove: number, report: Report): Promise<ShopifyExport> {
  const withheld: WithheldField[] = [];
  await report({ stage: "customer" });
  const customer = await readCustomer(shop, customerId, withheld);
  if (!customer) return { method: "pages", customer: null, addresses: [], metafields: [], orders: [], withheld, ordersWithMoreLineItems: [] };
  const total = customer.orderCount;
  if (total > bulkAbove) {
    const orders = await ordersByBulk(shop, customerId, total, report);
    return { method: "bulk", customer: customer.profile, addresses: customer.addresses, metafields: customer.metafields, orders, withheld, ordersWithMoreLineItems: [] };
  }
  const { orders, truncated } = await ordersByPages(shop, customerId, total, withheld, report);
  return { method: "pages", customer: customer.profile, addresses: customer.addresses, metafields: customer.metafields, orders, withheld, ordersWithMoreLineItems: truncated };
}

// Stored in English with the error's code; the request page says it in the admin's language.
function problemText(error: unknown): string {
  return error instanceof AdminApiError ? exportProblemText(error) : INTERNAL_PROBLEM;
}

/**
 * Job `request.export`: Shopify's customer record (profile, addresses, metafields, marketing
 * consent, tags) and every order — page by page, or as a bulk operation above
 * EXPORT_BULK_ORDERS_ABOVE orders — plus everything the app holds, stored as JSON, CSV and a
 * readable HTML summary. Progress is written as it goes for the request page. Fields Shopify
 * withheld (protected customer data not granted) are listed in the export and noted on the
 * request instead of failing it.
 */
export async function runRequestExport(requestId: unknown, staffId: unknown, now: Date): Promise<void> {
  if (typeof requestId !== "string") throw new PermanentJobError("BAD_JOB_PAYLOAD");
  const request: PrivacyRequest | null = await db().privacyRequest.findUnique({ where: { id: requestId } });
  if (!request) throw new PermanentJobError("REQUEST_GONE");
  const shop = request.shopDomain;
  const report = reporter(shop, requestId, now);
  try {
    const linked = await linkShopifyCustomer(request, now);
    const shopify = linked.customerIdCipher ? await readShopifyExport(shop, customerGidOf(linked), env().EXPORT_BULK_ORDERS_ABOVE, report) : null;
    await report({ stage: "writing" });
    const ttlMs = (await retentionSettings(shop)).exportLinkDays * 86_400_000;
    await withIntegrityAudit(shop, now, () =>
      db().$transaction(async (tx) => {
        let current = await loadForChange(tx, shop, requestId);
        const refs = { customerRef: current.customerRef, emailRef: current.emailRef, phoneRef: current.phoneRef };
        const appData = await collectCustomerData(tx, shop, refs);
        const files = await storeExports(tx, shop, requestId, current.customerRef, { ...appData, shopify }, now, ttlMs, current.reference);
        if (current.status === "verified") current = await transitionRequest(tx, current, "in_progress", { type: "system" }, "export ready", now);
        if (shopify?.withheld.length) {
          const note = await tx.requestMessage.create({ data: { shopDomain: shop, requestId, customerRef: current.customerRef, kind: "note", bodyCipher: "pending" } });
          const text = `Shopify withheld ${shopify.withheld.length} field(s) (protected customer data access not granted to the app): ${[...new Set(shopify.withheld.map((w) => w.path))].join(", ")}`;
          await tx.requestMessage.update({ where: { id: note.id }, data: { bodyCipher: encryptField(env().keyRing, text, cipherContext.requestMessage(note.id)) } });
        }
        await report({ stage: "done", ordersDone: shopify?.orders.length ?? 0 }, tx);
        await appendAudit(tx, {
          shopDomain: shop,
          actorType: "system",
          action: "export.created",
          subjectType: "privacy_request",
          subjectId: requestId,
          subjectRef: current.customerRef,
          metadata: { files: files.length, orders: shopify?.orders.length ?? 0, method: shopify?.method ?? null, withheldFields: shopify?.withheld.length ?? 0, requestedBy: typeof staffId === "string" ? staffId : null },
          occurredAt: now,
        });
      }),
    );
  } catch (error) {
    await report({ stage: "failed", problem: problemText(error) }).catch((reportError: unknown) =>
      log.warn("export progress could not be recorded", { requestId, error: reportError instanceof Error ? reportError.message : String(reportError) }),
    );
    throw error;
  }
}
