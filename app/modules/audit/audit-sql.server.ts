import { randomUUID } from "node:crypto";
import { evaluateAppended } from "../alerts/alerts.server";
import type { SqlUnit } from "../../platform/hot-sql.server";
import { GENESIS_HASH, canonicalJson, contentAt, entryHash } from "./rules";
import type { AuditInput } from "./audit.server";

/**
 * appendAudit for the hot data-access layer: the same chain entry (same content, hash and head
 * update, same order of locks) written with four statements instead of four Prisma calls. Runs
 * inside the caller's hot-SQL transaction. Tested against appendAudit's chain by the integration
 * tests, which verify every shop's chain after hot jobs ran.
 */
export async function appendAuditSql(unit: SqlUnit, input: AuditInput): Promise<{ seq: number; hash: string }> {
  await unit.run(`INSERT INTO "AuditHead" ("shopDomain", "seq", "hash") VALUES (?, 0, ?) ON CONFLICT ("shopDomain") DO NOTHING`, [input.shopDomain, GENESIS_HASH]);
  const [head] = await unit.rows<{ seq: number | bigint; hash: string }>(`UPDATE "AuditHead" SET "seq" = "seq" + 1 WHERE "shopDomain" = ? RETURNING "seq", "hash"`, [input.shopDomain]);
  if (!head) throw new Error("audit head missing after insert");
  const content = contentAt(input, Number(head.seq));
  const hash = entryHash(head.hash, content);
  await unit.run(
    `INSERT INTO "AuditEntry" ("id", "shopDomain", "seq", "actorType", "actorId", "action", "subjectType", "subjectId", "subjectRef", "reason", "metadata", "occurredAt", "prevHash", "hash")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      `aud_${randomUUID().replaceAll("-", "")}`,
      content.shopDomain,
      content.seq,
      content.actorType,
      content.actorId,
      content.action,
      content.subjectType,
      content.subjectId,
      content.subjectRef,
      content.reason,
      canonicalJson(content.metadata),
      content.occurredAt,
      head.hash,
      hash,
    ],
  );
  await unit.run(`UPDATE "AuditHead" SET "hash" = ? WHERE "shopDomain" = ?`, [hash, input.shopDomain]);
  await evaluateAppended({ unit }, input, content.seq);
  return { seq: content.seq, hash };
}
