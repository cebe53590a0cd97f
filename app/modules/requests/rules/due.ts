import { isClosed } from "./actions";

const DAY_MS = 86_400_000;

/** "Due soon" everywhere (overview, list filter, digest): within this many days. */
export const DUE_SOON_DAYS = 7;

export type DueState = "closed" | "overdue" | "due_soon" | "on_track";

/** The deadline in force: the extended one where there is one. */
export const effectiveDueAt = (r: { dueAt: Date; extendedDueAt: Date | null }): Date => r.extendedDueAt ?? r.dueAt;

export const dueSoonHorizon = (now: Date): Date => new Date(now.getTime() + DUE_SOON_DAYS * DAY_MS);

export function dueState(r: { status: string; dueAt: Date; extendedDueAt: Date | null }, now: Date): DueState {
  if (isClosed(r.status)) return "closed";
  const due = effectiveDueAt(r).getTime();
  if (due < now.getTime()) return "overdue";
  return due <= dueSoonHorizon(now).getTime() ? "due_soon" : "on_track";
}
