// Polaris's own strings, trimmed to the components the admin renders (ADR 0019): Polaris's locale
// JSON covers every component (date picker, drop zone, tabs, top bar …), more than half of it for
// components the app never uses. tests/static/polaris-sections.test.ts derives this list from the
// app's Polaris imports and Polaris's own build (every file those components reach, every
// "Polaris.<Section>." key in them) and fails when it changes. Pure.
import type { NestedCatalog } from "./catalog";

export const POLARIS_SECTIONS = [
  "ActionList",
  "ActionMenu",
  "Badge",
  "Banner",
  "Button",
  "Common",
  "DataTable",
  "EmptySearchResult",
  "IndexProvider",
  "IndexTable",
  "Modal",
  "Page",
  "Pagination",
  "ProgressBar",
  "ResourceList",
  "TextField",
  "TooltipOverlay",
] as const;

/** Only the sections the admin's components use, under Polaris's own root key. */
export function trimPolaris<T extends NestedCatalog>(dictionary: T, sections: readonly string[] = POLARIS_SECTIONS): T {
  const root = dictionary.Polaris;
  if (typeof root !== "object") return dictionary;
  return { ...dictionary, Polaris: Object.fromEntries(Object.entries(root).filter(([section]) => sections.includes(section))) };
}
