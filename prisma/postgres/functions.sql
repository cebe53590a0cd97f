-- Functions of the hot path, created or replaced at every start by server/migrate.mjs under the
-- migration lock (not a Prisma migration: its driver adapter splits a script at every ";").
--
-- Webhook intake in one round trip (ADR 0014): a batch of verified deliveries stored with their jobs
-- as one statement, which autocommit makes one transaction. Events first (a retried delivery, same
-- webhook id, is skipped); a job for each event inserted unless its idempotency key exists (the same
-- event under a new webhook id), and such an event marked 'duplicate' before the commit.
-- Returns ('event', id) for each event inserted and ('job', id) for each job inserted.
CREATE OR REPLACE FUNCTION privacy_webhook_intake(
  p_id text[], p_shop text[], p_topic text[], p_webhook_id text[], p_event_id text[], p_api_version text[],
  p_triggered_at timestamp(3)[], p_received_at timestamp(3)[], p_payload_cipher text[], p_payload_sha256 text[],
  p_payload_bytes int[], p_status text[], p_problem text[], p_customer_ref text[],
  p_job_id text[], p_job_kind text[], p_job_payload text[], p_job_key text[], p_run_at timestamp(3)[], p_max_attempts int[],
  p_now timestamp(3)
) RETURNS TABLE (kind text, id text)
LANGUAGE plpgsql AS $$
DECLARE
  inserted_events text[];
  inserted_jobs text[];
BEGIN
  WITH input AS (
    SELECT * FROM unnest(p_id, p_shop, p_topic, p_webhook_id, p_event_id, p_api_version, p_triggered_at, p_received_at,
                         p_payload_cipher, p_payload_sha256, p_payload_bytes, p_status, p_problem, p_customer_ref,
                         p_job_id, p_job_kind, p_job_payload, p_job_key, p_run_at, p_max_attempts)
      AS t(id, "shopDomain", topic, "webhookId", "eventId", "apiVersion", "triggeredAt", "receivedAt", "payloadCipher", "payloadSha256",
           "payloadBytes", status, problem, "customerRef", "jobId", "jobKind", "jobPayload", "jobKey", "runAt", "maxAttempts")
  ), events AS (
    INSERT INTO "WebhookEvent" ("id", "shopDomain", "topic", "webhookId", "eventId", "apiVersion", "triggeredAt", "receivedAt", "payloadCipher", "payloadSha256", "payloadBytes", "status", "problem", "customerRef")
    SELECT input.id, input."shopDomain", input.topic, input."webhookId", input."eventId", input."apiVersion", input."triggeredAt", input."receivedAt",
           input."payloadCipher", input."payloadSha256", input."payloadBytes", input.status, input.problem, input."customerRef"
    FROM input
    ON CONFLICT ("webhookId") DO NOTHING
    RETURNING "WebhookEvent"."id"
  ), jobs AS (
    INSERT INTO "Job" ("id", "shopDomain", "kind", "payload", "idempotencyKey", "status", "attempts", "maxAttempts", "runAt", "createdAt", "updatedAt")
    SELECT input."jobId", input."shopDomain", input."jobKind", input."jobPayload", input."jobKey", 'pending', 0, input."maxAttempts", input."runAt", p_now, p_now
    FROM input WHERE input.id IN (SELECT events.id FROM events)
    ON CONFLICT ("idempotencyKey") DO NOTHING
    RETURNING "Job"."id"
  )
  SELECT coalesce((SELECT array_agg(events.id) FROM events), '{}'), coalesce((SELECT array_agg(jobs.id) FROM jobs), '{}')
  INTO inserted_events, inserted_jobs;

  -- A new statement: it sees the events inserted above.
  UPDATE "WebhookEvent" AS w SET "status" = 'duplicate'
  FROM unnest(p_id, p_job_id) AS pair(event_id, job_id)
  WHERE w."id" = pair.event_id AND pair.event_id = ANY (inserted_events) AND NOT (pair.job_id = ANY (inserted_jobs));

  RETURN QUERY SELECT 'event'::text, unnest(inserted_events) UNION ALL SELECT 'job'::text, unnest(inserted_jobs);
END;
$$;
