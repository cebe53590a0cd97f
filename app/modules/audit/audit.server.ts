import Database from "better-sqlite3";
import { databaseUrlOf, db, type Db, type Tx } from "../../platform/db.server";
import { evaluateAppended } from "../alerts/alerts.server";
import { ChainVerifier, GENESIS_HASH, canonicalJson, contentAt, entryHash, type ActorType, type AuditContentInput, type ChainedEntry, type JsonValue, type StoredEntry } from "./rules";

/** What an append records; subjectRef is a blind index, never a plaintext identifier. */
export type AuditInput = AuditContentInput;

/**
 * Appends to the shop's chain inside the caller's transaction, so the entry exists exactly when
 * the change it records does. Bumping AuditHead first takes the row's write lock (PostgreSQL) or
 * the database write lock (SQLite) before the previous hash is read, so concurrent writers queue
 * instead of both linking to the same predecessor.
 */
export async function appendAudit(tx: Tx, input: AuditInput): Promise<{ seq: number; hash: string }> {
  await tx.$executeRaw`INSERT INTO "AuditHead" ("shopDomain", "seq", "hash") VALUES (${input.shopDomain}, 0, ${GENESIS_HASH}) ON CONFLICT ("shopDomain") DO NOTHING`;
  const head = await tx.auditHead.update({ where: { shopDomain: input.shopDomain }, data: { seq: { increment: 1 } } });
  const content = contentAt(input, head.seq);
  const hash = entryHash(head.hash, content);
  await tx.auditEntry.create({
    data: { ...content, metadata: canonicalJson(content.metadata), prevHash: head.hash, hash },
  });
  await tx.auditHead.update({ where: { shopDomain: input.shopDomain }, data: { hash } });
  await evaluateAppended({ tx }, input, head.seq);
  return { seq: head.seq, hash };
}

type AuditRow = Awaited<ReturnType<Db["auditEntry"]["findMany"]>>[number];

export function toChainedEntry(row: AuditRow): ChainedEntry {
  return {
    id: row.id,
    shopDomain: row.shopDomain,
    seq: row.seq,
    actorType: row.actorType as ActorType,
    actorId: row.actorId,
    action: row.action,
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    subjectRef: row.subjectRef,
    reason: row.reason,
    metadata: JSON.parse(row.metadata) as { [key: string]: JsonValue },
    occurredAt: row.occurredAt,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}

/** Streams a shop's entries in chain order, a page at a time. */
export async function* auditEntries(database: Db, shopDomain: string, pageSize = 2000): AsyncGenerator<AuditRow> {
  let after = 0;
  for (;;) {
    const page = await database.auditEntry.findMany({
      where: { shopDomain, seq: { gt: after } },
      orderBy: { seq: "asc" },
      take: pageSize,
    });
    for (const row of page) yield row;
    if (page.length < pageSize) return;
    after = page[page.length - 1]!.seq;
  }
}

interface RawAuditRow {
  id: string;
  shopDomain: string;
  seq: number | bigint;
  actorType: string;
  actorId: string | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  subjectRef: string | null;
  reason: string | null;
  metadata: string;
  occurredAt: Date | string;
  prevHash: string;
  hash: string;
}

const AUDIT_COLUMNS = `"id", "shopDomain", "seq", "actorType", "actorId", "action", "subjectType", "subjectId", "subjectRef", "reason", "metadata", "occurredAt", "prevHash", "hash"`;

// How Prisma writes DateTime into SQLite: ISO-8601 with milliseconds and "+00:00".
const SQLITE_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/;

// Fields are copied one by one: in this per-entry hot loop that is measurably faster than a spread.
function toStored(row: RawAuditRow): StoredEntry {
  const at = row.occurredAt;
  return {
    id: row.id,
    shopDomain: row.shopDomain,
    seq: Number(row.seq),
    actorType: row.actorType as ActorType,
    actorId: row.actorId,
    action: row.action,
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    subjectRef: row.subjectRef,
    reason: row.reason,
    // Stored as canonical JSON, so hashed as stored, without a parse/encode round trip.
    metadataJson: row.metadata,
    occurredAt: at instanceof Date ? at : SQLITE_UTC.test(at) ? `${at.slice(0, 23)}Z` : new Date(at),
    prevHash: row.prevHash,
    hash: row.hash,
  };
}

/**
 * Verifies a shop's chain. Verification is bound by reading rows (the query builder cost ~6 µs a
 * row), so on SQLite it streams one SELECT through a read-only better-sqlite3 handle (a WAL reader:
 * it never blocks or waits for writers, and sees one consistent snapshot); on PostgreSQL it reads
 * pages with one raw SELECT each.
 */
export async function verifyShopChain(database: Db, shopDomain: string, pageSize = 5000) {
  // The head first: every entry up to its seq was committed with it (one transaction), and entries
  // appended while this runs come after it. Reading the head last made a concurrent append look
  // like a gap at the end of the chain.
  const head = await database.auditHead.findUnique({ where: { shopDomain } });
  const headSeq = head?.seq ?? 0;
  const verifier = new ChainVerifier();
  const url = databaseUrlOf(database) ?? "";
  if (url.startsWith("file:")) {
    const reader = new Database(url.slice("file:".length), { readonly: true, fileMustExist: true });
    try {
      const rows = reader.prepare(`SELECT ${AUDIT_COLUMNS} FROM "AuditEntry" WHERE "shopDomain" = ? AND "seq" <= ? ORDER BY "seq" ASC`).iterate(shopDomain, headSeq) as IterableIterator<RawAuditRow>;
      for (const row of rows) if (!verifier.push(toStored(row))) break;
    } finally {
      reader.close();
    }
  } else {
    let after = 0;
    for (;;) {
      const page = await database.$queryRawUnsafe<RawAuditRow[]>(`SELECT ${AUDIT_COLUMNS} FROM "AuditEntry" WHERE "shopDomain" = $1 AND "seq" > $2 AND "seq" <= $3 ORDER BY "seq" ASC LIMIT $4`, shopDomain, after, headSeq, pageSize);
      let intact = true;
      for (const row of page) if (!(intact = verifier.push(toStored(row)))) break;
      if (!intact || page.length < pageSize) break;
      after = Number(page[page.length - 1]!.seq);
    }
  }
  const result = verifier.result();
  if (!result.ok) return result;
  // The head must agree with the last entry, or entries were removed from the end.
  if (headSeq !== result.entries || (head && head.hash !== result.headHash)) {
    return { ok: false as const, entries: result.entries, brokenAt: { seq: result.entries + 1, id: "(missing)" }, reason: "sequence_gap" as const };
  }
  return result;
}

export async function recentAudit(database: Db, shopDomain: string, take: number) {
  return database.auditEntry.findMany({
    where: { shopDomain },
    orderBy: { seq: "desc" },
    take,
    select: { seq: true, occurredAt: true, actorType: true, actorId: true, action: true, subjectType: true, subjectId: true },
  });
}

/** Verification run from the admin: the result is itself recorded in the chain. */
export async function verifyShopChainAudited(staff: { shop: string; staffId: string | null }, now: Date) {
  const result = await verifyShopChain(db(), staff.shop);
  await db().$transaction((tx) =>
    appendAudit(tx, {
      shopDomain: staff.shop,
      actorType: "staff",
      actorId: staff.staffId,
      action: "audit.verified",
      metadata: result.ok ? { ok: true, entries: result.entries } : { ok: false, brokenAtSeq: result.brokenAt.seq, reason: result.reason },
      occurredAt: now,
    }),
  );
  return result;
}
