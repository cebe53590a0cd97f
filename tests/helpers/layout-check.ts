// Finds text a person cannot read in full, in the page as Chromium laid it out: clipped by an
// overflow:hidden box, overflowing its own box or the viewport, and catalog keys or placeholders
// that were never replaced. Used with the pseudo-locale (longer, accented strings).
import type { Page } from "playwright-core";

export interface LayoutProblem {
  kind: "clipped" | "overflows its box" | "outside the viewport" | "unreplaced";
  element: string;
  text: string;
}

/** `keys`: catalog keys that must never show as text (an unknown key is shown as itself). */
export async function layoutProblems(page: Page, root = "body", keys: readonly string[] = []): Promise<LayoutProblem[]> {
  return page.evaluate(({ rootSelector, keyList }) => {
    const catalogKeys = new Set(keyList);
    const problems: { kind: string; element: string; text: string }[] = [];
    const scope = document.querySelector(rootSelector) ?? document.body;
    const viewport = document.documentElement.clientWidth;
    const name = (el: Element) => {
      const cls = typeof el.className === "string" ? el.className.trim().split(/\s+/).filter(Boolean).slice(0, 2).join(".") : "";
      return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${cls ? `.${cls}` : ""}`;
    };
    const visible = (el: HTMLElement, style: CSSStyleDeclaration, rect: DOMRect) =>
      style.display !== "none" && style.visibility !== "hidden" && Number(style.opacity) > 0 && rect.width > 1 && rect.height > 1 && style.clip === "auto" && style.clipPath === "none" && !el.closest("[hidden], [aria-hidden='true']");
    const ownText = (el: Element) =>
      [...el.childNodes]
        .filter((n) => n.nodeType === Node.TEXT_NODE)
        .map((n) => n.textContent ?? "")
        .join(" ")
        .trim();
    for (const el of scope.querySelectorAll<HTMLElement>("*")) {
      if (["SCRIPT", "STYLE", "svg", "path", "OPTION", "SELECT", "TEXTAREA", "INPUT"].includes(el.tagName)) continue;
      const style = getComputedStyle(el);
      const rect = el.getBoundingClientRect();
      if (!visible(el, style, rect)) continue;
      const text = (el.innerText ?? "").trim();
      if (!text) continue;
      const clips = (o: string) => o === "hidden" || o === "clip";
      if ((clips(style.overflowX) && el.scrollWidth > el.clientWidth + 1) || (clips(style.overflowY) && el.scrollHeight > el.clientHeight + 1)) {
        problems.push({ kind: "clipped", element: name(el), text: text.slice(0, 100) });
        continue;
      }
      const own = ownText(el);
      if (!own) continue;
      if (!style.display.startsWith("inline") && style.overflowX === "visible" && el.scrollWidth > el.clientWidth + 1) problems.push({ kind: "overflows its box", element: name(el), text: own.slice(0, 100) });
      if (rect.right > viewport + 1 || rect.left < -1) problems.push({ kind: "outside the viewport", element: name(el), text: own.slice(0, 100) });
    }
    const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const value = (node.textContent ?? "").trim();
      const parent = node.parentElement;
      if (!value || !parent || ["SCRIPT", "STYLE"].includes(parent.tagName)) continue;
      // A placeholder shown on purpose (Settings > Emails lists the ones a merchant may use), one per element.
      if (parent.hasAttribute("data-literal-placeholder") && /^\{\{\w+\}\}$/.test(value)) continue;
      // `{{name}}`, Liquid's "translation missing", or a catalog key such as "request.exports.title".
      if (/\{\{|\}\}|translation missing/.test(value) || catalogKeys.has(value)) problems.push({ kind: "unreplaced", element: name(parent), text: value.slice(0, 100) });
    }
    return problems;
  }, { rootSelector: root, keyList: [...keys] }) as Promise<LayoutProblem[]>;
}

export interface UntranslatedText {
  element: string;
  text: string;
}

/**
 * Visible text that is not pseudo-localised: with en-XA every letter the app writes is accented, so a
 * text node that still holds a plain ASCII word (after removing what `allow` matches: numbers, dates,
 * ids, brand names, fixture data) is an English string that never went through the catalog.
 */
export async function untranslatedText(page: Page, root: string, allow: readonly RegExp[]): Promise<UntranslatedText[]> {
  return page.evaluate(({ rootSelector, patterns }) => {
    const allowed = patterns.map(([source, flags]) => new RegExp(source, flags));
    const found: { element: string; text: string }[] = [];
    const scope = document.querySelector(rootSelector) ?? document.body;
    const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const value = (node.textContent ?? "").trim();
      const parent = node.parentElement;
      if (!value || !parent || ["SCRIPT", "STYLE", "NOSCRIPT", "TEXTAREA", "OPTION"].includes(parent.tagName)) continue;
      if (parent.closest("[hidden], [aria-hidden='true'], [data-untranslated]")) continue;
      const style = getComputedStyle(parent);
      // Text for screen readers only (Polaris's visually hidden) counts: a person hears it.
      if (style.display === "none" || style.visibility === "hidden") continue;
      const rest = allowed.reduce((text, pattern) => text.replace(pattern, " "), value);
      if (/[A-Za-z]{2,}/.test(rest)) found.push({ element: `${parent.tagName.toLowerCase()}${parent.id ? `#${parent.id}` : ""}`, text: value.slice(0, 100) });
    }
    // Attributes a person reads or hears.
    for (const el of scope.querySelectorAll<HTMLElement>("[aria-label], [placeholder], [title]")) {
      if (el.closest("[hidden], [aria-hidden='true'], [data-untranslated]")) continue;
      for (const attribute of ["aria-label", "placeholder", "title"]) {
        const value = el.getAttribute(attribute)?.trim();
        if (!value) continue;
        const rest = allowed.reduce((text, pattern) => text.replace(pattern, " "), value);
        if (/[A-Za-z]{2,}/.test(rest)) found.push({ element: `${el.tagName.toLowerCase()}[${attribute}]`, text: value.slice(0, 100) });
      }
    }
    return found;
  }, { rootSelector: root, patterns: allow.map((p) => [p.source, p.flags.includes("g") ? p.flags : `${p.flags}g`] as const) });
}
