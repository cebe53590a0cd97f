import { db } from "../platform/db.server";
import { appendAudit } from "../modules/audit/audit.server";
import { runRetention } from "../modules/retention/retention.server";
import { runRequestExport } from "../modules/exports/request-export.server";
import { runDigests, sendOutboundEmail } from "../modules/notices/notices.server";
import { handleCustomerRedact, handleDataRequest, handleShopRedact, loadWebhookEvent } from "../modules/webhooks/compliance.server";
import { PermanentJobError, type JobContext, type JobHandler } from "./worker.server";
import { JOB_PAYLOADS, type JobKind, type JobPayload } from "./kinds";
import { closeNeverVerified } from "../modules/requests/unverified.server";
import { runScanJob } from "../modules/scanner/scanner.server";
import { flushStream } from "../modules/audit-stream/streams.server";
import { notifyAlert, runAlertChecks } from "../modules/alerts/checks.server";

/** app/uninstalled: sessions go, data stays until shop/redact (48 h later) so a reinstall resumes. */
const appUninstalled: TypedHandler<"webhook.app/uninstalled"> = async ({ payload, now }) => {
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

const appScopesUpdate: TypedHandler<"webhook.app/scopes_update"> = async ({ payload, now }) => {
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

type TypedHandler<K extends JobKind> = (context: Omit<JobContext, "payload"> & { payload: JobPayload<K> }) => Promise<void>;

/** What runs each kind of job. The type requires exactly one handler per kind in kinds.ts. */
const HANDLERS: { [K in JobKind]: TypedHandler<K> } = {
  "webhook.customers/data_request": ({ payload, now }) => handleDataRequest(payload.webhookEventId, now()),
  "webhook.customers/redact": ({ payload, now }) => handleCustomerRedact(payload.webhookEventId, now()),
  "webhook.shop/redact": ({ payload, now }) => handleShopRedact(payload.webhookEventId, now()),
  "webhook.app/uninstalled": appUninstalled,
  "webhook.app/scopes_update": appScopesUpdate,
  "request.export": ({ payload, now }) => runRequestExport(payload.requestId, payload.staffId, now()),
  "mail.send": ({ payload, now }) => sendOutboundEmail(payload.outboundEmailId, now()),
  "retention.run": async ({ now }) => {
    await runRetention(now());
  },
  "requests.close_unverified": async ({ now }) => {
    await closeNeverVerified(now());
  },
  "digest.schedule": async ({ payload, now }) => {
    await runDigests(payload.day, now());
  },
  "scanner.run": ({ payload, now }) => runScanJob(payload, now),
  "audit.stream_flush": ({ payload, now }) => flushStream(payload.streamId, now),
  "alerts.notify": ({ payload, now }) => notifyAlert(payload.alertId, now()),
  "alerts.check": async ({ now }) => {
    await runAlertChecks(now());
  },
};

/** The worker's view: each handler behind its payload schema; a payload that does not parse is dead at once. */
export const JOB_HANDLERS: Record<string, JobHandler> = Object.fromEntries(
  (Object.keys(HANDLERS) as JobKind[]).map((kind) => [
    kind,
    (context: JobContext) => {
      const parsed = JOB_PAYLOADS[kind].safeParse(context.payload);
      if (!parsed.success) throw new PermanentJobError("BAD_JOB_PAYLOAD");
      return (HANDLERS[kind] as TypedHandler<typeof kind>)({ ...context, payload: parsed.data as JobPayload<typeof kind> });
    },
  ]),
);
