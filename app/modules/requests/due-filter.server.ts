import type { Prisma } from "@prisma/client";
import { OPEN_STATUSES } from "./rules/states";
import { dueSoonHorizon, type DueState } from "./rules/due";

/** Open requests in a due state, by the deadline in force (the extended one where there is one): rules/due.ts in SQL. */
export function dueStateWhere(state: Exclude<DueState, "closed" | "on_track"> | "overdue_or_due_soon", now: Date): Prisma.PrivacyRequestWhereInput {
  const range = state === "overdue" ? { lt: now } : state === "due_soon" ? { gte: now, lte: dueSoonHorizon(now) } : { lte: dueSoonHorizon(now) };
  return { status: { in: [...OPEN_STATUSES] }, OR: [{ extendedDueAt: null, dueAt: range }, { extendedDueAt: range }] };
}
