// Scans a storefront in headless Chromium (playwright-core driving Debian's chromium, no browser
// download): home, a collection, a product, the cart, the privacy policy and the merchant's extra
// paths, each visited before consent and again after "accept all" through Shopify's Customer Privacy
// API. Records cookies, storage keys and third-party request hosts. Everything a hostile storefront
// can do is bounded: pages, total time, per-page time, bytes, off-site navigation; dialogs and
// downloads are refused. One Chromium at a time per app process.
import { existsSync } from "node:fs";
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Page,
} from "playwright-core";
import type { CookieDatabaseRow } from "../trackers/rules/classify";
import {
  buildFindings,
  type Finding,
  type Observation,
} from "./rules/findings";
import { pageUrl, sameOrigin } from "./rules/paths";

export interface ScanLimits {
  /** Pages per pass (the scan visits each twice). */
  maxPages: number;
  timeLimitMs: number;
  pageTimeoutMs: number;
  /** Bytes received over the whole scan, and per page. */
  maxBytes: number;
  maxPageBytes: number;
}

export const DEFAULT_SCAN_LIMITS: ScanLimits = {
  maxPages: 15,
  timeLimitMs: 120_000,
  pageTimeoutMs: 20_000,
  maxBytes: 60 * 1024 * 1024,
  maxPageBytes: 8 * 1024 * 1024,
};

export interface ScanInput {
  baseUrl: string;
  password?: string | null;
  extraPaths?: string[];
  limits?: Partial<ScanLimits>;
  /** Extra Chromium flags (the leak test maps tracker hosts to loopback). */
  chromiumArgs?: string[];
  database?: CookieDatabaseRow[];
  onProgress?: (done: number, total: number) => void | Promise<void>;
  now?: () => Date;
}

export interface ScannedPage {
  pass: "before" | "after";
  path: string;
  status: number | null;
  error: string | null;
}

export interface ScanOutcome {
  findings: Finding[];
  pages: ScannedPage[];
  /** What bounded or disturbed the scan, for the merchant (no internals). */
  issues: string[];
  bytes: number;
  durationMs: number;
  consentGiven: boolean;
}

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

let chain: Promise<unknown> = Promise.resolve();

/** Runs scans one after another in this process (Chromium is heavy on a small machine). */
export function scanStorefront(input: ScanInput): Promise<ScanOutcome> {
  const run = chain.then(() => scanNow(input));
  chain = run.catch(() => undefined);
  return run;
}

class Budget {
  bytes = 0;
  pageBytes = 0;
  /** The current page tried to navigate off the storefront. */
  offSite = false;
  constructor(readonly limits: ScanLimits, readonly started: number) {}
  remainingMs(): number {
    return this.started + this.limits.timeLimitMs - Date.now();
  }
}

async function scanNow(input: ScanInput): Promise<ScanOutcome> {
  const limits = { ...DEFAULT_SCAN_LIMITS, ...input.limits };
  const started = Date.now();
  const budget = new Budget(limits, started);
  const now = input.now ?? (() => new Date());
  const issues: string[] = [];
  const pages: ScannedPage[] = [];
  const observations: Observation[] = [];
  const storefrontHost = new URL(input.baseUrl).hostname;
  if (!existsSync(CHROMIUM_PATH)) throw new Error("chromium_missing");
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, ...(input.chromiumArgs ?? [])],
    timeout: 30_000,
  });
  let consentGiven = false;
  try {
    const targets = [pageUrl(input.baseUrl, "/")];
    let discovered = false;
    const fixed = [
      "/cart",
      "/policies/privacy-policy",
      ...(input.extraPaths ?? []),
    ].map((p) => pageUrl(input.baseUrl, p));
    const wanted = () => [...new Set([...targets, ...fixed])];
    const plan = () => wanted().slice(0, limits.maxPages);
    let done = 0;
    for (const pass of ["before", "after"] as const) {
      if (budget.remainingMs() < 1000) break;
      if (pass === "after" && wanted().length > limits.maxPages) {
        issues.push(
          `Only the first ${limits.maxPages} pages were scanned (page limit); ${
            wanted().length - limits.maxPages
          } more were skipped.`
        );
      }
      const context = await browser.newContext({
        acceptDownloads: false,
        serviceWorkers: "block",
        ignoreHTTPSErrors: (input.chromiumArgs ?? []).includes(
          "--ignore-certificate-errors"
        ),
      });
      try {
        const page = await openPage(
          context,
          input,
          budget,
          issues,
          observations,
          pass,
          storefrontHost
        );
        let first = true;
        for (let i = 0; i < plan().length; i += 1) {
          const url = plan()[i]!;
          if (budget.remainingMs() < 1000) {
            issues.push(
              "The scan reached its time limit; later pages were not visited."
            );
            break;
          }
          if (budget.bytes > limits.maxBytes) {
            issues.push(
              "The scan reached its download limit; later pages were not visited."
            );
            break;
          }
          const visited = await bounded(
            visit(page, url, input, budget, issues, pass),
            limits.pageTimeoutMs * 2 + 10_000,
            { status: null, error: "time_limit" }
          );
          pages.push({
            pass,
            path: pathOf(input.baseUrl, url),
            status: visited.status,
            error: visited.error,
          });
          if (
            visited.status !== null &&
            pass === "before" &&
            !discovered &&
            i === 0
          ) {
            discovered = true;
            const links = await firstLinks(page, input.baseUrl);
            const collection =
              links.collection ?? pageUrl(input.baseUrl, "/collections/all");
            targets.push(collection);
          }
          if (
            pass === "before" &&
            url === targets[1] &&
            targets.length === 2 &&
            visited.status !== null
          ) {
            const links = await firstLinks(page, input.baseUrl);
            if (links.product) targets.push(links.product);
          }
          if (pass === "after" && first && visited.status !== null) {
            consentGiven = await acceptAll(page);
            if (!consentGiven)
              issues.push(
                "Could not give consent through Shopify's Customer Privacy API; the after-consent pass shows what runs without it."
              );
            await settle(page, budget);
          }
          first = false;
          await record(
            context,
            page,
            pass,
            pathOf(input.baseUrl, url),
            observations
          );
          done += 1;
          await input.onProgress?.(done, plan().length * 2);
        }
      } finally {
        await bounded(context.close(), 10_000, undefined);
      }
    }
  } finally {
    await bounded(browser.close(), 10_000, undefined);
  }
  return {
    findings: buildFindings(
      observations,
      storefrontHost,
      now(),
      input.database
    ),
    pages,
    issues: [...new Set(issues)],
    bytes: budget.bytes,
    durationMs: Date.now() - started,
    consentGiven,
  };
}

/** A browser call that a hostile page could keep busy: given up after `ms`. */
function bounded<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.catch(() => fallback),
    new Promise<T>((resolve) => {
      timer = setTimeout(() => resolve(fallback), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

function pathOf(base: string, url: string): string {
  const prefix = new URL(base).pathname.replace(/\/$/, "");
  const u = new URL(url);
  const p = u.pathname.startsWith(prefix)
    ? u.pathname.slice(prefix.length) || "/"
    : u.pathname;
  return p + u.search;
}

async function openPage(
  context: BrowserContext,
  input: ScanInput,
  budget: Budget,
  issues: string[],
  observations: Observation[],
  pass: "before" | "after",
  storefrontHost: string
): Promise<Page> {
  const page = await context.newPage();
  page.on("dialog", (d) => void d.dismiss().catch(() => undefined));
  let current = "/";
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame())
      current = pathOf(input.baseUrl, frame.url());
  });
  context.on("request", (request) => {
    let host: string;
    try {
      host = new URL(request.url()).hostname;
    } catch {
      return;
    }
    if (!host || host === storefrontHost || !/^https?:/.test(request.url()))
      return;
    if (request.isNavigationRequest() && request.frame() === page.mainFrame())
      return;
    observations.push({
      kind: "request",
      name: host,
      domain: host,
      expires: null,
      pass,
      page: current,
    });
  });
  // Off-site top-level navigation (redirects included) is refused and reported.
  await page.route("**/*", async (route) => {
    const request = route.request();
    if (
      request.isNavigationRequest() &&
      request.frame() === page.mainFrame() &&
      !sameOrigin(input.baseUrl, request.url())
    ) {
      issues.push(
        `A page tried to leave the storefront for ${safeHost(
          request.url()
        )}; the scan stayed on the storefront.`
      );
      await route.abort("blockedbyclient").catch(() => undefined);
      return;
    }
    await route.continue().catch(() => undefined);
  });
  // Bytes as they arrive, so a huge or endless response is cut off mid-stream.
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  // Redirects are not routed: an off-site redirect is stopped as soon as it shows.
  page.on("request", (request) => {
    if (
      request.isNavigationRequest() &&
      request.frame() === page.mainFrame() &&
      !sameOrigin(input.baseUrl, request.url())
    ) {
      issues.push(
        `A page tried to leave the storefront for ${safeHost(
          request.url()
        )}; the scan stayed on the storefront.`
      );
      budget.offSite = true;
      void cdp.send("Page.stopLoading").catch(() => undefined);
    }
  });
  cdp.on(
    "Network.dataReceived",
    (e: { encodedDataLength: number; dataLength: number }) => {
      const n = Math.max(e.encodedDataLength, e.dataLength);
      budget.bytes += n;
      budget.pageBytes += n;
      if (
        budget.pageBytes > budget.limits.maxPageBytes ||
        budget.bytes > budget.limits.maxBytes
      ) {
        void cdp.send("Page.stopLoading").catch(() => undefined);
      }
    }
  );
  return page;
}

function safeHost(url: string): string {
  try {
    return new URL(url).hostname.slice(0, 100);
  } catch {
    return "another site";
  }
}

async function visit(
  page: Page,
  url: string,
  input: ScanInput,
  budget: Budget,
  issues: string[],
  pass: "before" | "after"
): Promise<{ status: number | null; error: string | null }> {
  budget.pageBytes = 0;
  budget.offSite = false;
  const timeout = Math.max(
    1000,
    Math.min(budget.limits.pageTimeoutMs, budget.remainingMs())
  );
  const path = pathOf(input.baseUrl, url);
  try {
    const response = await page.goto(url, { waitUntil: "load", timeout });
    if (new URL(page.url()).pathname.endsWith("/password")) {
      if (!input.password) {
        issues.push(
          "The storefront is password-protected; add its password in the scanner settings."
        );
        return { status: response?.status() ?? null, error: "password" };
      }
      await page.fill('input[name="password"]', input.password, {
        timeout: 5000,
      });
      await Promise.all([
        page.waitForNavigation({ timeout }),
        page.press('input[name="password"]', "Enter"),
      ]);
      if (new URL(page.url()).pathname.endsWith("/password")) {
        issues.push(
          "The storefront password in the scanner settings was not accepted."
        );
        return { status: null, error: "password" };
      }
      const again = await page.goto(url, { waitUntil: "load", timeout });
      await settle(page, budget);
      return { status: again?.status() ?? null, error: null };
    }
    if (budget.pageBytes > budget.limits.maxPageBytes)
      issues.push(
        `${path} was larger than the per-page limit and was cut off.`
      );
    await settle(page, budget);
    return { status: response?.status() ?? null, error: null };
  } catch {
    if (budget.offSite) return { status: null, error: "off_site" };
    const error =
      budget.pageBytes > budget.limits.maxPageBytes
        ? "too_large"
        : budget.remainingMs() <= 1000
        ? "time_limit"
        : "unreachable";
    issues.push(
      error === "too_large"
        ? `${path} was larger than the per-page limit and was cut off.`
        : `${path} did not load in time (${pass} consent).`
    );
    return { status: null, error };
  }
}

/** Lets trackers that start after load (or after consent) fire, within the budget. */
async function settle(page: Page, budget: Budget): Promise<void> {
  const timeout = Math.max(0, Math.min(3000, budget.remainingMs() - 1000));
  await bounded(
    page.waitForLoadState("networkidle", { timeout }),
    timeout + 1000,
    undefined
  );
}

async function firstLinks(
  page: Page,
  base: string
): Promise<{ collection: string | null; product: string | null }> {
  const links = await bounded(
    page.evaluate(() =>
      [...document.querySelectorAll("a[href]")]
        .slice(0, 500)
        .map((a) => (a as HTMLAnchorElement).href)
    ),
    5000,
    [] as string[]
  );
  const own = links
    .filter((l) => sameOrigin(base, l))
    .map((l) => l.split("#")[0]!);
  return {
    collection:
      own.find((l) => /\/collections\/[^/?]+\/?$/.test(new URL(l).pathname)) ??
      null,
    product:
      own.find((l) => /\/products\/[^/?]+/.test(new URL(l).pathname)) ?? null,
  };
}

/** "Accept all" through Shopify's own API, as any banner would. */
async function acceptAll(page: Page): Promise<boolean> {
  return bounded(
    page.evaluate(
      () =>
        new Promise<boolean>((resolve) => {
          const w = window as unknown as {
            Shopify?: {
              loadFeatures?: (
                f: { name: string; version: string }[],
                cb: (e?: unknown) => void
              ) => void;
              customerPrivacy?: {
                setTrackingConsent: (
                  c: Record<string, boolean>,
                  cb: () => void
                ) => void;
              };
            };
          };
          const timer = setTimeout(() => resolve(false), 5000);
          const give = () => {
            const cp = w.Shopify?.customerPrivacy;
            if (!cp) return resolve(false);
            cp.setTrackingConsent(
              {
                analytics: true,
                marketing: true,
                preferences: true,
                sale_of_data: true,
              },
              () => {
                clearTimeout(timer);
                resolve(true);
              }
            );
          };
          if (w.Shopify?.customerPrivacy) give();
          else if (w.Shopify?.loadFeatures)
            w.Shopify.loadFeatures(
              [{ name: "consent-tracking-api", version: "0.1" }],
              give
            );
          else resolve(false);
        })
    ),
    8000,
    false
  );
}

async function record(
  context: BrowserContext,
  page: Page,
  pass: "before" | "after",
  path: string,
  observations: Observation[]
): Promise<void> {
  for (const c of await bounded(context.cookies(), 5000, [])) {
    observations.push({
      kind: "cookie",
      name: c.name,
      domain: c.domain,
      expires: c.expires,
      pass,
      page: path,
    });
  }
  const keys = await bounded(
    page.evaluate(() => {
      const read = (s: Storage) => {
        const out: string[] = [];
        for (let i = 0; i < Math.min(s.length, 200); i += 1)
          out.push(s.key(i) ?? "");
        return out;
      };
      try {
        return { local: read(localStorage), session: read(sessionStorage) };
      } catch {
        return { local: [], session: [] };
      }
    }),
    5000,
    { local: [] as string[], session: [] as string[] }
  );
  const host = new URL(page.url()).hostname;
  for (const k of keys.local)
    observations.push({
      kind: "local_storage",
      name: k.slice(0, 200),
      domain: host,
      expires: null,
      pass,
      page: path,
    });
  for (const k of keys.session)
    observations.push({
      kind: "session_storage",
      name: k.slice(0, 200),
      domain: host,
      expires: null,
      pass,
      page: path,
    });
}
