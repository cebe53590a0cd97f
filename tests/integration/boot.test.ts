import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAppExpectingExit, startApp, type RunningApp } from "../helpers/app-server";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { testAppEnv } from "../helpers/test-env";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database.drop());

describe("npm start configuration", () => {
  it.each([
    ["missing", undefined, /SHOPIFY_API_SECRET is required/],
    ["too short", "abc123", /SHOPIFY_API_SECRET must be the app's client secret/],
    ["with whitespace", "x".repeat(20) + " " + "y".repeat(20), /SHOPIFY_API_SECRET must not contain whitespace/],
  ])("exits non-zero with one line when SHOPIFY_API_SECRET is %s", async (_label, secret, message) => {
    const env = testAppEnv(database.url);
    if (secret === undefined) delete env.SHOPIFY_API_SECRET;
    else env.SHOPIFY_API_SECRET = secret;
    const { code, stdout, stderr } = await runAppExpectingExit(env);
    expect(code).not.toBe(0);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
    expect(stdout).not.toContain("listening");
  });

  it.each([["production"], ["development"], ["test"]])("refuses development placeholders and plain http outside the sandbox and tests, with NODE_ENV=%s", async (nodeEnv) => {
    const base = testAppEnv(database.url);
    const env = testAppEnv(database.url, {
      NODE_ENV: nodeEnv,
      APP_LOCAL_ONLY: "",
      SHOPIFY_API_SECRET: "local-" + "a".repeat(40),
      SHOPIFY_APP_URL: "http://example.com",
      DATA_ENCRYPTION_KEYS: base.DATA_ENCRYPTION_KEYS!.replace(/^t1:/, "local1:"),
      DATA_ENCRYPTION_ACTIVE_KEY_ID: "local1",
    });
    const { code, stderr } = await runAppExpectingExit(env);
    expect(code).toBe(1);
    expect(stderr).toMatch(/SHOPIFY_API_SECRET is a development placeholder/);
    expect(stderr).toMatch(/SHOPIFY_APP_URL must be https/);
    expect(stderr).toMatch(/DATA_ENCRYPTION_KEYS holds a generated local key/);
  });

  it("accepts the sandbox/test opt-out only on loopback and never with NODE_ENV=production", async () => {
    const open = await runAppExpectingExit(testAppEnv(database.url, { HOST: "0.0.0.0" }));
    expect(open.code).toBe(1);
    expect(open.stderr).toMatch(/APP_LOCAL_ONLY is for the sandbox and tests on loopback; it is refused with HOST=0\.0\.0\.0/);
    const production = await runAppExpectingExit(testAppEnv(database.url, { NODE_ENV: "production" }));
    expect(production.code).toBe(1);
    expect(production.stderr).toMatch(/APP_LOCAL_ONLY .*refused with NODE_ENV=production/);
    const other = await runAppExpectingExit(testAppEnv(database.url, { APP_LOCAL_ONLY: "yes" }));
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/APP_LOCAL_ONLY must be sandbox or test/);
  });

  it("names each bad variable without echoing key material", async () => {
    const env = testAppEnv(database.url, { DATABASE_URL: "mysql://nope", PORT: "http", DATA_ENCRYPTION_KEYS: "t1:c2VjcmV0LWtleS1tYXRlcmlhbA==" });
    const { code, stderr } = await runAppExpectingExit(env);
    expect(code).toBe(1);
    expect(stderr).toMatch(/DATABASE_URL must start with file: \(SQLite\) or postgres:\/\//);
    expect(stderr).toMatch(/PORT must be a port number/);
    const keys = await runAppExpectingExit(testAppEnv(database.url, { DATA_ENCRYPTION_KEYS: "t1:c2VjcmV0LWtleS1tYXRlcmlhbA==" }));
    expect(keys.code).toBe(1);
    expect(keys.stderr).toMatch(/DATA_ENCRYPTION_KEYS.*32 bytes/);
    expect(keys.stderr).not.toContain("c2VjcmV0");
  });
});

describe("npm start", () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp(testAppEnv(database.url));
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("migrates the database and reports healthy", async () => {
    const response = await fetch(`${app.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", database: "ok", provider: database.kind });
  });

  it("serves the public landing page and keeps the admin behind Shopify auth", async () => {
    const landing = await fetch(`${app.url}/`);
    expect(landing.status).toBe(200);
    expect(await landing.text()).toContain("Privacy Desk");
    const admin = await fetch(`${app.url}/app`, { redirect: "manual", headers: { "User-Agent": "Mozilla/5.0 Chrome/120" } });
    expect([302, 401, 410]).toContain(admin.status);
    expect(admin.status).not.toBe(200);
  });

  it("explains the 410 it answers to scripts and bots opening the admin", async () => {
    for (const userAgent of ["curl/8.5.0", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/140.0 Safari/537.36"]) {
      const response = await fetch(`${app.url}/app/requests?_data=routes%2Fapp.requests._index`, { redirect: "manual", headers: { "User-Agent": userAgent } });
      expect(response.status).toBe(410);
      const body = await response.text();
      expect(body).toContain("answers 410 to user agents that look like bots or scripts");
      expect(body).toContain("http://127.0.0.1:3002/app");
    }
    const page = await fetch(`${app.url}/app`, { headers: { "User-Agent": "curl/8.5.0" } });
    expect(page.status).toBe(410);
    expect(await page.text()).toContain("answers 410 to user agents that look like bots or scripts");
  });

  it("stops gracefully on SIGTERM", async () => {
    const second = await startApp(testAppEnv(database.url));
    expect(await second.stop()).toBe(0);
  });
});
