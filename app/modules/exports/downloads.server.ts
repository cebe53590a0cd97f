import { db } from "../../platform/db.server";
import { cipherContext } from "../../platform/protected-data/registry";
import { decryptField } from "../../platform/crypto";
import { downloadLinkKey, verifyDownloadLink } from "../notices/rules/download-link";
import { env } from "../../platform/env.server";
import { appendAudit } from "../audit/audit.server";

export type LinkDownload =
  | { ok: true; body: string; format: string; filename: string }
  | { ok: false; status: 400 | 403 | 410; message: string };

const CONTENT_TYPES: Record<string, string> = {
  json: "application/json; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  html: "text/html; charset=utf-8",
};

export function contentTypeOf(format: string): string {
  return CONTENT_TYPES[format] ?? "application/octet-stream";
}

const GONE = "This download is no longer available. Contact the shop if you still need your data.";

/**
 * A requester's download through the signed link from their completion email. The link must be
 * genuine and unexpired, and the file must still exist, be unexpired, and belong to a request
 * whose personal data has not been erased. Each download is audited (references only).
 */
export async function downloadByLink(token: string, now: Date): Promise<LinkDownload> {
  const check = verifyDownloadLink(downloadLinkKey(env().keyRing.blindIndexKey), token, now);
  if (!check.ok) {
    if (check.reason === "malformed") return { ok: false, status: 400, message: "This download link is not valid. Check that you copied all of it." };
    if (check.reason === "bad_signature") return { ok: false, status: 403, message: "This download link is not valid." };
    return { ok: false, status: 410, message: "This download link has expired. Contact the shop for a new one." };
  }
  const { shop, requestId, fileId } = check.grant;
  const request = await db().privacyRequest.findFirst({ where: { id: requestId, shopDomain: shop }, select: { reference: true, anonymisedAt: true } });
  if (!request || request.anonymisedAt) return { ok: false, status: 410, message: GONE };
  const file = await db().exportFile.findFirst({ where: { id: fileId, requestId, shopDomain: shop } });
  if (!file || file.expiresAt.getTime() <= now.getTime()) return { ok: false, status: 410, message: GONE };
  const body = decryptField(env().keyRing, file.contentCipher, cipherContext.exportFile(file.id));
  await db().$transaction((tx) =>
    appendAudit(tx, {
      shopDomain: shop,
      actorType: "shopper",
      action: "export.downloaded",
      subjectType: "export_file",
      subjectId: file.id,
      metadata: { format: file.format, requestId, via: "emailed_link" },
      occurredAt: now,
    }),
  );
  return { ok: true, body, format: file.format, filename: `${request.reference}.${file.format}` };
}
