// A page's share of the admin catalog, returned by its own loader as `pageMessages` and merged with
// the layout's by useT() (app/ui/i18n.tsx). The layout's and the pages' loaders must speak one
// language (ADR 0019):
// - once per HTTP request: a document request runs the layout's and the page's loaders side by side
//   with one load context (server/start.mjs), so they share one negotiation;
// - a client navigation runs only the page's loader, and Shopify's `locale` is not on its URL: the
//   `locale` this staff member's last first load brought (kept an hour in this process) applies, so
//   the page speaks the layout's language without a database read; only when it is not known here
//   (another instance, an hour later) does the stored online session decide, as before.
// Actions keep their own rule (staffTranslator: the URL's `locale`, else the session).
import { requestAdminI18n } from "./admin-i18n.server";
import { adminI18n, type AdminI18n } from "./catalog.server";
import { pickMessages } from "./rules/sections";
import { translate, type TranslateValues } from "../../platform/i18n/client-translate";
import type { FlatCatalog } from "./rules/catalog";

type Staff = { shop: string; staffId: string | null };
const negotiated = new WeakMap<object, Promise<AdminI18n>>();
const picked = new Map<string, FlatCatalog>();
const REMEMBER_MS = 60 * 60 * 1000;
const lastParam = new Map<string, { param: string; until: number }>();

/** The loaders' negotiation (see the header): Shopify's `locale`, else the one it last brought for this staff member here, else the session's. */
async function loaderAdminI18n(request: Request, staff: Staff): Promise<AdminI18n> {
  const param = new URL(request.url).searchParams.get("locale");
  if (!staff.staffId) return requestAdminI18n(request, staff);
  const key = `${staff.shop}\n${staff.staffId}`;
  const now = Date.now();
  if (param !== null) {
    if (lastParam.size >= 10_000) lastParam.clear();
    lastParam.set(key, { param, until: now + REMEMBER_MS });
    return requestAdminI18n(request, staff);
  }
  const remembered = lastParam.get(key);
  if (remembered && remembered.until > now) return adminI18n(request, remembered.param);
  return requestAdminI18n(request, staff);
}

/** The loaders' admin language, once per load context (per request); without a context, per call. */
export function requestAdminI18nOnce(request: Request, staff: Staff, context: unknown): Promise<AdminI18n> {
  if (typeof context !== "object" || context === null) return loaderAdminI18n(request, staff);
  let found = negotiated.get(context);
  if (!found) {
    found = loaderAdminI18n(request, staff);
    negotiated.set(context, found);
  }
  return found;
}

/** The subset of one locale's catalog under the prefixes, cached per locale and list (the catalogs never change at runtime). */
export function messagesFor(i18n: Pick<AdminI18n, "locale" | "messages">, prefixes: readonly string[]): FlatCatalog {
  const key = `${i18n.locale}\n${prefixes.join(",")}`;
  let subset = picked.get(key);
  if (!subset) {
    subset = pickMessages(i18n.messages, prefixes);
    picked.set(key, subset);
  }
  return subset;
}

/** The messages a page shows beyond the layout's (LAYOUT_MESSAGES), in the request's admin language. */
export async function pageMessages({ request, context }: { request: Request; context?: unknown }, staff: Staff, prefixes: readonly string[]): Promise<FlatCatalog> {
  return messagesFor(await requestAdminI18nOnce(request, staff, context), prefixes);
}

/** A loader's own messages (e.g. a filter's errors) in the page's language: the same negotiation as pageMessages. */
export async function pageTranslator({ request, context }: { request: Request; context?: unknown }, staff: Staff): Promise<(key: string, values?: TranslateValues) => string> {
  const { messages, lang } = await requestAdminI18nOnce(request, staff, context);
  return (key, values) => translate(messages, lang, key, values);
}
