import { z } from "zod";
import { REQUEST_TYPES, type RequestType } from "../../requests/rules";

/** Body caps for the proxy endpoints (the storefront sends well under these). */
export const CONSENT_BODY_LIMIT = 8 * 1024;
export const REQUEST_BODY_LIMIT = 16 * 1024;
export const TEXT_LIMIT = 2000;

const LOCALE = /^([A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3})?$/;
// Same rule the storefront form applies, so a form that passes in the browser passes here.
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const REFERENCE = /^[A-Za-z0-9-]{1,64}$/;
const CODE = /^[0-9]{6}$/;
const REGION = /^[A-Za-z]{2}-?[A-Za-z0-9]{0,3}$/;

export const ConsentSchema = z.object({
  visitorId: z.string().regex(/^[0-9a-f]{32}$/),
  noticeVersion: z.string().min(1).max(64),
  categories: z.strictObject({
    analytics: z.boolean(),
    marketing: z.boolean(),
    preferences: z.boolean(),
    sale_of_data: z.boolean(),
  }),
  action: z.enum(["accept_all", "reject_all", "custom"]),
  // getRegion(): ISO country, optionally with a subdivision (e.g. USCA), or "".
  region: z.string().regex(/^[A-Za-z0-9-]{0,16}$/),
  gpc: z.boolean(),
  locale: z.string().max(35).regex(LOCALE),
});
export type ConsentInput = z.infer<typeof ConsentSchema>;

export function parseConsent(raw: string): ConsentInput | null {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  const result = ConsentSchema.safeParse(value);
  return result.success ? result.data : null;
}

/** The four categories as canonical JSON (fixed key order), as the consent log stores them. */
export function canonicalCategories(c: ConsentInput["categories"]): string {
  return JSON.stringify({ analytics: c.analytics, marketing: c.marketing, preferences: c.preferences, sale_of_data: c.sale_of_data });
}

export type FieldError = "required" | "invalid" | "too_long";

export interface RequestForm {
  type: RequestType;
  email: string;
  correction: string;
  message: string;
  locale: string;
  /** `customerPrivacy.getRegion()` as the shopper's browser reported it ("" when unknown): a claim. */
  region: string;
  /** The signed-in customer's country (+ province) as the theme rendered it ("" when none). */
  customerRegion: string;
}

export type RequestFormResult =
  | { kind: "ok"; value: RequestForm }
  | { kind: "invalid"; fields: Record<string, FieldError> }
  /** The hidden `website` field was filled: a bot. Answer like a success, do nothing. */
  | { kind: "honeypot" };

function text(form: URLSearchParams, name: string): string {
  return (form.get(name) ?? "").normalize("NFC");
}

export function parseRequestForm(form: URLSearchParams): RequestFormResult {
  if (text(form, "website").trim() !== "") return { kind: "honeypot" };
  const fields: Record<string, FieldError> = {};
  const type = text(form, "type");
  if (!(REQUEST_TYPES as readonly string[]).includes(type)) fields.type = type ? "invalid" : "required";
  const email = text(form, "email").trim();
  if (!email) fields.email = "required";
  else if (email.length > 254 || !EMAIL.test(email)) fields.email = "invalid";
  const correction = text(form, "correction").trim();
  if (correction.length > TEXT_LIMIT) fields.correction = "too_long";
  else if (type === "rectification" && !correction) fields.correction = "required";
  const message = text(form, "message").trim();
  if (message.length > TEXT_LIMIT) fields.message = "too_long";
  const locale = text(form, "locale").trim();
  if (locale.length > 35 || !LOCALE.test(locale)) fields.locale = "invalid";
  if (Object.keys(fields).length > 0) return { kind: "invalid", fields };
  // A malformed region is read as unknown (the shortest deadline applies), never as a reason to refuse a right.
  const region = (raw: string) => (REGION.test(raw.trim()) ? raw.trim().toUpperCase() : "");
  return { kind: "ok", value: { type: type as RequestType, email, correction, message, locale, region: region(text(form, "region")), customerRegion: region(text(form, "customer_region")) } };
}

/** What the merchant sees as the request's details (stored encrypted). */
export function requestDetails(form: RequestForm): string | null {
  const parts = [form.correction && `Correction requested: ${form.correction}`, form.message && `Message: ${form.message}`].filter(Boolean);
  return parts.length ? parts.join("\n\n") : null;
}

export function isReference(value: string): boolean {
  return REFERENCE.test(value);
}

export function isCode(value: string): boolean {
  return CODE.test(value);
}
