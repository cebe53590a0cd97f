import { afterAll, beforeAll } from "vitest";
import type { Db } from "../../app/db.server";
import { startApp, type RunningApp } from "./app-server";
import { createTestDatabase, type TestDatabase } from "./database";
import { openDb } from "./db-client";
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
 * beforeAll hooks run.
 */
export function useApp(overrides: Record<string, string> = {}): AppFixture {
  const fixture = {} as AppFixture;
  beforeAll(async () => {
    fixture.database = await createTestDatabase();
    fixture.env = testAppEnv(fixture.database.url, overrides);
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
