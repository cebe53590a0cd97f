import type { Tx } from "../db.server";
import { delegateName, PROTECTED_MODELS, type ProtectedModel } from "./registry";

type Where = Record<string, unknown>;
/** The part of a Prisma delegate that redaction and rotation use; every model's delegate has it. */
export interface RowDelegate {
  findMany(args: { where: Where; take: number; orderBy?: Where }): Promise<Where[]>;
  updateMany(args: { where: Where; data: Where }): Promise<{ count: number }>;
  deleteMany(args: { where: Where }): Promise<{ count: number }>;
}

export function delegateOf(client: object, entry: ProtectedModel): RowDelegate {
  return (client as Record<string, RowDelegate>)[delegateName(entry.model)]!;
}

/**
 * shop/redact: every row of the shop, in every model the registry lists, as the registry says
 * (the delivery being processed and running jobs survive; the erasure record is kept as proof).
 * Returns rows removed per model.
 */
export async function eraseShopRows(tx: Tx, shopDomain: string, currentDeliveryId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const entry of PROTECTED_MODELS) {
    const where: Where = { [entry.shopColumn]: shopDomain };
    switch (entry.shopRedact) {
      case "keep-as-proof":
        continue;
      case "delete-except-current-delivery":
        where.id = { not: currentDeliveryId };
        break;
      case "delete-not-running":
        where.status = { not: "running" };
        break;
      case "delete":
        break;
    }
    counts[delegateName(entry.model)] = (await delegateOf(tx, entry).deleteMany({ where })).count;
  }
  return counts;
}

/**
 * customers/redact: rows that name the customer (by blind customer reference or through one of
 * their requests), in every model the registry links to customers, deleted or cleared as it says.
 * Requests themselves are anonymised by the requests module. Returns rows affected per model.
 */
export async function eraseCustomerRows(tx: Tx, shopDomain: string, customerRef: string | null, requestIds: readonly string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const entry of PROTECTED_MODELS) {
    const links = entry.linkedBy ?? [];
    const or: Where[] = [];
    if (links.includes("customerRef") && customerRef) or.push({ customerRef });
    if (links.includes("requestId") && requestIds.length) or.push({ requestId: { in: [...requestIds] } });
    if (or.length === 0) continue;
    const where: Where = { [entry.shopColumn]: shopDomain, OR: or };
    const rows = delegateOf(tx, entry);
    let count = 0;
    switch (entry.customerRedact) {
      case "delete":
        count = (await rows.deleteMany({ where })).count;
        break;
      case "delete-pending":
        // Emails not yet sent hold the address and the text; sent ones hold neither.
        count = (await rows.deleteMany({ where: { ...where, status: "pending" } })).count;
        break;
      case "clear-payload":
        count = (await rows.updateMany({ where, data: { payloadCipher: null, customerRef: null } })).count;
        break;
      case "anonymise-request":
      case "none":
        continue;
    }
    counts[delegateName(entry.model)] = count;
  }
  return counts;
}
