import { randomBytes } from "node:crypto";
import { cipherContext, type RequestCipherField } from "../../platform/protected-data/registry";
import type { PrivacyRequest } from "@prisma/client";
import type { Tx } from "../../platform/db.server";
import { db } from "../../platform/db.server";
import { blindIndex, encryptField, type KeyRing } from "../../platform/crypto";
import { integrityIntact, sealIntegrity, type IntegrityView } from "../../platform/protected-data/integrity";
import { assertTransition, computeDeadline, RequestError, type ClockStart, type Regulation, type RequestStatus, type RequestType } from "./rules";
import type { ActorType } from "../audit/rules";
import { env } from "../../platform/env.server";
import { appendAudit } from "../audit/audit.server";
import { queueRequesterNotice } from "../notices/notices.server";

export interface Actor {
  type: ActorType;
  id?: string | null;
}

export interface RequesterIdentity {
  customerId?: string | null;
  email?: string | null;
  phone?: string | null;
  name?: string | null;
}

/** Blind indexes for every identifier we were given; used to find everything about a person. */
export function identityRefs(ring: KeyRing, shop: string, identity: RequesterIdentity) {
  return {
    customerRef: identity.customerId ? blindIndex(ring, shop, "customer", identity.customerId) : null,
    emailRef: identity.email ? blindIndex(ring, shop, "email", identity.email) : null,
    phoneRef: identity.phone ? blindIndex(ring, shop, "phone", identity.phone) : null,
  };
}

/** The request's integrity hash (app/platform/protected-data/integrity.ts). */
export function requestIntegrity(ring: KeyRing, row: IntegrityView<"privacy_request">): string {
  return sealIntegrity(ring, "privacy_request", row);
}

export class IntegrityError extends RequestError {
  constructor(readonly requestId: string) {
    super("INTEGRITY_MISMATCH", "this request was changed outside the app; the change was refused and audited");
  }
}

/**
 * Loads a request for change and proves it was not edited outside the app since the app last
 * wrote it. A mismatch stops the change; `withIntegrityAudit` records it once the refused
 * transaction has rolled back.
 */
export async function loadForChange(tx: Tx, shopDomain: string, id: string): Promise<PrivacyRequest> {
  const row = await tx.privacyRequest.findFirst({ where: { id, shopDomain } });
  if (!row) throw new RequestError("NOT_FOUND", "no such request in this shop");
  if (!integrityIntact(env().keyRing, "privacy_request", row)) throw new IntegrityError(id);
  return row;
}

/** Runs a unit of work; if it was refused for an integrity mismatch, audits that, then rethrows. */
export async function withIntegrityAudit<T>(shopDomain: string, now: Date, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof IntegrityError) {
      await db().$transaction((tx) =>
        appendAudit(tx, {
          shopDomain,
          actorType: "system",
          action: "request.integrity_mismatch",
          subjectType: "privacy_request",
          subjectId: error.requestId,
          reason: "stored integrity hash does not match the record; change refused",
          occurredAt: now,
        }),
      );
    }
    throw error;
  }
}

export function newReference(): string {
  // 14 chars of a 32-letter unambiguous alphabet: 70 random bits, so references cannot be guessed.
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  const bytes = randomBytes(14);
  return `PR-${Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("")}`;
}

export interface CreateRequestInput {
  shopDomain: string;
  type: RequestType;
  source: "shopify" | "storefront" | "admin";
  regulation: Regulation;
  clockStart: ClockStart;
  identity: RequesterIdentity;
  details?: string | null;
  /** The requester's language (a supported locale): every email and page to them uses it. */
  locale?: string | null;
  verified: boolean;
  shopifyDataRequestId?: string | null;
  actor: Actor;
  now: Date;
  /** Extra facts for the "request.opened" audit entry (how the regulation was chosen); no personal data. */
  auditMetadata?: Record<string, string | null>;
}

export async function createRequest(tx: Tx, input: CreateRequestInput): Promise<PrivacyRequest> {
  const ring = env().keyRing;
  const id = `req_${randomBytes(12).toString("hex")}`;
  const seal = (field: RequestCipherField, value: string | null | undefined) => (value ? encryptField(ring, value, cipherContext.privacyRequest(id, field)) : null);
  const deadline = computeDeadline({ regulation: input.regulation, type: input.type, receivedAt: input.now, verifiedAt: input.verified ? input.now : null, clockStart: input.clockStart });
  const status: RequestStatus = input.verified ? "verified" : "awaiting_verification";
  const fields = {
    id,
    shopDomain: input.shopDomain,
    reference: newReference(),
    type: input.type,
    status,
    source: input.source,
    regulation: input.regulation,
    clockStartsAt: deadline.clockStartsAt,
    dueAt: deadline.dueAt,
    extendedDueAt: null,
    ...identityRefs(ring, input.shopDomain, input.identity),
    customerIdCipher: seal("customerId", input.identity.customerId),
    emailCipher: seal("email", input.identity.email),
    phoneCipher: seal("phone", input.identity.phone),
    nameCipher: seal("name", input.identity.name),
    detailsCipher: seal("details", input.details),
    shopifyDataRequestId: input.shopifyDataRequestId ?? null,
    receivedAt: input.now,
    verifiedAt: input.verified ? input.now : null,
    closedAt: null,
    anonymisedAt: null,
  };
  const row = await tx.privacyRequest.create({ data: { ...fields, locale: input.locale ?? null, integrityHash: requestIntegrity(ring, fields) } });
  await tx.requestTransition.create({
    data: { shopDomain: input.shopDomain, requestId: id, fromStatus: null, toStatus: "received", actorType: input.actor.type, actorId: input.actor.id ?? null, at: input.now },
  });
  await tx.requestTransition.create({
    data: { shopDomain: input.shopDomain, requestId: id, fromStatus: "received", toStatus: status, actorType: input.actor.type, actorId: input.actor.id ?? null, at: input.now },
  });
  await appendAudit(tx, {
    shopDomain: input.shopDomain,
    actorType: input.actor.type,
    actorId: input.actor.id,
    action: "request.opened",
    subjectType: "privacy_request",
    subjectId: id,
    subjectRef: fields.customerRef ?? fields.emailRef ?? fields.phoneRef,
    metadata: { type: input.type, source: input.source, regulation: input.regulation, status, dueAt: deadline.dueAt.toISOString(), ...input.auditMetadata },
    occurredAt: input.now,
  });
  return row;
}

/** Applies one allowed transition, stamps it and audits it, all in the caller's transaction. */
export async function transitionRequest(
  tx: Tx,
  request: PrivacyRequest,
  to: RequestStatus,
  actor: Actor,
  reason: string | null,
  now: Date,
  extra: Partial<Pick<PrivacyRequest, "verifiedAt" | "closeReason">> = {},
): Promise<PrivacyRequest> {
  assertTransition(request.status as RequestStatus, to, reason);
  const closing = to === "completed" || to === "rejected" || to === "cancelled";
  const updated = await updateRequest(tx, request, {
    verifiedAt: extra.verifiedAt ?? request.verifiedAt,
    status: to,
    closedAt: closing ? now : request.closedAt,
    closeReason: closing ? reason ?? extra.closeReason ?? null : request.closeReason,
  });
  await tx.requestTransition.create({
    data: { shopDomain: request.shopDomain, requestId: request.id, fromStatus: request.status, toStatus: to, actorType: actor.type, actorId: actor.id ?? null, reason, at: now },
  });
  await appendAudit(tx, {
    shopDomain: request.shopDomain,
    actorType: actor.type,
    actorId: actor.id,
    action: "request.transitioned",
    subjectType: "privacy_request",
    subjectId: request.id,
    reason,
    metadata: { from: request.status, to },
    occurredAt: now,
  });
  if (to === "completed") await queueRequesterNotice(tx, updated, "completion", now);
  if (to === "rejected") await queueRequesterNotice(tx, updated, "rejection", now);
  return updated;
}

/** Drops every identifier and free text from a request, keeping what it was and when. */
export async function anonymiseRequest(tx: Tx, request: PrivacyRequest, now: Date): Promise<void> {
  const cleared = {
    customerRef: null,
    emailRef: null,
    phoneRef: null,
    customerIdCipher: null,
    emailCipher: null,
    phoneCipher: null,
    nameCipher: null,
    detailsCipher: null,
    anonymisedAt: now,
  };
  await updateRequest(tx, request, cleared);
}

/**
 * Writes changes to a request together with the integrity hash of the result, only if the row is
 * still the one that was read: a concurrent change (or an edit outside the app) wins nothing.
 */
export async function updateRequest(tx: Tx, request: PrivacyRequest, changes: Partial<PrivacyRequest>): Promise<PrivacyRequest> {
  const next = { ...request, ...changes, integrityHash: requestIntegrity(env().keyRing, { ...request, ...changes }) };
  const { count } = await tx.privacyRequest.updateMany({
    where: { id: request.id, shopDomain: request.shopDomain, integrityHash: request.integrityHash },
    data: { ...changes, integrityHash: next.integrityHash },
  });
  if (count !== 1) throw new RequestError("CONFLICT", "this request changed while the change was being made; reload and try again");
  return { ...next, updatedAt: new Date() };
}

/**
 * Identity confirmed: moves the request to verified and, where the shop starts the legal clock at
 * verification, restarts it now (audited with the rule applied).
 */
export async function markVerified(tx: Tx, request: PrivacyRequest, actor: Actor, clockStart: ClockStart, now: Date): Promise<PrivacyRequest> {
  let updated = await transitionRequest(tx, request, "verified", actor, null, now, { verifiedAt: now });
  if (clockStart !== "verification") return updated;
  const deadline = computeDeadline({ regulation: updated.regulation as Regulation, type: updated.type as RequestType, receivedAt: updated.receivedAt, verifiedAt: now, clockStart });
  updated = await updateRequest(tx, updated, { clockStartsAt: deadline.clockStartsAt, dueAt: deadline.dueAt });
  await appendAudit(tx, {
    shopDomain: updated.shopDomain,
    actorType: "system",
    action: "request.clock_started",
    subjectType: "privacy_request",
    subjectId: updated.id,
    reason: deadline.clockRule,
    metadata: { clockStartsAt: deadline.clockStartsAt.toISOString(), dueAt: deadline.dueAt.toISOString() },
    occurredAt: now,
  });
  return updated;
}
