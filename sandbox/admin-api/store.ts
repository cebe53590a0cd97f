import type { SeedCustomer, SeedData, SeedMailingAddress, SeedOrder, SeedShop } from "./seed";

export interface ErasureRequest {
  requestedAt: string;
  /** Access token of the app that asked: only that app may cancel. */
  requestedBy: string;
}

export interface CustomerRecord extends SeedCustomer {
  erasure: ErasureRequest | null;
}

export type OrderRecord = SeedOrder;
export type AddressRecord = SeedMailingAddress;

export type BulkOperationStatus = "CANCELED" | "CANCELING" | "COMPLETED" | "CREATED" | "EXPIRED" | "FAILED" | "RUNNING";

export interface BulkOperationRecord {
  id: string;
  query: string;
  createdAt: string;
  completedAt: string | null;
  /** Status reads left that still report RUNNING before the operation completes. */
  pollsUntilComplete: number;
  /** Status reads it reports RUNNING in all (counts grow with each, as Shopify's do while it runs). */
  pollsTotal: number;
  status: BulkOperationStatus;
  /** Set from ShopState.bulkFailure at start: the operation ends FAILED with this code. */
  failWith: BulkOperationRecord["errorCode"];
  errorCode: "ACCESS_DENIED" | "INTERNAL_SERVER_ERROR" | "TIMEOUT" | null;
  jsonl: string;
  objectCount: number;
  rootObjectCount: number;
  requestedBy: string;
}

export interface ShopState {
  seed: Omit<SeedShop, "customers" | "orders">;
  customers: Map<string, CustomerRecord>;
  orders: Map<string, OrderRecord>;
  bulkOperations: Map<string, BulkOperationRecord>;
  /** When set, bulk operations started from now on end FAILED with this code instead of COMPLETED. */
  bulkFailure: BulkOperationRecord["errorCode"];
  /** Newly created ids (customers from dataSaleOptOut, bulk operations, metafields). */
  nextId: number;
}

export class StandinState {
  readonly shops = new Map<string, ShopState>();

  constructor(seed: SeedData) {
    for (const shopSeed of structuredClone(seed).shops) {
      const { customers, orders, ...shop } = shopSeed;
      this.shops.set(shop.domain, {
        seed: shop,
        customers: new Map(customers.map((customer) => [customer.id, { ...customer, erasure: null }])),
        orders: new Map(orders.map((order) => [order.id, order])),
        bulkOperations: new Map(),
        bulkFailure: null,
        nextId: 1,
      });
    }
    if (this.shops.size === 0) throw new Error("Admin API stand-in needs at least one shop in its seed");
  }

  /** The shop with `domain`, or the first seeded shop. */
  shop(domain?: string): ShopState {
    const shop = domain ? this.shops.get(domain) : this.shops.values().next().value;
    if (!shop) throw new Error(`No shop ${domain ?? "(default)"} in the stand-in`);
    return shop;
  }

  customer(id: string, domain?: string): CustomerRecord | undefined {
    return this.shop(domain).customers.get(id);
  }

  /** Orders of a customer, oldest first by id. */
  ordersOf(customerId: string, domain?: string): OrderRecord[] {
    return [...this.shop(domain).orders.values()].filter((order) => order.customerId === customerId);
  }

  /**
   * Carries out every pending `customerRequestDataErasure` the way Shopify eventually does: the
   * customer disappears and their orders lose the link and contact details. Returns erased ids.
   */
  completeDataErasures(domain?: string): string[] {
    const shop = this.shop(domain);
    const erased: string[] = [];
    for (const customer of [...shop.customers.values()]) {
      if (!customer.erasure) continue;
      shop.customers.delete(customer.id);
      for (const order of shop.orders.values()) {
        if (order.customerId !== customer.id) continue;
        order.customerId = null;
        order.email = null;
        order.phone = null;
        order.shippingAddress = null;
        order.billingAddress = null;
      }
      erased.push(customer.id);
    }
    return erased;
  }
}

export function nextGid(shop: ShopState, type: string): string {
  const id = shop.nextId;
  shop.nextId += 1;
  return `gid://shopify/${type}/${9900000000 + id}`;
}
