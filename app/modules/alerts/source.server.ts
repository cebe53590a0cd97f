import { createHmac } from "node:crypto";
import { env } from "../../platform/env.server";
import { clientAddress } from "../../platform/http/client-address";

/**
 * The source of a failure as the alert rules count it: a keyed blind index of the client address
 * (HMAC under a key derived from the blind-index key), never the address. Null when the address
 * cannot be known (then no per-source count is kept).
 */
export function failureSource(request: Request, viaShopifyProxy: boolean): string | null {
  const address = clientAddress(request.headers.get("x-forwarded-for"), env().TRUST_PROXY_HOPS + (viaShopifyProxy ? 1 : 0));
  if (!address) return null;
  return createHmac("sha256", env().keyRing.blindIndexKey).update("alerts:source\0").update(address).digest("base64url").slice(0, 22);
}
