export const REQUEST_TYPES = ["access", "portability", "rectification", "erasure", "do_not_sell"] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

export const REQUEST_STATUSES = [
  "received",
  "awaiting_verification",
  "verified",
  "in_progress",
  "awaiting_shopify",
  "completed",
  "rejected",
  "cancelled",
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const OPEN_STATUSES: readonly RequestStatus[] = ["received", "awaiting_verification", "verified", "in_progress", "awaiting_shopify"];
export const CLOSED_STATUSES: readonly RequestStatus[] = ["completed", "rejected", "cancelled"];

/** Allowed transitions. Anything else is an IllegalTransitionError, never a silent no-op. */
const TRANSITIONS: Record<RequestStatus, readonly RequestStatus[]> = {
  received: ["awaiting_verification", "verified", "rejected", "cancelled", "completed"],
  awaiting_verification: ["verified", "rejected", "cancelled", "completed"],
  verified: ["in_progress", "awaiting_shopify", "completed", "rejected", "cancelled"],
  in_progress: ["awaiting_shopify", "completed", "rejected", "cancelled"],
  awaiting_shopify: ["completed", "in_progress", "cancelled"],
  completed: [],
  rejected: [],
  cancelled: [],
};

/** Transitions that must carry a reason (shown to the requester or kept for the regulator). */
const REASON_REQUIRED: readonly RequestStatus[] = ["rejected", "cancelled"];

export class RequestError extends Error {
  override readonly name = "RequestError";
  constructor(
    readonly code: "ILLEGAL_TRANSITION" | "REASON_REQUIRED" | "EXTENSION_NOT_ALLOWED" | "INTEGRITY_MISMATCH" | "NOT_FOUND" | "CONFLICT",
    message: string,
  ) {
    super(message);
  }
}

export function canTransition(from: RequestStatus, to: RequestStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function assertTransition(from: RequestStatus, to: RequestStatus, reason: string | null | undefined): void {
  if (!canTransition(from, to)) throw new RequestError("ILLEGAL_TRANSITION", `a request cannot go from ${from} to ${to}`);
  if (REASON_REQUIRED.includes(to) && !reason?.trim()) throw new RequestError("REASON_REQUIRED", `moving a request to ${to} needs a reason`);
}

export function isOpen(status: string): boolean {
  return (OPEN_STATUSES as readonly string[]).includes(status);
}
