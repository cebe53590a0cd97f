import { isExported } from "../../requests/rules/actions";

/**
 * The texts of the emails the app sends. Plain text, English, and only what the recipient needs:
 * the request reference and type, dates, the merchant's reason, download links. Never the
 * requester's name, details or identifiers, never codes or secrets beyond a link's own token.
 */
export interface MailText {
  subject: string;
  text: string;
}

const TYPE_NAMES: Record<string, string> = {
  access: "access to your personal data",
  portability: "a copy of your personal data (portability)",
  rectification: "correction of your personal data",
  erasure: "erasure of your personal data",
  do_not_sell: "opting out of the sale or sharing of your personal data",
};

const typeName = (type: string) => TYPE_NAMES[type] ?? "your privacy request";

/** 14 January 2027 (UTC): a date nobody misreads across locales. */
export function longDate(date: Date): string {
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(date);
}

const footer = (shop: string) => ["", `This message was sent by ${shop} about a privacy request you made. Keep the reference for any question.`];

export function acknowledgmentNotice(input: { shop: string; reference: string; type: string; dueAt: Date; law?: string }): MailText {
  return {
    subject: `We received your privacy request ${input.reference}`,
    text: [
      `We received your request for ${typeName(input.type)}.`,
      "",
      `Reference: ${input.reference}`,
      ...(input.law ? [`The law that applies: ${input.law}`] : []),
      `We will answer by ${longDate(input.dueAt)} at the latest.`,
      ...footer(input.shop),
    ].join("\n"),
  };
}

export function extensionNotice(input: { shop: string; reference: string; type: string; reason: string; dueAt: Date; law?: string; allowance?: string }): MailText {
  return {
    subject: `More time is needed for your privacy request ${input.reference}`,
    text: [
      `We need more time to complete your request for ${typeName(input.type)}.`,
      "",
      `Reference: ${input.reference}`,
      `Why: ${input.reason}`,
      `New deadline: ${longDate(input.dueAt)}`,
      "",
      input.law && input.allowance
        ? `${input.law} allows one extension of up to ${input.allowance} where a request is complex or numerous. You may contact us or your data protection authority if you disagree.`
        : "The law allows this extension for complex or numerous requests. You may contact us or your data protection authority if you disagree.",
      ...footer(input.shop),
    ].join("\n"),
  };
}

export interface DownloadLinkText {
  format: string;
  url: string;
  expiresAt: Date;
}

/** What was done for an opt-out of sale/sharing, told to the requester. */
export const OPT_OUT_OUTCOME = {
  customer: "Your customer record at this store is now marked as opted out of the sale and sharing of your personal data.",
  guest: "This store has no customer account for your email address, so there was no customer record to change. Your opt-out is recorded with this request and will be honoured for any data linked to this email address.",
} as const;

export function completionNotice(input: { shop: string; reference: string; type: string; links: DownloadLinkText[]; outcome?: string }): MailText {
  const lines = [`Your request for ${typeName(input.type)} has been completed.`, "", `Reference: ${input.reference}`];
  if (input.outcome) lines.push("", input.outcome);
  if (input.links.length > 0) {
    lines.push("", "Download your data (each link works until the date shown, then expires):");
    for (const link of input.links) lines.push(`- ${link.format.toUpperCase()} (until ${longDate(link.expiresAt)}): ${link.url}`);
    lines.push("", "Anyone with these links can download the file: do not forward this email.");
  } else if (isExported(input.type)) {
    lines.push("", "Please contact us to receive your data.");
  }
  return { subject: `Your privacy request ${input.reference} is complete`, text: [...lines, ...footer(input.shop)].join("\n") };
}

export function rejectionNotice(input: { shop: string; reference: string; type: string; reason: string }): MailText {
  return {
    subject: `Your privacy request ${input.reference} was declined`,
    text: [
      `We could not carry out your request for ${typeName(input.type)}.`,
      "",
      `Reference: ${input.reference}`,
      `Why: ${input.reason}`,
      "",
      "You may make a new request, or complain to your data protection authority.",
      ...footer(input.shop),
    ].join("\n"),
  };
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
