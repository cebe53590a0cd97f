import { db } from "../db.server";
import { OPEN_STATUSES } from "../domain/requests";
import { wakeWorkers } from "../jobs/runtime.server";
import { appendAudit } from "./audit.server";
import { decryptField } from "../domain/crypto";
import { env } from "../env.server";
import { RequestError } from "../domain/requests";

const DAY = 86_400_000;

/** Admin session context: every query below is scoped to this shop. */
export interface StaffContext {
  shop: string;
  staffId: string | null;
}

export async function overview(ctx: StaffContext, now: Date) {
  const open = { shopDomain: ctx.shop, status: { in: [...OPEN_STATUSES] } };
  const [openCount, dueSoon, overdue, completed30, webhooks24h, unprocessable, deadJobs] = await Promise.all([
    db().privacyRequest.count({ where: open }),
    db().privacyRequest.count({ where: { ...open, dueAt: { gte: now, lte: new Date(now.getTime() + 7 * DAY) } } }),
    db().privacyRequest.count({ where: { ...open, dueAt: { lt: now } } }),
    db().privacyRequest.count({ where: { shopDomain: ctx.shop, status: "completed", closedAt: { gte: new Date(now.getTime() - 30 * DAY) } } }),
    db().webhookEvent.count({ where: { shopDomain: ctx.shop, receivedAt: { gte: new Date(now.getTime() - DAY) } } }),
    db().webhookEvent.count({ where: { shopDomain: ctx.shop, status: "unprocessable" } }),
    db().job.count({ where: { shopDomain: ctx.shop, status: "dead" } }),
  ]);
  return { openCount, dueSoon, overdue, completed30, webhooks24h, unprocessable, deadJobs };
}

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
    const { count } = await tx.job.updateMany({ where: { id: jobId, shopDomain: ctx.shop, status: "dead" }, data: { status: "pending", runAt: now, attempts: 0, lastError: null, finishedAt: null } });
    if (count !== 1) return false;
    await appendAudit(tx, { shopDomain: ctx.shop, actorType: "staff", actorId: ctx.staffId, action: "job.retried", subjectType: "job", subjectId: jobId, occurredAt: now });
    return true;
  });
  if (retried) wakeWorkers();
  return retried;
}

export async function listRequests(ctx: StaffContext) {
  return db().privacyRequest.findMany({
    where: { shopDomain: ctx.shop },
    orderBy: { receivedAt: "desc" },
    take: 100,
    select: { id: true, reference: true, type: true, status: true, source: true, regulation: true, receivedAt: true, dueAt: true, extendedDueAt: true, closedAt: true },
  });
}

export async function requestDetail(ctx: StaffContext, id: string) {
  const request = await db().privacyRequest.findFirst({ where: { id, shopDomain: ctx.shop } });
  if (!request) return null;
  const [timeline, exports, messages] = await Promise.all([
    db().requestTransition.findMany({ where: { requestId: id, shopDomain: ctx.shop }, orderBy: { at: "asc" } }),
    db().exportFile.findMany({ where: { requestId: id, shopDomain: ctx.shop }, select: { id: true, format: true, bytes: true, createdAt: true, expiresAt: true }, orderBy: [{ createdAt: "desc" }, { format: "asc" }] }),
    db().requestMessage.findMany({ where: { requestId: id, shopDomain: ctx.shop }, orderBy: { createdAt: "asc" } }),
  ]);
  const ring = env().keyRing;
  return {
    id: request.id,
    reference: request.reference,
    type: request.type,
    status: request.status,
    source: request.source,
    regulation: request.regulation,
    receivedAt: request.receivedAt,
    dueAt: request.extendedDueAt ?? request.dueAt,
    closedAt: request.closedAt,
    closeReason: request.closeReason,
    email: request.emailCipher ? decryptField(ring, request.emailCipher, `privacy_request:${id}:email`) : null,
    anonymised: request.anonymisedAt !== null,
    extensionReason: request.extensionReason,
    extended: request.extendedDueAt !== null,
    timeline: timeline.map((t) => ({ from: t.fromStatus, to: t.toStatus, at: t.at, actorType: t.actorType, reason: t.reason })),
    exports,
    messages: messages.map((m) => ({ id: m.id, kind: m.kind, at: m.createdAt, text: decryptField(ring, m.bodyCipher, `request_message:${m.id}:body`) })),
  };
}

const CONTENT_TYPES: Record<string, string> = { json: "application/json; charset=utf-8", csv: "text/csv; charset=utf-8" };

/** Decrypts an export for download, refusing expired files; audited with the staff member's id. */
export async function downloadExport(ctx: StaffContext, requestId: string, fileId: string, now: Date) {
  const file = await db().exportFile.findFirst({ where: { id: fileId, requestId, shopDomain: ctx.shop } });
  if (!file) throw new RequestError("NOT_FOUND", "no such export");
  if (file.expiresAt.getTime() < now.getTime()) throw new RequestError("NOT_FOUND", "this export has expired");
  const request = await db().privacyRequest.findFirst({ where: { id: requestId, shopDomain: ctx.shop }, select: { reference: true } });
  const body = decryptField(env().keyRing, file.contentCipher, `export_file:${file.id}`);
  await db().$transaction((tx) =>
    appendAudit(tx, { shopDomain: ctx.shop, actorType: "staff", actorId: ctx.staffId, action: "export.downloaded", subjectType: "export_file", subjectId: file.id, metadata: { format: file.format, requestId }, occurredAt: now }),
  );
  return { body, contentType: CONTENT_TYPES[file.format] ?? "application/octet-stream", filename: `${request?.reference ?? "export"}.${file.format}` };
}
