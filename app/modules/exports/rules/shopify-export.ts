/**
 * Shopify's side of an access/portability export in one shape, whether the orders came page by
 * page (CustomerOrdersPage) or from a bulk operation's JSONL (customerOrdersBulkQuery). Pure.
 */

export type Row = Record<string, unknown>;

export interface WithheldField {
  path: string;
  message: string;
}

export interface ShopifyExport {
  /** How the orders were read: `pages` (connection pages) or `bulk` (bulkOperationRunQuery). */
  method: "pages" | "bulk";
  /** The customer record without its connections; null when Shopify no longer has it. */
  customer: Row | null;
  addresses: Row[];
  metafields: Row[];
  /** Each order with `lineItems` as a plain list. */
  orders: Row[];
  /** Fields Shopify returned as null with an error (protected customer data not granted). */
  withheld: WithheldField[];
  /** Orders whose line items were cut at the page size (pages method only). */
  ordersWithMoreLineItems: string[];
}

function isRow(value: unknown): value is Row {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function nodesOf(connection: unknown): Row[] {
  if (!isRow(connection) || !Array.isArray(connection.nodes)) return [];
  return connection.nodes.filter(isRow);
}

/** Splits the CustomerExport `customer` into the profile and its address and metafield lists. */
export function splitCustomer(customer: Row | null): { profile: Row | null; addresses: Row[]; metafields: Row[] } {
  if (!customer) return { profile: null, addresses: [], metafields: [] };
  const { addressesV2, metafields, ...profile } = customer;
  return { profile, addresses: nodesOf(addressesV2), metafields: nodesOf(metafields) };
}

/** One CustomerOrdersPage node: `lineItems { nodes pageInfo }` becomes a list. */
export function orderFromPage(node: Row): { order: Row; moreLineItems: boolean } {
  const { lineItems, ...order } = node;
  const more = isRow(lineItems) && isRow(lineItems.pageInfo) && lineItems.pageInfo.hasNextPage === true;
  return { order: { ...order, lineItems: nodesOf(lineItems) }, moreLineItems: more };
}

/**
 * Orders from a bulk operation's JSONL: every line without `__parentId` is an order, every line
 * with one is a line item of that order (Shopify writes a parent before its children, but this
 * does not rely on it). Blank lines are skipped; a malformed line is an error.
 */
export function ordersFromBulkJsonl(text: string): Row[] {
  const orders: Row[] = [];
  const byId = new Map<string, Row[]>();
  const children: Row[] = [];
  text.split("\n").forEach((line, index) => {
    if (line.trim() === "") return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new Error(`bulk result line ${index + 1} is not JSON`);
    }
    if (!isRow(parsed)) throw new Error(`bulk result line ${index + 1} is not an object`);
    if (typeof parsed.__parentId === "string") children.push(parsed);
    else {
      const lineItems: Row[] = [];
      orders.push({ ...parsed, lineItems });
      if (typeof parsed.id === "string") byId.set(parsed.id, lineItems);
    }
  });
  for (const { __parentId, ...child } of children) {
    const list = byId.get(String(__parentId));
    if (!list) throw new Error("bulk result has a line item whose order is missing");
    list.push(child);
  }
  return orders;
}
