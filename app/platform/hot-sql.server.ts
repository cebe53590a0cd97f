import type BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { databaseUrlOf, sqliteConnectionOf, type Db } from "./db.server";

/**
 * One small typed data-access layer for the hot paths (webhook intake, the claim, the cheap jobs),
 * where Prisma's per-query cost (~0.4 ms of CPU each) dominates the work (ADR 0014). SQL is
 * written once with `?` placeholders and runs unchanged on both providers:
 * - SQLite: prepared statements (cached) on Prisma's own better-sqlite3 connection, under the same
 *   lock as Prisma's queries, so there is no second writer (SerialisedSqliteAdapter).
 * - PostgreSQL: a small node-postgres pool of its own next to Prisma's (`?` becomes `$n`).
 * Dates are written in the format Prisma writes for each provider, so Prisma reads them back.
 */
export type SqlParam = string | number | boolean | null | Date;

export interface SqlUnit {
  /** Rows of a SELECT or of a statement with RETURNING. */
  rows<R extends object>(sql: string, params?: readonly SqlParam[]): Promise<R[]>;
  /** Rows changed. */
  run(sql: string, params?: readonly SqlParam[]): Promise<number>;
}

export interface HotSql extends SqlUnit {
  readonly provider: "sqlite" | "postgres";
  /**
   * One transaction; rolled back if `fn` throws. `fn` must not call Prisma. `durable: false` is for
   * a unit whose loss in an operating-system crash or power cut only means it runs again: a job's
   * effects when the job is idempotent and its completion is written after them. It commits
   * without waiting for the disk (SQLite synchronous=NORMAL in WAL mode, PostgreSQL
   * synchronous_commit=off): commits stay in order, so a crash loses a suffix of them, never an
   * earlier one without the later ones, and never the database's consistency. Anything a client is
   * told was stored (a webhook acknowledgment) stays durable.
   */
  transaction<T>(fn: (unit: SqlUnit) => Promise<T>, options?: { durable?: boolean }): Promise<T>;
  /** PostgreSQL only: the pool (bulk statements that use arrays). */
  readonly pool: pg.Pool | null;
  /**
   * One statement whose loss in a crash is harmless (rate-limit counters, a job's claim or
   * completion): committed without waiting for the disk, as `transaction(fn, { durable: false })`.
   * A later durable commit flushes it with everything before it.
   */
  relaxedRows<R extends object>(sql: string, params?: readonly SqlParam[]): Promise<R[]>;
}

/** DateTime as Prisma's SQLite adapter stores it (TEXT, ISO-8601 with +00:00), so reads and compares match. */
export function sqliteDate(date: Date | null): string | null {
  return date ? date.toISOString().replace("Z", "+00:00") : null;
}

/** A DateTime column read through this layer (SQLite gives text, PostgreSQL a Date). */
export function dateOf(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value : new Date(String(value));
}

type SqliteConnection = NonNullable<Awaited<ReturnType<typeof sqliteConnectionOf>>>;

function sqliteParams(params: readonly SqlParam[]): unknown[] {
  return params.map((p) => (p instanceof Date ? sqliteDate(p) : typeof p === "boolean" ? (p ? 1 : 0) : p));
}

class SqliteHotSql implements HotSql {
  readonly provider = "sqlite" as const;
  readonly pool = null;
  #statements = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();
  constructor(private readonly adapter: SqliteConnection) {}

  #unit(connection: BetterSqlite3.Database): SqlUnit {
    return {
      rows: async <R extends object>(sql: string, params: readonly SqlParam[] = []) => {
        const statement = this.#prepare(connection, sql);
        if (statement.reader) return statement.all(...sqliteParams(params)) as R[];
        statement.run(...sqliteParams(params));
        return [];
      },
      run: async (sql, params = []) => this.#prepare(connection, sql).run(...sqliteParams(params)).changes,
    };
  }

  rows<R extends object>(sql: string, params: readonly SqlParam[] = []): Promise<R[]> {
    return this.adapter.runExclusive((c) => {
      const statement = this.#prepare(c, sql);
      return (statement.reader ? statement.all(...sqliteParams(params)) : (statement.run(...sqliteParams(params)), [])) as R[];
    });
  }

  run(sql: string, params: readonly SqlParam[] = []): Promise<number> {
    return this.adapter.runExclusive((c) => this.#prepare(c, sql).run(...sqliteParams(params)).changes);
  }

  transaction<T>(fn: (unit: SqlUnit) => Promise<T>, options: { durable?: boolean } = {}): Promise<T> {
    return this.adapter.transactionExclusive((c) => fn(this.#unit(c)), options);
  }

  relaxedRows<R extends object>(sql: string, params: readonly SqlParam[] = []): Promise<R[]> {
    return this.adapter.runExclusive((c) => {
      const statement = this.#prepare(c, sql);
      c.pragma("synchronous = NORMAL");
      try {
        return (statement.reader ? statement.all(...sqliteParams(params)) : (statement.run(...sqliteParams(params)), [])) as R[];
      } finally {
        c.pragma("synchronous = FULL");
      }
    });
  }

  #prepare(connection: BetterSqlite3.Database, sql: string): BetterSqlite3.Statement {
    let cache = this.#statements.get(connection);
    if (!cache) this.#statements.set(connection, (cache = new Map()));
    let statement = cache.get(sql);
    if (!statement) cache.set(sql, (statement = connection.prepare(sql)));
    return statement;
  }
}

const numbered = new Map<string, string>();

/** `?` placeholders to `$1..$n` (the hot SQL never has a literal question mark). */
export function pgPlaceholders(sql: string): string {
  let text = numbered.get(sql);
  if (text === undefined) {
    let n = 0;
    text = sql.replace(/\?/g, () => `$${++n}`);
    numbered.set(sql, text);
  }
  return text;
}

function pgParams(params: readonly SqlParam[]): unknown[] {
  // TIMESTAMP(3) without time zone: an ISO string's "Z" is ignored, so the stored value is UTC,
  // as Prisma stores it. A Date object would be sent in the process's local time.
  return params.map((p) => (p instanceof Date ? p.toISOString() : p));
}

const TIMESTAMP_OID = 1114;
const pgTypes = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMP_OID && format !== "binary"
      ? (value: string) => new Date(`${value.replace(" ", "T")}Z`)
      : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
};

class PostgresHotSql implements HotSql {
  readonly provider = "postgres" as const;
  /** `relaxedPool`: connections opened with synchronous_commit=off (see HotSql.transaction). */
  constructor(
    readonly pool: pg.Pool,
    private readonly relaxedPool: pg.Pool,
  ) {}

  async rows<R extends object>(sql: string, params: readonly SqlParam[] = []): Promise<R[]> {
    return (await this.pool.query(pgPlaceholders(sql), pgParams(params))).rows as R[];
  }

  async run(sql: string, params: readonly SqlParam[] = []): Promise<number> {
    return (await this.pool.query(pgPlaceholders(sql), pgParams(params))).rowCount ?? 0;
  }

  async relaxedRows<R extends object>(sql: string, params: readonly SqlParam[] = []): Promise<R[]> {
    return (await this.relaxedPool.query(pgPlaceholders(sql), pgParams(params))).rows as R[];
  }

  async transaction<T>(fn: (unit: SqlUnit) => Promise<T>, options: { durable?: boolean } = {}): Promise<T> {
    const client = await (options.durable === false ? this.relaxedPool : this.pool).connect();
    const unit: SqlUnit = {
      rows: async <R extends object>(sql: string, params: readonly SqlParam[] = []) => (await client.query(pgPlaceholders(sql), pgParams(params))).rows as R[],
      run: async (sql, params = []) => (await client.query(pgPlaceholders(sql), pgParams(params))).rowCount ?? 0,
    };
    let broken = false;
    try {
      await client.query("BEGIN");
      const result = await fn(unit);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => (broken = true));
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async end(): Promise<void> {
    await Promise.all([this.pool.end(), this.relaxedPool.end()]);
  }
}

/**
 * Connections of the hot-path pools per instance (Prisma keeps its own 10): durable ones for intake
 * batches and mail, relaxed ones for the job loops' claims, completions and cheap jobs.
 */
const PG_POOL_SIZE = 10;
const PG_RELAXED_POOL_SIZE = 8;

const instances = new WeakMap<Db, Promise<HotSql>>();

export function hotSql(client: Db): Promise<HotSql> {
  let found = instances.get(client);
  if (!found) {
    found = (async () => {
      const url = databaseUrlOf(client) ?? "";
      const sqlite = await sqliteConnectionOf(client);
      if (sqlite) return new SqliteHotSql(sqlite);
      const pool = new pg.Pool({ connectionString: url, max: PG_POOL_SIZE, allowExitOnIdle: true, types: pgTypes });
      const relaxedPool = new pg.Pool({ connectionString: url, max: PG_RELAXED_POOL_SIZE, allowExitOnIdle: true, types: pgTypes, options: "-c synchronous_commit=off" });
      // An idle connection the server closed (restart, failover) must not crash the process.
      pool.on("error", () => undefined);
      relaxedPool.on("error", () => undefined);
      return new PostgresHotSql(pool, relaxedPool);
    })();
    instances.set(client, found);
  }
  return found;
}

/** Closes the PostgreSQL pool (graceful shutdown, tests). */
export async function closeHotSql(client: Db): Promise<void> {
  const found = instances.get(client);
  if (!found) return;
  instances.delete(client);
  const sql = await found;
  if (sql instanceof PostgresHotSql) await sql.end();
}
