/**
 * Every email to a requester, in their language (the locale stored with the request) with dates in
 * the shop's time zone, the zone named. Plain text plus an HTML part built from the same lines,
 * every line escaped. Only what the recipient needs: reference, the right, dates, the merchant's
 * reason, download links; never the requester's name, details or identifiers. Pure.
 */
import { formatDateTime } from "../../../platform/i18n/format";
import type { Locale } from "../../../platform/i18n/locales";
import { translator } from "../../../platform/i18n/translator.server";
import { isExported } from "../../requests/rules/actions";
import type { Span } from "../../requests/rules/regulations";
import type { MailText } from "./notices";

export interface ShopperMailContext {
  locale: Locale;
  /** The shop's IANA time zone. */
  timeZone: string;
  shop: string;
}

export type ShopperMailKind = "code" | "acknowledgment" | "extension" | "completion" | "rejection";

export function escapeHtml(value: string): string {
  return value.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#39;");
}

// Links in a line become anchors; the rest of the line stays escaped text.
const URL_PATTERN = /https:\/\/[^\s<>"']+/g;

function lineHtml(line: string): string {
  let out = "";
  let last = 0;
  for (const match of line.matchAll(URL_PATTERN)) {
    out += escapeHtml(line.slice(last, match.index)) + `<a href="${escapeHtml(match[0])}">${escapeHtml(match[0])}</a>`;
    last = match.index + match[0].length;
  }
  return out + escapeHtml(line.slice(last));
}

/** A message from paragraphs of lines: the text part joins them, the HTML part escapes each line. */
export function composeMail(locale: Locale, subject: string, paragraphs: string[][]): MailText {
  const kept = paragraphs.filter((p) => p.length > 0);
  const text = kept.map((p) => p.join("\n")).join("\n\n");
  const body = kept.map((p) => `<p>${p.map(lineHtml).join("<br>\n")}</p>`).join("\n");
  const html =
    `<!DOCTYPE html>\n<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title>${escapeHtml(subject)}</title></head>\n<body style="font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;line-height:1.5;color:#1a1a1a;max-width:40rem">\n${body}\n</body></html>\n`;
  return { subject, text, html };
}

const shopperT = (locale: Locale) => translator(locale, "shopper");
const emailT = (locale: Locale) => translator(locale, "email");

/** The right's name as in the language's GDPR text (for the no-GDPR opt-out, the plain words). */
export function rightName(locale: Locale, type: string): string {
  const t = shopperT(locale);
  return t(`rights.${type}`, { defaultValue: t("rights.access") });
}

export function lawName(locale: Locale, regulation: string): string {
  return shopperT(locale)(`laws.${regulation}`, { defaultValue: regulation });
}

export function spanText(locale: Locale, span: Span): string {
  const t = emailT(locale);
  if ("months" in span) return t("extension.months", { count: span.months });
  if ("businessDays" in span) return t("extension.business_days", { count: span.businessDays });
  return t("extension.days", { count: span.days });
}

const footer = (ctx: ShopperMailContext) => [emailT(ctx.locale)("common.footer", { shop: ctx.shop })];

export function codeNotice(ctx: ShopperMailContext, input: { reference: string; code: string; minutes: number; statusUrl: string }): MailText {
  const t = emailT(ctx.locale);
  return composeMail(ctx.locale, t("code.subject", { reference: input.reference }), [
    [t("code.intro", { code: input.code })],
    [t("code.enter", { reference: input.reference }), input.statusUrl, t("code.expires", { count: input.minutes })],
    [t("code.ignore")],
  ]);
}

interface RequestFacts {
  reference: string;
  type: string;
  /** The regulation code, when the request has one. */
  regulation?: string;
}

const facts = (ctx: ShopperMailContext, r: RequestFacts, withLaw: boolean) => {
  const t = emailT(ctx.locale);
  return [
    t("common.reference", { reference: r.reference }),
    t("common.right", { right: rightName(ctx.locale, r.type) }),
    ...(withLaw && r.regulation ? [t("common.law", { law: lawName(ctx.locale, r.regulation) })] : []),
  ];
};

export function acknowledgmentMail(ctx: ShopperMailContext, input: RequestFacts & { dueAt: Date }): MailText {
  const t = emailT(ctx.locale);
  return composeMail(ctx.locale, t("acknowledgment.subject", { reference: input.reference }), [
    [t("acknowledgment.intro")],
    [...facts(ctx, input, true), t("acknowledgment.due", { date: formatDateTime(input.dueAt, ctx.locale, ctx.timeZone) })],
    footer(ctx),
  ]);
}

export function extensionMail(ctx: ShopperMailContext, input: RequestFacts & { reason: string; dueAt: Date; allowance?: Span | null }): MailText {
  const t = emailT(ctx.locale);
  const why = input.regulation && input.allowance ? t("extension.allowance", { law: lawName(ctx.locale, input.regulation), span: spanText(ctx.locale, input.allowance) }) : t("extension.generic");
  return composeMail(ctx.locale, t("extension.subject", { reference: input.reference }), [
    [t("extension.intro")],
    [...facts(ctx, input, false), t("common.reason", { reason: input.reason }), t("extension.due", { date: formatDateTime(input.dueAt, ctx.locale, ctx.timeZone) })],
    [why],
    footer(ctx),
  ]);
}

export function rejectionMail(ctx: ShopperMailContext, input: RequestFacts & { reason: string }): MailText {
  const t = emailT(ctx.locale);
  return composeMail(ctx.locale, t("rejection.subject", { reference: input.reference }), [
    [t("rejection.intro")],
    [...facts(ctx, input, false), t("common.reason", { reason: input.reason })],
    [t("rejection.next")],
    footer(ctx),
  ]);
}

export interface DownloadLink {
  format: string;
  url: string;
  expiresAt: Date;
}

/** One line per download link ("- JSON (until …): https://…"); also the `{{links}}` of an override. */
export function linkLines(ctx: ShopperMailContext, links: DownloadLink[]): string[] {
  const t = emailT(ctx.locale);
  return links.map((l) => `- ${t("completion.link", { format: l.format.toUpperCase(), date: formatDateTime(l.expiresAt, ctx.locale, ctx.timeZone), url: l.url })}`);
}

export type OptOutOutcome = "customer" | "guest";

export function completionMail(ctx: ShopperMailContext, input: RequestFacts & { links: DownloadLink[]; outcome?: OptOutOutcome }): MailText {
  const t = emailT(ctx.locale);
  const paragraphs: string[][] = [[t("completion.intro")], facts(ctx, input, false)];
  if (input.outcome) paragraphs.push([t(`completion.opt_out_${input.outcome}`)]);
  if (input.links.length > 0) {
    paragraphs.push([
      t("completion.links"),
      ...linkLines(ctx, input.links),
    ]);
    paragraphs.push([t("completion.forward")]);
  } else if (isExported(input.type)) {
    paragraphs.push([t("completion.contact")]);
  }
  paragraphs.push(footer(ctx));
  return composeMail(ctx.locale, t("completion.subject", { reference: input.reference }), paragraphs);
}
