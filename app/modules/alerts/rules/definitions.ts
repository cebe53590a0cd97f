import type { JsonValue } from "../../../platform/canonical-json";
import { localTime, outsideWorkingHours } from "./clock";
import type { AlertThresholds } from "./thresholds";

/**
 * Which audit actions feed which alert rule. Evaluated for every appended entry, so the common case
 * (an action no rule watches) is one Map lookup; see docs/decisions/0015-alerts.md.
 */
export const ALERT_RULES = [
  "bulk_export",
  "access_failures",
  "mfa_failures",
  "role_change",
  "key_rotation",
  "audit_integrity",
  "dead_webhook_job",
  "request_deadline",
  "after_hours",
  "access_review",
] as const;
export type AlertRule = (typeof ALERT_RULES)[number];
export type Severity = "high" | "medium" | "low";

export const RULE_LABELS: Record<AlertRule, string> = {
  bulk_export: "Bulk export of personal data",
  access_failures: "Repeated failed codes or download links",
  mfa_failures: "Repeated failed step-up verification",
  role_change: "Role change",
  key_rotation: "Encryption keys rotated",
  audit_integrity: "Audit or record integrity failure",
  dead_webhook_job: "Compliance webhook job failed",
  request_deadline: "Request deadline",
  after_hours: "Personal data accessed outside working hours",
  access_review: "Access review overdue",
};

/** An appended audit entry as the rules see it. */
export interface AppendedEntry {
  shopDomain: string;
  actorType: string;
  actorId?: string | null;
  action: string;
  subjectType?: string | null;
  subjectId?: string | null;
  metadata?: { [key: string]: JsonValue };
  occurredAt: Date;
}

/** An alert to store, unless one with the same dedupeKey exists for the shop ("once per incident"). */
export interface AlertDraft {
  rule: AlertRule;
  severity: Severity;
  dedupeKey: string;
  actorId: string | null;
  sourceRef: string | null;
  subjectType: string | null;
  subjectId: string | null;
  count: number;
  details: { [key: string]: JsonValue };
}

export type CountedRule = "bulk_export" | "access_failures" | "mfa_failures";

/** A hit on a window counter: per staff member (actorId) or per client-address blind index (sourceRef). */
export interface CounterHit {
  rule: CountedRule;
  subject: string;
  actorId: string | null;
  sourceRef: string | null;
  action: string;
}

export type Step = { kind: "raise"; draft: AlertDraft } | { kind: "count"; hit: CounterHit } | { kind: "working_hours"; actorId: string; action: string };

type Trigger = (entry: AppendedEntry, seq: number) => Step | null;

const str = (value: JsonValue | undefined): string | null => (typeof value === "string" && value !== "" ? value : null);

const staffActor = (entry: AppendedEntry): string | null => (entry.actorType === "staff" && entry.actorId ? entry.actorId : null);

const perStaff =
  (rule: CountedRule): Trigger =>
  (entry) => {
    const actorId = staffActor(entry);
    return actorId ? { kind: "count", hit: { rule, subject: `staff:${actorId}`, actorId, sourceRef: null, action: entry.action } } : null;
  };

// The source is the keyed blind index of the client address that the failing endpoint recorded.
const perSource: Trigger = (entry) => {
  const source = str(entry.metadata?.source);
  return source ? { kind: "count", hit: { rule: "access_failures", subject: `source:${source}`, actorId: null, sourceRef: source, action: entry.action } } : null;
};

const duringWork: Trigger = (entry) => {
  const actorId = staffActor(entry);
  return actorId ? { kind: "working_hours", actorId, action: entry.action } : null;
};

const raise = (entry: AppendedEntry, rule: AlertRule, severity: Severity, dedupeKey: string, details: AlertDraft["details"] = {}): Step => ({
  kind: "raise",
  draft: { rule, severity, dedupeKey, actorId: entry.actorId ?? null, sourceRef: null, subjectType: entry.subjectType ?? null, subjectId: entry.subjectId ?? null, count: 1, details: { action: entry.action, ...details } },
});

/** Compliance webhook jobs: a dead one means a legal duty (answer, erase) is not being done. */
export const COMPLIANCE_JOB_KINDS: readonly string[] = ["webhook.customers/data_request", "webhook.customers/redact", "webhook.shop/redact"];

const integrity: Trigger = (entry) => raise(entry, "audit_integrity", "high", `integrity:${entry.subjectType ?? ""}:${entry.subjectId ?? ""}`);

/** Personal data handed out or shown to staff: what the bulk and working-hours rules watch. */
export const PERSONAL_DATA_EXPORTS = ["export.requested", "export.downloaded", "consent.exported"] as const;
export const PERSONAL_DATA_ACCESS = ["export.requested", "export.downloaded", "consent.exported", "customer.viewed", "customer.rectified"] as const;

function buildTriggers(): Map<string, readonly Trigger[]> {
  const map = new Map<string, Trigger[]>();
  const add = (action: string, trigger: Trigger) => map.set(action, [...(map.get(action) ?? []), trigger]);
  for (const action of PERSONAL_DATA_EXPORTS) add(action, perStaff("bulk_export"));
  for (const action of PERSONAL_DATA_ACCESS) add(action, duringWork);
  add("verification.failed", perSource);
  add("download.link_failed", perSource);
  add("mfa.step_up_failed", perStaff("mfa_failures"));
  // Assignments by a person; the system's own (first owner, newcomers as viewers) are not incidents.
  add("staff.role_assigned", (entry, seq) => {
    if (entry.actorType !== "staff") return null;
    const to = str(entry.metadata?.to);
    return raise(entry, "role_change", to === "owner" ? "high" : "medium", `role_change:${seq}`, { from: entry.metadata?.from ?? null, to });
  });
  add("keys.rotated", (entry, seq) => raise(entry, "key_rotation", "medium", `key_rotation:${seq}`, { activeKeyId: entry.metadata?.activeKeyId ?? null }));
  // Verifying the same broken chain again is the same incident.
  add("audit.verified", (entry) =>
    entry.metadata?.ok === false ? raise(entry, "audit_integrity", "high", `audit_chain:${String(entry.metadata.brokenAtSeq)}`, { brokenAtSeq: entry.metadata.brokenAtSeq ?? null, reason: entry.metadata.reason ?? null }) : null,
  );
  add("request.integrity_mismatch", integrity);
  add("breach.integrity_mismatch", integrity);
  add("job.dead", (entry) => {
    const kind = str(entry.metadata?.kind);
    return kind && COMPLIANCE_JOB_KINDS.includes(kind) ? raise(entry, "dead_webhook_job", "high", `dead_job:${entry.subjectId ?? ""}`, { kind, error: entry.metadata?.error ?? null }) : null;
  });
  add("request.deadline_warning", (entry) => {
    const state = str(entry.metadata?.state);
    if (state !== "due_soon" && state !== "overdue") return null;
    return raise(entry, "request_deadline", state === "overdue" ? "high" : "medium", `deadline:${entry.subjectId ?? ""}:${state}`, { state, dueAt: entry.metadata?.dueAt ?? null });
  });
  add("access_review.overdue", (entry) => raise(entry, "access_review", "medium", `access_review:${entry.subjectId ?? ""}:${str(entry.metadata?.dueAt) ?? ""}`, { dueAt: entry.metadata?.dueAt ?? null, role: entry.metadata?.role ?? null }));
  return map;
}

const TRIGGERS = buildTriggers();

/** Whether any rule watches `action` (the hot check on every append). */
export const watched = (action: string): boolean => TRIGGERS.has(action);

/** What the rules make of one appended entry (nothing, for most actions). */
export function stepsFor(entry: AppendedEntry, seq: number): Step[] {
  const triggers = TRIGGERS.get(entry.action);
  if (!triggers) return [];
  const steps: Step[] = [];
  for (const trigger of triggers) {
    const step = trigger(entry, seq);
    if (step) steps.push(step);
  }
  return steps;
}

export function counterLimit(rule: CountedRule, t: AlertThresholds): { threshold: number; windowMinutes: number } {
  switch (rule) {
    case "bulk_export":
      return { threshold: t.exportThreshold, windowMinutes: t.exportWindowMinutes };
    case "access_failures":
      return { threshold: t.failureThreshold, windowMinutes: t.failureWindowMinutes };
    case "mfa_failures":
      return { threshold: t.mfaThreshold, windowMinutes: t.mfaWindowMinutes };
  }
}

export const counterKey = (shopDomain: string, hit: CounterHit): string => `${shopDomain}|${hit.rule}|${hit.subject}`;

const COUNTED_SEVERITY: Record<CountedRule, Severity> = { bulk_export: "high", access_failures: "medium", mfa_failures: "high" };

/**
 * The alert a counter hit raises: exactly when the window's count reaches the threshold, so one
 * window above the threshold is one incident, however many more hits follow in it.
 */
export function countedAlert(hit: CounterHit, count: number, windowEnds: Date, t: AlertThresholds, subjectType: string | null, subjectId: string | null): AlertDraft | null {
  const { threshold, windowMinutes } = counterLimit(hit.rule, t);
  if (count !== threshold) return null;
  return {
    rule: hit.rule,
    severity: COUNTED_SEVERITY[hit.rule],
    dedupeKey: `${hit.rule}:${hit.subject}:${windowEnds.toISOString()}`,
    actorId: hit.actorId,
    sourceRef: hit.sourceRef,
    subjectType,
    subjectId,
    count,
    details: { action: hit.action, threshold, windowMinutes, windowEnds: windowEnds.toISOString() },
  };
}

/** Personal-data access outside working hours: one alert per staff member per local day. */
export function afterHoursAlert(step: { actorId: string; action: string }, at: Date, timeZone: string | null, t: AlertThresholds): AlertDraft | null {
  if (!t.workingHoursEnabled || !outsideWorkingHours(at, timeZone, t)) return null;
  const local = localTime(at, timeZone);
  return {
    rule: "after_hours",
    severity: "medium",
    dedupeKey: `after_hours:${step.actorId}:${local.date}`,
    actorId: step.actorId,
    sourceRef: null,
    subjectType: null,
    subjectId: null,
    count: 1,
    details: { action: step.action, localDate: local.date, localTime: `${String(local.hour).padStart(2, "0")}:${String(local.minute).padStart(2, "0")}`, timeZone: timeZone ?? "UTC" },
  };
}

export const isAlertRule = (value: string): value is AlertRule => (ALERT_RULES as readonly string[]).includes(value);
