import { db } from "../platform/db.server";
import { appendAudit } from "../modules/audit/audit.server";
import { runRetention } from "../modules/retention/retention.server";
import { runRequestExport } from "../modules/requests/request-actions.server";
import { runDigests, sendOutboundEmail } from "../modules/notices/notices.server";
import { handleCustomerRedact, handleDataRequest, handleShopRedact, loadWebhookEvent } from "../modules/webhooks/compliance.server";
import { runScanJob, SCAN_JOB } from "../modules/scanner/scanner.server";
import type { JobHandler } from "./worker.server";

/** app/uninstalled: sessions go, data stays until shop/redact (48 h later) so a reinstall resumes. */
const appUninstalled: JobHandler = async ({ payload, now }) => {
  const event = await loadWebhookEvent(payload.webhookEventId);
  await db().$transaction(async (tx) => {
    const { count } = await tx.session.deleteMany({ where: { shop: event.shopDomain } });
    await tx.shop.upsert({
      where: { domain: event.shopDomain },
      create: { domain: event.shopDomain, status: "uninstalled", uninstalledAt: now() },
      update: { status: "uninstalled", uninstalledAt: now() },
    });
    await tx.webhookEvent.update({ where: { id: event.id }, data: { status: "processed", processedAt: now() } });
    await appendAudit(tx, {
      shopDomain: event.shopDomain,
      actorType: "shopify",
      action: "shop.uninstalled",
      subjectType: "webhook_event",
      subjectId: event.id,
      metadata: { sessionsDeleted: count },
      occurredAt: now(),
    });
  });
};

const appScopesUpdate: JobHandler = async ({ payload, now }) => {
  const event = await loadWebhookEvent(payload.webhookEventId);
  await db().$transaction(async (tx) => {
    await tx.webhookEvent.update({ where: { id: event.id }, data: { status: "processed", processedAt: now() } });
    await appendAudit(tx, {
      shopDomain: event.shopDomain,
      actorType: "shopify",
      action: "shop.scopes_updated",
      subjectType: "webhook_event",
      subjectId: event.id,
      occurredAt: now(),
    });
  });
};

export const JOB_HANDLERS: Record<string, JobHandler> = {
  "webhook.customers/data_request": ({ payload, now }) => handleDataRequest(payload.webhookEventId, now()),
  "webhook.customers/redact": ({ payload, now }) => handleCustomerRedact(payload.webhookEventId, now()),
  "webhook.shop/redact": ({ payload, now }) => handleShopRedact(payload.webhookEventId, now()),
  "webhook.app/uninstalled": appUninstalled,
  "request.export": ({ payload, now }) => runRequestExport(payload.requestId, payload.staffId, now()),
  "retention.run": async ({ now }) => {
    await runRetention(now());
  },
  "webhook.app/scopes_update": appScopesUpdate,
  "mail.send": ({ payload, now }) => sendOutboundEmail(payload.outboundEmailId, now()),
  "digest.schedule": async ({ payload, now }) => {
    await runDigests(payload.day, now());
  },
  [SCAN_JOB]: ({ payload, now }) => runScanJob(payload, now),
};
