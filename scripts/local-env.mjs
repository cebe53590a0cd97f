// Local (non-production) defaults so a fresh clone runs without writing any file by hand. Secrets
// and keys are generated once into .local/dev.env (git-ignored) and reused, so encrypted data and
// signed requests stay valid across restarts.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const file = join(root, ".local", "dev.env");

export function readScopesFromToml() {
  const toml = readFileSync(join(root, "shopify.app.toml"), "utf8");
  return /^\s*scopes\s*=\s*"([^"]*)"/m.exec(toml)?.[1] ?? "";
}

function generated() {
  const key = () => randomBytes(32).toString("base64");
  return {
    SHOPIFY_API_SECRET: `local-${randomBytes(24).toString("hex")}`,
    DATA_ENCRYPTION_KEYS: `local1:${key()}`,
    DATA_ENCRYPTION_ACTIVE_KEY_ID: "local1",
    BLIND_INDEX_KEY: key(),
    AUDIT_CHECKPOINT_KEY: key(),
  };
}

export function localEnv() {
  let secrets;
  if (existsSync(file)) {
    secrets = Object.fromEntries(
      readFileSync(file, "utf8").split("\n").filter((l) => l.includes("=") && !l.startsWith("#")).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
    );
  } else {
    secrets = generated();
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `# Generated for local use only. Never use these values in production.\n${Object.entries(secrets).map(([k, v]) => `${k}=${v}`).join("\n")}\n`, { mode: 0o600 });
  }
  const port = process.env.PORT ?? "3000";
  return {
    NODE_ENV: "development",
    // Generated secrets and plain http on loopback: opts out of the production checks (ADR 0009).
    APP_LOCAL_ONLY: "sandbox",
    SHOPIFY_API_KEY: "local-sandbox-api-key",
    SHOPIFY_APP_URL: `http://localhost:${port}`,
    SCOPES: readScopesFromToml(),
    DATABASE_URL: "file:./.local/dev.sqlite",
    PORT: port,
    HOST: "127.0.0.1",
    ...secrets,
    // What the caller set explicitly wins.
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => /^(SHOPIFY_|DATABASE_URL|PORT|HOST|SCOPES|DATA_ENCRYPTION|BLIND_INDEX|LOG_LEVEL)/.test(k))),
  };
}
