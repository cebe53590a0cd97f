import { canTransition, CLOSED_STATUSES, type RequestStatus, type RequestType } from "./states";

/**
 * What staff can do with a request, by its type and status: the one rule the request page shows
 * and the request actions enforce. Pure; the page imports it too.
 */
export const REQUEST_INTENTS = ["verify", "export", "erase", "cancel_erasure", "rectify", "do_not_sell", "set_regulation", "extend", "complete", "reject", "cancel", "note"] as const;
export type RequestIntent = (typeof REQUEST_INTENTS)[number];

/** Access and portability are answered with an export of the person's data. */
export const EXPORTED_TYPES: readonly RequestType[] = ["access", "portability"];
export const isExported = (type: string): boolean => (EXPORTED_TYPES as readonly string[]).includes(type);

/** Identity proven and not yet handed to Shopify: the states in which a right is carried out. */
export const READY_STATUSES: readonly RequestStatus[] = ["verified", "in_progress"];
export const isReady = (status: string): boolean => (READY_STATUSES as readonly string[]).includes(status);

/** The requester has proven who they are (a right may be, or is being, carried out). */
export const identityProven = (status: string): boolean => isReady(status) || status === "awaiting_shopify";

export const isClosed = (status: string): boolean => (CLOSED_STATUSES as readonly string[]).includes(status);

export interface ActionSubject {
  type: string;
  status: string;
  /** The deadline was extended already (once is the most any law allows). */
  extended: boolean;
  /** The law that applies allows an extension of this right at all (default: yes). */
  extendable?: boolean;
}

/** Why `intent` is refused for this request, in words for the merchant; null when it is allowed. */
export function refusalOf(intent: RequestIntent, r: ActionSubject): string | null {
  const status = r.status as RequestStatus;
  if (intent === "note") return null;
  if (isClosed(status)) return "this request is closed";
  switch (intent) {
    case "verify":
      return canTransition(status, "verified") ? null : "the requester is already verified";
    case "export":
      if (!isExported(r.type)) return "only access and portability requests are exported";
      return isReady(status) ? null : "verify the requester before exporting";
    case "erase":
      if (r.type !== "erasure") return "only erasure requests are erased";
      return isReady(status) ? null : "verify the requester before erasing";
    case "cancel_erasure":
      return status === "awaiting_shopify" ? null : "no erasure is pending for this request";
    case "rectify":
      if (r.type !== "rectification") return "only rectification requests change the customer record";
      return isReady(status) ? null : "verify the requester before changing their record";
    case "do_not_sell":
      return r.type === "do_not_sell" ? null : "only do-not-sell requests set the sale-of-data opt-out";
    case "set_regulation":
      return null;
    case "extend":
      if (r.extendable === false) return "the law that applies allows no extension";
      return r.extended ? "the deadline was already extended once" : null;
    case "complete":
      if (!canTransition(status, "completed")) return "this request can no longer be completed";
      // An opt-out of sale or sharing needs no proof of identity (CCPA/CPRA); every other right does.
      return r.type === "do_not_sell" || isReady(status) || status === "awaiting_shopify" ? null : "verify the requester before completing";
    case "reject":
      return canTransition(status, "rejected") ? null : "this request can no longer be rejected";
    case "cancel":
      return canTransition(status, "cancelled") ? null : "this request can no longer be cancelled";
  }
}

export function availableIntents(r: ActionSubject): RequestIntent[] {
  return REQUEST_INTENTS.filter((intent) => refusalOf(intent, r) === null);
}
