import { db } from "../../platform/db.server";
import { cipherContext } from "../../platform/protected-data/registry";
import { eraseCustomerRowsSql } from "../../platform/protected-data/redaction.server";
import { decryptField } from "../../platform/crypto";
import { env } from "../../platform/env.server";
import { hotSql, type SqlParam, type SqlUnit } from "../../platform/hot-sql.server";
import { PermanentJobError } from "../../jobs/worker.server";
import { appendAuditSql } from "../audit/audit-sql.server";
import { identityRefs } from "../requests/requests.server";
import { PAYLOAD_SCHEMAS } from "./rules/payloads";

/**
 * customers/redact for a customer with no privacy request in the app (what nearly every redact
 * is: Shopify sends one for every customer a merchant erases): the same deletes, updates and audit
 * entry as handleCustomerRedact, through the hot data-access layer in one transaction (~12
 * statements, no Prisma). Returns false, having changed nothing, when the customer has requests:
 * closing and anonymising them is the full path's work (integrity checks, transitions).
 */
export async function redactWithoutRequests(webhookEventId: unknown, now: Date): Promise<boolean> {
  if (typeof webhookEventId !== "string") throw new PermanentJobError("BAD_JOB_PAYLOAD");
  const sql = await hotSql(db());
  const [event] = await sql.rows<{ id: string; shopDomain: string; webhookId: string; payloadCipher: string | null }>(
    `SELECT "id", "shopDomain", "webhookId", "payloadCipher" FROM "WebhookEvent" WHERE "id" = ?`,
    [webhookEventId],
  );
  if (!event) throw new PermanentJobError("WEBHOOK_EVENT_GONE");
  if (!event.payloadCipher) {
    // Already acted on (a retry, or an earlier redact of the same customer cleared it): as the full path.
    await sql.run(`UPDATE "WebhookEvent" SET "status" = 'processed', "processedAt" = COALESCE("processedAt", ?) WHERE "id" = ?`, [now, event.id]);
    return true;
  }
  const raw = decryptField(env().keyRing, event.payloadCipher, cipherContext.webhookEvent(event.webhookId));
  const parsed = PAYLOAD_SCHEMAS.CUSTOMERS_REDACT.safeParse(JSON.parse(raw));
  if (!parsed.success) throw new PermanentJobError("PAYLOAD_INVALID");
  const payload = parsed.data;
  const shopDomain = event.shopDomain;
  const refs = identityRefs(env().keyRing, shopDomain, { customerId: payload.customer.id, email: payload.customer.email, phone: payload.customer.phone });
  return sql.transaction(async (unit) => {
    if (await hasRequests(unit, shopDomain, refs)) return false;
    // As eraseCustomerData with no request ids: rows tied to the customer reference only.
    const counts = refs.customerRef ? await eraseCustomerRowsSql(unit, shopDomain, refs.customerRef) : {};
    await unit.run(`UPDATE "WebhookEvent" SET "status" = 'processed', "processedAt" = ?, "payloadCipher" = NULL, "customerRef" = NULL WHERE "id" = ?`, [now, event.id]);
    await appendAuditSql(unit, {
      shopDomain,
      actorType: "shopify",
      action: "customer.redacted",
      subjectType: "webhook_event",
      subjectId: event.id,
      subjectRef: refs.customerRef,
      metadata: { ...counts, requestsAnonymised: 0, requestsClosed: 0, ordersListed: payload.orders_to_redact.length },
      occurredAt: now,
    });
    return true;
    // Not flushed on its own: lost in a crash, it is lost with the job's completion (written after
    // it), so the job runs again; the delivery itself was stored durably before Shopify's 200.
  }, { durable: false });
}

async function hasRequests(unit: SqlUnit, shopDomain: string, refs: ReturnType<typeof identityRefs>): Promise<boolean> {
  // One branch per identifier with shopDomain inside it, so each uses its (shopDomain, ref) index.
  const branches: string[] = [];
  const params: SqlParam[] = [];
  for (const [column, value] of [["customerRef", refs.customerRef], ["emailRef", refs.emailRef], ["phoneRef", refs.phoneRef]] as const) {
    if (!value) continue;
    branches.push(`("shopDomain" = ? AND "${column}" = ?)`);
    params.push(shopDomain, value);
  }
  if (branches.length === 0) return false;
  const rows = await unit.rows(`SELECT "id" FROM "PrivacyRequest" WHERE ${branches.join(" OR ")} LIMIT 1`, params);
  return rows.length > 0;
}
