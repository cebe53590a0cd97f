import type { PrivacyRequest } from "@prisma/client";
import { cipherContext } from "../../platform/protected-data/registry";
import { z } from "zod";
import { CORRECTION_NEEDED, NOTE_NEEDED, REASON_NEEDED } from "./rules/next-actions";
import { db, type Tx } from "../../platform/db.server";
import { encryptField } from "../../platform/crypto";
import { extendDeadline, refusalOf, REGULATIONS, RequestError, type Regulation, type RequestStatus, type RequestType } from "./rules";
import { applyOptOut, changeRegulation } from "./rights.server";
import { env } from "../../platform/env.server";
import { enqueueJob } from "../../jobs/enqueue.server";
import { wakeWorkers } from "../../jobs/runtime.server";
import { CUSTOMER_CANCEL_DATA_ERASURE, CUSTOMER_RECTIFY, CUSTOMER_REQUEST_DATA_ERASURE } from "../../platform/shopify/operations";
import type { StaffContext } from "../team/staff-context";
import { appendAudit } from "../audit/audit.server";
import { linkShopifyCustomer } from "./customer-link.server";
import { queueRequesterNotice } from "../notices/notices.server";
import { customerGidOf as customerGid } from "./customer-id.server";
import { queueExportProgress } from "../exports/request-export.server";
import { getSettings } from "../settings/settings.server";
import { loadForChange, markVerified, transitionRequest, updateRequest, withIntegrityAudit, type Actor } from "./requests.server";
import { AdminApiError, adminGraphql } from "../../platform/shopify/admin-client.server";
import { requireStepUp } from "../mfa/mfa.server";

// Messages are sentences a merchant reads next to the field they are about.
export const RectifySchema = z
  .object({
    firstName: z.string().trim().max(255, "First name can be at most 255 characters.").optional(),
    lastName: z.string().trim().max(255, "Last name can be at most 255 characters.").optional(),
    email: z.email("Enter the whole email address, like name@example.com.").max(320, "Email can be at most 320 characters.").optional(),
    phone: z.string().trim().regex(/^\+[1-9]\d{6,14}$/, "Enter the phone number with its country code, like +15550100100.").optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined && x !== ""), { message: CORRECTION_NEEDED, path: ["form"] });

const REASON_TOO_LONG = "Keep the reason under 1,000 characters.";

export const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("verify") }),
  z.object({ intent: z.literal("export") }),
  z.object({ intent: z.literal("erase") }),
  z.object({ intent: z.literal("cancel_erasure") }),
  z.object({ intent: z.literal("complete"), reason: z.string().trim().max(1000, REASON_TOO_LONG).optional() }),
  z.object({ intent: z.literal("extend"), reason: z.string(REASON_NEEDED).trim().min(1, REASON_NEEDED).max(1000, REASON_TOO_LONG) }),
  z.object({ intent: z.literal("reject"), reason: z.string(REASON_NEEDED).trim().min(1, REASON_NEEDED).max(1000, REASON_TOO_LONG) }),
  z.object({ intent: z.literal("cancel"), reason: z.string(REASON_NEEDED).trim().min(1, REASON_NEEDED).max(1000, REASON_TOO_LONG) }),
  z.object({ intent: z.literal("do_not_sell") }),
  z.object({ intent: z.literal("set_regulation"), regulation: z.enum(REGULATIONS, "Choose the law that applies."), reason: z.string(REASON_NEEDED).trim().min(1, REASON_NEEDED).max(1000, REASON_TOO_LONG) }),
  z.object({ intent: z.literal("note"), text: z.string(NOTE_NEEDED).trim().min(1, NOTE_NEEDED).max(5000, "A note can be at most 5,000 characters.") }),
  z.object({ intent: z.literal("rectify"), firstName: z.string().optional(), lastName: z.string().optional(), email: z.string().optional(), phone: z.string().optional() }),
]);
export type RequestAction = z.infer<typeof ActionSchema>;

interface UserError {
  field?: string[] | null;
  message: string;
}

function refuseUserErrors(errors: UserError[] | undefined): void {
  if (errors?.length) throw new AdminApiError("USER_ERROR", errors.map((e) => e.message).join("; ").slice(0, 500));
}

/**
 * One staff action on one request, scoped to the staff member's shop. State changes follow the
 * request state machine; every change is audited in its own transaction with the change. Calls to
 * Shopify happen before the transaction that records their outcome.
 */
export async function performRequestAction(staff: StaffContext, requestId: string, action: RequestAction, now: Date): Promise<{ message: string }> {
  const actor: Actor = { type: "staff", id: staff.staffId };
  const shop = staff.shop;
  const current = await db().privacyRequest.findFirst({ where: { id: requestId, shopDomain: shop } });
  if (!current) throw new RequestError("NOT_FOUND", "no such request in this shop");

  // The rule the request page shows, enforced here (app/modules/requests/rules/actions.ts).
  const refused = refusalOf(action.intent, { type: current.type, status: current.status, extended: current.extendedDueAt !== null });
  if (refused) throw new RequestError("ILLEGAL_TRANSITION", refused);
  // Erasing, or completing an erasure, may need a fresh second factor (ADR 0017).
  if (action.intent === "erase" || (action.intent === "complete" && current.type === "erasure")) await requireStepUp(staff, "requests.erase", now);

  const inTx = <T>(work: (tx: Tx, request: PrivacyRequest) => Promise<T>) =>
    withIntegrityAudit(shop, now, () => db().$transaction(async (tx) => work(tx, await loadForChange(tx, shop, requestId))));

  switch (action.intent) {
    case "verify": {
      // Read before the transaction: on SQLite a plain query waits for the open transaction.
      const { clockStart } = await getSettings(staff);
      await inTx(async (tx, request) => queueRequesterNotice(tx, await markVerified(tx, request, actor, clockStart, now), "acknowledgment", now));
      return { message: "Identity verified." };
    }

    case "export": {
      await db().$transaction(async (tx) => {
        if (!(await queueExportProgress(tx, shop, requestId, now))) throw new RequestError("ILLEGAL_TRANSITION", "an export of this request is already running");
        await enqueueJob(tx, "request.export", { requestId, staffId: staff.staffId }, { shopDomain: shop, idempotencyKey: `request.export:${requestId}:${now.getTime()}` });
        await appendAudit(tx, { shopDomain: shop, actorType: "staff", actorId: staff.staffId, action: "export.requested", subjectType: "privacy_request", subjectId: requestId, occurredAt: now });
      });
      wakeWorkers();
      return { message: "Export started: Shopify's customer record, orders and the app's data are being collected." };
    }

    case "erase": {
      const linked = await linkShopifyCustomer(current, now);
      const result = await adminGraphql<{ customerRequestDataErasure: { customerId: string | null; userErrors: UserError[] } }>(shop, "CustomerRequestDataErasure", CUSTOMER_REQUEST_DATA_ERASURE, { customerId: customerGid(linked) });
      refuseUserErrors(result.data.customerRequestDataErasure.userErrors);
      await inTx(async (tx, request) => {
        const moving = request.status === "verified" ? await transitionRequest(tx, request, "in_progress", actor, null, now) : request;
        await transitionRequest(tx, moving, "awaiting_shopify", actor, "Shopify erasure requested (customerRequestDataErasure)", now);
      });
      return { message: "Erasure requested from Shopify. The request completes when Shopify confirms with customers/redact." };
    }

    case "cancel_erasure": {
      const result = await adminGraphql<{ customerCancelDataErasure: { customerId: string | null; userErrors: UserError[] } }>(shop, "CustomerCancelDataErasure", CUSTOMER_CANCEL_DATA_ERASURE, { customerId: customerGid(current) });
      refuseUserErrors(result.data.customerCancelDataErasure.userErrors);
      await inTx((tx, request) => transitionRequest(tx, request, "in_progress", actor, "Shopify erasure cancelled (customerCancelDataErasure)", now));
      return { message: "Erasure cancelled at Shopify." };
    }

    case "rectify": {
      const { intent: _intent, ...fields } = action;
      const parsed = RectifySchema.safeParse(Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== "")));
      if (!parsed.success) throw new RequestError("ILLEGAL_TRANSITION", parsed.error.issues.map((i) => `${i.path.join(".") || "form"} ${i.message}`).join("; "));
      const input = { id: customerGid(current), ...parsed.data };
      const result = await adminGraphql<{ customerUpdate: { customer: { id: string } | null; userErrors: UserError[] } }>(shop, "CustomerRectify", CUSTOMER_RECTIFY, { input });
      refuseUserErrors(result.data.customerUpdate.userErrors);
      await inTx(async (tx, request) => {
        const moving = request.status === "verified" ? await transitionRequest(tx, request, "in_progress", actor, null, now) : request;
        // What changed, never to what: field names only.
        await appendAudit(tx, { shopDomain: shop, actorType: "staff", actorId: staff.staffId, action: "customer.rectified", subjectType: "privacy_request", subjectId: moving.id, subjectRef: moving.customerRef, metadata: { fields: Object.keys(parsed.data).sort() }, occurredAt: now });
      });
      return { message: `Updated in Shopify: ${Object.keys(parsed.data).join(", ")}.` };
    }

    case "extend":
      await inTx(async (tx, request) => {
        const extended = extendDeadline(request.regulation as Regulation, request.type as RequestType, request.clockStartsAt, request.dueAt, now, request.extendedDueAt !== null);
        const updated = await updateRequest(tx, request, { extendedDueAt: extended, extensionReason: action.reason });
        await queueRequesterNotice(tx, updated, "extension", now);
        await appendAudit(tx, { shopDomain: shop, actorType: "staff", actorId: staff.staffId, action: "request.extended", subjectType: "privacy_request", subjectId: request.id, reason: action.reason, metadata: { from: request.dueAt.toISOString(), to: extended.toISOString() }, occurredAt: now });
      });
      return { message: "Deadline extended. The requester is emailed the reason and the new deadline." };

    case "complete":
    case "reject":
    case "cancel": {
      const to: RequestStatus = action.intent === "complete" ? "completed" : action.intent === "reject" ? "rejected" : "cancelled";
      await inTx((tx, request) => transitionRequest(tx, request, to, actor, action.reason ?? null, now));
      return { message: `Request ${to}.` };
    }

    case "do_not_sell":
      return applyOptOut(shop, requestId, actor, now);

    case "set_regulation":
      await inTx((tx, request) => changeRegulation(tx, request, action.regulation, action.reason, actor, now));
      return { message: "Regulation changed; the deadline was recomputed." };

    case "note":
      await inTx(async (tx, request) => {
        const message = await tx.requestMessage.create({ data: { shopDomain: shop, requestId: request.id, customerRef: request.customerRef, kind: "note", bodyCipher: "pending", authorId: staff.staffId } });
        await tx.requestMessage.update({ where: { id: message.id }, data: { bodyCipher: encryptField(env().keyRing, action.text, cipherContext.requestMessage(message.id)) } });
        await appendAudit(tx, { shopDomain: shop, actorType: "staff", actorId: staff.staffId, action: "request.noted", subjectType: "privacy_request", subjectId: request.id, occurredAt: now });
      });
      return { message: "Note added." };
  }
}

