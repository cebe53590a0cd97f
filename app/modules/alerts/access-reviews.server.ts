import { db } from "../../platform/db.server";
import { appendAudit } from "../audit/audit.server";
import { isRole, RoleError } from "../team/rules";
import type { StaffContext } from "../team/staff-context";
import { reviewDueAt, thresholdsOf } from "./rules";

export interface ReviewState {
  staffId: string;
  confirmedAt: string | null;
  confirmedBy: string | null;
  dueAt: string;
  overdue: boolean;
}

/** Each team member's access review: last confirmed, next due, overdue. */
export async function accessReviews(staff: StaffContext, now: Date): Promise<{ months: number; reviews: Record<string, ReviewState> }> {
  const months = thresholdsOf(await db().alertSettings.findUnique({ where: { shopDomain: staff.shop } })).reviewMonths;
  const members = await db().staffMember.findMany({ where: { shopDomain: staff.shop }, select: { staffId: true, firstSeenAt: true } });
  const rows = await db().accessReview.findMany({ where: { shopDomain: staff.shop } });
  const byStaff = new Map(rows.map((r) => [r.staffId, r]));
  const reviews: Record<string, ReviewState> = {};
  for (const m of members) {
    const row = byStaff.get(m.staffId);
    const due = reviewDueAt(row?.confirmedAt ?? m.firstSeenAt, months);
    reviews[m.staffId] = { staffId: m.staffId, confirmedAt: row?.confirmedAt.toISOString() ?? null, confirmedBy: row?.confirmedBy ?? null, dueAt: due.toISOString(), overdue: due.getTime() <= now.getTime() };
  }
  return { months, reviews };
}

/**
 * An owner confirms a member's current role: the review restarts from now. Audited; open
 * overdue-review alerts of that member are resolved by the same confirmation.
 */
export async function confirmAccessReview(staff: StaffContext, staffId: string, now: Date): Promise<{ role: string }> {
  return db().$transaction(async (tx) => {
    const member = await tx.staffMember.findUnique({ where: { shopDomain_staffId: { shopDomain: staff.shop, staffId } } });
    if (!member) throw new RoleError("UNKNOWN_STAFF", "no staff member with that id has opened the app in this shop");
    const role = isRole(member.role) ? member.role : "viewer";
    const confirmedBy = staff.staffId ?? "unknown";
    await tx.accessReview.upsert({
      where: { shopDomain_staffId: { shopDomain: staff.shop, staffId } },
      create: { shopDomain: staff.shop, staffId, role, confirmedAt: now, confirmedBy },
      update: { role, confirmedAt: now, confirmedBy },
    });
    await tx.alert.updateMany({ where: { shopDomain: staff.shop, rule: "access_review", subjectId: staffId, status: { in: ["new", "acknowledged"] } }, data: { status: "resolved", resolvedAt: now, resolvedBy: staff.staffId } });
    await appendAudit(tx, { shopDomain: staff.shop, actorType: "staff", actorId: staff.staffId, action: "access_review.confirmed", subjectType: "staff", subjectId: staffId, metadata: { role }, occurredAt: now });
    return { role };
  });
}
