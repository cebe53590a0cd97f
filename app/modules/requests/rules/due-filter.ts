// Which open requests count as overdue or due within 7 days, as a database filter: against the
// deadline in force (the extended one when extended). Shared by the request list's `due` filter and
// the overview's counts, so a count and the list it links to always agree.
import { OPEN_STATUSES } from "./states";

const WEEK_MS = 7 * 86_400_000;

type Range = { lt: Date } | { gte: Date; lte: Date };

export type DueFilter = "overdue" | "week" | "open";

export function dueWhere(due: DueFilter, now: Date) {
  const range: Range | null = due === "overdue" ? { lt: now } : due === "week" ? { gte: now, lte: new Date(now.getTime() + WEEK_MS) } : null;
  return {
    status: { in: [...OPEN_STATUSES] },
    ...(range ? { OR: [{ extendedDueAt: null, dueAt: range }, { extendedDueAt: range }] } : {}),
  };
}
