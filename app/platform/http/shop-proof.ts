import { createHmac, timingSafeEqual } from "node:crypto";
import { isShopDomain } from "./frame-policy";

// What authenticate.admin checks, reduced to "which shop does this request prove": used for the
// frame-ancestors of documents, where the library's own helper trusts the bare `shop` parameter.
// Same rules as @shopify/shopify-api: HS256 session token with aud = API key and 10 s of clock
// tolerance; admin HMAC over the sorted query without `hmac`/`signature`, timestamp within 90 s.

const JWT_TOLERANCE_SECONDS = 10;
const HMAC_TOLERANCE_SECONDS = 90;

function equalText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function shopFromSessionToken(token: string, apiKey: string, secret: string, nowSeconds: number): string | null {
  if (token.length > 4096) return null;
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const [header, payload, signature] = parts as [string, string, string];
  const expected = createHmac("sha256", secret).update(`${header}.${payload}`).digest("base64url");
  if (!equalText(signature, expected)) return null;
  let claims: { alg?: unknown; aud?: unknown; dest?: unknown; exp?: unknown; nbf?: unknown };
  try {
    if ((JSON.parse(Buffer.from(header, "base64url").toString("utf8")) as { alg?: unknown }).alg !== "HS256") return null;
    claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as typeof claims;
  } catch {
    return null;
  }
  if (claims.aud !== apiKey || typeof claims.dest !== "string") return null;
  if (typeof claims.exp !== "number" || claims.exp + JWT_TOLERANCE_SECONDS < nowSeconds) return null;
  if (typeof claims.nbf === "number" && claims.nbf - JWT_TOLERANCE_SECONDS > nowSeconds) return null;
  let shop: string;
  try {
    shop = new URL(claims.dest).hostname;
  } catch {
    return null;
  }
  return isShopDomain(shop) ? shop : null;
}

export function shopFromAdminHmac(query: URLSearchParams, secret: string, nowSeconds: number): string | null {
  const shop = query.get("shop");
  const hmac = query.get("hmac");
  if (!isShopDomain(shop) || !hmac || query.getAll("shop").length !== 1 || query.getAll("hmac").length !== 1) return null;
  const timestamp = Number(query.get("timestamp"));
  if (!Number.isFinite(timestamp) || Math.abs(nowSeconds - timestamp) > HMAC_TOLERANCE_SECONDS) return null;
  const rest = [...query].filter(([key]) => key !== "hmac" && key !== "signature").sort(([a], [b]) => a.localeCompare(b));
  const expected = createHmac("sha256", secret).update(new URLSearchParams(rest).toString()).digest("hex");
  return equalText(hmac, expected) ? shop : null;
}
