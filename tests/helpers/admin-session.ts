import { randomUUID } from "node:crypto";
import { Session } from "@shopify/shopify-api";
import { EncryptedSessionStorage } from "../../app/services/session-storage.server";
import type { Db } from "../../app/db.server";
import { signSessionToken } from "../../sandbox/signing/session-token";
import { keyRingOf } from "./keys";

export const BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36";

/** Stores an offline session for `shop` the way the app would after token exchange. */
export async function installOfflineSession(db: Db, env: Record<string, string>, shop: string, accessToken = `test-offline-token-${randomUUID()}`): Promise<void> {
  const storage = new EncryptedSessionStorage(() => db, () => keyRingOf(env));
  await storage.storeSession(new Session({ id: `offline_${shop}`, shop, state: "", isOnline: false, scope: env.SCOPES, accessToken }));
}

/** A session token as App Bridge issues it: HS256 JWT signed with the app secret. */
export function sessionToken(env: Record<string, string>, shop: string, userId = "42", secret = env.SHOPIFY_API_SECRET!): string {
  return signSessionToken({ apiKey: env.SHOPIFY_API_KEY!, apiSecret: secret, shop, userId });
}

export function adminHeaders(env: Record<string, string>, shop: string, userId?: string): Record<string, string> {
  return { Authorization: `Bearer ${sessionToken(env, shop, userId)}`, "User-Agent": BROWSER_UA };
}
