/**
 * A merchant's own wording for a requester email, per email kind and locale: the placeholders each
 * template offers, validation (a required placeholder missing, an unknown or malformed one, empty
 * or overlong text: refused with a message for the field), sample values for the preview, and the
 * rendering (merchant text is plain text; the HTML part escapes it through composeMail). Pure.
 *
 * Storage (per shop, audited) and the Settings section are not built yet: see the branch report.
 */
import type { Locale } from "../../../platform/i18n/locales";
import type { MailText } from "./notices";
import { composeMail, type ShopperMailKind } from "./shopper-mail";

export const SUBJECT_MAX = 200;
export const BODY_MAX = 5000;

interface TemplateSpec {
  allowed: readonly string[];
  /** In the body: without it the email fails its purpose (the code, the download links). */
  required: readonly string[];
}

export const TEMPLATE_PLACEHOLDERS: Record<ShopperMailKind, TemplateSpec> = {
  code: { allowed: ["code", "reference", "minutes", "url", "shop"], required: ["code", "url"] },
  acknowledgment: { allowed: ["reference", "right", "law", "date", "shop"], required: ["reference", "date"] },
  extension: { allowed: ["reference", "right", "reason", "date", "shop"], required: ["reference", "reason", "date"] },
  rejection: { allowed: ["reference", "right", "reason", "shop"], required: ["reference", "reason"] },
  completion: { allowed: ["reference", "right", "links", "shop"], required: ["reference", "links"] },
};

export type OverrideProblem =
  | { kind: "empty" }
  | { kind: "too_long"; max: number }
  | { kind: "malformed" }
  | { kind: "unknown"; placeholder: string }
  | { kind: "missing"; placeholder: string };

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

function problemsOf(text: string, max: number, spec: TemplateSpec, required: readonly string[]): OverrideProblem | null {
  if (text.trim() === "") return { kind: "empty" };
  if (text.length > max) return { kind: "too_long", max };
  // Any brace left once the well-formed placeholders are taken out is a typo ("{{code}", "{code}").
  if (/[{}]/.test(text.replace(PLACEHOLDER, ""))) return { kind: "malformed" };
  const used = [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!);
  const unknown = used.find((p) => !spec.allowed.includes(p));
  if (unknown) return { kind: "unknown", placeholder: unknown };
  const missing = required.find((p) => !used.includes(p));
  return missing ? { kind: "missing", placeholder: missing } : null;
}

/** Field-by-field problems of an override; an empty object when it can be saved. */
export function validateOverride(kind: ShopperMailKind, input: { subject: string; body: string }): { subject?: OverrideProblem; body?: OverrideProblem } {
  const spec = TEMPLATE_PLACEHOLDERS[kind];
  const subject = problemsOf(input.subject, SUBJECT_MAX, spec, []);
  const body = problemsOf(input.body, BODY_MAX, spec, spec.required);
  return { ...(subject ? { subject } : {}), ...(body ? { body } : {}) };
}

/** What the preview fills in: plausible, and no real person's data. */
export const SAMPLE_VALUES: Record<string, string> = {
  code: "482913",
  reference: "PR-7KX2M9QD4TBW3H",
  minutes: "15",
  url: "https://example.myshopify.com/apps/privacy/requests/PR-7KX2M9QD4TBW3H",
  shop: "example.myshopify.com",
  right: "Right of access",
  law: "GDPR",
  date: "14 January 2027, 23:59 (Europe/Berlin)",
  reason: "Your orders are kept by two of our warehouses.",
  links: "- JSON (until 21 January 2027): https://example.app/downloads/…",
};

/** The override with its placeholders filled; blank lines separate paragraphs, as in the defaults. */
export function renderOverride(locale: Locale, input: { subject: string; body: string }, values: Record<string, string>): MailText {
  const fill = (text: string) => text.replace(PLACEHOLDER, (_m, name: string) => values[name] ?? "");
  const paragraphs = fill(input.body.replace(/\r\n/g, "\n"))
    .split(/\n\s*\n/)
    .map((p) => p.split("\n"));
  return composeMail(locale, fill(input.subject).replace(/\s+/g, " ").trim(), paragraphs);
}
