// Per-page catalogs (ADR 0019): the layout sends the keys every page needs, each page's loader the
// keys its own code shows. A list names key prefixes: a section ("overview") or a part of one
// ("mfa.error"); a prefix also takes its plural forms ("x.count" → x.count_one, x.count_other). Pure.
import type { FlatCatalog } from "./catalog";

/** What the app layout sends with every page: navigation, shared words, error pages, roles, the step-up modal. */
export const LAYOUT_MESSAGES = ["nav", "common", "error", "rootError", "role", "staff", "stepUp", "settings.security", "mfa.setUp", "mfa.enrolled"] as const;

const PLURAL = /_(?:zero|one|two|few|many|other)$/;

/** Whether a flat key (plural suffix included) falls under one of the prefixes. */
export function underPrefix(prefixes: readonly string[], key: string): boolean {
  const stem = key.replace(PLURAL, "");
  return prefixes.some((p) => stem === p || key.startsWith(`${p}.`));
}

/** The part of a flat catalog under the prefixes, in the catalog's order. */
export function pickMessages(messages: FlatCatalog, prefixes: readonly string[]): FlatCatalog {
  const out: FlatCatalog = {};
  for (const [key, value] of Object.entries(messages)) if (underPrefix(prefixes, key)) out[key] = value;
  return out;
}
