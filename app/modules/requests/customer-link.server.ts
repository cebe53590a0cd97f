import type { PrivacyRequest } from "@prisma/client";
import { cipherContext } from "../../platform/protected-data/registry";
import { db } from "../../platform/db.server";
import { blindIndex, decryptField, encryptField } from "../../platform/crypto";
import { env } from "../../platform/env.server";
import { CUSTOMER_BY_EMAIL } from "../../platform/shopify/operations";
import { appendAudit } from "../audit/audit.server";
import { loadForChange, updateRequest, withIntegrityAudit } from "./requests.server";
import { adminGraphql } from "../../platform/shopify/admin-client.server";
import { identityProven } from "./rules/actions";

/**
 * A guest's request names an email, not a Shopify customer. Once the requester has proven the
 * email, the Shopify customer that holds it (if any) is looked up and remembered on the request,
 * encrypted and audited, so the export, erasure and redact matching reach Shopify's data too.
 * Never before verification: an unverified email must not pull anyone's Shopify record.
 */
export async function linkShopifyCustomer(request: PrivacyRequest, now: Date): Promise<PrivacyRequest> {
  if (request.customerIdCipher || !request.emailCipher || !identityProven(request.status)) return request;
  const shop = request.shopDomain;
  const ring = env().keyRing;
  const email = decryptField(ring, request.emailCipher, cipherContext.privacyRequest(request.id, "email"));
  const found = await adminGraphql<{ customerByIdentifier: { id: string } | null }>(shop, "CustomerByEmail", CUSTOMER_BY_EMAIL, { email });
  const gid = found.data.customerByIdentifier?.id;
  if (!gid) return request;
  const customerId = gid.slice(gid.lastIndexOf("/") + 1);
  return withIntegrityAudit(shop, now, () =>
    db().$transaction(async (tx) => {
      const current = await loadForChange(tx, shop, request.id);
      if (current.customerIdCipher) return current;
      const linked = await updateRequest(tx, current, {
        customerIdCipher: encryptField(ring, customerId, cipherContext.privacyRequest(current.id, "customerId")),
        customerRef: blindIndex(ring, shop, "customer", customerId),
      });
      await appendAudit(tx, { shopDomain: shop, actorType: "system", action: "request.customer_linked", subjectType: "privacy_request", subjectId: current.id, subjectRef: linked.customerRef, occurredAt: now });
      return linked;
    }),
  );
}
