import { randomBytes, randomUUID } from "node:crypto";
import { cipherContext } from "../../platform/protected-data/registry";
import { dueStateWhere } from "../requests/due-filter.server";
import { DUE_SOON_DAYS } from "../requests/rules/due";
import { isExported } from "../requests/rules/actions";
import type { PrivacyRequest } from "@prisma/client";
import { db, isUniqueViolation, type Tx } from "../../platform/db.server";
import { decryptField, encryptField } from "../../platform/crypto";
import { digestNotice, type DigestLine, type MailText } from "./rules/notices";
import { acknowledgmentMail, completionMail, extensionMail, lawName, linkLines, rejectionMail, rightName, type OptOutOutcome, type ShopperMailContext } from "./rules/shopper-mail";
import { formatDateTime } from "../../platform/i18n/format";
import { withOverride } from "./email-overrides.server";
import { negotiateLocale } from "../../platform/i18n/locales";
import { storedShopProfile } from "../shop-profile/shop-profile.server";
import { downloadLinkKey, signDownloadLink } from "./rules/download-link";
import { isRegulation, REQUEST_TYPES, rightRule, type RequestType } from "../requests/rules";
import { env } from "../../platform/env.server";
import { enqueueJob } from "../../jobs/enqueue.server";
import { PermanentJobError } from "../../jobs/worker.server";
import { errorFields, log } from "../../platform/logger.server";
import { wakeWorkers } from "../../jobs/runtime.server";
import { appendAuditSql } from "../audit/audit-sql.server";
import { hotSql } from "../../platform/hot-sql.server";
import { mailEnabled, sendMail } from "../../platform/mail.server";
import { adminTranslator } from "../../platform/i18n/admin-translator.server";
import { DEFAULT_ADMIN_LOCALE, type AdminLocale } from "../admin-i18n/rules/locale";
import { staffLocalesByEmail } from "../team/staff.server";

export type RequesterNotice = "acknowledgment" | "extension" | "completion" | "rejection";

export const DIGEST_WINDOW_DAYS = DUE_SOON_DAYS;
const DIGEST_MAX_LINES = 100;
// A mail outage of up to about six hours is ridden out (backoff 15 s doubling, capped at 1 h).

interface QueueInput {
  shopDomain: string;
  /** One email per key, ever: enqueueing the same key again does nothing. */
  key: string;
  kind: RequesterNotice | "digest" | "scan_alert" | "alert";
  requestId: string | null;
  customerRef: string | null;
  to: string;
  mail: MailText;
  now: Date;
}

/**
 * Stores an email (recipient and body encrypted) and the `mail.send` job that delivers it, in the
 * caller's transaction, so the email exists exactly when the change it reports does.
 */
export async function queueEmail(tx: Tx, input: QueueInput): Promise<boolean> {
  if (await tx.outboundEmail.findUnique({ where: { key: input.key }, select: { id: true } })) return false;
  const ring = env().keyRing;
  const id = `mail_${randomBytes(12).toString("hex")}`;
  await tx.outboundEmail.create({
    data: {
      id,
      shopDomain: input.shopDomain,
      key: input.key,
      kind: input.kind,
      requestId: input.requestId,
      customerRef: input.customerRef,
      toCipher: encryptField(ring, input.to, cipherContext.outboundEmail(id, "to")),
      bodyCipher: encryptField(ring, JSON.stringify(input.mail), cipherContext.outboundEmail(id, "body")),
      createdAt: input.now,
    },
  });
  await enqueueJob(tx, "mail.send", { outboundEmailId: id }, { shopDomain: input.shopDomain, idempotencyKey: `mail.send:${input.key}`, runAt: input.now });
  return true;
}

export function downloadUrl(grant: Parameters<typeof signDownloadLink>[1]): string {
  const token = signDownloadLink(downloadLinkKey(env().keyRing.blindIndexKey), grant);
  return new URL(`/downloads/${token}`, env().SHOPIFY_APP_URL).toString();
}

/**
 * Tells the requester about their request (received, extended, completed, declined), once per
 * kind per request. Only requests that came with an email and not from Shopify's data_request
 * webhook (that one is answered to the merchant, not the customer).
 */
export async function queueRequesterNotice(tx: Tx, request: PrivacyRequest, kind: RequesterNotice, now: Date, options: { optOut?: OptOutOutcome } = {}): Promise<void> {
  if (request.source === "shopify" || !request.emailCipher) return;
  const ring = env().keyRing;
  const to = decryptField(ring, request.emailCipher, cipherContext.privacyRequest(request.id, "email"));
  const profile = await storedShopProfile(tx, request.shopDomain);
  const ctx: ShopperMailContext = { locale: negotiateLocale(request.locale, profile.primaryLocale), timeZone: profile.timeZone, shop: request.shopDomain };
  const regulation = isRegulation(request.regulation) ? request.regulation : null;
  const base = { reference: request.reference, type: request.type, regulation: regulation ?? undefined };
  const dueAt = request.extendedDueAt ?? request.dueAt;
  const extension = regulation && (REQUEST_TYPES as readonly string[]).includes(request.type) ? rightRule(regulation, request.type as RequestType).extension : null;
  // The placeholders a merchant's override may use (rules/email-overrides), filled as the catalog's text fills them.
  const values: Record<string, string> = { reference: request.reference, right: rightName(ctx.locale, request.type), shop: request.shopDomain };
  let fallback: () => MailText;
  switch (kind) {
    case "acknowledgment":
      Object.assign(values, { law: regulation ? lawName(ctx.locale, regulation) : "", date: formatDateTime(dueAt, ctx.locale, ctx.timeZone) });
      fallback = () => acknowledgmentMail(ctx, { ...base, dueAt });
      break;
    case "extension":
      Object.assign(values, { reason: request.extensionReason ?? "", date: formatDateTime(dueAt, ctx.locale, ctx.timeZone) });
      fallback = () => extensionMail(ctx, { ...base, dueAt, reason: request.extensionReason ?? "", allowance: extension });
      break;
    case "rejection":
      values.reason = request.closeReason ?? "";
      fallback = () => rejectionMail(ctx, { ...base, reason: request.closeReason ?? "" });
      break;
    case "completion": {
      const files = isExported(request.type)
        ? await tx.exportFile.findMany({ where: { shopDomain: request.shopDomain, requestId: request.id, expiresAt: { gt: now } }, orderBy: [{ createdAt: "desc" }, { format: "asc" }] })
        : [];
      // The latest export run: one file per format, all stamped with the same instant.
      const latest = files.filter((f) => f.createdAt.getTime() === files[0]?.createdAt.getTime());
      const links = latest.map((f) => ({ format: f.format, expiresAt: f.expiresAt, url: downloadUrl({ shop: request.shopDomain, requestId: request.id, fileId: f.id, expiresAt: f.expiresAt }) }));
      values.links = linkLines(ctx, links).join("\n");
      fallback = () => completionMail(ctx, { ...base, outcome: options.optOut, links });
      break;
    }
  }
  const mail = await withOverride(tx, request.shopDomain, kind, ctx.locale, values, fallback);
  await queueEmail(tx, { shopDomain: request.shopDomain, key: `${kind}:${request.id}`, kind, requestId: request.id, customerRef: request.customerRef ?? request.emailRef, to, mail, now });
}

/**
 * Job `mail.send`. Sends once: a row already sent (or skipped) is left alone, so a retried or
 * replayed job does not send again. The recipient and body are cleared once delivered. The only
 * double-send left is a crash between the SMTP server accepting and this row being marked; the
 * Message-ID is fixed per email so the copy is recognisable.
 */
export async function sendOutboundEmail(outboundEmailId: unknown, now: Date): Promise<void> {
  if (typeof outboundEmailId !== "string") throw new PermanentJobError("BAD_JOB_PAYLOAD");
  // Through the hot data-access layer (ADR 0014): a mail job is a handful of statements, not ~8 Prisma calls.
  const sql = await hotSql(db());
  const [row] = await sql.rows<{ id: string; shopDomain: string; kind: string; requestId: string | null; customerRef: string | null; toCipher: string | null; bodyCipher: string | null; status: string }>(
    `SELECT "id", "shopDomain", "kind", "requestId", "customerRef", "toCipher", "bodyCipher", "status" FROM "OutboundEmail" WHERE "id" = ?`,
    [outboundEmailId],
  );
  if (!row || row.status !== "pending") return; // erased with its requester, or already sent
  const clear = `"toCipher" = NULL, "bodyCipher" = NULL, "customerRef" = NULL`;
  if (!mailEnabled() || !row.toCipher || !row.bodyCipher) {
    await sql.run(`UPDATE "OutboundEmail" SET "status" = 'skipped', ${clear} WHERE "id" = ? AND "status" = 'pending'`, [row.id]);
    log.warn("email not sent: mail is not configured", { kind: row.kind, outboundEmail: row.id });
    return;
  }
  const ring = env().keyRing;
  const to = decryptField(ring, row.toCipher, cipherContext.outboundEmail(row.id, "to"));
  const mail = JSON.parse(decryptField(ring, row.bodyCipher, cipherContext.outboundEmail(row.id, "body"))) as MailText;
  try {
    await sendMail({ to, ...mail, messageId: `<${row.id}@${new URL(env().SHOPIFY_APP_URL).hostname}>` }, row.kind);
  } catch (error) {
    // A permanent SMTP refusal (5xx: unknown mailbox, sender not allowed) will not pass on retry:
    // straight to the failed jobs list, where an operator can retry once the cause is fixed.
    const responseCode = (error as { responseCode?: unknown }).responseCode;
    if (typeof responseCode === "number" && responseCode >= 500) throw new PermanentJobError("MAIL_REJECTED");
    throw error;
  }
  await sql.transaction(async (unit) => {
    const count = await unit.run(`UPDATE "OutboundEmail" SET "status" = 'sent', "sentAt" = ?, ${clear} WHERE "id" = ? AND "status" = 'pending'`, [now, row.id]);
    if (count === 0) return;
    if (row.requestId) {
      const noteId = `msg_${randomUUID().replaceAll("-", "")}`;
      await unit.run(`INSERT INTO "RequestMessage" ("id", "shopDomain", "requestId", "customerRef", "kind", "bodyCipher", "createdAt") VALUES (?, ?, ?, ?, 'notice_sent', ?, ?)`, [
        noteId,
        row.shopDomain,
        row.requestId,
        row.customerRef,
        encryptField(ring, `Emailed to the requester: ${mail.subject}`, cipherContext.requestMessage(noteId)),
        now,
      ]);
    }
    await appendAuditSql(unit, {
      shopDomain: row.shopDomain,
      actorType: "system",
      action: "notice.sent",
      subjectType: row.requestId ? "privacy_request" : "outbound_email",
      subjectId: row.requestId ?? row.id,
      metadata: { kind: row.kind, outboundEmailId: row.id },
      occurredAt: now,
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Merchant digest

export function parseAddressList(value: string): string[] {
  return value
    .split(/[\s,;]+/)
    .map((a) => a.trim())
    .filter(Boolean);
}

/** The UTC calendar day of `now`, the unit of "one digest per shop per day". */
export function digestDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/**
 * One shop's digest for `day`: its open requests overdue or due within the window, sent to the
 * notification addresses from Settings. Nothing due, no email. Keyed by shop and day, so however
 * many instances or runs schedule it, one goes out.
 */
export async function queueShopDigest(shopDomain: string, day: string, now: Date): Promise<"queued" | "already" | "nothing_due" | "no_addresses"> {
  const settings = await db().shopSettings.findUnique({ where: { shopDomain }, select: { notificationEmailsCipher: true } });
  if (!settings?.notificationEmailsCipher) return "no_addresses";
  const ring = env().keyRing;
  const addresses = parseAddressList(decryptField(ring, settings.notificationEmailsCipher, cipherContext.shopSettings(shopDomain)));
  if (addresses.length === 0) return "no_addresses";
  const rows = await db().privacyRequest.findMany({
    where: { shopDomain, ...dueStateWhere("overdue_or_due_soon", now) },
    select: { reference: true, type: true, status: true, dueAt: true, extendedDueAt: true },
    orderBy: { dueAt: "asc" },
    take: DIGEST_MAX_LINES + 1,
  });
  if (rows.length === 0) return "nothing_due";
  const lines: DigestLine[] = rows.slice(0, DIGEST_MAX_LINES).map((r) => ({ reference: r.reference, type: r.type, status: r.status, dueAt: r.extendedDueAt ?? r.dueAt })).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  const facts = {
    shop: shopDomain,
    day,
    overdue: lines.filter((l) => l.dueAt.getTime() < now.getTime()),
    dueSoon: lines.filter((l) => l.dueAt.getTime() >= now.getTime()),
    withinDays: DIGEST_WINDOW_DAYS,
    adminUrl: `https://${shopDomain}/admin/apps/${env().SHOPIFY_API_KEY}/app/requests?due=week`,
    more: Math.max(0, rows.length - DIGEST_MAX_LINES),
  };
  // One email per language: each address that is a staff member's gets the digest in their admin language.
  const byLocale = new Map<AdminLocale, string[]>();
  const locales = await staffLocalesByEmail(shopDomain);
  for (const address of addresses) {
    const locale = locales.get(address.toLowerCase()) ?? DEFAULT_ADMIN_LOCALE;
    byLocale.set(locale, [...(byLocale.get(locale) ?? []), address]);
  }
  let queued = false;
  for (const [locale, to] of byLocale) {
    const mail = digestNotice(facts, adminTranslator(locale));
    const key = locale === DEFAULT_ADMIN_LOCALE ? `digest:${shopDomain}:${day}` : `digest:${shopDomain}:${day}:${locale}`;
    if (await db().$transaction((tx) => queueEmail(tx, { shopDomain, key, kind: "digest", requestId: null, customerRef: null, to: to.join(", "), mail, now }))) queued = true;
  }
  return queued ? "queued" : "already";
}

/** Job `digest.schedule`: the day's digest for every shop that set notification addresses. */
export async function runDigests(day: unknown, now: Date): Promise<Record<string, string>> {
  if (typeof day !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new PermanentJobError("BAD_JOB_PAYLOAD");
  const shops = await db().shopSettings.findMany({ where: { notificationEmailsCipher: { not: null } }, select: { shopDomain: true }, orderBy: { shopDomain: "asc" } });
  const results: Record<string, string> = {};
  for (const { shopDomain } of shops) results[shopDomain] = await queueShopDigest(shopDomain, day, now);
  return results;
}

// The merchant digest goes out once a day from this UTC hour. Every instance tries every hour from
// then on (so a restart at 07:00 does not skip a day); the per-day key makes one job of it, and
// the per-shop-and-day email key one email per shop.
export const DIGEST_HOUR_UTC = 7;

/** Enqueues the day's digest run (idempotent per UTC day); also used by `npm run digest:run`. */
export async function scheduleDigest(now: Date, force = false): Promise<void> {
  if (!force && now.getUTCHours() < DIGEST_HOUR_UTC) return;
  const day = now.toISOString().slice(0, 10);
  try {
    await db().$transaction((tx) => enqueueJob(tx, "digest.schedule", { day }, { shopDomain: null, idempotencyKey: `digest.schedule:${day}` }));
    wakeWorkers();
  } catch (error) {
    if (!isUniqueViolation(error)) log.error("could not schedule job", { kind: "digest.schedule", ...errorFields(error) });
  }
}
