import type { Tx } from "../db.server";
import type { SqlUnit } from "../hot-sql.server";
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

/**
 * eraseCustomerRows for a customer with no requests, in plain SQL on the hot path (ADR 0014):
 * the same models and the same rule per model, read from the registry. Table names are the
 * Prisma model names (no @@map in models.prisma).
 */
export async function eraseCustomerRowsSql(unit: SqlUnit, shopDomain: string, customerRef: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const entry of PROTECTED_MODELS) {
    if (!(entry.linkedBy ?? []).includes("customerRef")) continue;
    const where = `"${entry.shopColumn}" = ? AND "customerRef" = ?`;
    const params = [shopDomain, customerRef];
    switch (entry.customerRedact) {
      case "delete":
        counts[delegateName(entry.model)] = await unit.run(`DELETE FROM "${entry.model}" WHERE ${where}`, params);
        break;
      case "delete-pending":
        counts[delegateName(entry.model)] = await unit.run(`DELETE FROM "${entry.model}" WHERE ${where} AND "status" = 'pending'`, params);
        break;
      case "clear-payload":
        counts[delegateName(entry.model)] = await unit.run(`UPDATE "${entry.model}" SET "payloadCipher" = NULL, "customerRef" = NULL WHERE ${where}`, params);
        break;
      case "anonymise-request":
      case "none":
        break;
    }
  }
  return counts;
}
