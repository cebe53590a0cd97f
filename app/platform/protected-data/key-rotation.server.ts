import { staffNameContext } from "../../modules/team/rules/staff-name";
import { db, type Tx } from "../db.server";
import { needsRotation, reencryptField, type KeyRing } from "../crypto";
import { appendAudit } from "../../modules/audit/audit.server";
import { IntegrityError, loadForChange, requestIntegrity, withIntegrityAudit } from "../../modules/requests/requests.server";

const BATCH = 200;
const REQUEST_CIPHERS = ["customerIdCipher", "emailCipher", "phoneCipher", "nameCipher", "detailsCipher"] as const;
const REQUEST_CONTEXT: Record<(typeof REQUEST_CIPHERS)[number], string> = {
  customerIdCipher: "customerId",
  emailCipher: "email",
  phoneCipher: "phone",
  nameCipher: "name",
  detailsCipher: "details",
};

function stale(ring: KeyRing, value: string | null): value is string {
  return value !== null && needsRotation(ring, value);
}

async function rotateRequest(tx: Tx, ring: KeyRing, shopDomain: string, id: string): Promise<void> {
  const row = await loadForChange(tx, shopDomain, id);
  const next = { ...row };
  for (const column of REQUEST_CIPHERS) {
    const value = row[column];
    if (stale(ring, value)) next[column] = reencryptField(ring, value, `privacy_request:${id}:${REQUEST_CONTEXT[column]}`);
  }
  await tx.privacyRequest.update({
    where: { id },
    data: { ...Object.fromEntries(REQUEST_CIPHERS.map((c) => [c, next[c]])), integrityHash: requestIntegrity(ring, next) },
  });
}

/**
 * Re-encrypts every encrypted value under the active key, a batch per short transaction, so the
 * app keeps serving while it runs (both keys decrypt meanwhile). Rows are selected by the key id
 * prefix, so a rerun after an interruption continues where it stopped. Audited per shop with counts.
 */
export async function rotateKeys(ring: KeyRing, now: Date): Promise<Record<string, number>> {
  const notActive = { not: { startsWith: `v1.${ring.activeKeyId}.` } };
  const counts: Record<string, number> = { sessions: 0, webhookEvents: 0, privacyRequests: 0, requestMessages: 0, exportFiles: 0 };
  const perShop = new Map<string, number>();
  const bump = (shop: string, table: string) => {
    counts[table] = (counts[table] ?? 0) + 1;
    perShop.set(shop, (perShop.get(shop) ?? 0) + 1);
  };

  for (;;) {
    const rows = await db().session.findMany({ where: { accessToken: notActive }, take: BATCH });
    if (rows.length === 0) break;
    await db().$transaction(async (tx) => {
      for (const row of rows) {
        const seal = (field: "accessToken" | "refreshToken" | "firstName" | "lastName" | "email") => {
          const value = row[field];
          return stale(ring, value) ? reencryptField(ring, value, `session:${row.id}:${field}`) : value;
        };
        await tx.session.update({
          where: { id: row.id },
          data: { accessToken: seal("accessToken") ?? "", refreshToken: seal("refreshToken"), firstName: seal("firstName"), lastName: seal("lastName"), email: seal("email") },
        });
        bump(row.shop, "sessions");
      }
    });
  }

  for (;;) {
    const rows = await db().webhookEvent.findMany({ where: { payloadCipher: notActive }, take: BATCH, select: { id: true, webhookId: true, shopDomain: true, payloadCipher: true } });
    if (rows.length === 0) break;
    await db().$transaction(async (tx) => {
      for (const row of rows) {
        await tx.webhookEvent.update({ where: { id: row.id }, data: { payloadCipher: reencryptField(ring, row.payloadCipher!, `webhook_event:${row.webhookId}`) } });
        bump(row.shopDomain, "webhookEvents");
      }
    });
  }

  // A request edited outside the app is left as it is (still readable with the old key), reported
  // and audited: re-sealing it would launder the edit.
  const skipped: string[] = [];
  for (;;) {
    const rows = await db().privacyRequest.findMany({
      where: { id: { notIn: skipped }, OR: REQUEST_CIPHERS.map((c) => ({ [c]: notActive })) },
      take: BATCH,
      select: { id: true, shopDomain: true },
    });
    if (rows.length === 0) break;
    for (const { id, shopDomain } of rows) {
      try {
        await withIntegrityAudit(shopDomain, now, () => db().$transaction((tx) => rotateRequest(tx, ring, shopDomain, id)));
        bump(shopDomain, "privacyRequests");
      } catch (error) {
        if (!(error instanceof IntegrityError)) throw error;
        skipped.push(id);
      }
    }
  }
  counts.skippedTampered = skipped.length;

  for (;;) {
    const rows = await db().requestMessage.findMany({ where: { bodyCipher: notActive }, take: BATCH });
    if (rows.length === 0) break;
    await db().$transaction(async (tx) => {
      for (const row of rows) {
        await tx.requestMessage.update({ where: { id: row.id }, data: { bodyCipher: reencryptField(ring, row.bodyCipher, `request_message:${row.id}:body`) } });
        bump(row.shopDomain, "requestMessages");
      }
    });
  }

  for (;;) {
    const rows = await db().exportFile.findMany({ where: { contentCipher: notActive }, take: 20 });
    if (rows.length === 0) break;
    await db().$transaction(async (tx) => {
      for (const row of rows) {
        await tx.exportFile.update({ where: { id: row.id }, data: { contentCipher: reencryptField(ring, row.contentCipher, `export_file:${row.id}`) } });
        bump(row.shopDomain, "exportFiles");
      }
    });
  }

  for (;;) {
    const rows = await db().shopSettings.findMany({ where: { notificationEmailsCipher: notActive }, take: BATCH, select: { shopDomain: true, notificationEmailsCipher: true } });
    if (rows.length === 0) break;
    await db().$transaction(async (tx) => {
      for (const row of rows) {
        await tx.shopSettings.update({ where: { shopDomain: row.shopDomain }, data: { notificationEmailsCipher: reencryptField(ring, row.notificationEmailsCipher!, `shop_settings:${row.shopDomain}:notificationEmails`) } });
        bump(row.shopDomain, "shopSettings");
      }
    });
  }

  for (;;) {
    const rows = await db().staffMember.findMany({ where: { nameCipher: notActive }, take: BATCH, select: { id: true, shopDomain: true, staffId: true, nameCipher: true } });
    if (rows.length === 0) break;
    await db().$transaction(async (tx) => {
      for (const row of rows) {
        await tx.staffMember.update({ where: { id: row.id }, data: { nameCipher: reencryptField(ring, row.nameCipher!, staffNameContext(row.shopDomain, row.staffId)) } });
        bump(row.shopDomain, "staffMembers");
      }
    });
  }

  // Emails still waiting to go out (sent ones hold no ciphertext).
  for (;;) {
    const rows = await db().outboundEmail.findMany({ where: { OR: [{ toCipher: notActive }, { bodyCipher: notActive }] }, take: BATCH, select: { id: true, shopDomain: true, toCipher: true, bodyCipher: true } });
    if (rows.length === 0) break;
    await db().$transaction(async (tx) => {
      for (const row of rows) {
        const seal = (value: string | null, field: "to" | "body") => (stale(ring, value) ? reencryptField(ring, value, `outbound_email:${row.id}:${field}`) : value);
        await tx.outboundEmail.update({ where: { id: row.id }, data: { toCipher: seal(row.toCipher, "to"), bodyCipher: seal(row.bodyCipher, "body") } });
        bump(row.shopDomain, "outboundEmails");
      }
    });
  }

  for (const [shopDomain, rows] of perShop) {
    await db().$transaction((tx) => appendAudit(tx, { shopDomain, actorType: "system", action: "keys.rotated", metadata: { activeKeyId: ring.activeKeyId, rows }, occurredAt: now }));
  }
  return counts;
}
