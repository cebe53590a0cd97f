import { afterAll, beforeAll } from "vitest";
import type { Db } from "../../app/platform/db.server";
import { SANDBOX_ACCESS_TOKEN, SANDBOX_SHOP_DOMAIN } from "../../sandbox/admin-api/seed";
import { startAdminApiStandin, type AdminApiStandin, type StartAdminApiStandinOptions } from "../../sandbox/admin-api/server";
import { installOfflineSession } from "./admin-session";
import { startApp, type RunningApp } from "./app-server";
import { createTestDatabase, type TestDatabase } from "./database";
import { openDb } from "./db-client";
import { startSmtp, type SmtpCapture } from "./smtp";
import { testAppEnv } from "./test-env";

export interface AppFixture {
  database: TestDatabase;
  env: Record<string, string>;
  app: RunningApp;
  /** A Prisma client on the app's database, for arranging and asserting. */
  db: Db;
}

/**
 * For one test file: a fresh database, the built app running on it (`npm start`'s path), and a
 * client to look inside; all torn down after the file. Fields are filled in before the file's own
 * beforeAll hooks run. `overrides` may be a function when they depend on servers started first.
 */
export function useApp(overrides: Record<string, string> | (() => Promise<Record<string, string>>) = {}): AppFixture {
  const fixture = {} as AppFixture;
  beforeAll(async () => {
    fixture.database = await createTestDatabase();
    fixture.env = testAppEnv(fixture.database.url, typeof overrides === "function" ? await overrides() : overrides);
    fixture.app = await startApp(fixture.env);
    fixture.db = openDb(fixture.database.url);
  });
  afterAll(async () => {
    await fixture.db?.$disconnect();
    await fixture.app?.stop();
    await fixture.database?.drop();
  });
  return fixture;
}

export interface SandboxShopFixture extends AppFixture {
  standin: AdminApiStandin;
  /** Set when the file asked for a mail server. */
  smtp: SmtpCapture | null;
}

/**
 * useApp wired to the Admin API stand-in (and, with `smtp`, a real SMTP server on loopback), with
 * the app installed on the seeded sandbox shop as token exchange would leave it.
 */
export function useSandboxShopApp(options: { standin?: StartAdminApiStandinOptions; smtp?: Parameters<typeof startSmtp>[0]; env?: Record<string, string> } = {}): SandboxShopFixture {
  const servers = { standin: null as AdminApiStandin | null, smtp: null as SmtpCapture | null };
  const fixture = useApp(async () => {
    servers.standin = await startAdminApiStandin(options.standin);
    if (options.smtp) servers.smtp = await startSmtp(options.smtp);
    return { SHOPIFY_ADMIN_API_ORIGIN: servers.standin.url, ...(servers.smtp ? { SMTP_URL: servers.smtp.url } : {}), ...options.env };
  }) as SandboxShopFixture;
  beforeAll(async () => {
    fixture.standin = servers.standin!;
    fixture.smtp = servers.smtp;
    await installOfflineSession(fixture.db, fixture.env, SANDBOX_SHOP_DOMAIN, SANDBOX_ACCESS_TOKEN);
  });
  afterAll(async () => {
    await servers.smtp?.close();
    await servers.standin?.close();
  });
  return fixture;
}
