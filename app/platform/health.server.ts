import { db } from "./db.server";
import { env } from "./env.server";
import { errorFields, log } from "./logger.server";

export async function checkDatabase(): Promise<{ ok: boolean; provider: "sqlite" | "postgres" }> {
  const provider = env().databaseProvider;
  try {
    await db().$queryRaw`SELECT 1`;
    // The schema must be migrated too, not just the connection open.
    await db().auditHead.count({ take: 1 });
    return { ok: true, provider };
  } catch (error) {
    log.error("health check failed", errorFields(error));
    return { ok: false, provider };
  }
}
