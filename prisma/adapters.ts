// Driver adapters shared by the Prisma CLI (prisma.config.ts) and the app (app/platform/db.server.ts).
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
  Transaction,
} from "@prisma/driver-adapter-utils";
import type BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { randomUUID } from "node:crypto";

/** A FIFO lock; `run` holds it for one async function. */
class Lock {
  #tail: Promise<void> = Promise.resolve();
  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const acquired = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => next);
    return acquired;
  }
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

// The better-sqlite3 adapter shares one connection between transactions and plain queries, and its
// own mutex only orders transactions. A plain write issued while another request's transaction is
// open would silently join that transaction (and vanish if it rolls back). This wrapper makes plain
// queries wait for open transactions, so every statement runs in exactly the unit it was issued in.
export class SerialisedSqliteAdapter implements SqlDriverAdapter {
  readonly provider: SqlDriverAdapter["provider"];
  readonly adapterName: string;
  #lock = new Lock();
  constructor(private readonly inner: SqlDriverAdapter) {
    this.provider = inner.provider;
    this.adapterName = inner.adapterName;
  }
  /**
   * Runs `fn` with the adapter's own better-sqlite3 connection, in turn with Prisma's statements and
   * transactions (the same lock), so a hot path can use prepared statements without a second
   * connection competing for SQLite's write lock. `fn` is synchronous: nothing else can interleave.
   */
  runExclusive<T>(fn: (connection: BetterSqlite3.Database) => T): Promise<T> {
    const connection = (this.inner as unknown as { client?: BetterSqlite3.Database }).client;
    if (!connection) throw new Error("the better-sqlite3 adapter no longer exposes its connection");
    return this.#lock.run(async () => fn(connection));
  }
  /**
   * Like runExclusive, for a unit of work that awaits between statements (the hot data-access layer,
   * app/platform/hot-sql.server.ts): `fn` runs inside BEGIN IMMEDIATE ... COMMIT on the same
   * connection, under the same lock, and rolls back if it throws. `fn` must not call Prisma.
   */
  transactionExclusive<T>(fn: (connection: BetterSqlite3.Database) => Promise<T>, options: { durable?: boolean } = {}): Promise<T> {
    const connection = (this.inner as unknown as { client?: BetterSqlite3.Database }).client;
    if (!connection) throw new Error("the better-sqlite3 adapter no longer exposes its connection");
    const durable = options.durable ?? true;
    return this.#lock.run(async () => {
      // NORMAL in WAL mode: the commit is not flushed, but commits stay in order and the database
      // consistent; a crash can only lose the most recent ones (see HotSql.transaction).
      if (!durable) connection.pragma("synchronous = NORMAL");
      try {
        connection.exec("BEGIN IMMEDIATE");
        try {
          const result = await fn(connection);
          connection.exec("COMMIT");
          return result;
        } catch (error) {
          if (connection.inTransaction) connection.exec("ROLLBACK");
          throw error;
        }
      } finally {
        if (!durable) connection.pragma("synchronous = FULL");
      }
    });
  }
  queryRaw(query: SqlQuery) {
    return this.#lock.run(() => this.inner.queryRaw(query));
  }
  executeRaw(query: SqlQuery) {
    return this.#lock.run(() => this.inner.executeRaw(query));
  }
  executeScript(script: string) {
    return this.#lock.run(() => this.inner.executeScript(script));
  }
  // Transactions start with BEGIN IMMEDIATE, taking the write lock up front (waiting up to the busy
  // timeout for other connections). The stock adapter's deferred BEGIN lets two connections both
  // read and then fail with SQLITE_BUSY when each tries to upgrade to a writer, without waiting.
  // Prisma itself sends COMMIT/ROLLBACK through the transaction; commit()/rollback() only release.
  async startTransaction(isolationLevel?: Parameters<SqlDriverAdapter["startTransaction"]>[0]): Promise<Transaction> {
    if (isolationLevel && isolationLevel !== "SERIALIZABLE") {
      throw new Error(`SQLite supports only SERIALIZABLE transactions, not ${isolationLevel}`);
    }
    const release = await this.#lock.acquire();
    try {
      await this.inner.executeScript("BEGIN IMMEDIATE");
    } catch (error) {
      release();
      throw error;
    }
    const inner = this.inner;
    let open = true;
    const end = async () => {
      if (open) {
        open = false;
        release();
      }
    };
    return {
      provider: inner.provider,
      adapterName: inner.adapterName,
      options: { usePhantomQuery: false },
      queryRaw: (query: SqlQuery) => inner.queryRaw(query),
      executeRaw: (query: SqlQuery) => inner.executeRaw(query),
      commit: end,
      rollback: end,
    };
  }
  getConnectionInfo() {
    return this.inner.getConnectionInfo?.() ?? { supportsRelationJoins: false };
  }
  dispose() {
    return this.inner.dispose();
  }
}

const SQLITE_PRAGMAS = [
  // WAL lets readers proceed during writes; FULL makes every acknowledged commit durable even
  // against power loss, which the webhook path promises.
  "PRAGMA journal_mode = WAL",
  "PRAGMA synchronous = FULL",
  "PRAGMA busy_timeout = 10000",
  "PRAGMA foreign_keys = ON",
].join(";\n");

export function sqliteAdapterFactory(url: string, onConnect?: (adapter: SerialisedSqliteAdapter) => void): SqlMigrationAwareDriverAdapterFactory {
  const inner = new PrismaBetterSQLite3({ url, timeout: 10_000 });
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    async connect() {
      const adapter = await inner.connect();
      await adapter.executeScript(SQLITE_PRAGMAS);
      const serialised = new SerialisedSqliteAdapter(adapter);
      onConnect?.(serialised);
      return serialised;
    },
    // Migrate replays each migration file into an in-memory shadow database as one multi-statement
    // string, which better-sqlite3's prepare() refuses; exec() runs such scripts.
    async connectToShadowDb() {
      const shadow = await inner.connectToShadowDb();
      return Object.assign(Object.create(shadow) as SqlDriverAdapter, {
        executeRaw: async (query: SqlQuery) => {
          if (query.args.length === 0 && /;\s*\S/.test(query.sql)) {
            await shadow.executeScript(query.sql);
            return 0;
          }
          return shadow.executeRaw(query);
        },
      });
    },
  };
}

export function postgresAdapterFactory(url: string, maxConnections = 10): PrismaPg {
  return new PrismaPg({ connectionString: url, max: maxConnections });
}

// prisma/orm#27403: the js schema engine cannot deserialise PostgreSQL's `name` (19), `char` (18) and
// their arrays (1002/1003) that catalog queries return. Reporting them as text/text[] is lossless.
const OID_REMAP: Record<number, number> = { 18: 25, 19: 25, 1002: 1009, 1003: 1009 };

function remapFields(res: pg.QueryResult | undefined): void {
  for (const field of res?.fields ?? []) {
    const mapped = OID_REMAP[field.dataTypeID];
    if (mapped !== undefined) field.dataTypeID = mapped;
  }
}

type LooseQuery = (...args: unknown[]) => unknown;

class CatalogFriendlyClient extends pg.Client {
  constructor(config?: pg.ClientConfig) {
    super(config);
    const original = (this.query as LooseQuery).bind(this);
    // pg.Pool calls query(config, values, callback); keep the promise form working too.
    (this as unknown as { query: LooseQuery }).query = (...args: unknown[]) => {
      const callbackIndex = args.findIndex((arg) => typeof arg === "function");
      if (callbackIndex >= 0) {
        const callback = args[callbackIndex] as (err: Error | null, res?: pg.QueryResult) => void;
        args[callbackIndex] = (err: Error | null, res?: pg.QueryResult) => {
          remapFields(res);
          callback(err, res);
        };
      }
      const result = original(...args);
      if (result instanceof Promise) {
        return result.then((res: pg.QueryResult) => {
          remapFields(res);
          return res;
        });
      }
      return result;
    };
  }
}

export function postgresMigrationAdapterFactory(url: string): SqlMigrationAwareDriverAdapterFactory {
  // Fields, not a connection string: a connection string would win over the shadow `database`.
  const parsed = new URL(url);
  const fields = {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 5432,
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password) || undefined,
    max: 2,
    // The Prisma CLI never ends its pool; idle connections must not keep the process alive.
    allowExitOnIdle: true,
    Client: CatalogFriendlyClient as unknown as pg.PoolConfig["Client"],
  };
  const main = new PrismaPg({ ...fields, database: decodeURIComponent(parsed.pathname.slice(1)) || "postgres" });
  return {
    provider: main.provider,
    adapterName: main.adapterName,
    connect: () => main.connect(),
    // The stock shadow database is dropped while its own pool still holds a connection; close the
    // pool first, then drop.
    async connectToShadowDb() {
      const admin = await main.connect();
      const database = `prisma_shadow_${randomUUID().replaceAll("-", "")}`;
      await admin.executeScript(`CREATE DATABASE "${database}"`);
      const shadow = await new PrismaPg({ ...fields, database }).connect();
      return Object.assign(Object.create(shadow) as SqlDriverAdapter, {
        dispose: async () => {
          await shadow.dispose();
          await admin.executeScript(`DROP DATABASE IF EXISTS "${database}"`);
          await admin.dispose();
        },
      });
    },
  };
}
