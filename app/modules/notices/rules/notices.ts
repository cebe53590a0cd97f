/**
 * An email as queued and sent: subject, plain text and (for requesters) an HTML part. The
 * requester's emails are in ./shopper-mail.ts, in their language; this file keeps the staff digest.
 */
export interface MailText {
  subject: string;
  text: string;
  html?: string;
}

export interface DigestLine {
  reference: string;
  type: string;
  status: string;
  dueAt: Date;
}

const DAY = 86_400_000;

/** A translator over the `admin` catalog in the recipient's language (adminTranslator, or i18next's TFunction). */
export type DigestT = (key: string, values?: Record<string, string | number>) => string;

/** The merchant's daily list, in the recipient's language: overdue first, then due within `withinDays`. References only. */
export function digestNotice(
  input: { shop: string; day: string; overdue: DigestLine[]; dueSoon: DigestLine[]; withinDays: number; adminUrl: string; more: number },
  t: DigestT,
): MailText {
  const days = (count: number) => t("common.days", { count });
  // Whole calendar days (UTC) between the digest's day and the due date.
  const line = (r: DigestLine, dayStart: number) => {
    const n = Math.round((Date.parse(r.dueAt.toISOString().slice(0, 10)) - dayStart) / DAY);
    const when = n < 0 ? t("digest.overdueBy", { days: days(-n) }) : n === 0 ? t("digest.dueToday") : t("digest.dueIn", { days: days(n) });
    return t("digest.line", { reference: r.reference, type: t(`requestType.${r.type}`), status: t(`requestStatus.${r.status}`), date: r.dueAt.toISOString().slice(0, 10), when });
  };
  const now = Date.parse(`${input.day}T00:00:00Z`);
  const counts = { overdue: input.overdue.length, dueSoon: input.dueSoon.length };
  const text = [
    t("digest.heading", { shop: input.shop, day: input.day }),
    t("digest.counts", { ...counts, days: days(input.withinDays) }),
    "",
    ...(input.overdue.length ? [t("digest.overdueTitle"), ...input.overdue.map((r) => line(r, now)), ""] : []),
    ...(input.dueSoon.length ? [t("digest.dueSoonTitle", { days: days(input.withinDays) }), ...input.dueSoon.map((r) => line(r, now)), ""] : []),
    ...(input.more > 0 ? [t("digest.more", { n: input.more }), ""] : []),
    t("digest.open", { url: input.adminUrl }),
    "",
    t("digest.why"),
  ].join("\n");
  return { subject: t("digest.subject", { ...counts, day: input.day }), text };
}
