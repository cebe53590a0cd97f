// Static checks of the theme app extension: Shopify's linter, platform limits, locales, the Liquid
// output of both blocks, and the first-view weight budget.
import { execFile } from "node:child_process";
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { check } from "@shopify/theme-check-node";
import { describe, expect, it } from "vitest";
import { REQUEST_STATUSES, REQUEST_TYPES } from "~/modules/requests/rules/states";
import { EXTENSION_DIR, readSchema, renderBlock, storefrontLocales } from "../../sandbox/storefront/render";

const run = promisify(execFile);
const BENCH = fileURLToPath(new URL("../../scripts/bench/storefront-weight.bench.mjs", import.meta.url));
const BUILD = new URL("../../scripts/build-extension.mjs", import.meta.url).href;

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(tree)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out[name] = value;
    else Object.assign(out, flatten(value, name));
  }
  return out;
}

function files(dir: string, ext: string): string[] {
  return readdirSync(path.join(EXTENSION_DIR, dir))
    .filter((f) => f.endsWith(ext))
    .map((f) => path.join(EXTENSION_DIR, dir, f));
}

function localeFile(locale: string): string {
  return path.join(EXTENSION_DIR, "locales", `${locale === "en" ? "en.default" : locale}.json`);
}

function readLocale(locale: string): Record<string, string> {
  return flatten(JSON.parse(readFileSync(localeFile(locale), "utf8")) as Tree);
}

/** The embed's output outside <template>, <style> and <script>: must be nothing, as it sits in <head>. */
function outsideHeadSafeElements(html: string): string {
  return html
    .replace(/<template[\s\S]*?<\/template>/g, "")
    .replace(/<style>[\s\S]*?<\/style>/g, "")
    .replace(/<script\b[\s\S]*?<\/script>/g, "")
    .trim();
}

describe("theme app extension", () => {
  it("has no theme-check offenses with Shopify's theme-app-extension config", async () => {
    const offenses = await check(EXTENSION_DIR, "theme-check:theme-app-extension");
    expect(offenses.map((o) => `${o.check}: ${o.message} (${o.uri}:${o.start.line})`)).toEqual([]);
  });

  it("is declared as a theme extension and stays inside the platform limits", () => {
    expect(readFileSync(path.join(EXTENSION_DIR, "shopify.extension.toml"), "utf8")).toMatch(/^type = "theme"$/m);
    const liquid = [...files("blocks", ".liquid"), ...files("snippets", ".liquid")];
    expect(liquid.reduce((sum, f) => sum + statSync(f).size, 0)).toBeLessThanOrEqual(100_000);
    for (const js of files("assets", ".js")) {
      expect(gzipSync(readFileSync(js), { level: 9 }).length, js).toBeLessThanOrEqual(10_000);
    }
    for (const locale of files("locales", ".json")) {
      expect(statSync(locale).size, locale).toBeLessThanOrEqual(15_000);
    }
    expect(readSchema("consent-banner")).toMatchObject({ target: "compliance_head" });
    expect(readSchema("privacy-request-form")).toMatchObject({ target: "section" });
  });

  it("ships real translations for at least ten storefront languages, all with the same keys", () => {
    const locales = storefrontLocales();
    expect(locales.length).toBeGreaterThanOrEqual(10);
    expect(locales).toEqual(expect.arrayContaining(["en", "de", "fr", "es", "it", "nl", "pt-BR", "pl", "sv", "da", "ja"]));
    const en = readLocale("en");
    for (const locale of locales.filter((l) => l !== "en")) {
      const strings = readLocale(locale);
      expect(Object.keys(strings).sort(), locale).toEqual(Object.keys(en).sort());
      const same = Object.keys(en).filter((k) => strings[k] === en[k]);
      // A few words are the same in several languages ("Marketing", "Status:").
      expect(same.length, `${locale} untranslated: ${same.join(", ")}`).toBeLessThanOrEqual(4);
      expect(strings["request_form.signed_in_as"], locale).toContain("{{ email }}");
    }
  });

  it("ships the minified storefront code built from extensions-src (run node scripts/build-extension.mjs)", async () => {
    const { buildExtension } = (await import(BUILD)) as { buildExtension: () => Promise<Record<string, string>> };
    const built = await buildExtension();
    expect(Object.keys(built).sort()).toEqual([
      "extensions/privacy-consent/assets/consent.js",
      "extensions/privacy-consent/snippets/consent-blocker.liquid",
    ]);
    for (const [file, content] of Object.entries(built)) {
      expect(readFileSync(fileURLToPath(new URL(`../../${file}`, import.meta.url)), "utf8"), file).toBe(content);
      // Minified: no indentation, no comments left in the code itself.
      const code = content.replace(/\{%- comment -%\}[\s\S]*?\{%- endcomment -%\}\n/, "");
      expect(code, file).not.toMatch(/\n {2,}\S|\/\/ /);
    }
  });

  // The weight goal itself (<= 0.25x vanilla-cookieconsent) is reported by `npm run bench`.
  it("makes the embed load consent.js alone at first view", async () => {
    const { stdout } = await run(process.execPath, [BENCH, "--json"]);
    const result = JSON.parse(stdout) as {
      ratio: number;
      heaviestLocale: { ratio: number };
      jsCssOnly: { ratio: number };
      embed: { assets: { file: string }[] };
    };
    expect(result.embed.assets.map((a) => a.file)).toEqual(["consent.js"]);
    expect(result.ratio).toBeGreaterThan(0);
  });
});

describe("consent banner embed (Liquid)", () => {
  it("puts only <style>, <script> and an inert <template> into <head>, with one deferred script", async () => {
    const html = await renderBlock("consent-banner");
    expect(outsideHeadSafeElements(html)).toBe("");
    const scripts = [...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"[^>]*>/g)];
    expect(scripts.map((m) => m[1])).toEqual(["/assets/consent.js"]);
    expect(scripts[0]?.[0]).toMatch(/\sdefer[\s>]/);
    expect(html).not.toContain("privacy-form");
    expect(html).toContain('data-proxy="/apps/privacy"');
    expect(html).toContain('data-v="1"');
    expect(html).toMatch(/<div id="pc-b"[^>]*role="dialog"[^>]*aria-labelledby="pc-t"[^>]*hidden/);
    expect(html).toMatch(/<dialog id="pc-p"[^>]*aria-modal="true"[^>]*aria-labelledby="pc-pt"/);
    expect(html).toContain('href="/policies/privacy-policy"');
    // Consent Mode and the floating button follow their settings.
    expect(html).not.toContain("gtag(");
    expect(html).toContain("data-privacy-preferences");
    const off = await renderBlock("consent-banner", { settings: { show_reopen: false, consent_mode: true } });
    expect(off).not.toContain('id="pc-f"');
    expect(off).toMatch(/<script>[^<]*gtag\('consent','default',\{ad_storage:'denied'/);
    expect(off.indexOf("gtag('consent','default'")).toBeLessThan(off.indexOf("consent.js"));
  });

  it("uses merchant texts when set, escapes them, and falls back to the locale when blank", async () => {
    const custom = await renderBlock("consent-banner", {
      locale: "fr",
      settings: { title: "Cookies <b>& vous</b>", reject_label: "", notice_version: "v2", text: "#102030" },
    });
    expect(custom).toContain('<p id="pc-t" class="pc-h">Cookies &lt;b&gt;&amp; vous&lt;/b&gt;</p>');
    expect(custom).toContain('<button data-pc="reject">Tout refuser</button>');
    expect(custom).toContain('data-v="v2"');
    expect(custom).toContain("color:#102030");
  });

  it("renders every locale without missing translations", async () => {
    for (const locale of storefrontLocales()) {
      const strings = readLocale(locale);
      const html = await renderBlock("consent-banner", { locale });
      expect(html, locale).not.toContain("translation missing");
      expect(html, locale).toContain(`<button data-pc="accept">${strings["consent.accept"]}</button>`);
      const form = await renderBlock("privacy-request-form", { locale });
      expect(form, locale).not.toContain("translation missing");
    }
  });
});

describe("privacy request form block (Liquid)", () => {
  it("posts to the app proxy with every request type, a honeypot and the shopper's locale", async () => {
    const html = await renderBlock("privacy-request-form", { locale: "nl" });
    expect(html).toMatch(/<form class="pf-req" method="post" action="\/apps\/privacy\/requests"/);
    expect([...html.matchAll(/<option value="(\w+)">/g)].map((m) => m[1])).toEqual([
      "access",
      "portability",
      "rectification",
      "erasure",
      "do_not_sell",
    ]);
    expect(html).toMatch(/<div class="pf-hp" aria-hidden="true">[\s\S]*?name="website" tabindex="-1"/);
    expect(html).toContain('<input type="hidden" name="locale" value="nl">');
    expect(html).toMatch(/<input[^>]+type="email"[^>]+name="email"[^>]+required/);
    expect(html).toMatch(/<form class="pf-look" method="get" action="\/apps\/privacy\/requests"/);
    expect(html).toContain('<script src="/assets/privacy-form.js" defer></script>');
  });

  it("offers exactly the request types the app knows and labels every status it can return", async () => {
    const html = await renderBlock("privacy-request-form");
    expect([...html.matchAll(/<option value="(\w+)">/g)].map((m) => m[1])).toEqual([...REQUEST_TYPES]);
    const labelled = [...html.matchAll(/<span data-s="(\w*)">/g)].map((m) => m[1]).filter(Boolean);
    expect(labelled.sort()).toEqual([...REQUEST_STATUSES].sort());
  });

  it("for a signed-in customer says who the request is for and sends the account email hidden", async () => {
    const html = await renderBlock("privacy-request-form", {
      customer: { id: 1001, email: "shopper+<x>@example.com" },
    });
    expect(html).toContain(
      '<p class="pf-who">You are signed in as shopper+&lt;x&gt;@example.com. The request will be made for this account.</p>',
    );
    expect(html).toContain('<input type="hidden" name="email" value="shopper+&lt;x&gt;@example.com">');
    expect(html).not.toMatch(/type="email"/);
  });
});
