import type { PrivacyRequest } from "@prisma/client";
import { db } from "../../platform/db.server";
import { blindIndex, decryptField, encryptField } from "../../platform/crypto";
import { env } from "../../platform/env.server";
import { CUSTOMER_BY_EMAIL } from "../../platform/shopify/operations";
import { appendAudit } from "../audit/audit.server";
import { loadForChange, updateRequest, withIntegrityAudit } from "./requests.server";
import { adminGraphql } from "../../platform/shopify/admin-client.server";

const IDENTITY_PROVEN = new Set(["verified", "in_progress", "awaiting_shopify"]);

/**
 * A guest's request names an email, not a Shopify customer. Once the requester has proven the
 * email, the Shopify customer that holds it (if any) is looked up and remembered on the request,
 * encrypted and audited, so the export, erasure and redact matching reach Shopify's data too.
 * Never before verification: an unverified email must not pull anyone's Shopify record.
 */
export async function linkShopifyCustomer(request: PrivacyRequest, now: Date): Promise<PrivacyRequest> {
  if (request.customerIdCipher || !request.emailCipher || !IDENTITY_PROVEN.has(request.status)) return request;
  const shop = request.shopDomain;
  const ring = env().keyRing;
  const email = decryptField(ring, request.emailCipher, `privacy_request:${request.id}:email`);
  const found = await adminGraphql<{ customerByIdentifier: { id: string } | null }>(shop, "CustomerByEmail", CUSTOMER_BY_EMAIL, { email });
  const gid = found.data.customerByIdentifier?.id;
  if (!gid) return request;
  const customerId = gid.slice(gid.lastIndexOf("/") + 1);
  return withIntegrityAudit(shop, now, () =>
    db().$transaction(async (tx) => {
      const current = await loadForChange(tx, shop, request.id);
      if (current.customerIdCipher) return current;
      const linked = await updateRequest(tx, current, {
        customerIdCipher: encryptField(ring, customerId, `privacy_request:${current.id}:customerId`),
        customerRef: blindIndex(ring, shop, "customer", customerId),
      });
      await appendAudit(tx, { shopDomain: shop, actorType: "system", action: "request.customer_linked", subjectType: "privacy_request", subjectId: current.id, subjectRef: linked.customerRef, occurredAt: now });
      return linked;
    }),
  );
}
