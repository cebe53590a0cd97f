import { randomUUID } from "node:crypto";
import type { Db } from "../../app/platform/db.server";
import { storeOfflineSession } from "../../sandbox/install";
import { signSessionToken } from "../../sandbox/signing/session-token";

export const BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36";

/** Stores an offline session for `shop` the way the app would after token exchange. */
export function installOfflineSession(db: Db, env: Record<string, string>, shop: string, accessToken = `test-offline-token-${randomUUID()}`): Promise<void> {
  return storeOfflineSession(db, env, shop, accessToken);
}

/** A session token as App Bridge issues it: HS256 JWT signed with the app secret. */
export function sessionToken(env: Record<string, string>, shop: string, userId = "42", secret = env.SHOPIFY_API_SECRET!): string {
  return signSessionToken({ apiKey: env.SHOPIFY_API_KEY!, apiSecret: secret, shop, userId });
}

export function adminHeaders(env: Record<string, string>, shop: string, userId?: string): Record<string, string> {
  return { Authorization: `Bearer ${sessionToken(env, shop, userId)}`, "User-Agent": BROWSER_UA };
}
