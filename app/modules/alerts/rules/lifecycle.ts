/** An alert's states and the moves between them. */
export const ALERT_STATUSES = ["new", "acknowledged", "resolved"] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
export type AlertMove = "acknowledge" | "resolve";

export class AlertError extends Error {
  override readonly name = "AlertError";
  constructor(
    readonly code: "NOT_FOUND" | "INVALID_MOVE" | "BAD_INPUT",
    message: string,
  ) {
    super(message);
  }
}

/** The status a move leads to, or null when it is not allowed from `from`. */
export function nextStatus(from: string, move: AlertMove): AlertStatus | null {
  if (move === "acknowledge") return from === "new" ? "acknowledged" : null;
  return from === "new" || from === "acknowledged" ? "resolved" : null;
}

/** The alerts list's filters: open = new or acknowledged. */
export const ALERT_FILTERS = ["open", "new", "acknowledged", "resolved", "all"] as const;
export type AlertFilter = (typeof ALERT_FILTERS)[number];
