import type { PrivacyRequest } from "@prisma/client";
import { cipherContext } from "../../platform/protected-data/registry";
import { decryptField } from "../../platform/crypto";
import { RequestError } from "./rules";
import { env } from "../../platform/env.server";

/** The Shopify customer gid a request is linked to (decrypted); NOT_FOUND when it is not linked. */
export function customerGidOf(request: PrivacyRequest): string {
  if (!request.customerIdCipher) throw new RequestError("NOT_FOUND", "this request is not linked to a Shopify customer; find the customer in Shopify admin");
  const id = decryptField(env().keyRing, request.customerIdCipher, cipherContext.privacyRequest(request.id, "customerId"));
  return id.startsWith("gid://") ? id : `gid://shopify/Customer/${id}`;
}
