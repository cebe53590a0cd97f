// The admin's Compliance webhooks page: recent deliveries, dead jobs, and an owner's retry.
import { db } from "../../platform/db.server";
import { retryDead } from "../../jobs/queue.server";
import { wakeWorkers } from "../../jobs/runtime.server";
import { appendAudit } from "../audit/audit.server";
import type { StaffContext } from "../team/staff-context";

export async function webhookActivity(ctx: StaffContext) {
  const [events, dead] = await Promise.all([
    db().webhookEvent.findMany({
      where: { shopDomain: ctx.shop },
      orderBy: { receivedAt: "desc" },
      take: 100,
      select: { id: true, topic: true, webhookId: true, receivedAt: true, processedAt: true, status: true, problem: true },
    }),
    db().job.findMany({
      where: { shopDomain: ctx.shop, status: "dead" },
      orderBy: { updatedAt: "desc" },
      take: 100,
      select: { id: true, kind: true, attempts: true, lastError: true, updatedAt: true },
    }),
  ]);
  return { events, dead };
}

export async function retryDeadJob(ctx: StaffContext, jobId: string, now: Date): Promise<boolean> {
  const retried = await db().$transaction(async (tx) => {
    if (!(await retryDead(tx, ctx.shop, jobId, now))) return false;
    await appendAudit(tx, { shopDomain: ctx.shop, actorType: "staff", actorId: ctx.staffId, action: "job.retried", subjectType: "job", subjectId: jobId, occurredAt: now });
    return true;
  });
  if (retried) wakeWorkers();
  return retried;
}
