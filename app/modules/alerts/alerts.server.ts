import { randomUUID } from "node:crypto";
import { db, type Tx } from "../../platform/db.server";
import { dateOf, type SqlUnit } from "../../platform/hot-sql.server";
import { canonicalJson } from "../../platform/canonical-json";
import { enqueueJob } from "../../jobs/enqueue.server";
import { maxAttemptsOf } from "../../jobs/kinds";
import { afterHoursAlert, countedAlert, counterKey, counterLimit, stepsFor, thresholdsOf, watched, type AlertDraft, type AlertThresholds, type AppendedEntry } from "./rules";

/**
 * Alert evaluation as audit entries are appended (ADR 0015). appendAudit and appendAuditSql call
 * `evaluateAppended` once, inside the append's transaction, after the entry is written: the shop's
 * audit head row is locked then, so counters and alerts of one shop are written one at a time and
 * an alert exists exactly when the entry that raised it does.
 */
interface AlertStore {
  thresholds(shop: string): Promise<AlertThresholds>;
  timeZone(shop: string): Promise<string | null>;
  /** Counts a hit in the key's window (a new window starts at the first hit after the last ended). */
  bump(key: string, shop: string, now: Date, windowMinutes: number): Promise<{ count: number; windowEnds: Date }>;
  /** Stores the alert unless the shop has one with its dedupeKey; its id when created. */
  insert(shop: string, draft: AlertDraft, seq: number, now: Date): Promise<string | null>;
  notify(shop: string, alertId: string, now: Date): Promise<void>;
}

const newAlertId = () => `alr_${randomUUID().replaceAll("-", "")}`;
const windowEndsAfter = (now: Date, minutes: number) => new Date(now.getTime() + minutes * 60_000);

/**
 * Per-shop settings and time zone, cached in the process for SETTINGS_TTL_MS: a watched entry
 * then costs one counter statement, not three queries. A save in this process takes effect at
 * once (forgetAlertSettings); other instances see it within the TTL.
 */
const SETTINGS_TTL_MS = 60_000;
const shopCache = new Map<string, { at: number; thresholds?: AlertThresholds; timeZone?: string | null }>();

export function forgetAlertSettings(shop: string): void {
  shopCache.delete(shop);
}

function cacheEntry(shop: string) {
  const now = Date.now();
  let entry = shopCache.get(shop);
  if (!entry || now - entry.at > SETTINGS_TTL_MS) {
    if (shopCache.size > 10_000) shopCache.clear();
    entry = { at: now };
    shopCache.set(shop, entry);
  }
  return entry;
}

async function cachedThresholds(shop: string, load: () => Promise<AlertThresholds>): Promise<AlertThresholds> {
  const entry = cacheEntry(shop);
  return (entry.thresholds ??= await load());
}

async function cachedTimeZone(shop: string, load: () => Promise<string | null>): Promise<string | null> {
  const entry = cacheEntry(shop);
  if (entry.timeZone === undefined) entry.timeZone = await load();
  return entry.timeZone;
}

function prismaStore(tx: Tx): AlertStore {
  return {
    thresholds: (shop) => cachedThresholds(shop, async () => thresholdsOf(await tx.alertSettings.findUnique({ where: { shopDomain: shop } }))),
    timeZone: (shop) => cachedTimeZone(shop, async () => (await tx.shop.findUnique({ where: { domain: shop }, select: { ianaTimezone: true } }))?.ianaTimezone ?? null),
    bump: async (key, shop, now, windowMinutes) => {
      // One statement while a window runs; a second only when the row's window has ended.
      const fresh = windowEndsAfter(now, windowMinutes);
      const row = await tx.alertCounter.upsert({ where: { key }, create: { key, shopDomain: shop, count: 1, windowEnds: fresh }, update: { count: { increment: 1 } } });
      if (row.count > 1 && row.windowEnds.getTime() <= now.getTime()) {
        await tx.alertCounter.update({ where: { key }, data: { count: 1, windowEnds: fresh } });
        return { count: 1, windowEnds: fresh };
      }
      return { count: row.count, windowEnds: row.windowEnds };
    },
    insert: async (shop, draft, seq, now) => {
      if (await tx.alert.findUnique({ where: { shopDomain_dedupeKey: { shopDomain: shop, dedupeKey: draft.dedupeKey } }, select: { id: true } })) return null;
      const id = newAlertId();
      await tx.alert.create({ data: { id, shopDomain: shop, ...draftColumns(draft), auditSeq: seq, raisedAt: now } });
      return id;
    },
    notify: async (shop, alertId, now) => {
      await enqueueJob(tx, "alerts.notify", { alertId }, { shopDomain: shop, idempotencyKey: `alerts.notify:${alertId}`, runAt: now });
    },
  };
}

function draftColumns(draft: AlertDraft) {
  return {
    rule: draft.rule,
    dedupeKey: draft.dedupeKey,
    severity: draft.severity,
    actorId: draft.actorId,
    sourceRef: draft.sourceRef,
    subjectType: draft.subjectType,
    subjectId: draft.subjectId,
    count: draft.count,
    details: canonicalJson(draft.details),
  };
}

function sqlStore(unit: SqlUnit): AlertStore {
  return {
    thresholds: (shop) =>
      cachedThresholds(shop, async () => {
        const [row] = await unit.rows<Parameters<typeof thresholdsOf>[0] & object>(`SELECT * FROM "AlertSettings" WHERE "shopDomain" = ?`, [shop]);
        return thresholdsOf(row ? { ...row, workingHoursEnabled: Boolean(row.workingHoursEnabled) } : null);
      }),
    timeZone: (shop) => cachedTimeZone(shop, async () => (await unit.rows<{ ianaTimezone: string | null }>(`SELECT "ianaTimezone" FROM "Shop" WHERE "domain" = ?`, [shop]))[0]?.ianaTimezone ?? null),
    bump: async (key, shop, now, windowMinutes) => {
      const [row] = await unit.rows<{ count: number | bigint; windowEnds: Date | string }>(
        `INSERT INTO "AlertCounter" ("key", "shopDomain", "count", "windowEnds") VALUES (?, ?, 1, ?)
         ON CONFLICT ("key") DO UPDATE SET
           "count" = CASE WHEN "AlertCounter"."windowEnds" > ? THEN "AlertCounter"."count" + 1 ELSE 1 END,
           "windowEnds" = CASE WHEN "AlertCounter"."windowEnds" > ? THEN "AlertCounter"."windowEnds" ELSE excluded."windowEnds" END
         RETURNING "count", "windowEnds"`,
        [key, shop, windowEndsAfter(now, windowMinutes), now, now],
      );
      return { count: Number(row!.count), windowEnds: dateOf(row!.windowEnds)! };
    },
    insert: async (shop, draft, seq, now) => {
      const c = draftColumns(draft);
      const id = newAlertId();
      const rows = await unit.rows<{ id: string }>(
        `INSERT INTO "Alert" ("id", "shopDomain", "rule", "dedupeKey", "severity", "status", "actorId", "sourceRef", "subjectType", "subjectId", "count", "details", "auditSeq", "raisedAt")
         VALUES (?, ?, ?, ?, ?, 'new', ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT ("shopDomain", "dedupeKey") DO NOTHING RETURNING "id"`,
        [id, shop, c.rule, c.dedupeKey, c.severity, c.actorId, c.sourceRef, c.subjectType, c.subjectId, c.count, c.details, seq, now],
      );
      return rows[0]?.id ?? null;
    },
    notify: async (shop, alertId, now) => {
      await unit.run(
        `INSERT INTO "Job" ("id", "shopDomain", "kind", "payload", "idempotencyKey", "status", "attempts", "maxAttempts", "runAt", "createdAt", "updatedAt")
         VALUES (?, ?, 'alerts.notify', ?, ?, 'pending', 0, ?, ?, ?, ?) ON CONFLICT ("idempotencyKey") DO NOTHING`,
        [`job_${randomUUID().replaceAll("-", "")}`, shop, JSON.stringify({ alertId }), `alerts.notify:${alertId}`, maxAttemptsOf("alerts.notify"), now, now, now],
      );
    },
  };
}

/** Set by the alerts benchmark only: appends with evaluation off are its baseline. */
let evaluationOff = false;
export function setAlertEvaluation(on: boolean): void {
  evaluationOff = !on;
}

/** The one call from an audit append (Prisma transaction or hot-SQL unit). Most actions return at the Map lookup. */
export async function evaluateAppended(target: { tx: Tx } | { unit: SqlUnit }, entry: AppendedEntry, seq: number): Promise<void> {
  if (evaluationOff || !watched(entry.action)) return;
  const steps = stepsFor(entry, seq);
  if (steps.length === 0) return;
  const store = "tx" in target ? prismaStore(target.tx) : sqlStore(target.unit);
  const now = entry.occurredAt;
  const drafts: AlertDraft[] = [];
  let thresholds: AlertThresholds | null = null;
  const settings = async () => (thresholds ??= await store.thresholds(entry.shopDomain));
  for (const step of steps) {
    if (step.kind === "raise") drafts.push(step.draft);
    else if (step.kind === "count") {
      const t = await settings();
      const { windowMinutes } = counterLimit(step.hit.rule, t);
      const { count, windowEnds } = await store.bump(counterKey(entry.shopDomain, step.hit), entry.shopDomain, now, windowMinutes);
      const draft = countedAlert(step.hit, count, windowEnds, t, entry.subjectType ?? null, entry.subjectId ?? null);
      if (draft) drafts.push(draft);
    } else {
      const t = await settings();
      if (!t.workingHoursEnabled) continue;
      const draft = afterHoursAlert(step, now, await store.timeZone(entry.shopDomain), t);
      if (draft) drafts.push(draft);
    }
  }
  for (const draft of drafts) {
    const id = await store.insert(entry.shopDomain, draft, seq, now);
    if (id) await store.notify(entry.shopDomain, id, now);
  }
}

/** Counters whose window ended (the scheduled check). */
export async function purgeEndedCounters(now: Date): Promise<number> {
  const { count } = await db().alertCounter.deleteMany({ where: { windowEnds: { lte: now } } });
  return count;
}
