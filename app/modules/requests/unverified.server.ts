import { db } from "../../platform/db.server";
import { errorFields, log } from "../../platform/logger.server";
import { loadForChange, transitionRequest, withIntegrityAudit } from "./requests.server";
import { isNeverVerified, NEVER_VERIFIED_REASON } from "./rules/unverified";

const BATCH = 200;

/**
 * Job `requests.close_unverified` (hourly) and `npm run requests:close-unverified`: closes requests
 * whose requester never confirmed their email address (rules/unverified.ts). No email goes out:
 * the address was never confirmed. Each close is its own transaction, audited by the transition.
 */
export async function closeNeverVerified(now: Date): Promise<{ closed: number }> {
  let closed = 0;
  let cursor: string | undefined;
  for (;;) {
    const candidates = await db().privacyRequest.findMany({
      // Few rows wait for a code at any time (they close within a day), so no date filter here.
      where: { status: "awaiting_verification" },
      select: { id: true, shopDomain: true, receivedAt: true },
      orderBy: { id: "asc" },
      take: BATCH,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    for (const candidate of candidates) {
      const last = await db().verificationCode.findFirst({ where: { shopDomain: candidate.shopDomain, requestId: candidate.id }, orderBy: { expiresAt: "desc" }, select: { expiresAt: true } });
      if (!isNeverVerified("awaiting_verification", candidate.receivedAt, last?.expiresAt ?? null, now)) continue;
      const done = await withIntegrityAudit(candidate.shopDomain, now, () =>
        db().$transaction(async (tx) => {
          const request = await loadForChange(tx, candidate.shopDomain, candidate.id);
          if (request.status !== "awaiting_verification") return false;
          await transitionRequest(tx, request, "cancelled", { type: "system" }, NEVER_VERIFIED_REASON, now);
          return true;
        }),
      ).catch((error: unknown) => {
        log.warn("could not close a never-verified request", { requestId: candidate.id, ...errorFields(error) });
        return false;
      });
      if (done) closed += 1;
    }
    if (candidates.length < BATCH) break;
    cursor = candidates[candidates.length - 1]!.id;
  }
  if (closed > 0) log.info("closed never-verified requests", { closed });
  return { closed };
}
