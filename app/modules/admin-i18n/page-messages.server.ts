// A page's share of the admin catalog, returned by its own loader as `pageMessages` and merged with
// the layout's by useT() (app/ui/i18n.tsx). The language is negotiated once per HTTP request: a
// document request runs the layout's and the page's loaders side by side with one load context
// (server/start.mjs), so they share one negotiation (and its session read) and always agree.
import { requestAdminI18n } from "./admin-i18n.server";
import type { AdminI18n } from "./catalog.server";
import { pickMessages } from "./rules/sections";
import type { FlatCatalog } from "./rules/catalog";

type Staff = { shop: string; staffId: string | null };
const negotiated = new WeakMap<object, Promise<AdminI18n>>();
const picked = new Map<string, FlatCatalog>();

/** requestAdminI18n once per load context (per request); without a context, per call. */
export function requestAdminI18nOnce(request: Request, staff: Staff, context: unknown): Promise<AdminI18n> {
  if (typeof context !== "object" || context === null) return requestAdminI18n(request, staff);
  let found = negotiated.get(context);
  if (!found) {
    found = requestAdminI18n(request, staff);
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
