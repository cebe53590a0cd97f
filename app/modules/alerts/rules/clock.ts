/** Working hours, deadlines and review periods. Pure: the clock is passed in. */

export interface LocalTime {
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  hour: number;
  minute: number;
  /** YYYY-MM-DD in the zone. */
  date: string;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let found = formatters.get(timeZone);
  if (!found) {
    found = new Intl.DateTimeFormat("en-US", { timeZone, weekday: "short", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    formatters.set(timeZone, found);
  }
  return found;
}

/** The wall-clock time at `at` in `timeZone` (UTC when the zone is unknown or invalid). */
export function localTime(at: Date, timeZone: string | null): LocalTime {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = formatter(timeZone ?? "UTC").formatToParts(at);
  } catch {
    parts = formatter("UTC").formatToParts(at);
  }
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return {
    weekday: WEEKDAYS[part("weekday")] ?? 1,
    hour: Number(part("hour")) % 24,
    minute: Number(part("minute")),
    date: `${part("year")}-${part("month")}-${part("day")}`,
  };
}

export interface WorkingHours {
  workStartHour: number;
  workEndHour: number;
  workDays: readonly number[];
}

/** Whether `at` is outside the shop's working hours ([start, end) on working days) in its time zone. */
export function outsideWorkingHours(at: Date, timeZone: string | null, hours: WorkingHours): boolean {
  const local = localTime(at, timeZone);
  if (!hours.workDays.includes(local.weekday)) return true;
  return local.hour < hours.workStartHour || local.hour >= hours.workEndHour;
}

export type DeadlineState = "due_soon" | "overdue";

/** Where an open request stands against its deadline, or null while it is comfortably inside it. */
export function deadlineState(dueAt: Date, now: Date, warningDays: number): DeadlineState | null {
  if (dueAt.getTime() <= now.getTime()) return "overdue";
  if (dueAt.getTime() - now.getTime() <= warningDays * 86_400_000) return "due_soon";
  return null;
}

/** When the next access review of a member is due: `months` after the last confirmation (or joining). */
export function reviewDueAt(since: Date, months: number): Date {
  const due = new Date(since.getTime());
  const day = due.getUTCDate();
  due.setUTCDate(1);
  due.setUTCMonth(due.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(due.getUTCFullYear(), due.getUTCMonth() + 1, 0)).getUTCDate();
  due.setUTCDate(Math.min(day, lastDay));
  return due;
}

export function reviewOverdue(since: Date, months: number, now: Date): boolean {
  return reviewDueAt(since, months).getTime() <= now.getTime();
}
