// The admin's request list (filtered, paged) and a request's detail page.
import type { Prisma } from "@prisma/client";
import { cipherContext } from "../../platform/protected-data/registry";
import { db } from "../../platform/db.server";
import { blindIndex, decryptField } from "../../platform/crypto";
import { OPEN_STATUSES } from "./rules";
import { env } from "../../platform/env.server";
import { dueStateWhere } from "./due-filter.server";
import type { StaffContext } from "../team/staff-context";

import type { RequestFilter } from "./request-filter.server";

const PAGE_SIZE = 50;

/** Filtered, newest first, 50 a page. Email search goes through the blind index: exact matches only. */
export async function listRequests(ctx: StaffContext, filter: RequestFilter = {}, now = new Date()) {
  const where: Prisma.PrivacyRequestWhereInput = { shopDomain: ctx.shop };
  if (filter.status) where.status = filter.status;
  if (filter.type) where.type = filter.type;
  if (filter.regulation) where.regulation = filter.regulation;
  if (filter.due) {
    if (filter.due === "overdue") Object.assign(where, dueStateWhere("overdue", now));
    else if (filter.due === "week") Object.assign(where, dueStateWhere("due_soon", now));
    else where.status = { in: [...OPEN_STATUSES] };
    if (filter.status) where.status = filter.status;
  }
  if (filter.email) where.emailRef = blindIndex(env().keyRing, ctx.shop, "email", filter.email);
  const rows = await db().privacyRequest.findMany({
    where,
    orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
    take: PAGE_SIZE + 1,
    ...(filter.cursor ? { cursor: { id: filter.cursor }, skip: 1 } : {}),
    select: { id: true, reference: true, type: true, status: true, source: true, regulation: true, receivedAt: true, dueAt: true, extendedDueAt: true, closedAt: true },
  });
  return { requests: rows.slice(0, PAGE_SIZE), nextCursor: rows.length > PAGE_SIZE ? rows[PAGE_SIZE - 1]!.id : null };
}

export async function requestDetail(ctx: StaffContext, id: string) {
  const request = await db().privacyRequest.findFirst({ where: { id, shopDomain: ctx.shop } });
  if (!request) return null;
  const [timeline, exports, messages, exportProgress] = await Promise.all([
    db().requestTransition.findMany({ where: { requestId: id, shopDomain: ctx.shop }, orderBy: { at: "asc" } }),
    db().exportFile.findMany({ where: { requestId: id, shopDomain: ctx.shop }, select: { id: true, format: true, bytes: true, createdAt: true, expiresAt: true }, orderBy: [{ createdAt: "desc" }, { format: "asc" }] }),
    db().requestMessage.findMany({ where: { requestId: id, shopDomain: ctx.shop }, orderBy: { createdAt: "asc" } }),
    db().exportProgress.findFirst({ where: { requestId: id, shopDomain: ctx.shop }, select: { stage: true, method: true, ordersDone: true, ordersTotal: true, problem: true, startedAt: true, updatedAt: true } }),
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
    email: request.emailCipher ? decryptField(ring, request.emailCipher, cipherContext.privacyRequest(id, "email")) : null,
    anonymised: request.anonymisedAt !== null,
    extensionReason: request.extensionReason,
    extended: request.extendedDueAt !== null,
    timeline: timeline.map((t) => ({ from: t.fromStatus, to: t.toStatus, at: t.at, actorType: t.actorType, actorId: t.actorId, reason: t.reason })),
    exports,
    exportProgress,
    messages: messages.map((m) => ({ id: m.id, kind: m.kind, at: m.createdAt, authorId: m.authorId, text: decryptField(ring, m.bodyCipher, cipherContext.requestMessage(m.id)) })),
  };
}
