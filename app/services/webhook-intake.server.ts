import { createHash, randomUUID } from "node:crypto";
import { db, isUniqueViolation } from "../db.server";
import { blindIndex, encryptField } from "../domain/crypto";
import { WEBHOOK_TOPICS, checkPayload, type WebhookTopic } from "../domain/webhooks/payloads";
import { env } from "../env.server";
import { wakeWorkers } from "../jobs/runtime.server";
import { errorFields, log } from "../logger.server";
import { authenticate } from "../shopify.server";
import { appendAudit } from "./audit.server";
import { BodyTooLargeError, payloadTooLarge, plainResponse, readBodyCapped } from "./http.server";

/** Compliance payloads list order ids; even 100k of them stay well under this. */
export const WEBHOOK_BODY_LIMIT = 2 * 1024 * 1024;

interface Delivery {
  shop: string;
  topic: string;
  webhookId: string;
  eventId: string | null;
  apiVersion: string;
  triggeredAt: Date | null;
  rawBody: Buffer;
}

function triggeredAtOf(request: Request): Date | null {
  const triggered = request.headers.get("x-shopify-triggered-at");
  const at = triggered ? new Date(triggered) : null;
  return at && !Number.isNaN(at.getTime()) ? at : null;
}

function headerDelivery(request: Request, rawBody: Buffer): Delivery {
  const h = (name: string) => request.headers.get(name);
  return {
    shop: (h("x-shopify-shop-domain") ?? "").toLowerCase(),
    topic: (h("x-shopify-topic") ?? "").toUpperCase().replace(/[/.]/g, "_"),
    webhookId: h("x-shopify-webhook-id") ?? "",
    eventId: h("x-shopify-event-id"),
    apiVersion: h("x-shopify-api-version") ?? "",
    triggeredAt: triggeredAtOf(request),
    rawBody,
  };
}

/**
 * Verify, persist, acknowledge. Every delivery that passes Shopify's HMAC check is stored (its
 * payload encrypted) together with the job that will act on it, in one transaction, before the
 * 200 goes out. A verified delivery that cannot be acted on is stored as unprocessable and still
 * answered 200: Shopify retrying it for hours would change nothing.
 */
export async function receiveWebhook(request: Request, accepted: readonly WebhookTopic[]): Promise<Response> {
  if (request.method !== "POST") return new Response(null, { status: 405, headers: { Allow: "POST" } });
  let rawBody: Buffer;
  try {
    rawBody = await readBodyCapped(request, WEBHOOK_BODY_LIMIT);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return payloadTooLarge();
    throw error;
  }
  const verified = new Request(request.url, { method: "POST", headers: request.headers, body: new Uint8Array(rawBody) });

  let delivery: Delivery;
  let payload: unknown;
  try {
    const context = await authenticate.webhook(verified);
    delivery = {
      shop: context.shop.toLowerCase(),
      topic: String(context.topic),
      webhookId: context.webhookId,
      eventId: context.eventId ?? null,
      apiVersion: context.apiVersion,
      triggeredAt: triggeredAtOf(request),
      rawBody,
    };
    payload = context.payload;
  } catch (error) {
    if (error instanceof Response) return error; // 400 missing headers/HMAC, 401 bad HMAC, 405
    if (!(error instanceof SyntaxError)) throw error;
    // The HMAC matched (parsing happens after verification) but the body is not JSON.
    delivery = headerDelivery(request, rawBody);
    payload = undefined;
  }

  const check =
    payload === undefined ? ({ ok: false, problem: "body is not JSON" } as const) : checkPayload(delivery.topic, delivery.shop, payload, accepted);
  try {
    const outcome = await store(delivery, check);
    if (outcome === "queued") wakeWorkers();
    log.info("webhook received", { shop: delivery.shop, topic: delivery.topic, webhookId: delivery.webhookId, outcome });
  } catch (error) {
    if (isUniqueViolation(error)) {
      log.info("webhook duplicate", { shop: delivery.shop, topic: delivery.topic, webhookId: delivery.webhookId });
      return plainResponse(200, "Already received");
    }
    log.error("webhook could not be stored", { shop: delivery.shop, topic: delivery.topic, webhookId: delivery.webhookId, ...errorFields(error) });
    return plainResponse(503, "Temporarily unavailable"); // Shopify retries
  }
  return plainResponse(200, check.ok ? "Received" : "Received (unprocessable)");
}

type StoreOutcome = "queued" | "duplicate_event" | "unprocessable";

async function store(delivery: Delivery, check: ReturnType<typeof checkPayload> | { ok: false; problem: string }): Promise<StoreOutcome> {
  const { keyRing } = env();
  const now = new Date();
  const id = `whe_${randomUUID().replaceAll("-", "")}`;
  const event = {
    id,
    shopDomain: delivery.shop,
    topic: delivery.topic,
    webhookId: delivery.webhookId,
    eventId: delivery.eventId,
    apiVersion: delivery.apiVersion,
    triggeredAt: delivery.triggeredAt,
    receivedAt: now,
    payloadCipher: encryptField(keyRing, delivery.rawBody.toString("utf8"), `webhook_event:${delivery.webhookId}`),
    payloadSha256: createHash("sha256").update(delivery.rawBody).digest("hex"),
    payloadBytes: delivery.rawBody.byteLength,
    status: check.ok ? "received" : "unprocessable",
    problem: check.ok ? null : check.problem,
    customerRef: check.ok && check.customerId ? blindIndex(keyRing, delivery.shop, "customer", check.customerId) : null,
  };
  if (!check.ok) {
    await db().$transaction(async (tx) => {
      await tx.webhookEvent.create({ data: event, select: { id: true } });
      await appendAudit(tx, {
        shopDomain: delivery.shop,
        actorType: "shopify",
        action: "webhook.unprocessable",
        subjectType: "webhook_event",
        subjectId: id,
        reason: check.problem,
        metadata: { topic: delivery.topic, webhookId: delivery.webhookId },
        occurredAt: now,
      });
    });
    return "unprocessable";
  }
  // Retries reuse the webhook id; a re-sent event keeps its event id. Either way one job.
  const idempotencyKey = delivery.eventId ? `webhook-event:${check.topic}:${delivery.eventId}` : `webhook:${delivery.webhookId}`;
  try {
    // The hot path: two inserts in one batch transaction (one round trip through the engine).
    await db().$transaction([
      db().webhookEvent.create({ data: event, select: { id: true } }),
      db().job.create({
        data: { kind: `webhook.${WEBHOOK_TOPICS[check.topic]}`, shopDomain: delivery.shop, payload: JSON.stringify({ webhookEventId: id }), idempotencyKey, runAt: now },
        select: { id: true },
      }),
    ]);
    return "queued";
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Either this delivery was stored already (same webhook id: the caller acknowledges it), or the
    // same event came under a new webhook id: keep the delivery, act on the event once.
    const existing = await db().webhookEvent.findUnique({ where: { webhookId: delivery.webhookId }, select: { id: true } });
    if (existing) throw error;
    await db().webhookEvent.create({ data: { ...event, status: "duplicate" }, select: { id: true } });
    return "duplicate_event";
  }
}
