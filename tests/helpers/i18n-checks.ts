// Checks that a message or page speaks its locale: well-formed HTML, no placeholder or catalog key
// left, and no sentence that is the English one (a missing or untranslated string falls back to English).
import { readFileSync } from "node:fs";
import { parse, parseFragment } from "parse5";
import { expect } from "vitest";

type Node = { nodeName: string; value?: string; childNodes?: Node[]; attrs?: Array<{ name: string; value: string }> };

/** The text nodes of an HTML document or fragment, trimmed, in order. */
export function htmlTexts(html: string, fragment = false): string[] {
  const errors: string[] = [];
  const root = (fragment ? parseFragment(html, { onParseError: (e) => errors.push(e.code) }) : parse(html, { onParseError: (e) => errors.push(e.code) })) as unknown as Node;
  expect(errors, "HTML parse errors").toEqual([]);
  const out: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeName === "#text" && node.value?.trim()) out.push(node.value.trim());
    if (node.nodeName === "style" || node.nodeName === "script") return;
    for (const child of node.childNodes ?? []) walk(child);
  };
  walk(root);
  return out;
}

export function langOf(html: string): string | null {
  return /\blang="([^"]+)"/.exec(html)?.[1] ?? null;
}

const KEY_LIKE = /\b(common|code|acknowledgment|extension|completion|rejection|rights|laws|status|page|result|invalid|errors|download|not_found)\.[a-z_]+\b/;

/** No `{{...}}`, no ICU-style `{name}`, no catalog key printed as text. */
export function expectNoPlaceholders(text: string, where: string): void {
  expect(text, `${where}: unreplaced placeholder`).not.toMatch(/\{\{|\}\}|\{[a-z_]+\}/);
  expect(text, `${where}: a catalog key shown as text`).not.toMatch(KEY_LIKE);
}

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ""): Array<[string, string]> {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === "string" ? [[prefix + k, v] as [string, string]] : leaves(v, `${prefix}${k}.`)));
}

// Names of laws are the same in every language (the catalog test's allow-list); everything else
// the English catalogs say, cut at its placeholders, is a sentence no other locale may print.
const SAME_EVERYWHERE = /^laws\./;
const ENGLISH_FRAGMENTS = [
  ...leaves(JSON.parse(readFileSync("app/locales/en/shopper.json", "utf8")) as Tree),
  ...leaves(JSON.parse(readFileSync("app/locales/en/email.json", "utf8")) as Tree),
]
  .filter(([key]) => !SAME_EVERYWHERE.test(key))
  .flatMap(([, value]) => value.split(/\{\{[^}]+\}\}/))
  .map((f) => f.trim())
  .filter((f) => f.length >= 10 && /[a-z]{3}/.test(f));

/** No fragment of the English catalogs (a missing or untranslated string falls back to English). */
export function expectNoEnglish(locale: string, text: string, where: string): void {
  if (locale === "en") return;
  expect(ENGLISH_FRAGMENTS.filter((f) => text.includes(f)), `${where} (${locale}): English text`).toEqual([]);
}

/** The English fragments the check looks for (for the test that proves the check bites). */
export const englishFragmentCount = () => ENGLISH_FRAGMENTS.length;
