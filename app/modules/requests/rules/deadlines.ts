import { RequestError, type RequestType } from "./states";
import { REGULATION_RULES, rightRule, type Regulation, type Span } from "./regulations";

export type { Regulation } from "./regulations";

export type ClockStart = "receipt" | "verification";

export function spanLabel(span: Span): string {
  if ("months" in span) return `${span.months} month${span.months === 1 ? "" : "s"}`;
  if ("days" in span) return `${span.days} days`;
  return `${span.businessDays} business days`;
}

/** "GDPR access (art. 15): 1 month, extendable by 2 months" — shown to staff with the deadline. */
export function ruleLabel(regulation: Regulation, type: RequestType): string {
  const rule = rightRule(regulation, type);
  const extension = rule.extension ? `, extendable once by ${spanLabel(rule.extension)}` : ", no extension";
  return `${REGULATION_RULES[regulation].name} (${rule.basis}): ${spanLabel(rule.period)}${extension}`;
}

/**
 * Adds calendar months the way the EDPB/ICO read "one month": the same day number in the target
 * month, or that month's last day when it has no such day (31 Jan + 1 month = 28/29 Feb). Computed
 * in UTC on the instant, so the deadline is the same wall-clock time of day as the start.
 */
function addMonths(start: Date, months: number): Date {
  const y = start.getUTCFullYear();
  const m = start.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const day = Math.min(start.getUTCDate(), lastDay);
  return new Date(Date.UTC(y, m, day, start.getUTCHours(), start.getUTCMinutes(), start.getUTCSeconds(), start.getUTCMilliseconds()));
}

interface WallClock {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function wallClock(date: Date, timeZone: string): WallClock {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
    formatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(date).map((p) => [p.type, p.value]));
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second) };
}

/** The instant at which `timeZone`'s clocks show `wall` (the later one if a DST change repeats it). */
function instantOf(wall: WallClock, ms: number, timeZone: string): Date {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, ms);
  let guess = asUtc;
  for (let i = 0; i < 3; i++) {
    const seen = wallClock(new Date(guess), timeZone);
    const seenAsUtc = Date.UTC(seen.year, seen.month - 1, seen.day, seen.hour, seen.minute, seen.second, ms);
    const drift = seenAsUtc - asUtc;
    if (drift === 0) break;
    guess -= drift;
  }
  return new Date(guess);
}

/**
 * Business days: Monday to Friday on the calendar of the regulation's time zone. Public holidays
 * are NOT skipped (they count as business days), so the computed deadline is never later than the
 * law's; see docs/decisions/0010-rights-regulations.md. The count starts the day after receipt (a
 * request received on a Saturday has the Monday after as its first business day) and the deadline
 * keeps the local time of day of the start.
 */
export function addBusinessDays(start: Date, days: number, timeZone: string): Date {
  const local = wallClock(start, timeZone);
  const cursor = new Date(Date.UTC(local.year, local.month - 1, local.day));
  let counted = 0;
  while (counted < days) {
    cursor.setUTCDate(cursor.getUTCDate() + 1);
    const weekday = cursor.getUTCDay();
    if (weekday !== 0 && weekday !== 6) counted++;
  }
  return instantOf({ ...local, year: cursor.getUTCFullYear(), month: cursor.getUTCMonth() + 1, day: cursor.getUTCDate() }, start.getUTCMilliseconds(), timeZone);
}

function add(start: Date, span: Span, timeZone: string): Date {
  if ("months" in span) return addMonths(start, span.months);
  if ("days" in span) return new Date(start.getTime() + span.days * 86_400_000);
  return addBusinessDays(start, span.businessDays, timeZone);
}

export interface DeadlineInput {
  regulation: Regulation;
  type: RequestType;
  receivedAt: Date;
  verifiedAt: Date | null;
  /** The shop's rule for when the clock starts; "verification" only applies once identity is confirmed. */
  clockStart: ClockStart;
}

export interface Deadline {
  clockStartsAt: Date;
  dueAt: Date;
  /** The latest date an extension could reach, or null when the law allows none. */
  maxExtendedDueAt: Date | null;
  rule: string;
  clockRule: string;
}

function extendedFrom(regulation: Regulation, type: RequestType, clockStartsAt: Date, dueAt: Date): Date | null {
  const rule = rightRule(regulation, type);
  if (!rule.extension) return null;
  // Months count from when the clock started (GDPR: three months in all, so 31 Jan gives 30 Apr,
  // not 28 Feb + 2 months = 28 Apr); days count on from the original deadline.
  if ("months" in rule.extension && "months" in rule.period) return addMonths(clockStartsAt, rule.period.months + rule.extension.months);
  return add(dueAt, rule.extension, REGULATION_RULES[regulation].timeZone);
}

export function computeDeadline(input: DeadlineInput): Deadline {
  const rule = rightRule(input.regulation, input.type);
  const fromVerification = input.clockStart === "verification" && input.verifiedAt !== null;
  const clockStartsAt = fromVerification ? input.verifiedAt! : input.receivedAt;
  const dueAt = add(clockStartsAt, rule.period, REGULATION_RULES[input.regulation].timeZone);
  return {
    clockStartsAt,
    dueAt,
    maxExtendedDueAt: extendedFrom(input.regulation, input.type, clockStartsAt, dueAt),
    rule: ruleLabel(input.regulation, input.type),
    clockRule: fromVerification
      ? "The clock started when the requester's identity was confirmed (EDPB guidance on reasonable doubts)."
      : "The clock started when the request was received.",
  };
}

/**
 * The extended deadline. The extension must be decided and told to the requester before the
 * original deadline passes, and only once.
 */
export function extendDeadline(regulation: Regulation, type: RequestType, clockStartsAt: Date, dueAt: Date, now: Date, alreadyExtended: boolean): Date {
  const extended = extendedFrom(regulation, type, clockStartsAt, dueAt);
  if (!extended) throw new RequestError("EXTENSION_NOT_ALLOWED", `${ruleLabel(regulation, type)}: the law allows no extension`);
  if (alreadyExtended) throw new RequestError("EXTENSION_NOT_ALLOWED", "the deadline was already extended once");
  if (now.getTime() > dueAt.getTime()) throw new RequestError("EXTENSION_NOT_ALLOWED", "the original deadline has passed; it can no longer be extended");
  return extended;
}
