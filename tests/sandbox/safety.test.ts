// The sandbox signs session tokens and webhooks for anyone who reaches it, so it must never run in
// production or off loopback, and the app's production build must not contain any of it.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertSandboxAllowed, SandboxRefused } from "../../sandbox/start";
import { BROWSER_UA } from "../helpers/admin-session";
import { ROOT, startApp, type RunningApp } from "../helpers/app-server";
import { testAppEnv } from "../helpers/test-env";

describe("the sandbox refuses to run where it could do harm", () => {
  it("refuses NODE_ENV=production, a non-loopback HOST and a non-SQLite database", () => {
    expect(() => assertSandboxAllowed({ NODE_ENV: "production" })).toThrow(SandboxRefused);
    expect(() => assertSandboxAllowed({ NODE_ENV: "development", HOST: "0.0.0.0" })).toThrow(/loopback/);
    expect(() => assertSandboxAllowed({ DATABASE_URL: "postgres://u:p@db.internal/app" })).toThrow(/SQLite/);
    expect(() => assertSandboxAllowed({ NODE_ENV: "development", HOST: "127.0.0.1", DATABASE_URL: "file:./x.sqlite" })).not.toThrow();
  });

  it("npm run local and the sandbox entry exit at once under NODE_ENV=production", () => {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? "", NODE_ENV: "production", HOME: process.env.HOME ?? "" };
    const local = spawnSync(process.execPath, [join(ROOT, "scripts/local.mjs")], { cwd: ROOT, env, encoding: "utf8", timeout: 60_000 });
    expect(local.status).toBe(1);
    expect(local.stderr).toMatch(/refusing NODE_ENV=production/);
    const cli = spawnSync(join(ROOT, "node_modules/.bin/vite-node"), [join(ROOT, "sandbox/cli.ts")], { cwd: ROOT, env, encoding: "utf8", timeout: 60_000 });
    expect(cli.status).toBe(1);
    expect(cli.stderr).toMatch(/never runs with NODE_ENV=production/);
  }, 90_000);
});

describe("the production build with production settings", () => {
  let dir: string;
  let app: RunningApp;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "sandbox-prod-"));
    app = await startApp(testAppEnv(`file:${join(dir, "prod.sqlite")}`, {
        NODE_ENV: "production",
        APP_LOCAL_ONLY: "",
        SHOPIFY_APP_URL: "https://privacy-desk.example.com",
        SHOPIFY_API_SECRET: randomBytes(24).toString("hex"),
      }));
  }, 90_000);
  afterAll(async () => {
    await app?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("contains no sandbox code", () => {
    const server = readFileSync(join(ROOT, "build/index.js"), "utf8");
    for (const marker of ["startSandbox", "startAdminShell", "startAdminApiStandin", "__sandbox", "sandbox_shopper", "deliverSandboxWebhook"]) expect(server).not.toContain(marker);
  });

  it("answers none of the sandbox's routes", async () => {
    const paths = ["/sandbox", "/sandbox/mailbox", "/sandbox/mailbox/1", "/sandbox/webhooks", "/__sandbox/app-bridge.js", "/__sandbox/session-token", "/apps/privacy/requests", "/assets/consent.js"];
    for (const path of paths) {
      const response = await fetch(new URL(path, app.url), { headers: { "User-Agent": BROWSER_UA } });
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
    }
    const posted = await fetch(new URL("/sandbox/webhooks", app.url), { method: "POST", headers: { "User-Agent": BROWSER_UA, "Content-Type": "application/x-www-form-urlencoded" }, body: "topic=shop%2Fredact" });
    expect([404, 405]).toContain(posted.status);
  });
});
