import { db } from "../../platform/db.server";
import { cipherContext } from "../../platform/protected-data/registry";
import { decryptField } from "../../platform/crypto";
import { claimedShopOf, downloadLinkKey, verifyDownloadLink } from "../notices/rules/download-link";
import { env } from "../../platform/env.server";
import { appendAudit } from "../audit/audit.server";

import { RequestError } from "../requests/rules";
import type { StaffContext } from "../team/staff-context";
import type { ExportFile } from "@prisma/client";

export interface ExportDownload {
  body: string;
  format: string;
  filename: string;
}

/** Why a link gives no file (a key of the `shopper` catalog's `download` section), and the requester's language when known. */
export type LinkRefusal = "malformed" | "invalid" | "expired" | "gone";
export type LinkDownload = ({ ok: true } & ExportDownload) | { ok: false; status: 400 | 403 | 410; reason: LinkRefusal; locale: string | null };

const CONTENT_TYPES: Record<string, string> = {
  json: "application/json; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  html: "text/html; charset=utf-8",
};

/**
 * The one answer for an export file, to staff or to the requester: an attachment that is never
 * cached, never sniffed, and (the HTML summary is the requester's data) runs and loads nothing.
 */
export function exportFileResponse(file: ExportDownload, extraHeaders: Record<string, string> = {}): Response {
  return new Response(file.body, {
    headers: {
      "Content-Type": CONTENT_TYPES[file.format] ?? "application/octet-stream",
      "Content-Disposition": `attachment; filename="${file.filename}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "sandbox; default-src 'none'; style-src 'unsafe-inline'",
      ...extraHeaders,
    },
  });
}

/** Decrypts a file and audits its download in one place, whoever downloads it. */
async function openAndAudit(file: ExportFile, reference: string, actor: { actorType: "staff" | "shopper"; actorId?: string | null }, via: string | null, now: Date): Promise<ExportDownload> {
  const body = decryptField(env().keyRing, file.contentCipher, cipherContext.exportFile(file.id));
  await db().$transaction((tx) =>
    appendAudit(tx, {
      shopDomain: file.shopDomain,
      ...actor,
      action: "export.downloaded",
      subjectType: "export_file",
      subjectId: file.id,
      metadata: { format: file.format, requestId: file.requestId, ...(via ? { via } : {}) },
      occurredAt: now,
    }),
  );
  return { body, format: file.format, filename: `${reference}.${file.format}` };
}

/** A staff download from the request page, refusing expired files; audited with the staff member's id. */
export async function downloadExport(ctx: StaffContext, requestId: string, fileId: string, now: Date): Promise<ExportDownload> {
  const file = await db().exportFile.findFirst({ where: { id: fileId, requestId, shopDomain: ctx.shop } });
  if (!file) throw new RequestError("NOT_FOUND", "no such export");
  if (file.expiresAt.getTime() < now.getTime()) throw new RequestError("NOT_FOUND", "this export has expired");
  const request = await db().privacyRequest.findFirst({ where: { id: requestId, shopDomain: ctx.shop }, select: { reference: true } });
  return openAndAudit(file, request?.reference ?? "export", { actorType: "staff", actorId: ctx.staffId }, null, now);
}


/**
 * A requester's download through the signed link from their completion email. The link must be
 * genuine and unexpired, and the file must still exist, be unexpired, and belong to a request
 * whose personal data has not been erased. Each download is audited (references only).
 */
export async function downloadByLink(token: string, now: Date, source: string | null = null): Promise<LinkDownload> {
  const check = verifyDownloadLink(downloadLinkKey(env().keyRing.blindIndexKey), token, now);
  if (!check.ok) {
    await auditLinkFailure(token, check.reason, source, now);
    if (check.reason === "malformed") return { ok: false, status: 400, reason: "malformed", locale: null };
    if (check.reason === "bad_signature") return { ok: false, status: 403, reason: "invalid", locale: null };
    return { ok: false, status: 410, reason: "expired", locale: null };
  }
  const { shop, requestId, fileId } = check.grant;
  const request = await db().privacyRequest.findFirst({ where: { id: requestId, shopDomain: shop }, select: { reference: true, anonymisedAt: true, locale: true } });
  if (!request || request.anonymisedAt) return { ok: false, status: 410, reason: "gone", locale: request?.locale ?? null };
  const file = await db().exportFile.findFirst({ where: { id: fileId, requestId, shopDomain: shop } });
  if (!file || file.expiresAt.getTime() <= now.getTime()) return { ok: false, status: 410, reason: "gone", locale: request.locale };
  return { ok: true, ...(await openAndAudit(file, request.reference, { actorType: "shopper" }, "emailed_link", now)) };
}

/**
 * A failed link is audited against the shop it names when the app knows that shop (it has an audit
 * chain) and it is not uninstalled: the alert rules count failures per source. Links naming no
 * known shop change nothing.
 */
async function auditLinkFailure(token: string, reason: string, source: string | null, now: Date): Promise<void> {
  const shop = claimedShopOf(token);
  if (!shop) return;
  const [known, row] = await Promise.all([db().auditHead.count({ where: { shopDomain: shop } }), db().shop.findUnique({ where: { domain: shop }, select: { status: true } })]);
  if (known === 0 || row?.status === "uninstalled") return;
  await db().$transaction((tx) =>
    appendAudit(tx, { shopDomain: shop, actorType: "shopper", action: "download.link_failed", metadata: { reason, ...(source ? { source } : {}) }, occurredAt: now }),
  );
}
