/**
 * Session tokens exactly as App Bridge issues them inside Shopify admin: an HS256 JWT signed with
 * the app's API secret, `dest` naming the shop, `aud` the API key and `sub` the staff user id.
 * Shared by the admin shell (sandbox/admin-shell) and the tests (tests/helpers/admin-session.ts).
 */
import { createHmac, randomUUID } from "node:crypto";

export interface SessionTokenClaims {
  apiKey: string;
  apiSecret: string;
  /** `*.myshopify.com`. */
  shop: string;
  /** Staff user id (`sub`); App Bridge sends the numeric id as a string. */
  userId?: string;
  /** Seconds since the epoch; defaults to now. */
  issuedAt?: number;
  /** Lifetime in seconds; App Bridge tokens live 60 s. */
  ttlSeconds?: number;
}

function base64url(value: object | Buffer): string {
  return (Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value))).toString("base64url");
}

export function signSessionToken({ apiKey, apiSecret, shop, userId = "42", issuedAt, ttlSeconds = 60 }: SessionTokenClaims): string {
  const now = issuedAt ?? Math.floor(Date.now() / 1000);
  const header = base64url({ alg: "HS256", typ: "JWT" });
  const payload = base64url({
    iss: `https://${shop}/admin`,
    dest: `https://${shop}`,
    aud: apiKey,
    sub: userId,
    exp: now + ttlSeconds,
    nbf: now - 5,
    iat: now - 5,
    jti: randomUUID(),
    sid: randomUUID(),
  });
  const signature = base64url(createHmac("sha256", apiSecret).update(`${header}.${payload}`).digest());
  return `${header}.${payload}.${signature}`;
}
