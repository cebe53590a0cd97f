// Tracker scans of a shop's storefront as jobs: on demand and on a weekly schedule, one at a time
// per shop; the report (with the diff from the previous scan), CSV export, the owner's alert, the
// scanner settings (the storefront password encrypted) and the cookie declaration.
import { z } from "zod";
import { cipherContext } from "../../platform/protected-data/registry";
import type { TrackerScan } from "@prisma/client";
import { db, isUniqueViolation } from "../../platform/db.server";
import { decryptField, encryptField } from "../../platform/crypto";
import { env } from "../../platform/env.server";
import { errorFields, log } from "../../platform/logger.server";
import { enqueueJob } from "../../jobs/enqueue.server";
import { JOB_PAYLOADS } from "../../jobs/kinds";
import { wakeWorkers } from "../../jobs/runtime.server";
import { PermanentJobError } from "../../jobs/worker.server";
import { appendAudit } from "../audit/audit.server";
import { parseAddressList, queueEmail } from "../notices/notices.server";
import { loadCookieDatabase } from "../trackers/cookie-database.server";
import { PRESETS, TRACKER_CATEGORIES } from "../trackers/presets";
import { newTrackerAlert } from "./rules/alert";
import { diffFindings, findingKey, findingsCsv, isViolation, type Finding, type ScanDiff } from "./rules/findings";
import { parseExtraPaths } from "./rules/paths";
import { scanStorefront, type ScannedPage } from "./scan.server";

export const SCAN_JOB = "scanner.run" as const;
const ScanJobPayload = JOB_PAYLOADS[SCAN_JOB];

interface ShopRef {
  shop: string;
}

const passwordContext = cipherContext.scannerSettings;

export const ScannerSettingsSchema = z.object({
  extraPaths: z.string().max(4000, "is too long").default(""),
  // Blank keeps the stored password; clearPassword removes it.
  password: z.string().max(200, "is too long").default(""),
  clearPassword: z.enum(["on"]).optional(),
  scheduleEnabled: z.enum(["on"]).optional(),
});

export interface ScannerSettingsView {
  extraPaths: string[];
  hasPassword: boolean;
  scheduleEnabled: boolean;
  storefrontUrl: string;
}

export function storefrontUrlOf(shop: string, configured: string | null | undefined): string {
  return configured || `https://${shop}`;
}

export async function getScannerSettings(ctx: ShopRef): Promise<ScannerSettingsView> {
  const row = await db().scannerSettings.findUnique({ where: { shopDomain: ctx.shop } });
  return {
    extraPaths: row ? parseExtraPaths(row.extraPaths).paths : [],
    hasPassword: Boolean(row?.passwordCipher),
    scheduleEnabled: row?.scheduleEnabled ?? true,
    storefrontUrl: storefrontUrlOf(ctx.shop, row?.storefrontUrl),
  };
}

export type SaveResult = { ok: true } | { ok: false; fields: Record<string, string> };

export async function saveScannerSettings(ctx: ShopRef & { staffId?: string | null }, input: z.infer<typeof ScannerSettingsSchema>, now: Date): Promise<SaveResult> {
  const { paths, rejected } = parseExtraPaths(input.extraPaths);
  if (rejected.length) return { ok: false, fields: { extraPaths: `not a path on the storefront: ${rejected.slice(0, 3).join(", ")}` } };
  const password = input.password.trim();
  const passwordCipher = password ? encryptField(env().keyRing, password, passwordContext(ctx.shop)) : undefined;
  await db().$transaction(async (tx) => {
    const data = {
      extraPaths: paths.join("\n"),
      scheduleEnabled: input.scheduleEnabled === "on",
      ...(input.clearPassword === "on" ? { passwordCipher: null } : passwordCipher ? { passwordCipher } : {}),
    };
    await tx.scannerSettings.upsert({ where: { shopDomain: ctx.shop }, create: { shopDomain: ctx.shop, ...data }, update: data });
    await appendAudit(tx, {
      shopDomain: ctx.shop,
      actorType: "staff",
      actorId: ctx.staffId ?? null,
      action: "scanner.settings_saved",
      subjectType: "shop",
      subjectId: ctx.shop,
      metadata: { extraPaths: paths.length, password: input.clearPassword === "on" ? "cleared" : password ? "changed" : "unchanged", scheduleEnabled: data.scheduleEnabled },
      occurredAt: now,
    });
  });
  return { ok: true };
}

/** Queues a scan unless one is already queued or running for the shop (then returns that one). */
export async function requestScan(shop: string, trigger: "manual" | "schedule", now: Date): Promise<{ scanId: string; created: boolean }> {
  const result = await db().$transaction(async (tx) => {
    const busy = await tx.trackerScan.findFirst({ where: { shopDomain: shop, status: { in: ["queued", "running"] } }, select: { id: true } });
    if (busy) return { scanId: busy.id, created: false };
    // A scheduled scan has one id per shop and ISO week, so instances scheduling together make one.
    const id = trigger === "schedule" ? `sched_${shop}_${isoWeek(now)}` : undefined;
    const scan = await tx.trackerScan.create({ data: { id, shopDomain: shop, trigger, status: "queued", requestedAt: now } });
    await enqueueJob(tx, SCAN_JOB, { scanId: scan.id }, { shopDomain: shop, idempotencyKey: `${SCAN_JOB}:${scan.id}`, runAt: now });
    return { scanId: scan.id, created: true };
  });
  if (result.created) wakeWorkers();
  return result;
}

function isoWeek(d: Date): string {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  t.setUTCDate(t.getUTCDate() + 4 - (t.getUTCDay() || 7));
  const year = t.getUTCFullYear();
  const week = Math.ceil(((t.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, "0")}`;
}

const parse = <T>(text: string | null, fallback: T): T => (text ? (JSON.parse(text) as T) : fallback);

/** Job `scanner.run`. */
export async function runScanJob(payload: unknown, now: () => Date, options: { chromiumArgs?: string[] } = {}): Promise<void> {
  const parsed = ScanJobPayload.safeParse(payload);
  if (!parsed.success) throw new PermanentJobError("BAD_JOB_PAYLOAD");
  const { scanId } = parsed.data;
  const scan = await db().trackerScan.findUnique({ where: { id: scanId } });
  if (!scan || scan.status === "done" || scan.status === "failed") return;
  const settings = await db().scannerSettings.findUnique({ where: { shopDomain: scan.shopDomain } });
  await db().trackerScan.update({ where: { id: scan.id }, data: { status: "running", startedAt: now(), progressDone: 0 } });
  let lastWrite = 0;
  try {
    const outcome = await scanStorefront({
      baseUrl: storefrontUrlOf(scan.shopDomain, settings?.storefrontUrl),
      password: settings?.passwordCipher ? decryptField(env().keyRing, settings.passwordCipher, passwordContext(scan.shopDomain)) : null,
      extraPaths: settings ? parseExtraPaths(settings.extraPaths).paths : [],
      chromiumArgs: options.chromiumArgs ?? scannerChromiumArgs(),
      database: await loadCookieDatabase(),
      now,
      onProgress: async (done, total) => {
        if (Date.now() - lastWrite < 500 && done < total) return;
        lastWrite = Date.now();
        await db().trackerScan.update({ where: { id: scan.id }, data: { progressDone: done, progressTotal: total } });
      },
    });
    const previous = await latestDoneScan(scan.shopDomain);
    const diff = diffFindings(previous ? parse<Finding[]>(previous.findings, []) : null, outcome.findings);
    await db().$transaction(async (tx) => {
      await tx.trackerScan.update({
        where: { id: scan.id },
        data: {
          status: "done",
          finishedAt: now(),
          durationMs: outcome.durationMs,
          findings: JSON.stringify(outcome.findings),
          pages: JSON.stringify(outcome.pages),
          issues: JSON.stringify(outcome.issues),
          progressDone: outcome.pages.length,
          progressTotal: outcome.pages.length,
        },
      });
      await appendAudit(tx, {
        shopDomain: scan.shopDomain,
        actorType: "system",
        action: "scanner.scan_done",
        subjectType: "tracker_scan",
        subjectId: scan.id,
        metadata: { findings: outcome.findings.length, beforeConsent: outcome.findings.filter(isViolation).length, newViolations: diff.newViolations.length },
        occurredAt: now(),
      });
      if (diff.newViolations.length) await queueAlert(tx, scan, diff.newViolations, now());
    });
  } catch (error) {
    log.error("tracker scan failed", { scan: scan.id, ...errorFields(error) });
    const code = error instanceof Error && error.message === "chromium_missing" ? "chromium_missing" : "scan_failed";
    await db().trackerScan.update({ where: { id: scan.id }, data: { status: "failed", error: code, finishedAt: now() } });
  }
}

/** Extra Chromium flags for the scanner (only the sandbox and tests need any). */
function scannerChromiumArgs(): string[] {
  const raw = process.env.SCANNER_CHROMIUM_ARGS;
  return raw ? raw.split(/\s+(?=--)/).filter(Boolean) : [];
}

async function queueAlert(tx: Parameters<Parameters<ReturnType<typeof db>["$transaction"]>[0]>[0], scan: TrackerScan, found: Finding[], now: Date): Promise<void> {
  const settings = await tx.shopSettings.findUnique({ where: { shopDomain: scan.shopDomain }, select: { notificationEmailsCipher: true } });
  if (!settings?.notificationEmailsCipher) return;
  const to = parseAddressList(decryptField(env().keyRing, settings.notificationEmailsCipher, cipherContext.shopSettings(scan.shopDomain)));
  if (!to.length) return;
  const mail = newTrackerAlert({ shop: scan.shopDomain, findings: found, reportUrl: `https://${scan.shopDomain}/admin/apps/${env().SHOPIFY_API_KEY}/app/scanner` });
  await queueEmail(tx, { shopDomain: scan.shopDomain, key: `scan_alert:${scan.id}`, kind: "scan_alert", requestId: null, customerRef: null, to: to.join(", "), mail, now });
}

async function latestDoneScan(shop: string, before?: Date): Promise<TrackerScan | null> {
  return db().trackerScan.findFirst({ where: { shopDomain: shop, status: "done", ...(before ? { requestedAt: { lt: before } } : {}) }, orderBy: { requestedAt: "desc" } });
}

/** Weekly: every shop that kept the schedule on (one scan at a time per shop still holds). */
export async function scheduleScans(now: Date): Promise<void> {
  const shops = await db().scannerSettings.findMany({ where: { scheduleEnabled: true }, select: { shopDomain: true } });
  for (const { shopDomain } of shops) {
    const installed = await db().shop.findUnique({ where: { domain: shopDomain }, select: { status: true } });
    if (installed && installed.status !== "installed") continue;
    try {
      await requestScan(shopDomain, "schedule", now);
    } catch (error) {
      if (!isUniqueViolation(error)) log.error("could not schedule scan", { ...errorFields(error) });
    }
  }
}

export interface ScanView {
  id: string;
  status: string;
  trigger: string;
  requestedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  progress: { done: number; total: number };
  error: string | null;
  findings: Finding[];
  pages: ScannedPage[];
  issues: string[];
}

export interface ScanReport {
  latest: ScanView | null;
  /** The latest finished scan and its diff from the one before. */
  report: ScanView | null;
  previousAt: string | null;
  diff: ScanDiff | null;
  presets: { id: string; provider: string; category: string; hosts: string[] }[];
  categories: readonly string[];
}

function view(s: TrackerScan): ScanView {
  return {
    id: s.id,
    status: s.status,
    trigger: s.trigger,
    requestedAt: s.requestedAt.toISOString(),
    finishedAt: s.finishedAt?.toISOString() ?? null,
    durationMs: s.durationMs,
    progress: { done: s.progressDone, total: s.progressTotal },
    error: s.error,
    findings: parse<Finding[]>(s.findings, []),
    pages: parse<ScannedPage[]>(s.pages, []),
    issues: parse<string[]>(s.issues, []),
  };
}

export async function getScanReport(ctx: ShopRef): Promise<ScanReport> {
  const latest = await db().trackerScan.findFirst({ where: { shopDomain: ctx.shop }, orderBy: { requestedAt: "desc" } });
  const done = await latestDoneScan(ctx.shop);
  const previous = done ? await latestDoneScan(ctx.shop, done.requestedAt) : null;
  const report = done ? view(done) : null;
  return {
    latest: latest ? view(latest) : null,
    report,
    previousAt: previous?.requestedAt.toISOString() ?? null,
    diff: report && previous ? diffFindings(parse<Finding[]>(previous.findings, []), report.findings) : null,
    presets: PRESETS.map((p) => ({ id: p.id, provider: p.provider, category: p.category, hosts: p.hosts })),
    categories: TRACKER_CATEGORIES,
  };
}

export async function scanCsv(ctx: ShopRef, scanId: string): Promise<string | null> {
  const scan = await db().trackerScan.findFirst({ where: { id: scanId, shopDomain: ctx.shop, status: "done" } });
  return scan ? findingsCsv(parse<Finding[]>(scan.findings, [])) : null;
}

// ---------------------------------------------------------------------------------------------
// Cookie declaration: the latest scan's cookies and storage keys, with the merchant's edits.

export interface DeclarationEntry {
  key: string;
  name: string;
  kind: string;
  category: string;
  provider: string;
  purpose: string;
  retention: string;
  hidden: boolean;
}

export async function getDeclaration(shop: string, options: { includeHidden?: boolean } = {}): Promise<{ scannedAt: string | null; entries: DeclarationEntry[] }> {
  const done = await latestDoneScan(shop);
  if (!done) return { scannedAt: null, entries: [] };
  const edits = new Map((await db().cookieDeclarationEdit.findMany({ where: { shopDomain: shop } })).map((e) => [e.key, e]));
  const entries: DeclarationEntry[] = [];
  for (const f of parse<Finding[]>(done.findings, [])) {
    if (f.kind === "request") continue;
    const key = findingKey(f);
    const edit = edits.get(key);
    if (edit?.hidden && !options.includeHidden) continue;
    entries.push({
      key,
      name: f.name,
      kind: f.kind,
      category: edit?.category ?? f.category,
      provider: edit?.provider ?? f.provider ?? "",
      purpose: edit?.purpose ?? f.purpose ?? "",
      retention: edit?.retention ?? f.retention ?? (f.expiresInDays === null ? "" : `${f.expiresInDays} days`),
      hidden: edit?.hidden ?? false,
    });
  }
  entries.sort((a, b) => a.category.localeCompare(b.category) || a.name.localeCompare(b.name));
  return { scannedAt: done.finishedAt?.toISOString() ?? null, entries };
}

export const DeclarationEditSchema = z.object({
  key: z.string().min(3).max(600),
  category: z.enum([...TRACKER_CATEGORIES, "unclassified"]).optional(),
  provider: z.string().max(200).optional(),
  purpose: z.string().max(1000).optional(),
  retention: z.string().max(200).optional(),
  hidden: z.enum(["on"]).optional(),
});

export async function saveDeclarationEdit(ctx: ShopRef, input: z.infer<typeof DeclarationEditSchema>): Promise<void> {
  const data = {
    category: input.category ?? null,
    provider: input.provider?.trim() || null,
    purpose: input.purpose?.trim() || null,
    retention: input.retention?.trim() || null,
    hidden: input.hidden === "on",
  };
  await db().cookieDeclarationEdit.upsert({ where: { shopDomain_key: { shopDomain: ctx.shop, key: input.key } }, create: { shopDomain: ctx.shop, key: input.key, ...data }, update: data });
}
