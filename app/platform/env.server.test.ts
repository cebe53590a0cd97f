import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseEnv } from "./env.server";

const key = () => randomBytes(32).toString("base64");
const production = () => ({
  SHOPIFY_API_KEY: "key",
  SHOPIFY_API_SECRET: randomBytes(24).toString("hex"),
  SHOPIFY_APP_URL: "https://privacy.example.com",
  SCOPES: "read_customers",
  DATABASE_URL: "postgres://u:p@db/app",
  DATA_ENCRYPTION_KEYS: `k1:${key()}`,
  DATA_ENCRYPTION_ACTIVE_KEY_ID: "k1",
  BLIND_INDEX_KEY: key(),
});

describe("parseEnv: production checks and the local opt-out", () => {
  it("applies the production checks whatever NODE_ENV says", () => {
    for (const NODE_ENV of [undefined, "development", "test", "production"]) {
      expect(() => parseEnv({ ...production(), NODE_ENV, SHOPIFY_APP_URL: "http://privacy.example.com" })).toThrow(/SHOPIFY_APP_URL must be https/);
      expect(() => parseEnv({ ...production(), NODE_ENV, SHOPIFY_API_SECRET: `test-${"a".repeat(40)}` })).toThrow(/development placeholder/);
    }
    expect(parseEnv(production()).APP_LOCAL_ONLY).toBeUndefined();
  });

  it("judges the NODE_ENV the operator declared, not the production value server/load-build.mjs sets for the libraries", () => {
    const local = { ...production(), SHOPIFY_APP_URL: "http://127.0.0.1:3000", APP_LOCAL_ONLY: "test", HOST: "127.0.0.1" };
    expect(() => parseEnv({ ...local, NODE_ENV: "production", DECLARED_NODE_ENV: "test" })).not.toThrow();
    expect(() => parseEnv({ ...local, NODE_ENV: "production", DECLARED_NODE_ENV: "production" })).toThrow(/NODE_ENV=production/);
    expect(() => parseEnv({ ...local, NODE_ENV: "production", DECLARED_NODE_ENV: "" })).not.toThrow();
  });

  it("lets the sandbox and tests opt out on loopback only, and never with NODE_ENV=production", () => {
    const local = { ...production(), SHOPIFY_APP_URL: "http://127.0.0.1:3000", SHOPIFY_API_SECRET: `test-${"a".repeat(40)}` };
    expect(parseEnv({ ...local, APP_LOCAL_ONLY: "test", HOST: "127.0.0.1" }).APP_LOCAL_ONLY).toBe("test");
    expect(() => parseEnv({ ...local, APP_LOCAL_ONLY: "sandbox" })).toThrow(/refused with HOST=0\.0\.0\.0/);
    expect(() => parseEnv({ ...local, APP_LOCAL_ONLY: "sandbox", HOST: "10.0.0.5" })).toThrow(/loopback/);
    expect(() => parseEnv({ ...local, APP_LOCAL_ONLY: "test", HOST: "::1", NODE_ENV: "production" })).toThrow(/NODE_ENV=production/);
    expect(() => parseEnv({ ...local, APP_LOCAL_ONLY: "1", HOST: "127.0.0.1" })).toThrow(/APP_LOCAL_ONLY must be sandbox or test/);
    expect(() => parseEnv({ ...local, APP_LOCAL_ONLY: "", HOST: "127.0.0.1" })).toThrow(/must be https/);
  });

  it("reads TRUST_PROXY_HOPS (default 0)", () => {
    expect(parseEnv(production()).TRUST_PROXY_HOPS).toBe(0);
    expect(parseEnv({ ...production(), TRUST_PROXY_HOPS: "1" }).TRUST_PROXY_HOPS).toBe(1);
    expect(() => parseEnv({ ...production(), TRUST_PROXY_HOPS: "all" })).toThrow(/TRUST_PROXY_HOPS must be a number of proxies/);
    expect(() => parseEnv({ ...production(), TRUST_PROXY_HOPS: "-1" })).toThrow(/TRUST_PROXY_HOPS/);
  });

  it("reads AUDIT_CHECKPOINT_KEY: optional, a 32-byte base64 key of its own, never the blind-index key", () => {
    expect(parseEnv(production()).checkpointKey).toBeNull();
    expect(parseEnv({ ...production(), AUDIT_CHECKPOINT_KEY: "" }).checkpointKey).toBeNull();
    const checkpoint = key();
    const parsed = parseEnv({ ...production(), AUDIT_CHECKPOINT_KEY: checkpoint }).checkpointKey!;
    expect(parsed.key.equals(Buffer.from(checkpoint, "base64"))).toBe(true);
    expect(parsed.id).toMatch(/^[0-9a-f]{16}$/);
    expect(() => parseEnv({ ...production(), AUDIT_CHECKPOINT_KEY: "short" })).toThrow(/AUDIT_CHECKPOINT_KEY must be a base64 key of 32 or more bytes/);
    const env = production();
    expect(() => parseEnv({ ...env, AUDIT_CHECKPOINT_KEY: env.BLIND_INDEX_KEY })).toThrow(/AUDIT_CHECKPOINT_KEY must be its own key/);
    expect(JSON.stringify(parseEnv({ ...production(), AUDIT_CHECKPOINT_KEY: checkpoint }))).not.toContain(checkpoint);
  });
});
