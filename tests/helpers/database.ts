import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

export type TestDatabaseKind = "sqlite" | "postgres";

export function testDatabaseKind(): TestDatabaseKind {
  return process.env.TEST_DATABASE === "postgres" ? "postgres" : "sqlite";
}

export interface TestDatabase {
  url: string;
  kind: TestDatabaseKind;
  /** SQLite: the database file (for scanning it for plaintext). */
  file?: string;
  drop(): Promise<void>;
}

/**
 * A fresh, empty database per caller: a new SQLite file, or a new database on the PostgreSQL
 * server named by TEST_POSTGRES_URL (scripts/test.mjs starts one). Parallel test files never share.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (testDatabaseKind() === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "privacy-test-"));
    const file = join(dir, "app.sqlite");
    return { url: `file:${file}`, kind: "sqlite", file, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const server = process.env.TEST_POSTGRES_URL;
  if (!server) throw new Error("TEST_DATABASE=postgres needs TEST_POSTGRES_URL (npm test starts a server)");
  const name = `t_${randomBytes(8).toString("hex")}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    kind: "postgres",
    drop: async () => {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
