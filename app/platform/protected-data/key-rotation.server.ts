import { db } from "../db.server";
import { needsRotation, reencryptField, type KeyRing } from "../crypto";
import { appendAudit } from "../../modules/audit/audit.server";
import { ENCRYPTED_MODELS, delegateName, type ProtectedModel } from "./registry";
import { delegateOf } from "./redaction.server";
import { integrityIntact, INTEGRITY_MISMATCH_ACTION, sealIntegrity, type IntegrityKind, type IntegrityView } from "./integrity";

type Row = Record<string, unknown>;

const BATCH = 200;
/** Export files are large: fewer per transaction. */
const batchOf = (entry: ProtectedModel) => (entry.model === "ExportFile" ? 20 : BATCH);

const hasIntegrity = (entry: ProtectedModel): entry is ProtectedModel & { integrity: IntegrityKind } => entry.integrity !== undefined;

/**
 * Re-encrypts every encrypted value of every model the protected-data registry lists, under the
 * active key, a batch per short transaction, so the app keeps serving while it runs (both keys
 * decrypt meanwhile). Each row is rewritten only if it is still what was read (the old ciphertexts
 * and, for integrity-protected records, the old hash are part of the update's WHERE), so a
 * concurrent change is never overwritten; it is simply picked up again. Integrity-protected
 * records get a new hash over the new ciphertexts; one edited outside the app is left as it is
 * (still readable with the old key), reported and audited: re-sealing it would launder the edit.
 * A rerun after an interruption continues where it stopped.
 */
export async function rotateKeys(ring: KeyRing, now: Date): Promise<Record<string, number>> {
  const notActive = { not: { startsWith: `v1.${ring.activeKeyId}.` } };
  const counts: Record<string, number> = { skippedTampered: 0 };
  const perShop = new Map<string, number>();

  for (const entry of ENCRYPTED_MODELS) {
    const table = delegateName(entry.model);
    counts[table] = 0;
    const columns = Object.keys(entry.encrypted);
    const pk = entry.primaryKey ?? "id";
    const skipped: unknown[] = [];
    for (;;) {
      const rows = await delegateOf(db(), entry).findMany({
        // "" is how an absent Shopify token is stored: nothing to rotate.
        where: { [pk]: { notIn: skipped }, OR: columns.map((c) => ({ AND: [{ [c]: notActive }, { [c]: { not: "" } }] })) },
        take: batchOf(entry),
        orderBy: { [pk]: "asc" },
      });
      if (rows.length === 0) break;
      await db().$transaction(async (tx) => {
        for (const row of rows) {
          const shop = String(row[entry.shopColumn]);
          if (hasIntegrity(entry) && !integrityIntact(ring, entry.integrity, row as unknown as IntegrityView<typeof entry.integrity> & { integrityHash: string })) {
            skipped.push(row[pk]);
            counts.skippedTampered! += 1;
            await appendAudit(tx, {
              shopDomain: shop,
              actorType: "system",
              action: INTEGRITY_MISMATCH_ACTION[entry.integrity],
              subjectType: entry.integrity,
              subjectId: String(row[pk]),
              reason: "stored integrity hash does not match the record; left under its old key by key rotation",
              occurredAt: now,
            });
            continue;
          }
          const data: Row = {};
          for (const column of columns) {
            const value = row[column];
            if (typeof value === "string" && value !== "" && needsRotation(ring, value)) data[column] = reencryptField(ring, value, entry.encrypted[column]!(row));
          }
          if (Object.keys(data).length === 0) {
            skipped.push(row[pk]);
            continue;
          }
          const where: Row = { [pk]: row[pk], ...Object.fromEntries(columns.map((c) => [c, row[c]])) };
          if (hasIntegrity(entry)) {
            where.integrityHash = row.integrityHash;
            data.integrityHash = sealIntegrity(ring, entry.integrity, { ...row, ...data } as unknown as IntegrityView<typeof entry.integrity>);
          }
          const { count } = await delegateOf(tx, entry).updateMany({ where, data });
          if (count === 1) {
            counts[table]! += 1;
            perShop.set(shop, (perShop.get(shop) ?? 0) + 1);
          }
        }
      });
    }
  }

  for (const [shopDomain, rows] of perShop) {
    await db().$transaction((tx) => appendAudit(tx, { shopDomain, actorType: "system", action: "keys.rotated", metadata: { activeKeyId: ring.activeKeyId, rows }, occurredAt: now }));
  }
  return counts;
}
