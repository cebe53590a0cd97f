import { db } from "../../platform/db.server";
import { cipherContext } from "../../platform/protected-data/registry";
import { decryptField } from "../../platform/crypto";
import { env } from "../../platform/env.server";
import { CUSTOMER_CURRENT_VALUES } from "../../platform/shopify/operations";
import { adminGraphql } from "../../platform/shopify/admin-client.server";
import { appendAudit } from "../audit/audit.server";
import type { StaffContext } from "../team/staff-context";
import { customerGidOf } from "./customer-id.server";
import { linkShopifyCustomer } from "./customer-link.server";
import { splitDetails } from "./rules/details";
import { isRegulation, REGULATION_RULES, REGULATIONS, RequestError, rightRule, ruleLabel, type RequestType } from "./rules";

export interface RightsView {
  regulation: { code: string; name: string; rule: string; rightExists: boolean; verify: boolean; extendable: boolean; extensionNotice: string | null };
  regulations: { value: string; label: string }[];
  correction: string | null;
  message: string | null;
}

/** What the request page shows about the law and the requester's own words (decrypted; React escapes them). */
export async function requestRightsView(ctx: StaffContext, id: string): Promise<RightsView | null> {
  const request = await db().privacyRequest.findFirst({ where: { id, shopDomain: ctx.shop }, select: { id: true, type: true, regulation: true, detailsCipher: true } });
  if (!request) return null;
  const details = request.detailsCipher ? decryptField(env().keyRing, request.detailsCipher, cipherContext.privacyRequest(request.id, "details")) : null;
  const code = isRegulation(request.regulation) ? request.regulation : "gdpr";
  const type = request.type as RequestType;
  const rule = rightRule(code, type);
  return {
    regulation: { code: request.regulation, name: REGULATION_RULES[code].name, rule: ruleLabel(code, type), rightExists: rule.exists, verify: rule.verify, extendable: rule.extension !== null, extensionNotice: rule.extensionNotice },
    regulations: REGULATIONS.map((r) => ({ value: r, label: REGULATION_RULES[r].name })),
    ...splitDetails(details),
  };
}

export interface CustomerCurrentValues {
  found: boolean;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  dataSaleOptOut: boolean | null;
}

/**
 * The customer's current values in Shopify, fetched when the merchant asks (not on every page
 * view), so a correction can be compared with what is there. Audited: staff read personal data.
 */
export async function customerCurrentValues(ctx: StaffContext, id: string, now: Date): Promise<CustomerCurrentValues> {
  const request = await db().privacyRequest.findFirst({ where: { id, shopDomain: ctx.shop } });
  if (!request) throw new RequestError("NOT_FOUND", "no such request in this shop");
  const linked = await linkShopifyCustomer(request, now);
  const none: CustomerCurrentValues = { found: false, firstName: null, lastName: null, email: null, phone: null, dataSaleOptOut: null };
  if (!linked.customerIdCipher) return none;
  type Result = { customer: { firstName: string | null; lastName: string | null; dataSaleOptOut: boolean; defaultEmailAddress: { emailAddress: string | null } | null; defaultPhoneNumber: { phoneNumber: string } | null } | null };
  const result = await adminGraphql<Result>(ctx.shop, "CustomerCurrentValues", CUSTOMER_CURRENT_VALUES, { id: customerGidOf(linked) });
  await db().$transaction((tx) =>
    appendAudit(tx, { shopDomain: ctx.shop, actorType: "staff", actorId: ctx.staffId, action: "customer.viewed", subjectType: "privacy_request", subjectId: id, subjectRef: linked.customerRef, occurredAt: now }),
  );
  const c = result.data.customer;
  if (!c) return none;
  return { found: true, firstName: c.firstName, lastName: c.lastName, email: c.defaultEmailAddress?.emailAddress ?? null, phone: c.defaultPhoneNumber?.phoneNumber ?? null, dataSaleOptOut: c.dataSaleOptOut };
}
