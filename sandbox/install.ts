// Stands in for what OAuth / token exchange does on a real install: the app's offline session for
// the sandbox shop (holding the Admin API stand-in's token) and the shop's "installed" record with
// its audit entry. Writes through the app's own storage code, so the session is encrypted as usual.
import { Session } from "@shopify/shopify-api";
import { createDb } from "../app/db.server";
import { parseKeyRing } from "../app/domain/crypto";
import { EncryptedSessionStorage } from "../app/services/session-storage.server";
import { recordInstall } from "../app/services/shops.server";

export async function installSandboxShop(env: Record<string, string>, shop: string, accessToken: string, now = new Date()): Promise<void> {
  const required = (name: string) => {
    const value = env[name];
    if (!value) throw new Error(`${name} is not set`);
    return value;
  };
  const db = createDb(required("DATABASE_URL"));
  try {
    const ring = parseKeyRing(required("DATA_ENCRYPTION_KEYS"), required("DATA_ENCRYPTION_ACTIVE_KEY_ID"), required("BLIND_INDEX_KEY"));
    const storage = new EncryptedSessionStorage(() => db, () => ring);
    await storage.storeSession(new Session({ id: `offline_${shop}`, shop, state: "", isOnline: false, scope: env.SCOPES, accessToken }));
    await recordInstall(shop, now, db);
  } finally {
    await db.$disconnect();
  }
}
