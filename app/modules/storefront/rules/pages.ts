import type { RequestStatus } from "../../requests/rules";
import { formatDateTime } from "../../../platform/i18n/format";
import type { Locale } from "../../../platform/i18n/locales";
import { translator } from "../../../platform/i18n/translator.server";
import type { FieldError } from "./forms";
import { TEXT_LIMIT } from "./forms";

// Pages answered to browsers without JavaScript, in the shopper's language. Shopify renders them
// as Liquid inside the theme, so every interpolated value (translations included) is escaped for
// HTML and has its braces neutralised for Liquid.
function escape(value: string): string {
  return value.replace(/[&<>"'{}]/g, (c) => `&#${c.charCodeAt(0)};`);
}

const t = (locale: Locale) => translator(locale, "shopper");

/** Outcomes a redirect can carry in `?result=` to the status page. */
export const RESULT_KEYS = ["verified", "invalid_code", "expired", "locked", "resent", "resend_refused"] as const;
export type ResultKey = (typeof RESULT_KEYS)[number];

export function isResultKey(value: string | null): value is ResultKey {
  return value !== null && (RESULT_KEYS as readonly string[]).includes(value);
}

function page(locale: Locale, title: string, body: string): string {
  return `<div class="privacy-proxy-page" lang="${locale}" style="max-width:40rem;margin:2rem auto;padding:0 1rem">
<h1>${escape(title)}</h1>
${body}
</div>
`;
}

export interface StatusPageInput {
  locale: Locale;
  reference: string;
  status: RequestStatus;
  pathPrefix: string;
  result: ResultKey | null;
  neverVerified?: boolean;
  /** The open request's deadline, shown in the shop's zone. */
  dueAt?: Date | null;
  timeZone?: string;
}

export function statusPage(input: StatusPageInput): string {
  const tr = t(input.locale);
  const base = `${input.pathPrefix}/requests/${encodeURIComponent(input.reference)}`;
  const notice = input.result ? `<p role="status">${escape(tr(`result.${input.result}`))}</p>\n` : "";
  const codeForm =
    input.status === "awaiting_verification"
      ? `<form method="post" action="${escape(base)}/verify">
<label for="privacy-code">${escape(tr("page.code_label"))}</label>
<input id="privacy-code" name="code" inputmode="numeric" pattern="[0-9]{6}" maxlength="6" autocomplete="one-time-code" required>
<button type="submit">${escape(tr("page.confirm"))}</button>
</form>
<form method="post" action="${escape(base)}/resend">
<button type="submit">${escape(tr("page.resend"))}</button>
</form>
`
      : "";
  const status = tr(`status.${input.status}`, { defaultValue: input.status });
  const due = input.dueAt && input.status !== "awaiting_verification" ? `<p>${escape(tr("page.due", { date: formatDateTime(input.dueAt, input.locale, input.timeZone ?? "UTC") }))}</p>\n` : "";
  return page(
    input.locale,
    tr("page.title"),
    `<p>${escape(tr("page.reference"))} <strong>${escape(input.reference)}</strong></p>
<p>${escape(tr("page.status"))} ${escape(status)}</p>
${due}${input.neverVerified ? `<p>${escape(tr("page.never_verified"))}</p>\n` : ""}${notice}${codeForm}`,
  );
}

export function notFoundPage(locale: Locale): string {
  return page(locale, t(locale)("not_found.title"), `<p>${escape(t(locale)("not_found.text"))}</p>`);
}

const FIELDS = ["type", "email", "correction", "message", "locale"];

export function invalidFormPage(locale: Locale, fields: Record<string, FieldError>): string {
  const tr = t(locale);
  const items = Object.entries(fields)
    .map(([name, error]) => `<li>${escape(tr(`invalid.error.${error}`, { field: FIELDS.includes(name) ? tr(`invalid.field.${name}`) : name, max: TEXT_LIMIT }))}</li>`)
    .join("\n");
  return page(locale, tr("invalid.title"), `<ul>\n${items}\n</ul>\n<p>${escape(tr("invalid.back"))}</p>`);
}

export type MessageKind = "rate_limited" | "unavailable" | "failed";

export function messagePage(locale: Locale, kind: MessageKind): string {
  const tr = t(locale);
  return page(locale, tr(`errors.${kind}_title`), `<p>${escape(tr(`errors.${kind}`))}</p>`);
}
