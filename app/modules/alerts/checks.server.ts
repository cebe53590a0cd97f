import { db, type Tx } from "../../platform/db.server";
import { cipherContext } from "../../platform/protected-data/registry";
import { decryptField } from "../../platform/crypto";
import { env } from "../../platform/env.server";
import { errorFields, log } from "../../platform/logger.server";
import { appendAudit } from "../audit/audit.server";
import { parseAddressList, queueEmail } from "../notices/notices.server";
import { OPEN_STATUSES } from "../requests/rules/states";
import { alertMail, deadlineState, isAlertRule, reviewDueAt, thresholdsOf, THRESHOLD_LIMITS, type Severity } from "./rules";
import { purgeEndedCounters } from "./alerts.server";

/**
 * The scheduled half of the rules (job `alerts.check`, hourly from app/jobs/start.server.ts):
 * deadlines and access reviews are states of time, not of an append. Each finding is appended to
 * the audit chain (`request.deadline_warning`, `access_review.overdue`), which raises the alert
 * through the same evaluation as every other rule, once per request and state / member and period.
 */
export async function runAlertChecks(now: Date): Promise<{ deadlines: number; reviews: number }> {
  const deadlines = await checkDeadlines(now);
  const reviews = await checkAccessReviews(now);
  await purgeEndedCounters(now);
  return { deadlines, reviews };
}

async function alertExists(tx: Tx, shopDomain: string, dedupeKey: string): Promise<boolean> {
  return (await tx.alert.count({ where: { shopDomain, dedupeKey } })) > 0;
}

async function checkDeadlines(now: Date): Promise<number> {
  const horizon = new Date(now.getTime() + THRESHOLD_LIMITS.deadlineWarningDays[1] * 86_400_000);
  const requests = await db().privacyRequest.findMany({
    where: { status: { in: [...OPEN_STATUSES] }, OR: [{ extendedDueAt: null, dueAt: { lte: horizon } }, { extendedDueAt: { lte: horizon } }] },
    select: { id: true, shopDomain: true, dueAt: true, extendedDueAt: true },
    orderBy: { dueAt: "asc" },
  });
  const settings = new Map<string, number>();
  let raised = 0;
  for (const request of requests) {
    let warningDays = settings.get(request.shopDomain);
    if (warningDays === undefined) {
      warningDays = thresholdsOf(await db().alertSettings.findUnique({ where: { shopDomain: request.shopDomain } })).deadlineWarningDays;
      settings.set(request.shopDomain, warningDays);
    }
    const dueAt = request.extendedDueAt ?? request.dueAt;
    const state = deadlineState(dueAt, now, warningDays);
    if (!state) continue;
    const created = await db().$transaction(async (tx) => {
      if (await alertExists(tx, request.shopDomain, `deadline:${request.id}:${state}`)) return false;
      await appendAudit(tx, {
        shopDomain: request.shopDomain,
        actorType: "system",
        action: "request.deadline_warning",
        subjectType: "privacy_request",
        subjectId: request.id,
        metadata: { state, dueAt: dueAt.toISOString() },
        occurredAt: now,
      });
      return true;
    });
    if (created) raised += 1;
  }
  return raised;
}

async function checkAccessReviews(now: Date): Promise<number> {
  const members = await db().staffMember.findMany({ select: { shopDomain: true, staffId: true, role: true, firstSeenAt: true }, orderBy: [{ shopDomain: "asc" }, { staffId: "asc" }] });
  const reviews = await db().accessReview.findMany({ select: { shopDomain: true, staffId: true, confirmedAt: true } });
  const confirmed = new Map(reviews.map((r) => [`${r.shopDomain}|${r.staffId}`, r.confirmedAt]));
  const months = new Map<string, number | null>();
  let raised = 0;
  for (const member of members) {
    if (!months.has(member.shopDomain)) {
      const shop = await db().shop.findUnique({ where: { domain: member.shopDomain }, select: { status: true } });
      months.set(member.shopDomain, shop && shop.status !== "installed" ? null : thresholdsOf(await db().alertSettings.findUnique({ where: { shopDomain: member.shopDomain } })).reviewMonths);
    }
    const period = months.get(member.shopDomain);
    if (!period) continue;
    const due = reviewDueAt(confirmed.get(`${member.shopDomain}|${member.staffId}`) ?? member.firstSeenAt, period);
    if (due.getTime() > now.getTime()) continue;
    const dueDay = due.toISOString().slice(0, 10);
    const created = await db().$transaction(async (tx) => {
      if (await alertExists(tx, member.shopDomain, `access_review:${member.staffId}:${dueDay}`)) return false;
      await appendAudit(tx, { shopDomain: member.shopDomain, actorType: "system", action: "access_review.overdue", subjectType: "staff", subjectId: member.staffId, metadata: { dueAt: dueDay, role: member.role }, occurredAt: now });
      return true;
    });
    if (created) raised += 1;
  }
  return raised;
}

/**
 * Job `alerts.notify`: emails the alert to the shop's owners and privacy officers (the addresses of
 * their Shopify logins, where the app has seen one) and to the shop's notification addresses, once.
 */
export async function notifyAlert(alertId: string, now: Date): Promise<void> {
  const alert = await db().alert.findUnique({ where: { id: alertId } });
  if (!alert || !isAlertRule(alert.rule)) return;
  const to = await alertRecipients(alert.shopDomain);
  if (to.length === 0) return;
  const mail = alertMail({
    shop: alert.shopDomain,
    rule: alert.rule,
    severity: alert.severity as Severity,
    raisedAt: alert.raisedAt,
    count: alert.count,
    adminUrl: `https://${alert.shopDomain}/admin/apps/${env().SHOPIFY_API_KEY}/app/alerts/${alert.id}`,
  });
  await db().$transaction((tx) => queueEmail(tx, { shopDomain: alert.shopDomain, key: `alert:${alert.id}`, kind: "alert", requestId: null, customerRef: null, to: to.join(", "), mail, now }));
}

async function alertRecipients(shopDomain: string): Promise<string[]> {
  const ring = env().keyRing;
  const addresses = new Set<string>();
  const staff = await db().staffMember.findMany({ where: { shopDomain, role: { in: ["owner", "privacy_officer"] } }, select: { staffId: true } });
  const ids = staff.map((s) => s.staffId).filter((id) => /^\d{1,19}$/.test(id));
  if (ids.length) {
    const sessions = await db().session.findMany({ where: { shop: shopDomain, isOnline: true, userId: { in: ids.map((id) => BigInt(id)) }, email: { not: null } }, select: { id: true, email: true } });
    for (const session of sessions) {
      try {
        const email = decryptField(ring, session.email!, cipherContext.session(session.id, "email"));
        for (const address of parseAddressList(email)) addresses.add(address);
      } catch (error) {
        log.warn("session email unreadable", errorFields(error));
      }
    }
  }
  const settings = await db().shopSettings.findUnique({ where: { shopDomain }, select: { notificationEmailsCipher: true } });
  if (settings?.notificationEmailsCipher) for (const address of parseAddressList(decryptField(ring, settings.notificationEmailsCipher, cipherContext.shopSettings(shopDomain)))) addresses.add(address);
  return [...addresses].sort();
}
