import { db } from "../../platform/db.server";
import { retentionCutoffs, type RetentionSettings } from "./rules/retention";
import { getSettings } from "../settings/settings.server";
import { CLOSED_STATUSES } from "../requests/rules";
import { appendAudit } from "../audit/audit.server";
import { anonymiseRequest, loadForChange, withIntegrityAudit } from "../requests/requests.server";

export async function retentionSettings(shopDomain: string): Promise<RetentionSettings> {
  const { regulations: _regulations, clockStart: _clockStart, notificationEmails: _notificationEmails, ...retention } = await getSettings({ shop: shopDomain, staffId: null });
  return retention;
}

async function shopsWithData(): Promise<string[]> {
  const [requests, consent, events, codes, exports] = await Promise.all([
    db().privacyRequest.findMany({ distinct: ["shopDomain"], select: { shopDomain: true } }),
    db().consentRecord.findMany({ distinct: ["shopDomain"], select: { shopDomain: true } }),
    db().webhookEvent.findMany({ where: { payloadCipher: { not: null } }, distinct: ["shopDomain"], select: { shopDomain: true } }),
    db().verificationCode.findMany({ distinct: ["shopDomain"], select: { shopDomain: true } }),
    db().exportFile.findMany({ distinct: ["shopDomain"], select: { shopDomain: true } }),
  ]);
  return [...new Set([...requests, ...consent, ...events, ...codes, ...exports].map((r) => r.shopDomain))].sort();
}

/**
 * Deletes or anonymises what is past its retention period in one shop and audits the counts
 * (never contents). Idempotent: a second run at the same instant finds nothing.
 */
export async function purgeShop(shopDomain: string, now: Date) {
  const cut = retentionCutoffs(await retentionSettings(shopDomain), now);
  const expiredRequests = await db().privacyRequest.findMany({
    where: { shopDomain, status: { in: [...CLOSED_STATUSES] }, closedAt: { lt: cut.closedRequestsBefore }, anonymisedAt: null },
    select: { id: true },
    take: 500,
  });
  return withIntegrityAudit(shopDomain, now, () =>
    db().$transaction(async (tx) => {
      const ids = expiredRequests.map((r) => r.id);
      const counts = {
        verificationCodes: (await tx.verificationCode.deleteMany({ where: { shopDomain, OR: [{ expiresAt: { lt: cut.verificationCodesExpiredBefore } }, { requestId: { in: ids } }] } })).count,
        exportFiles: (await tx.exportFile.deleteMany({ where: { shopDomain, OR: [{ expiresAt: { lt: cut.exportsExpiredBefore } }, { requestId: { in: ids } }] } })).count,
        requestMessages: (await tx.requestMessage.deleteMany({ where: { shopDomain, requestId: { in: ids } } })).count,
        requestsAnonymised: ids.length,
        consentRecords: (await tx.consentRecord.deleteMany({ where: { shopDomain, recordedAt: { lt: cut.consentRecordedBefore } } })).count,
        webhookPayloads: (
          await tx.webhookEvent.updateMany({
            where: { shopDomain, payloadCipher: { not: null }, status: { in: ["processed", "duplicate", "unprocessable"] }, receivedAt: { lt: cut.webhookProcessedBefore } },
            data: { payloadCipher: null, customerRef: null },
          })
        ).count,
      };
      for (const id of ids) await anonymiseRequest(tx, await loadForChange(tx, shopDomain, id), now);
      if (Object.values(counts).some((n) => n > 0)) {
        await appendAudit(tx, { shopDomain, actorType: "system", action: "retention.purged", metadata: counts, occurredAt: now });
      }
      return counts;
    }),
  );
}

export async function runRetention(now: Date) {
  const results: Record<string, Awaited<ReturnType<typeof purgeShop>>> = {};
  for (const shop of await shopsWithData()) results[shop] = await purgeShop(shop, now);
  return results;
}
