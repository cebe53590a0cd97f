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

/** The merchant's daily list: overdue first, then due within `withinDays`. References only. */
export function digestNotice(input: { shop: string; day: string; overdue: DigestLine[]; dueSoon: DigestLine[]; withinDays: number; adminUrl: string; more: number }): MailText {
  // Whole calendar days (UTC) between the digest's day and the due date.
  const line = (r: DigestLine, dayStart: number) => {
    const days = Math.round((Date.parse(r.dueAt.toISOString().slice(0, 10)) - dayStart) / DAY);
    const when = days < 0 ? `overdue by ${-days} day${days === -1 ? "" : "s"}` : days === 0 ? "due today" : `due in ${days} day${days === 1 ? "" : "s"}`;
    return `- ${r.reference}  ${r.type.replaceAll("_", " ")}  ${r.status.replaceAll("_", " ")}  due ${r.dueAt.toISOString().slice(0, 10)} (${when})`;
  };
  const now = Date.parse(`${input.day}T00:00:00Z`);
  const text = [
    `Privacy requests for ${input.shop} on ${input.day}:`,
    `${input.overdue.length} overdue, ${input.dueSoon.length} due within ${input.withinDays} days.`,
    "",
    ...(input.overdue.length ? ["Overdue:", ...input.overdue.map((r) => line(r, now)), ""] : []),
    ...(input.dueSoon.length ? [`Due within ${input.withinDays} days:`, ...input.dueSoon.map((r) => line(r, now)), ""] : []),
    ...(input.more > 0 ? [`…and ${input.more} more.`, ""] : []),
    `Open them in Shopify admin: ${input.adminUrl}`,
    "",
    "You receive this because this address is a notification address in Privacy Desk's settings.",
  ].join("\n");
  return { subject: `Privacy requests: ${input.overdue.length} overdue, ${input.dueSoon.length} due soon (${input.day})`, text };
}
