import { RequestError } from "./states";

export const REGULATIONS = ["gdpr", "uk_gdpr", "ccpa", "lgpd", "shopify"] as const;
export type Regulation = (typeof REGULATIONS)[number];

export type ClockStart = "receipt" | "verification";

interface Rule {
  /** Base period. */
  period: { months: number } | { days: number };
  /** One extension, if the law allows it. */
  extension: { months: number } | { days: number } | null;
  label: string;
}

export const DEADLINE_RULES: Record<Regulation, Rule> = {
  // GDPR art. 12(3): one month from receipt, extendable by two further months.
  gdpr: { period: { months: 1 }, extension: { months: 2 }, label: "GDPR art. 12(3): one month, extendable by two" },
  uk_gdpr: { period: { months: 1 }, extension: { months: 2 }, label: "UK GDPR art. 12(3): one month, extendable by two" },
  // CCPA/CPRA: 45 calendar days, extendable once by 45 with notice.
  ccpa: { period: { days: 45 }, extension: { days: 45 }, label: "CCPA/CPRA: 45 days, extendable once by 45" },
  // LGPD art. 19: 15 days for a full access report.
  lgpd: { period: { days: 15 }, extension: null, label: "LGPD art. 19: 15 days" },
  // Shopify's compliance webhooks: act within 30 days of the webhook.
  shopify: { period: { days: 30 }, extension: null, label: "Shopify compliance webhook: 30 days" },
};

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

function add(start: Date, span: { months: number } | { days: number }): Date {
  if ("months" in span) return addMonths(start, span.months);
  return new Date(start.getTime() + span.days * 86_400_000);
}

export interface DeadlineInput {
  regulation: Regulation;
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

export function computeDeadline(input: DeadlineInput): Deadline {
  const rule = DEADLINE_RULES[input.regulation];
  const fromVerification = input.clockStart === "verification" && input.verifiedAt !== null;
  const clockStartsAt = fromVerification ? input.verifiedAt! : input.receivedAt;
  const dueAt = add(clockStartsAt, rule.period);
  return {
    clockStartsAt,
    dueAt,
    maxExtendedDueAt: rule.extension
      ? "months" in rule.extension && "months" in rule.period
        ? addMonths(clockStartsAt, rule.period.months + rule.extension.months)
        : add(dueAt, rule.extension)
      : null,
    rule: rule.label,
    clockRule: fromVerification
      ? "The clock started when the requester's identity was confirmed (EDPB guidance on reasonable doubts)."
      : "The clock started when the request was received.",
  };
}

/**
 * The extended deadline. Months count from when the clock started (GDPR: three months in all from
 * receipt, so 31 Jan gives 30 Apr, not 28 Feb + 2 months = 28 Apr); days count on from the original
 * deadline. The extension must be decided and told to the requester before the original deadline
 * passes, and only once.
 */
export function extendDeadline(regulation: Regulation, clockStartsAt: Date, dueAt: Date, now: Date, alreadyExtended: boolean): Date {
  const rule = DEADLINE_RULES[regulation];
  if (!rule.extension) throw new RequestError("EXTENSION_NOT_ALLOWED", `${rule.label}: no extension is allowed`);
  if (alreadyExtended) throw new RequestError("EXTENSION_NOT_ALLOWED", "the deadline was already extended once");
  if (now.getTime() > dueAt.getTime()) throw new RequestError("EXTENSION_NOT_ALLOWED", "the original deadline has passed; it can no longer be extended");
  if ("months" in rule.extension && "months" in rule.period) return addMonths(clockStartsAt, rule.period.months + rule.extension.months);
  return add(dueAt, rule.extension);
}
