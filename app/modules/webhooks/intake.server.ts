import { createHash, randomUUID } from "node:crypto";
import { cipherContext } from "../../platform/protected-data/registry";
import { maxAttemptsOf, webhookJobKind, type JobKind } from "../../jobs/kinds";
import type BetterSqlite3 from "better-sqlite3";
import type pg from "pg";
import { db, isUniqueViolation, sqliteConnectionOf } from "../../platform/db.server";
import { blindIndex, encryptField } from "../../platform/crypto";
import { COMPLIANCE_TOPICS, checkPayload, type WebhookTopic } from "./rules/payloads";
import { verifyShopifyWebhook } from "./rules/verify";
import { env } from "../../platform/env.server";
import { hotSql, sqliteDate } from "../../platform/hot-sql.server";
import { wakeWorkers } from "../../jobs/runtime.server";
import { errorFields, log } from "../../platform/logger.server";
import { appendAudit } from "../audit/audit.server";
import { BodyTooLargeError, payloadTooLarge, plainResponse, readBodyCapped } from "../../platform/http/body.server";

/** Compliance payloads list order ids; even 100k of them stay well under this. */
export const WEBHOOK_BODY_LIMIT = 2 * 1024 * 1024;

/** Where Shopify delivers (shopify.app.toml) and which topics each endpoint acts on. */
export const WEBHOOK_ENDPOINTS: Readonly<Record<string, readonly WebhookTopic[]>> = {
  "/webhooks/compliance": COMPLIANCE_TOPICS,
  "/webhooks/app/uninstalled": ["APP_UNINSTALLED"],
  "/webhooks/app/scopes_update": ["APP_SCOPES_UPDATE"],
};

/** A delivery as it came off the wire, whichever HTTP layer read it. */
export interface IncomingWebhook {
  method: string;
  headers: Headers;
  body: Buffer;
}

export interface WebhookAnswer {
  status: number;
  text: string;
  headers?: Record<string, string>;
}

interface Delivery {
  shop: string;
  topic: string;
  webhookId: string;
  eventId: string | null;
  apiVersion: string;
  triggeredAt: Date | null;
  rawBody: Buffer;
}

function triggeredAtOf(triggered: string | null): Date | null {
  const at = triggered ? new Date(triggered) : null;
  return at && !Number.isNaN(at.getTime()) ? at : null;
}

// Request.text() semantics (UTF-8, BOM dropped), as authenticate.webhook reads the body it verifies.
const utf8 = new TextDecoder();

/**
 * Verify, persist, acknowledge. Every delivery that passes Shopify's HMAC check is stored (its
 * payload encrypted) together with the job that will act on it, in one transaction, before the
 * 200 goes out. A verified delivery that cannot be acted on is stored as unprocessable and still
 * answered 200: Shopify retrying it for hours would change nothing.
 */
export async function receiveDelivery(incoming: IncomingWebhook, accepted: readonly WebhookTopic[]): Promise<WebhookAnswer> {
  if (incoming.method !== "POST") return { status: 405, text: "Method not allowed", headers: { Allow: "POST" } };
  const rawText = utf8.decode(incoming.body);
  // authenticate.webhook's check without its offline-session read and Admin client (ADR 0006).
  const verification = verifyShopifyWebhook(env().SHOPIFY_API_SECRET, incoming.headers, rawText);
  if (!verification.ok) return { status: verification.status, text: verification.status === 401 ? "Unauthorized" : "Bad Request" };
  const { webhook } = verification;
  const delivery: Delivery = {
    shop: webhook.shop.toLowerCase(),
    topic: webhook.topic,
    webhookId: webhook.webhookId,
    eventId: webhook.eventId,
    apiVersion: webhook.apiVersion,
    triggeredAt: triggeredAtOf(webhook.triggeredAt),
    rawBody: incoming.body,
  };
  let payload: unknown;
  try {
    payload = JSON.parse(rawText);
  } catch {
    payload = undefined; // the HMAC matched but the body is not JSON
  }

  const check =
    payload === undefined ? ({ ok: false, problem: "body is not JSON" } as const) : checkPayload(delivery.topic, delivery.shop, payload, accepted);
  try {
    const outcome = await store(delivery, check);
    if (outcome === "already_received") {
      log.info("webhook duplicate", { shop: delivery.shop, topic: delivery.topic, webhookId: delivery.webhookId });
      return { status: 200, text: "Already received" };
    }
    if (outcome === "queued") wakeWorkers();
    log.info("webhook received", { shop: delivery.shop, topic: delivery.topic, webhookId: delivery.webhookId, outcome });
  } catch (error) {
    if (isUniqueViolation(error)) {
      log.info("webhook duplicate", { shop: delivery.shop, topic: delivery.topic, webhookId: delivery.webhookId });
      return { status: 200, text: "Already received" };
    }
    log.error("webhook could not be stored", { shop: delivery.shop, topic: delivery.topic, webhookId: delivery.webhookId, ...errorFields(error) });
    return { status: 503, text: "Temporarily unavailable" }; // Shopify retries
  }
  return { status: 200, text: check.ok ? "Received" : "Received (unprocessable)" };
}

/** The same, for a Remix route (the HTTP server answers the endpoints above before Remix does). */
export async function receiveWebhook(request: Request, accepted: readonly WebhookTopic[]): Promise<Response> {
  if (request.method !== "POST") return new Response(null, { status: 405, headers: { Allow: "POST" } });
  let body: Buffer;
  try {
    body = await readBodyCapped(request, WEBHOOK_BODY_LIMIT);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return payloadTooLarge();
    throw error;
  }
  const answer = await receiveDelivery({ method: request.method, headers: request.headers, body }, accepted);
  return plainResponse(answer.status, answer.text, answer.headers);
}

type StoreOutcome = "queued" | "duplicate_event" | "unprocessable" | "already_received";

interface EventRow {
  id: string;
  shopDomain: string;
  topic: string;
  webhookId: string;
  eventId: string | null;
  apiVersion: string;
  triggeredAt: Date | null;
  receivedAt: Date;
  payloadCipher: string;
  payloadSha256: string;
  payloadBytes: number;
  status: string;
  problem: string | null;
  customerRef: string | null;
}

interface JobRow {
  id: string;
  kind: JobKind;
  maxAttempts: number;
  shopDomain: string;
  payload: string;
  idempotencyKey: string;
  runAt: Date;
}

async function store(delivery: Delivery, check: ReturnType<typeof checkPayload> | { ok: false; problem: string }): Promise<StoreOutcome> {
  const { keyRing } = env();
  const now = new Date();
  const id = `whe_${randomUUID().replaceAll("-", "")}`;
  const event: EventRow = {
    id,
    shopDomain: delivery.shop,
    topic: delivery.topic,
    webhookId: delivery.webhookId,
    eventId: delivery.eventId,
    apiVersion: delivery.apiVersion,
    triggeredAt: delivery.triggeredAt,
    receivedAt: now,
    payloadCipher: encryptField(keyRing, delivery.rawBody.toString("utf8"), cipherContext.webhookEvent(delivery.webhookId)),
    payloadSha256: createHash("sha256").update(delivery.rawBody).digest("hex"),
    payloadBytes: delivery.rawBody.byteLength,
    status: check.ok ? "received" : "unprocessable",
    problem: check.ok ? null : check.problem,
    customerRef: check.ok && check.customerId ? blindIndex(keyRing, delivery.shop, "customer", check.customerId) : null,
  };
  if (!check.ok) {
    await db().$transaction(async (tx) => {
      await tx.webhookEvent.create({ data: event, select: { id: true } });
      await appendAudit(tx, {
        shopDomain: delivery.shop,
        actorType: "shopify",
        action: "webhook.unprocessable",
        subjectType: "webhook_event",
        subjectId: id,
        reason: check.problem,
        metadata: { topic: delivery.topic, webhookId: delivery.webhookId },
        occurredAt: now,
      });
    });
    return "unprocessable";
  }
  const job: JobRow = {
    id: `job_${randomUUID().replaceAll("-", "")}`,
    kind: webhookJobKind(check.topic),
    maxAttempts: maxAttemptsOf(webhookJobKind(check.topic)),
    shopDomain: delivery.shop,
    payload: JSON.stringify({ webhookEventId: id }),
    // Retries reuse the webhook id; a re-sent event keeps its event id. Either way one job.
    idempotencyKey: delivery.eventId ? `webhook-event:${check.topic}:${delivery.eventId}` : `webhook:${delivery.webhookId}`,
    runAt: now,
  };
  const sqlite = await sqliteConnectionOf(db());
  if (sqlite) return sqliteIntake(sqlite).store(event, job);
  const { pool } = await hotSql(db());
  if (!pool) throw new Error("no PostgreSQL pool for intake");
  return postgresIntake(pool).store(event, job);
}

// ---------------------------------------------------------------------------------------------------
// PostgreSQL: group commit through the hot-path pool (ADR 0014).

/**
 * Deliveries that arrive while up to MAX_IN_FLIGHT batches are committing wait and share the next
 * batch: one statement (one round trip, one transaction, one WAL flush) for up to 256 deliveries. With
 * light traffic each delivery commits on its own at once. None is answered before its commit.
 */
class PostgresIntake {
  static readonly MAX_IN_FLIGHT = 4;
  #queue: Pending[] = [];
  #inFlight = 0;
  #scheduled = false;

  constructor(private readonly pool: pg.Pool) {}

  store(event: EventRow, job: JobRow): Promise<StoreOutcome> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ event, job, resolve, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled || this.#inFlight >= PostgresIntake.MAX_IN_FLIGHT) return;
    this.#scheduled = true;
    // Let the deliveries already read in this turn of the event loop join the batch.
    setImmediate(() => {
      this.#scheduled = false;
      while (this.#inFlight < PostgresIntake.MAX_IN_FLIGHT && this.#queue.length > 0) {
        const batch = this.#queue.splice(0, 256);
        this.#inFlight += 1;
        void this.#commit(batch).finally(() => {
          this.#inFlight -= 1;
          if (this.#queue.length > 0) this.#schedule();
        });
      }
    });
  }

  async #commit(batch: Pending[]): Promise<void> {
    // Same order for every batch, so two batches holding the same keys wait instead of deadlocking.
    batch.sort((a, b) => (a.event.webhookId < b.event.webhookId ? -1 : a.event.webhookId > b.event.webhookId ? 1 : 0));
    for (let attempt = 1; ; attempt++) {
      try {
        const outcomes = await this.#write(batch);
        batch.forEach((pending, i) => pending.resolve(outcomes[i]!));
        return;
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        // Deadlock or serialization failure: safe to run the whole batch again.
        if ((code === "40P01" || code === "40001") && attempt < 3) continue;
        for (const pending of batch) pending.reject(error);
        return;
      }
    }
  }

  /** One call of privacy_webhook_intake (prisma/postgres/functions.sql): one statement, one round trip, one commit. */
  async #write(batch: Pending[]): Promise<StoreOutcome[]> {
    const column = <T>(pick: (p: Pending) => T) => batch.map(pick);
    const iso = (d: Date | null) => (d ? d.toISOString() : null);
    const { rows } = await this.pool.query<{ kind: string; id: string }>(
      `SELECT kind, id FROM privacy_webhook_intake($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamp(3)[], $8::timestamp(3)[],
         $9::text[], $10::text[], $11::int[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[], $19::timestamp(3)[], $20::int[], $21::timestamp(3))`,
      [
        column((p) => p.event.id),
        column((p) => p.event.shopDomain),
        column((p) => p.event.topic),
        column((p) => p.event.webhookId),
        column((p) => p.event.eventId),
        column((p) => p.event.apiVersion),
        column((p) => iso(p.event.triggeredAt)),
        column((p) => iso(p.event.receivedAt)),
        column((p) => p.event.payloadCipher),
        column((p) => p.event.payloadSha256),
        column((p) => p.event.payloadBytes),
        column((p) => p.event.status),
        column((p) => p.event.problem),
        column((p) => p.event.customerRef),
        column((p) => p.job.id),
        column((p) => p.job.kind),
        column((p) => p.job.payload),
        column((p) => p.job.idempotencyKey),
        column((p) => iso(p.job.runAt)),
        column((p) => p.job.maxAttempts),
        new Date().toISOString(),
      ],
    );
    const events = new Set<string>();
    const jobs = new Set<string>();
    for (const row of rows) (row.kind === "event" ? events : jobs).add(row.id);
    return batch.map(({ event, job }): StoreOutcome => (!events.has(event.id) ? "already_received" : jobs.has(job.id) ? "queued" : "duplicate_event"));
  }
}

const postgresIntakes = new WeakMap<pg.Pool, PostgresIntake>();

function postgresIntake(pool: pg.Pool): PostgresIntake {
  let intake = postgresIntakes.get(pool);
  if (!intake) {
    intake = new PostgresIntake(pool);
    postgresIntakes.set(pool, intake);
  }
  return intake;
}

// ---------------------------------------------------------------------------------------------------
// SQLite: group commit through prepared statements on Prisma's own connection (ADR 0006).

interface Pending {
  event: EventRow;
  job: JobRow;
  resolve: (outcome: StoreOutcome) => void;
  reject: (error: unknown) => void;
}

interface Statements {
  insertEvent: BetterSqlite3.Statement;
  insertJob: BetterSqlite3.Statement;
  markDuplicate: BetterSqlite3.Statement;
}

/**
 * Deliveries that arrive while a commit is under way wait for the next one and share it: one
 * fsync for the batch instead of one each. Each delivery still gets its own outcome, and none is
 * answered before the transaction holding it has committed.
 */
class SqliteIntake {
  #queue: Pending[] = [];
  #flushing = false;
  #statements = new WeakMap<BetterSqlite3.Database, Statements>();

  constructor(private readonly connection: { runExclusive<T>(fn: (connection: BetterSqlite3.Database) => T): Promise<T> }) {}

  store(event: EventRow, job: JobRow): Promise<StoreOutcome> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ event, job, resolve, reject });
      if (!this.#flushing) {
        this.#flushing = true;
        // Let the deliveries already read in this turn of the event loop join the batch.
        setImmediate(() => void this.#flush());
      }
    });
  }

  async #flush(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, 256);
      try {
        const outcomes = await this.connection.runExclusive((connection) => {
          const s = this.#prepared(connection);
          return connection.transaction(() => batch.map(({ event, job }) => write(s, event, job))).immediate();
        });
        batch.forEach((pending, i) => pending.resolve(outcomes[i]!));
      } catch (error) {
        for (const pending of batch) pending.reject(error);
      }
    }
    this.#flushing = false;
  }

  #prepared(connection: BetterSqlite3.Database): Statements {
    let statements = this.#statements.get(connection);
    if (!statements) {
      statements = {
        insertEvent: connection.prepare(
          `INSERT INTO "WebhookEvent" ("id", "shopDomain", "topic", "webhookId", "eventId", "apiVersion", "triggeredAt", "receivedAt", "payloadCipher", "payloadSha256", "payloadBytes", "status", "problem", "customerRef")
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT ("webhookId") DO NOTHING`,
        ),
        insertJob: connection.prepare(
          `INSERT INTO "Job" ("id", "shopDomain", "kind", "payload", "idempotencyKey", "status", "attempts", "maxAttempts", "runAt", "createdAt", "updatedAt")
           VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?) ON CONFLICT ("idempotencyKey") DO NOTHING`,
        ),
        markDuplicate: connection.prepare(`UPDATE "WebhookEvent" SET "status" = 'duplicate' WHERE "id" = ?`),
      };
      this.#statements.set(connection, statements);
    }
    return statements;
  }
}

function write(s: Statements, event: EventRow, job: JobRow): StoreOutcome {
  const e = event;
  const inserted = s.insertEvent.run(
    e.id,
    e.shopDomain,
    e.topic,
    e.webhookId,
    e.eventId,
    e.apiVersion,
    sqliteDate(e.triggeredAt),
    sqliteDate(e.receivedAt),
    e.payloadCipher,
    e.payloadSha256,
    e.payloadBytes,
    e.status,
    e.problem,
    e.customerRef,
  );
  if (inserted.changes === 0) return "already_received";
  const created = sqliteDate(new Date());
  const queued = s.insertJob.run(job.id, job.shopDomain, job.kind, job.payload, job.idempotencyKey, job.maxAttempts, sqliteDate(job.runAt), created, created);
  if (queued.changes === 1) return "queued";
  // The same event under a new webhook id: keep the delivery, act on the event once.
  s.markDuplicate.run(e.id);
  return "duplicate_event";
}

const intakes = new WeakMap<object, SqliteIntake>();

function sqliteIntake(connection: ConstructorParameters<typeof SqliteIntake>[0]): SqliteIntake {
  let intake = intakes.get(connection);
  if (!intake) {
    intake = new SqliteIntake(connection);
    intakes.set(connection, intake);
  }
  return intake;
}
