import type { Alert } from "@prisma/client";
import { db } from "../../platform/db.server";
import type { JsonValue } from "../../platform/canonical-json";
import { appendAudit } from "../audit/audit.server";
import { recordBreach } from "../breaches/breaches.server";
import type { StaffContext } from "../team/staff-context";
import { AlertError, isAlertRule, type AlertFilter, nextStatus, RULE_LABELS, type AlertMove, type AlertRule, type AlertStatus, type Severity } from "./rules";

export interface AlertView {
  id: string;
  rule: AlertRule;
  label: string;
  severity: Severity;
  status: AlertStatus;
  actorId: string | null;
  sourceRef: string | null;
  subjectType: string | null;
  subjectId: string | null;
  count: number;
  details: { [key: string]: JsonValue };
  auditSeq: number | null;
  raisedAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
  breachId: string | null;
}

function viewOf(row: Alert): AlertView {
  const rule = isAlertRule(row.rule) ? row.rule : "audit_integrity";
  return {
    id: row.id,
    rule,
    label: RULE_LABELS[rule],
    severity: (["high", "medium", "low"].includes(row.severity) ? row.severity : "medium") as Severity,
    status: (["new", "acknowledged", "resolved"].includes(row.status) ? row.status : "new") as AlertStatus,
    actorId: row.actorId,
    sourceRef: row.sourceRef,
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    count: row.count,
    details: JSON.parse(row.details) as { [key: string]: JsonValue },
    auditSeq: row.auditSeq,
    raisedAt: row.raisedAt.toISOString(),
    acknowledgedAt: row.acknowledgedAt?.toISOString() ?? null,
    acknowledgedBy: row.acknowledgedBy,
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    resolvedBy: row.resolvedBy,
    breachId: row.breachId,
  };
}


const LIST_LIMIT = 200;

export async function listAlerts(staff: StaffContext, filter: AlertFilter): Promise<{ alerts: AlertView[]; counts: Record<AlertStatus, number> }> {
  const status = filter === "open" ? { in: ["new", "acknowledged"] } : filter === "all" ? undefined : filter;
  const rows = await db().alert.findMany({ where: { shopDomain: staff.shop, ...(status ? { status } : {}) }, orderBy: [{ raisedAt: "desc" }, { id: "asc" }], take: LIST_LIMIT });
  const grouped = await db().alert.groupBy({ by: ["status"], where: { shopDomain: staff.shop }, _count: { _all: true } });
  const counts: Record<AlertStatus, number> = { new: 0, acknowledged: 0, resolved: 0 };
  for (const g of grouped) if (g.status in counts) counts[g.status as AlertStatus] = g._count._all;
  return { alerts: rows.map(viewOf), counts };
}

export async function getAlert(staff: StaffContext, id: string): Promise<AlertView | null> {
  const row = await db().alert.findFirst({ where: { id, shopDomain: staff.shop } });
  return row ? viewOf(row) : null;
}

/** Acknowledge or resolve: who and when are stored, and the move is audited in the same transaction. */
export async function moveAlert(staff: StaffContext, id: string, move: AlertMove, now: Date): Promise<AlertView> {
  return db().$transaction(async (tx) => {
    const row = await tx.alert.findFirst({ where: { id, shopDomain: staff.shop } });
    if (!row) throw new AlertError("NOT_FOUND", "There is no such alert.");
    const to = nextStatus(row.status, move);
    if (!to) throw new AlertError("INVALID_MOVE", move === "acknowledge" ? "Only a new alert can be acknowledged." : "This alert is already resolved.");
    const stamp = move === "acknowledge" ? { acknowledgedAt: now, acknowledgedBy: staff.staffId } : { resolvedAt: now, resolvedBy: staff.staffId };
    // The status in the WHERE makes a concurrent move of the same alert change nothing.
    const { count } = await tx.alert.updateMany({ where: { id, shopDomain: staff.shop, status: row.status }, data: { status: to, ...stamp } });
    if (count !== 1) throw new AlertError("INVALID_MOVE", "This alert was changed by someone else; reload the page.");
    await appendAudit(tx, {
      shopDomain: staff.shop,
      actorType: "staff",
      actorId: staff.staffId,
      action: move === "acknowledge" ? "alert.acknowledged" : "alert.resolved",
      subjectType: "alert",
      subjectId: id,
      metadata: { rule: row.rule, from: row.status, to },
      occurredAt: now,
    });
    return viewOf({ ...row, status: to, ...stamp });
  });
}

/** The breach record's text, from the alert: what was seen and where to find it; no personal data. */
export function breachDraftOf(alert: AlertView): { description: string; containment: string } {
  const details = Object.entries(alert.details)
    .map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join("; ");
  return {
    description: [
      `Opened from alert ${alert.id}: ${alert.label} (severity ${alert.severity}), raised ${alert.raisedAt}.`,
      alert.actorId ? `Staff member: ${alert.actorId}.` : null,
      alert.sourceRef ? `Source (blind index of the client address): ${alert.sourceRef}.` : null,
      alert.count > 1 ? `Events counted: ${alert.count}.` : null,
      alert.auditSeq !== null ? `Audit entry: #${alert.auditSeq}.` : null,
      details ? `Details: ${details}.` : null,
      "Assess whether personal data was affected and complete this record.",
    ]
      .filter(Boolean)
      .join("\n"),
    containment: "",
  };
}

/**
 * "Open a breach record" from an alert: one breach, pre-filled, linked from the alert; the link is
 * audited in the breach's own transaction. A second click answers the breach already opened.
 */
export async function openBreachFromAlert(staff: StaffContext, id: string, now: Date): Promise<{ breachId: string; created: boolean }> {
  const alert = await getAlert(staff, id);
  if (!alert) throw new AlertError("NOT_FOUND", "There is no such alert.");
  if (alert.breachId) return { breachId: alert.breachId, created: false };
  const draft = breachDraftOf(alert);
  const discoveredAt = new Date(Math.min(new Date(alert.raisedAt).getTime(), now.getTime()));
  let linked: string | null = null;
  await recordBreach(staff, { discoveredAt, description: draft.description, categories: ["other"], approxPeopleAffected: 0, containment: null }, now, async (tx, breachId) => {
    const { count } = await tx.alert.updateMany({ where: { id, shopDomain: staff.shop, breachId: null }, data: { breachId } });
    // Someone else opened one a moment ago: roll this one back.
    if (count !== 1) throw new AlertError("INVALID_MOVE", "A breach record was already opened from this alert.");
    await appendAudit(tx, { shopDomain: staff.shop, actorType: "staff", actorId: staff.staffId, action: "alert.breach_opened", subjectType: "alert", subjectId: id, metadata: { breachId, rule: alert.rule }, occurredAt: now });
    linked = breachId;
  });
  return { breachId: linked!, created: true };
}

export async function openAlertCount(shop: string): Promise<number> {
  return db().alert.count({ where: { shopDomain: shop, status: "new" } });
}
