import { db } from "../../platform/db.server";
import { staffNames } from "../team/staff.server";

/**
 * What the audit log's ids mean to a person: staff ids to names, privacy request ids to their PR-…
 * references. The log itself keeps the ids (it holds references, never personal data).
 */
export async function auditLabels(shop: string, entries: readonly { actorType: string; actorId: string | null; subjectType: string | null; subjectId: string | null }[]) {
  const staffIds = entries.flatMap((e) => [e.actorType === "staff" ? e.actorId : null, e.subjectType === "staff" ? e.subjectId : null]).filter((id): id is string => Boolean(id));
  const requestIds = entries.filter((e) => e.subjectType === "privacy_request" && e.subjectId).map((e) => e.subjectId!);
  const [names, requests] = await Promise.all([
    staffNames(shop, staffIds),
    requestIds.length ? db().privacyRequest.findMany({ where: { shopDomain: shop, id: { in: [...new Set(requestIds)] } }, select: { id: true, reference: true } }) : [],
  ]);
  return { names, references: Object.fromEntries(requests.map((r) => [r.id, r.reference])) as Record<string, string> };
}
