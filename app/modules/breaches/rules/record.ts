import { z } from "zod";

/**
 * What a breach record is made of and how input is checked: categories, limits, the errors the
 * service throws, and the validation every caller gets (the time-dependent rules take `now`).
 */
export const BREACH_CATEGORIES = ["contact", "identity", "address", "orders", "payment", "account", "health", "children", "other"] as const;
export type BreachCategory = (typeof BREACH_CATEGORIES)[number];

export const BREACH_ACTIONS = [
  "breach.recorded",
  "breach.authority_notified",
  "breach.people_notified",
  "breach.notification_not_needed",
  "breach.containment_updated",
  "breach.closed",
  "breach.integrity_mismatch",
] as const;
export type BreachAction = (typeof BREACH_ACTIONS)[number];

export const MAX_TEXT = 5000;
export const MAX_REASON = 1000;
export const MAX_PEOPLE = 100_000_000;

export type BreachErrorCode = "INVALID_INPUT" | "NOT_FOUND" | "CONFLICT" | "INTEGRITY_MISMATCH";

export class BreachError extends Error {
  override readonly name = "BreachError";
  constructor(
    readonly code: BreachErrorCode,
    message: string,
    /** Per form field, for INVALID_INPUT. */
    readonly fieldErrors: Record<string, string> = {},
  ) {
    super(message);
  }
}

export class BreachIntegrityError extends BreachError {
  constructor(
    readonly breachId: string,
    readonly attempted: BreachAction,
  ) {
    super("INTEGRITY_MISMATCH", "This incident was changed outside the app; the change was refused and audited.");
  }
}


export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors: Record<string, string> = {};
  for (const issue of result.error.issues) fieldErrors[String(issue.path[0] ?? "form")] ??= issue.message;
  throw new BreachError("INVALID_INPUT", "Some fields need attention.", fieldErrors);
}

export const text = (label: string, max: number) =>
  z.string({ error: `${label} is required` }).trim().min(1, `${label} is required`).max(max, `${label} must be at most ${max.toLocaleString("en-US")} characters`);

const pastInstant = (label: string, now: Date) =>
  z.date({ error: `${label} must be a date and time` }).refine((d) => !Number.isNaN(d.getTime()), `${label} must be a date and time`).refine((d) => d.getTime() <= now.getTime(), `${label} cannot be in the future`);

export const recordSchema = (now: Date) =>
  z.object({
    discoveredAt: pastInstant("Discovery time", now),
    description: text("Description", MAX_TEXT),
    categories: z
      .array(z.enum(BREACH_CATEGORIES, { error: "Unknown data category" }), { error: "Choose at least one data category" })
      .min(1, "Choose at least one data category")
      // Stored in a fixed order, once each, so the same choice always hashes the same.
      .transform((chosen) => BREACH_CATEGORIES.filter((c) => chosen.includes(c))),
    approxPeopleAffected: z
      .number({ error: "Approximate number of people is required" })
      .int("Approximate number of people must be a whole number")
      .min(0, "Approximate number of people cannot be negative")
      .max(MAX_PEOPLE, `Approximate number of people must be at most ${MAX_PEOPLE.toLocaleString("en-US")}`),
    containment: z
      .string()
      .trim()
      .max(MAX_TEXT, `Containment steps must be at most ${MAX_TEXT.toLocaleString("en-US")} characters`)
      .nullish()
      .transform((v) => (v ? v : null)),
  });

export interface RecordBreachInput {
  discoveredAt: Date;
  description: string;
  categories: readonly string[];
  approxPeopleAffected: number;
  containment?: string | null;
}

export function notificationTime(row: { discoveredAt: Date }, at: Date, now: Date, label: string): Date {
  const result = pastInstant(label, now).safeParse(at);
  const problem = !result.success
    ? result.error.issues[0]?.message ?? `${label} is not valid`
    : result.data.getTime() < row.discoveredAt.getTime()
      ? `${label} cannot be before the breach was discovered`
      : null;
  if (problem) throw new BreachError("INVALID_INPUT", "Some fields need attention.", { at: problem });
  return at;
}

