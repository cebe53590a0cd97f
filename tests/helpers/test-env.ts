import { randomBytes } from "node:crypto";

/** A complete, valid app environment with fresh random secrets (nothing real, nothing shared). */
export function testAppEnv(databaseUrl: string, overrides: Record<string, string> = {}): Record<string, string> {
  const key = () => randomBytes(32).toString("base64");
  return {
    NODE_ENV: "test",
    // Placeholder secrets and plain http on loopback (ADR 0009); "" turns the production checks back on.
    APP_LOCAL_ONLY: "test",
    SHOPIFY_API_KEY: "test-api-key",
    SHOPIFY_API_SECRET: `test-secret-${randomBytes(16).toString("hex")}`,
    SHOPIFY_APP_URL: "http://127.0.0.1",
    SCOPES: "read_customers,write_customers,read_orders,write_customer_data_erasure,write_app_proxy,write_privacy_settings,read_locales",
    DATABASE_URL: databaseUrl,
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_ENCRYPTION_KEYS: `t1:${key()}`,
    DATA_ENCRYPTION_ACTIVE_KEY_ID: "t1",
    BLIND_INDEX_KEY: key(),
    AUDIT_CHECKPOINT_KEY: key(),
    LOG_LEVEL: "info",
    ...overrides,
  };
}
