import { z } from "zod";
import { WEBHOOK_TOPICS, type WebhookTopic } from "../modules/webhooks/rules/payloads";

/**
 * Every kind of background job and the payload it carries. Payloads are ids and flags only: they
 * are stored in plain text. The worker parses each payload with its schema before the handler
 * sees it; `enqueueJob` and the handler map are typed by this table, so a kind that is not here
 * does not compile.
 */
const webhookJob = z.object({ webhookEventId: z.string().min(1) });

export const JOB_PAYLOADS = {
  "webhook.customers/data_request": webhookJob,
  "webhook.customers/redact": webhookJob,
  "webhook.shop/redact": webhookJob,
  "webhook.app/uninstalled": webhookJob,
  "webhook.app/scopes_update": webhookJob,
  "request.export": z.object({ requestId: z.string().min(1), staffId: z.string().nullable() }),
  "mail.send": z.object({ outboundEmailId: z.string().min(1) }),
  "retention.run": z.object({}),
  "requests.close_unverified": z.object({}),
  "scanner.run": z.object({ scanId: z.string().min(1).max(200) }),
  "audit.stream_flush": z.object({ streamId: z.string().min(1).max(200) }),
  "digest.schedule": z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }),
  "alerts.notify": z.object({ alertId: z.string().min(1).max(200) }),
  "alerts.check": z.object({}),
} as const satisfies Record<string, z.ZodType<Record<string, string | number | boolean | null>>>;

export type JobKind = keyof typeof JOB_PAYLOADS;
export type JobPayload<K extends JobKind> = z.infer<(typeof JOB_PAYLOADS)[K]>;

export const isJobKind = (kind: string): kind is JobKind => Object.hasOwn(JOB_PAYLOADS, kind);

/** The retry policy: attempts before a job is parked as dead (backoff is in backoff.ts). */
export const JOB_MAX_ATTEMPTS = 8;
const MAX_ATTEMPTS: Partial<Record<JobKind, number>> = {
  // A mail server can be down for a while; the requester must still hear from us.
  "mail.send": 12,
  // A scan that failed twice is reported as failed; the next scheduled one tries again.
  "scanner.run": 2,
};
export const maxAttemptsOf = (kind: JobKind): number => MAX_ATTEMPTS[kind] ?? JOB_MAX_ATTEMPTS;

/** The job a webhook delivery of `topic` becomes. */
export function webhookJobKind(topic: WebhookTopic): JobKind {
  return `webhook.${WEBHOOK_TOPICS[topic]}` satisfies JobKind;
}
