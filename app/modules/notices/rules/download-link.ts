import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";

/**
 * Signed, expiring links a requester uses to download their export without an account:
 * `v1.<payload>.<mac>`, payload = base64url("shop|requestId|fileId|expiresAtSeconds"), mac =
 * HMAC-SHA256 over "v1." + payload. The link names the file; the server still checks the file
 * exists, is unexpired and its request was not erased.
 */
export interface DownloadGrant {
  shop: string;
  requestId: string;
  fileId: string;
  expiresAt: Date;
}

export type LinkCheck = { ok: true; grant: DownloadGrant } | { ok: false; reason: "malformed" | "bad_signature" | "expired" };

const MAX_TOKEN = 600;
const PART = /^[A-Za-z0-9_-]+$/;
const SHOP = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;
const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The link key, derived from the blind index key (a secret only the app holds) for this one use. */
export function downloadLinkKey(blindIndexKey: Buffer): Buffer {
  return Buffer.from(hkdfSync("sha256", blindIndexKey, Buffer.alloc(0), "privacy-desk/download-link/v1", 32));
}

function mac(key: Buffer, payload: string): Buffer {
  return createHmac("sha256", key).update(`v1.${payload}`).digest();
}

export function signDownloadLink(key: Buffer, grant: DownloadGrant): string {
  const payload = Buffer.from([grant.shop, grant.requestId, grant.fileId, Math.floor(grant.expiresAt.getTime() / 1000)].join("|")).toString("base64url");
  return `v1.${payload}.${mac(key, payload).toString("base64url")}`;
}

/** Checks shape, then signature (constant time), then expiry against `now`. */
export function verifyDownloadLink(key: Buffer, token: string, now: Date): LinkCheck {
  if (token.length > MAX_TOKEN) return { ok: false, reason: "malformed" };
  const parts = token.split(".");
  if (parts.length !== 3 || parts[0] !== "v1" || !PART.test(parts[1]!) || !PART.test(parts[2]!)) return { ok: false, reason: "malformed" };
  const [, payload, signature] = parts as [string, string, string];
  const given = Buffer.from(signature, "base64url");
  const expected = mac(key, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "bad_signature" };
  const fields = Buffer.from(payload, "base64url").toString("utf8").split("|");
  if (fields.length !== 4) return { ok: false, reason: "malformed" };
  const [shop, requestId, fileId, seconds] = fields as [string, string, string, string];
  if (!SHOP.test(shop) || !ID.test(requestId) || !ID.test(fileId) || !/^\d{1,12}$/.test(seconds)) return { ok: false, reason: "malformed" };
  const expiresAt = new Date(Number(seconds) * 1000);
  if (expiresAt.getTime() <= now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, grant: { shop, requestId, fileId, expiresAt } };
}

/** The shop a link claims to be for, without trusting it (for auditing a failed link against that shop). */
export function claimedShopOf(token: string): string | null {
  if (token.length > MAX_TOKEN) return null;
  const parts = token.split(".");
  if (parts.length !== 3 || !PART.test(parts[1] ?? "")) return null;
  const shop = Buffer.from(parts[1]!, "base64url").toString("utf8").split("|")[0] ?? "";
  return SHOP.test(shop) ? shop : null;
}
