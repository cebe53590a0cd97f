import { createRequire } from "node:module";
import { PrismaClient } from "@prisma/client";
import { postgresAdapterFactory, sqliteAdapterFactory, type SerialisedSqliteAdapter } from "../../prisma/adapters";
import { env } from "./env.server";

export type Db = PrismaClient;
/** The client inside `db.$transaction(async (tx) => ...)`. */
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/**
 * One Prisma client per process. SQLite uses the client generated from prisma/sqlite; PostgreSQL
 * the one generated from prisma/postgres into node_modules/.prisma/client-postgres. Both come from
 * prisma/models.prisma, so their APIs are the same and the app is typed against the SQLite one.
 */
// Prisma's defaults (2 s to get a connection, 5 s per transaction) turn a burst of writers queued
// on one row lock (an audit chain head, say) into errors. Bursts are normal here: wait instead.
const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 60_000 };

const databaseUrls = new WeakMap<Db, string>();
const sqliteConnections = new WeakMap<Db, SerialisedSqliteAdapter>();

/** The URL a client was created for (read-only paths that bypass Prisma need the file). */
export function databaseUrlOf(client: Db): string | undefined {
  return databaseUrls.get(client);
}

export function createDb(databaseUrl: string): Db {
  let client: Db;
  if (databaseUrl.startsWith("file:")) {
    client = new PrismaClient({
      adapter: sqliteAdapterFactory(databaseUrl, (adapter) => sqliteConnections.set(client, adapter)),
      transactionOptions: TRANSACTION_OPTIONS,
    });
  } else {
    const require = createRequire(import.meta.url);
    const { PrismaClient: PostgresClient } = require(".prisma/client-postgres") as {
      PrismaClient: new (options: { adapter: unknown; transactionOptions: typeof TRANSACTION_OPTIONS }) => unknown;
    };
    client = new PostgresClient({ adapter: postgresAdapterFactory(databaseUrl), transactionOptions: TRANSACTION_OPTIONS }) as Db;
  }
  databaseUrls.set(client, databaseUrl);
  return client;
}

/**
 * SQLite only: the client's own connection, for hot paths that use prepared statements (see
 * SerialisedSqliteAdapter.runExclusive). Null on PostgreSQL.
 */
export async function sqliteConnectionOf(client: Db): Promise<SerialisedSqliteAdapter | null> {
  if (!databaseUrls.get(client)?.startsWith("file:")) return null;
  if (!sqliteConnections.has(client)) await client.$connect();
  return sqliteConnections.get(client) ?? null;
}

declare global {
  // Survives module reloads in development so reloads don't leak connections.
  var __privacyDb: Db | undefined;
}

export function db(): Db {
  globalThis.__privacyDb ??= createDb(env().DATABASE_URL);
  return globalThis.__privacyDb;
}

/**
 * Unique-constraint violation (P2002). Checked by shape, not instanceof: the PostgreSQL client is a
 * separately generated module whose error classes are distinct objects.
 */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && error.name === "PrismaClientKnownRequestError" && (error as { code?: unknown }).code === "P2002";
}
