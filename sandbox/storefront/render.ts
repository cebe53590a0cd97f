// Renders the theme app extension's blocks with liquidjs the way a Shopify storefront would
// (block settings with schema defaults, `t` from the extension's locales, asset_url, snippets),
// and builds whole test pages around them with an emulated Customer Privacy API.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Liquid, Tag, TagToken, type TopLevelToken } from "liquidjs";

export const EXTENSION_DIR = fileURLToPath(new URL("../../extensions/privacy-consent/", import.meta.url));
export const ASSETS_DIR = path.join(EXTENSION_DIR, "assets");
export const DEFAULT_ASSET_BASE = "/assets";

export type ConsentValue = "yes" | "no" | "";
export type ConsentCategory = "analytics" | "marketing" | "preferences" | "sale_of_data";
export type VisitorConsent = Record<ConsentCategory, ConsentValue>;
export type BlockSettings = Record<string, string | number | boolean | null>;

export interface Customer {
  id: number;
  email: string;
  /** Liquid's customer.default_address (country and province codes only). */
  default_address?: { country_code: string | null; province_code: string | null } | null;
}

export interface RenderOptions {
  /** Storefront locale, e.g. "en", "de", "pt-BR". */
  locale?: string;
  /** Merged over the defaults declared in the block's schema. */
  settings?: BlockSettings;
  customer?: Customer | null;
  /** Where `asset_url` points; the test server serves ASSETS_DIR here. */
  assetBase?: string;
  blockId?: string;
  privacyPolicyUrl?: string | null;
}

export type LocaleTree = { [key: string]: string | LocaleTree };

const localeCache = new Map<string, LocaleTree | null>();

function readLocale(name: string): LocaleTree | null {
  if (!localeCache.has(name)) {
    let tree: LocaleTree | null = null;
    try {
      tree = JSON.parse(readFileSync(path.join(EXTENSION_DIR, "locales", `${name}.json`), "utf8")) as LocaleTree;
    } catch {
      tree = null;
    }
    localeCache.set(name, tree);
  }
  return localeCache.get(name) ?? null;
}

/** Adds a locale that has no file in the extension (the pseudo-locale of the layout checks); tests only. */
export function registerLocale(name: string, tree: LocaleTree): void {
  localeCache.set(name, tree);
}

/** Storefront locale codes of the extension (file names without .json, "en" for en.default). */
export function storefrontLocales(): string[] {
  return readdirSync(path.join(EXTENSION_DIR, "locales"))
    .filter((f) => f.endsWith(".json") && !f.endsWith(".schema.json"))
    .map((f) => f.replace(/\.json$/, "").replace(/\.default$/, ""))
    .sort();
}

function lookup(tree: LocaleTree | null, key: string): string | undefined {
  let node: string | LocaleTree | undefined = tree ?? undefined;
  for (const part of key.split(".")) {
    if (node === undefined || typeof node === "string") return undefined;
    node = node[part];
  }
  return typeof node === "string" ? node : undefined;
}

export function escapeHtml(value: unknown): string {
  return String(value ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Shopify's `t`: requested locale, then its language, then en.default; escaped unless the key ends in _html. */
export function translate(locale: string, key: string, vars: Record<string, unknown> = {}): string {
  const chain = [locale, locale.split("-")[0] ?? locale, "en.default"];
  let text: string | undefined;
  for (const name of chain) {
    text = lookup(readLocale(name), key);
    if (text !== undefined) break;
  }
  if (text === undefined) return `translation missing: ${locale}.${key}`;
  const html = key.endsWith("_html");
  const withVars = (html ? text : escapeHtml(text)).replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, name: string) =>
    escapeHtml(vars[name]),
  );
  return withVars;
}

interface Schema {
  settings?: { id?: string; default?: string | number | boolean }[];
}

export function readSchema(blockFile: string): Schema {
  const source = readFileSync(blockPath(blockFile), "utf8");
  const match = /\{%-?\s*schema\s*-?%\}([\s\S]*?)\{%-?\s*endschema\s*-?%\}/.exec(source);
  if (!match?.[1]) throw new Error(`${blockFile} has no schema`);
  return JSON.parse(match[1]) as Schema;
}

function blockPath(blockFile: string): string {
  const name = blockFile.endsWith(".liquid") ? blockFile : `${blockFile}.liquid`;
  return path.join(EXTENSION_DIR, "blocks", name);
}

class SchemaTag extends Tag {
  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid) {
    super(token, remainTokens, liquid);
    while (remainTokens.length) {
      const next = remainTokens.shift();
      if (next instanceof TagToken && next.name === "endschema") return;
    }
    throw new Error("{% schema %} not closed");
  }
  render(): void {}
}

function engine(locale: string, assetBase: string): Liquid {
  const liquid = new Liquid({
    root: [path.join(EXTENSION_DIR, "blocks")],
    partials: [path.join(EXTENSION_DIR, "snippets")],
    extname: ".liquid",
    strictFilters: true,
    cache: false,
  });
  liquid.registerTag("schema", SchemaTag);
  liquid.registerFilter("t", (key: string, ...args: unknown[]) => {
    const vars: Record<string, unknown> = {};
    for (const arg of args) {
      if (Array.isArray(arg) && typeof arg[0] === "string") vars[arg[0]] = arg[1];
    }
    return translate(locale, key, vars);
  });
  liquid.registerFilter("asset_url", (file: string) => `${assetBase}/${encodeURIComponent(file)}`);
  liquid.registerFilter("script_tag", (url: string) => `<script src="${url}" defer></script>`);
  liquid.registerFilter(
    "stylesheet_tag",
    (url: string) => `<link href="${url}" rel="stylesheet" type="text/css" media="all" />`,
  );
  return liquid;
}

/** Renders one block file (e.g. "consent-banner") to HTML. */
export async function renderBlock(blockFile: string, options: RenderOptions = {}): Promise<string> {
  const locale = options.locale ?? "en";
  const defaults: BlockSettings = {};
  for (const setting of readSchema(blockFile).settings ?? []) {
    if (setting.id) defaults[setting.id] = setting.default ?? null;
  }
  const context = {
    block: { id: options.blockId ?? "b1", settings: { ...defaults, ...options.settings } },
    customer: options.customer ?? null,
    request: { locale: { iso_code: locale } },
    shop: {
      privacy_policy:
        options.privacyPolicyUrl === null ? null : { url: options.privacyPolicyUrl ?? "/policies/privacy-policy" },
    },
  };
  const source = readFileSync(blockPath(blockFile), "utf8");
  return engine(locale, options.assetBase ?? DEFAULT_ASSET_BASE).parseAndRender(source, context);
}

export interface PrivacyEmulation {
  /** Value of Shopify.customerPrivacy.shouldShowBanner() until the first setTrackingConsent. */
  shouldShowBanner?: boolean;
  saleOfDataRegion?: boolean;
  /** getRegion(), e.g. "DE", "USCA". */
  region?: string;
  /** Consent already recorded before this page view. */
  consent?: Partial<VisitorConsent>;
  /** loadFeatures calls back with an error. */
  loadError?: boolean;
  /**
   * Keeps the visitor's choice in Shopify's own `_tracking_consent` cookie (format "3", see
   * tracking-consent.ts) across page views, as Shopify does: a recorded choice wins over `consent`
   * and hides the banner.
   */
  trackingConsentCookie?: boolean;
}

export interface PageOptions {
  locale?: string;
  assetBase?: string;
  customer?: Customer | null;
  /** Settings of the consent-banner app embed, or false to leave the embed out. */
  embed?: BlockSettings | false;
  /** App blocks placed in the page's main section. */
  blocks?: { file: string; settings?: BlockSettings }[];
  privacy?: PrivacyEmulation;
  /** Emulates navigator.globalPrivacyControl === true. */
  gpc?: boolean;
  /** Store name shown in the title and header. */
  storeName?: string;
  /** Trusted HTML placed at the top of <body> (the sandbox's control bar). */
  bodyPrefixHtml?: string;
  /** Trusted HTML after the embed in <head> (a theme's own scripts, e.g. pasted tracker snippets). */
  headHtml?: string;
  /** Trusted HTML replacing the placeholder content of <main>. */
  mainHtml?: string;
}

export interface RecordedPrivacyCall {
  method: "setTrackingConsent";
  consent: Partial<Record<ConsentCategory, boolean>>;
}

// Stands in for what Shopify's content_for_header provides. Runs in the page, so plain ES5.
function emulationScript(config: PrivacyEmulation): string {
  const json = JSON.stringify({
    shouldShowBanner: config.shouldShowBanner ?? true,
    saleOfDataRegion: config.saleOfDataRegion ?? false,
    region: config.region ?? "DE",
    consent: config.consent ?? {},
    loadError: config.loadError ?? false,
    cookie: config.trackingConsentCookie ?? false,
  }).replace(/</g, "\\u003c");
  return `(function (cfg) {
  var state = { analytics: "", marketing: "", preferences: "", sale_of_data: "" };
  Object.keys(cfg.consent).forEach(function (k) { state[k] = cfg.consent[k]; });
  var showBanner = cfg.shouldShowBanner;
  var L = { analytics: "a", marketing: "m", preferences: "p", sale_of_data: "s" };
  if (cfg.cookie) {
    var saved = (document.cookie.match(/(?:^|; )_tracking_consent=([^;]*)/) || [])[1];
    if (saved && saved.charAt(0) === "3") {
      var choices = saved.slice(1).split("_")[0].split(".")[0];
      Object.keys(L).forEach(function (k) {
        if (choices.indexOf(L[k].toUpperCase()) >= 0) state[k] = "yes";
        else if (choices.indexOf(L[k]) >= 0) state[k] = "no";
      });
      if (choices) showBanner = false;
    }
  }
  function writeCookie() {
    var choices = "", purposes = "";
    Object.keys(L).forEach(function (k) {
      if (state[k] === "yes") { choices += L[k].toUpperCase(); purposes += L[k].toUpperCase(); }
      if (state[k] === "no") choices += L[k];
      if (state[k] === "" && !cfg.shouldShowBanner) purposes += L[k].toUpperCase();
    });
    var id = btoa(String.fromCharCode.apply(null, crypto.getRandomValues(new Uint8Array(16)))).split("/").join("*").split("+").join("-").split("=").join("");
    var value = "3" + choices + "." + purposes + "_" + cfg.region + "_f_" + (cfg.saleOfDataRegion ? "t" : "f") + "_" + id;
    document.cookie = "_tracking_consent=" + value + "; path=/; max-age=31536000; SameSite=Lax";
  }
  var calls = (window.__privacyCalls = []);
  var api = {
    shouldShowBanner: function () { return showBanner; },
    saleOfDataRegion: function () { return cfg.saleOfDataRegion; },
    getRegion: function () { return cfg.region; },
    currentVisitorConsent: function () { return Object.assign({}, state); },
    setTrackingConsent: function (consent, callback) {
      calls.push({ method: "setTrackingConsent", consent: JSON.parse(JSON.stringify(consent)) });
      Object.keys(consent).forEach(function (k) { state[k] = consent[k] ? "yes" : "no"; });
      showBanner = false;
      if (cfg.cookie) writeCookie();
      var yes = function (k) { return state[k] === "yes"; };
      // Shopify's event detail: what may be processed now.
      var detail = { analyticsAllowed: yes("analytics"), marketingAllowed: yes("marketing"), preferencesAllowed: yes("preferences"), saleOfDataAllowed: yes("sale_of_data"), firstPartyMarketingAllowed: yes("marketing"), thirdPartyMarketingAllowed: yes("marketing") };
      setTimeout(function () {
        document.dispatchEvent(new CustomEvent("visitorConsentCollected", { detail: detail }));
        if (callback) callback({});
      }, 0);
    },
  };
  window.Shopify = window.Shopify || {};
  window.Shopify.loadFeatures = function (features, callback) {
    setTimeout(function () {
      if (cfg.loadError) return callback(new Error("consent-tracking-api failed to load"));
      window.Shopify.customerPrivacy = api;
      callback();
    }, 0);
  };
})(${json});`;
}

/** A whole storefront page: the embed in <head> (compliance_head), blocks in <main>. */
export async function buildPage(options: PageOptions = {}): Promise<string> {
  const locale = options.locale ?? "en";
  const common = { locale, assetBase: options.assetBase, customer: options.customer ?? null };
  const embed =
    options.embed === false ? "" : await renderBlock("consent-banner", { ...common, settings: options.embed ?? {} });
  const blocks: string[] = [];
  let n = 0;
  for (const block of options.blocks ?? []) {
    n += 1;
    blocks.push(
      `<div class="shopify-block shopify-app-block">${await renderBlock(block.file, {
        ...common,
        settings: block.settings,
        blockId: `b${n}`,
      })}</div>`,
    );
  }
  const gpc = options.gpc
    ? `<script>Object.defineProperty(Navigator.prototype, "globalPrivacyControl", { get: function () { return true; }, configurable: true });</script>`
    : "";
  return `<!doctype html>
<html lang="${escapeHtml(locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${gpc}
${embed}
<title>${escapeHtml(options.storeName ?? "Test store")}</title>
<meta name="test-after-embed" content="1">
<script>${emulationScript(options.privacy ?? {})}</script>
${options.headHtml ?? ""}
</head>
<body>
${options.bodyPrefixHtml ?? ""}
<header><a href="/">${escapeHtml(options.storeName ?? "Test store")}</a></header>
<main>
<h1>${escapeHtml(options.storeName ?? "Test store")}</h1>
${options.mainHtml ?? "<p>Products would be here.</p>"}
${blocks.join("\n")}
</main>
<footer><a href="#" data-privacy-preferences>Cookie preferences</a></footer>
</body>
</html>
`;
}
