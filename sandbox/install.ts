// Stands in for what OAuth / token exchange does on a real install: the app's offline session for
// the sandbox shop (holding the Admin API stand-in's token) and the shop's "installed" record with
// its audit entry. Writes through the app's own storage code, so the session is encrypted as usual.
import { Session } from "@shopify/shopify-api";
import { createDb, type Db } from "../app/platform/db.server";
import { parseKeyRing } from "../app/platform/crypto";
import { EncryptedSessionStorage } from "../app/platform/shopify/session-storage.server";
import { recordInstall } from "../app/modules/settings/shops.server";

function required(env: Record<string, string>, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

/** Stores the offline session for `shop` the way the app would after token exchange. */
export async function storeOfflineSession(db: Db, env: Record<string, string>, shop: string, accessToken: string): Promise<void> {
  const ring = parseKeyRing(required(env, "DATA_ENCRYPTION_KEYS"), required(env, "DATA_ENCRYPTION_ACTIVE_KEY_ID"), required(env, "BLIND_INDEX_KEY"));
  const storage = new EncryptedSessionStorage(() => db, () => ring);
  await storage.storeSession(new Session({ id: `offline_${shop}`, shop, state: "", isOnline: false, scope: env.SCOPES, accessToken }));
}

/** The sandbox's staff: user ids the admin shell can act as, with the names Shopify would give. */
export const SANDBOX_STAFF = [
  { id: "42", firstName: "Sam", lastName: "Owner" },
  { id: "7002", firstName: "Priya", lastName: "Officer" },
  { id: "7003", firstName: "Vic", lastName: "Viewer" },
] as const;

/**
 * Stores a staff member's online session (`<shop>_<userId>`, what token exchange for an online
 * token stores) with Shopify's associated_user: the app reads the staff member's name from it.
 */
export async function storeOnlineSession(db: Db, env: Record<string, string>, shop: string, user: { id: string; firstName: string; lastName: string }): Promise<void> {
  const ring = parseKeyRing(required(env, "DATA_ENCRYPTION_KEYS"), required(env, "DATA_ENCRYPTION_ACTIVE_KEY_ID"), required(env, "BLIND_INDEX_KEY"));
  const storage = new EncryptedSessionStorage(() => db, () => ring);
  const session = new Session({ id: `${shop}_${user.id}`, shop, state: "", isOnline: true, scope: env.SCOPES, accessToken: `sandbox-online-${user.id}` });
  session.onlineAccessInfo = {
    associated_user: { id: Number(user.id), first_name: user.firstName, last_name: user.lastName, email: `${user.firstName.toLowerCase()}@example.com`, account_owner: user.id === "42", locale: "en", collaborator: false, email_verified: true },
    associated_user_scope: env.SCOPES ?? "",
    expires_in: 86_400,
  };
  await storage.storeSession(session);
}

export async function installSandboxShop(env: Record<string, string>, shop: string, accessToken: string, now = new Date()): Promise<void> {
  const db = createDb(required(env, "DATABASE_URL"));
  try {
    await storeOfflineSession(db, env, shop, accessToken);
    for (const user of SANDBOX_STAFF) await storeOnlineSession(db, env, shop, user);
    await recordInstall(shop, now, db);
  } finally {
    await db.$disconnect();
  }
}
