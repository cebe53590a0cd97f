// The leak test: the sandbox storefront's "trackers" pages (twelve real-world tracker snippets
// pasted into the theme, their real hostnames served by a fake tracker server on loopback) in
// Chromium with the consent banner's blocker. Counts every request that reaches a tracker host and
// every cookie the trackers leave, for each consent situation a shopper can be in.
import type { Browser, BrowserContext, Page, Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandboxServer, SHOPPER_COOKIE, type SandboxServer } from "../../sandbox/server";
import {
  MARKED_PAGE,
  PLANTED_TRACKERS,
  PRELOADABLE_SCRIPTS,
  presetOfRequest,
  startFakeTrackers,
  TRACKER_HOSTS,
  TRACKER_PAGES,
  type FakeTrackerServer,
} from "../../sandbox/storefront/trackers";
import { launchChromium } from "../helpers/storefront/browser";
import { scanStorefront } from "../../app/modules/scanner/scan.server";
import { isViolation } from "../../app/modules/scanner/rules/findings";

const SHOP_COOKIES = new Set(["_tracking_consent", SHOPPER_COOKIE]);
const PAGES = Object.values(TRACKER_PAGES);
const ALL_PRESETS = PLANTED_TRACKERS.map((t) => t.preset).sort();
const presetsOf = (category: string) => PLANTED_TRACKERS.filter((t) => t.category === category).map((t) => t.preset).sort();
/** Presets that are scripts (they call home); the video embeds are frames, checked in the page. */
const scripts = (presets: string[]) => presets.filter((p) => PLANTED_TRACKERS.find((t) => t.preset === p)?.place === "head");
const frames = (presets: string[]) => presets.filter((p) => PLANTED_TRACKERS.find((t) => t.preset === p)?.place === "body");

let fake: FakeTrackerServer;
let sandbox: SandboxServer;
let browser: Browser;
/** Tracker requests as Chromium issued them (even ones that never reached the server), with how they ended. */
const issued: { host: string; path: string; navigation: boolean; outcome?: string }[] = [];

beforeAll(async () => {
  fake = await startFakeTrackers();
  sandbox = await startSandboxServer({
    appUrl: "http://127.0.0.1:9",
    appSecret: "leak-test-secret",
    shop: "privacy-desk-sandbox.myshopify.com",
    storeName: "Leak test store",
    mailbox: { url: "smtp://127.0.0.1:9", messages: [], close: async () => {} },
    adminUrl: "http://127.0.0.1:9/app",
    adminApiUrl: "http://127.0.0.1:9",
  });
  browser = await launchChromium([`--host-resolver-rules=${fake.hostResolverRules}`, "--ignore-certificate-errors"]);
}, 60_000);

afterAll(async () => {
  await Promise.all([browser?.close(), sandbox?.close(), fake?.close()]);
});

interface Visit {
  context: BrowserContext;
  page: Page;
  errors: string[];
  /** Frames of this page that navigated to a tracker host (a frame that loaded). */
  trackerFrames: string[];
  /** Index into the request logs where this visitor started. */
  since: { server: number; issued: number };
}

async function visitor(options: { gpc?: boolean } = {}): Promise<Visit> {
  const context = await browser.newContext();
  if (options.gpc) {
    await context.addCookies([{ name: SHOPPER_COOKIE, value: encodeURIComponent("region=DE&locale=en&gpc=on"), url: sandbox.url }]);
  }
  const entries = new Map<Request, (typeof issued)[number]>();
  context.on("request", (r) => {
    const url = new URL(r.url());
    if (!TRACKER_HOSTS.includes(url.hostname)) return;
    const entry = { host: url.hostname, path: url.pathname, navigation: r.isNavigationRequest() };
    entries.set(r, entry);
    issued.push(entry);
  });
  const settle = (r: Request, outcome: string) => {
    const entry = entries.get(r);
    if (entry) entry.outcome = outcome;
  };
  context.on("requestfinished", (r) => settle(r, "finished"));
  context.on("requestfailed", (r) => settle(r, r.failure()?.errorText ?? "failed"));
  const page = await context.newPage();
  const errors: string[] = [];
  const trackerFrames: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("framenavigated", (f) => {
    if (f !== page.mainFrame() && /^https?:/.test(f.url()) && TRACKER_HOSTS.includes(new URL(f.url()).hostname)) trackerFrames.push(f.url());
  });
  return { context, page, errors, trackerFrames, since: { server: fake.requests.length, issued: issued.length } };
}

async function open(v: Visit, path: string): Promise<void> {
  await v.page.goto(sandbox.url + path);
  await v.page.waitForSelector("body > #pc-p", { state: "attached" });
  await v.page.waitForLoadState("networkidle");
}

/** Frame URLs the raw page's HTML writes as <iframe src> (Chromium navigates them on insertion). */
const FRAME_URLS = PLANTED_TRACKERS.flatMap((t) => [...t.snippet.matchAll(/<iframe\b[^>]*\bsrc="https:\/\/([^"]+)"/g)].map((m) => m[1]!));
/** Where the raw page's HTML points a script or frame at a tracker (the browser may ask before any script can stop it). */
const EARLY = [...PRELOADABLE_SCRIPTS, ...FRAME_URLS];
const withoutQuery = (hostAndPath: string) => hostAndPath.replace(/\?.*$/, "");

/**
 * Presets whose code ran and called home since `from`: requests other than what the raw HTML points
 * at (a preload-scanner download is not a run; a frame counts once it has a src, see loadedFrames).
 */
function fired(from: number): string[] {
  const calls = fake.requests.slice(from).filter((r) => !EARLY.includes(r.host + r.path));
  return [...new Set(calls.map((r) => presetOfRequest(r.host, r.path) ?? r.host))].sort();
}

/** Video presets whose frame the blocker let load in this page. */
async function loadedFrames(v: Visit): Promise<string[]> {
  const hosts = await v.page.evaluate(() => [...document.querySelectorAll("iframe[src]")].map((f) => new URL(f.getAttribute("src")!).hostname));
  return hosts.map((h) => presetOfRequest(h, "/") ?? h).sort();
}

/** Every cookie but the shop's own (first-party on the store, and any third-party one Chromium kept). */
async function trackerCookies(v: Visit): Promise<string[]> {
  return (await v.context.cookies()).filter((c) => !SHOP_COOKIES.has(c.name)).map((c) => `${c.name}@${c.domain}`).sort();
}

/** First-party cookies the given presets leave on the store. */
function cookiesOf(presets: string[]): string[] {
  const host = new URL(sandbox.url).hostname;
  return PLANTED_TRACKERS.filter((t) => presets.includes(t.preset))
    .flatMap((t) => t.cookies.map((c) => `${c}@${host}`))
    .sort();
}

/** Tracker cookies left, of which third-party ones only from the given presets (Chromium may refuse them). */
async function expectCookiesOf(v: Visit, presets: string[]): Promise<void> {
  const allowedThirdParty = new Set(PLANTED_TRACKERS.filter((t) => presets.includes(t.preset)).flatMap((t) => t.thirdPartyCookies));
  const host = new URL(sandbox.url).hostname;
  await expect.poll(async () => (await trackerCookies(v)).filter((c) => c.endsWith(`@${host}`))).toEqual(cookiesOf(presets));
  expect((await trackerCookies(v)).filter((c) => !c.endsWith(`@${host}`) && !allowedThirdParty.has(c))).toEqual([]);
}

async function walk(v: Visit): Promise<void> {
  for (const path of PAGES) await open(v, path);
}

describe("tracker blocking before consent (Chromium, real tracker snippets)", { timeout: 60_000 }, () => {
  it("no choice made: no tracker runs, calls home, loads a frame or sets a cookie on any page", async () => {
    const v = await visitor();
    await walk(v);
    // What a script in <head> cannot prevent (measured by scripts/bench/iframe-race.bench.ts, README
    // "Frames"): Chromium's preload scanner may download the two tags written as <script src>, and
    // the parser starts navigating each <iframe src> when it inserts it, before any script sees the
    // element. Exactly that and nothing else is asked for, at most once per page view; the scripts
    // never run (nothing they would send arrives) and every frame navigation is aborted by the
    // blocker: no frame loads, no cookie is set. The next test shows marked tags are not even asked for.
    const reached = fake.requests.slice(v.since.server).map((r) => r.host + r.path);
    expect(reached.filter((r) => !EARLY.includes(r))).toEqual([]);
    for (const url of EARLY) expect(reached.filter((r) => r === url).length, url).toBeLessThanOrEqual(PAGES.length);
    expect(fired(v.since.server)).toEqual([]);
    expect(await trackerCookies(v)).toEqual([]);
    const mine = issued.slice(v.since.issued);
    expect(mine.filter((r) => !EARLY.map(withoutQuery).includes(r.host + r.path))).toEqual([]);
    const frameNavigations = mine.filter((r) => r.navigation);
    expect(frameNavigations.map((r) => r.host + r.path).sort()).toEqual(PAGES.flatMap(() => FRAME_URLS.map(withoutQuery)).sort());
    await expect.poll(() => [...new Set(frameNavigations.map((r) => r.outcome))]).toEqual(["net::ERR_ABORTED"]);
    expect(mine.filter((r) => !r.navigation).every((r) => PRELOADABLE_SCRIPTS.map(withoutQuery).includes(r.host + r.path))).toBe(true);
    expect(v.trackerFrames).toEqual([]);
    // The snippets were really there, held by the blocker; no frame has a tracker URL.
    const state = await v.page.evaluate(() => ({
      held: (window as unknown as { privacyBlocker: { held: unknown[] } }).privacyBlocker.held.length,
      frames: [...document.querySelectorAll("iframe")].map((f) => f.getAttribute("src")),
    }));
    expect(state.held).toBeGreaterThanOrEqual(PLANTED_TRACKERS.length);
    expect(state.frames).toEqual([null, null]);
    expect(v.errors).toEqual([]);
    await v.context.close();
  });

  it("no choice made, tags marked as the README says: the browser does not even ask a tracker host", async () => {
    const v = await visitor();
    await open(v, MARKED_PAGE);
    await open(v, MARKED_PAGE);
    expect(issued.slice(v.since.issued)).toEqual([]);
    expect(fake.requests.slice(v.since.server)).toEqual([]);
    expect(await trackerCookies(v)).toEqual([]);
    // ... and consent still releases every one of them.
    await v.page.click("#pc-b [data-pc=accept]");
    await expect.poll(() => fired(v.since.server), { timeout: 10_000 }).toEqual(scripts(ALL_PRESETS));
    expect(await loadedFrames(v)).toEqual(frames(ALL_PRESETS));
    await expectCookiesOf(v, ALL_PRESETS);
    expect(v.errors).toEqual([]);
    await v.context.close();
  });

  it("Accept all: every preset fires at once, without a reload, and again on the next page", async () => {
    const v = await visitor();
    await open(v, TRACKER_PAGES.home);
    await v.page.evaluate(() => ((window as unknown as { __samePage: boolean }).__samePage = true));
    expect(await loadedFrames(v)).toEqual([]);
    await v.page.click("#pc-b [data-pc=accept]");
    await expect.poll(() => fired(v.since.server), { timeout: 10_000 }).toEqual(scripts(ALL_PRESETS));
    expect(await loadedFrames(v)).toEqual(frames(ALL_PRESETS));
    expect(await v.page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage)).toBe(true);
    await expectCookiesOf(v, ALL_PRESETS);

    const next = fake.requests.length;
    await open(v, TRACKER_PAGES.product);
    await expect.poll(() => fired(next), { timeout: 10_000 }).toEqual(scripts(ALL_PRESETS));
    expect(await loadedFrames(v)).toEqual(frames(ALL_PRESETS));
    expect(v.errors).toEqual([]);
    await v.context.close();
  });

  it("analytics only: only the analytics presets fire, on this page and the next", async () => {
    const v = await visitor();
    await open(v, TRACKER_PAGES.home);
    await v.page.click("#pc-b [data-pc=prefs]");
    await v.page.check('#pc-p input[name="analytics"]');
    await v.page.click("#pc-p [data-pc=save]");
    await expect.poll(() => fired(v.since.server), { timeout: 10_000 }).toEqual(scripts(presetsOf("analytics")));
    expect(await loadedFrames(v)).toEqual(frames(presetsOf("analytics")));
    await walk(v);
    expect(fired(v.since.server)).toEqual(scripts(presetsOf("analytics")));
    expect(await loadedFrames(v)).toEqual(frames(presetsOf("analytics")));
    await expectCookiesOf(v, presetsOf("analytics"));
    expect(v.errors).toEqual([]);
    await v.context.close();
  });

  it("Global Privacy Control: Accept all fires no marketing or sale-of-data tracker", async () => {
    const v = await visitor({ gpc: true });
    await open(v, TRACKER_PAGES.home);
    expect(await v.page.evaluate(() => (navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl)).toBe(true);
    await v.page.click("#pc-b [data-pc=accept]");
    await expect.poll(() => fired(v.since.server), { timeout: 10_000 }).toEqual(scripts(presetsOf("analytics")));
    await walk(v);
    expect(fired(v.since.server)).toEqual(scripts(presetsOf("analytics")));
    expect(await loadedFrames(v)).toEqual(frames(presetsOf("analytics")));
    expect(PLANTED_TRACKERS.filter((t) => t.category === "marketing").length).toBeGreaterThan(0);
    await expectCookiesOf(v, presetsOf("analytics"));
    expect(v.errors).toEqual([]);
    await v.context.close();
  });

  it("withdrawing consent: the page reloads and nothing new fires on any page", async () => {
    const v = await visitor();
    await open(v, TRACKER_PAGES.home);
    await v.page.click("#pc-b [data-pc=accept]");
    await expect.poll(() => fired(v.since.server), { timeout: 10_000 }).toEqual(scripts(ALL_PRESETS));
    await v.page.waitForLoadState("networkidle");

    await v.page.click("#pc-f");
    await v.page.waitForSelector("#pc-p[open]");
    const reloaded = v.page.waitForEvent("load");
    await v.page.click("#pc-p [data-pc=reject]");
    await reloaded;
    await v.page.waitForLoadState("networkidle");
    const after = { server: fake.requests.length, issued: issued.length };
    expect(await loadedFrames(v)).toEqual([]);
    await walk(v);
    expect(fired(after.server)).toEqual([]);
    expect(issued.slice(after.issued).filter((r) => !EARLY.some((e) => e.startsWith(r.host + r.path)))).toEqual([]);
    expect(await loadedFrames(v)).toEqual([]);
    expect(v.errors).toEqual([]);
    await v.context.close();
  });
});

describe("the scanner against the same storefront", () => {
  it("finds every planted tracker with its category, and flags what fires before consent", { timeout: 120_000 }, async () => {
    const progress: number[] = [];
    const outcome = await scanStorefront({
      baseUrl: `${sandbox.url}/trackers`,
      chromiumArgs: [`--host-resolver-rules=${fake.hostResolverRules}`, "--ignore-certificate-errors"],
      onProgress: (done, total) => void progress.push(done / total),
    });
    expect(outcome.issues).toEqual([]);
    expect(outcome.consentGiven).toBe(true);
    expect([...new Set(outcome.pages.map((p) => `${p.pass} ${p.path} ${p.status}`))]).toEqual(
      ["before", "after"].flatMap((pass) =>
        ["/", "/collections/all", "/products/sandbox-tee", "/cart", "/policies/privacy-policy"].map((p) => `${pass} ${p} 200`),
      ),
    );
    expect(progress.at(-1)).toBe(1);

    // Every preset, with the category the blocker holds it under.
    const found = new Map<string, string>();
    for (const f of outcome.findings) if (f.preset) found.set(f.preset, f.category);
    expect(Object.fromEntries([...found].sort())).toEqual(Object.fromEntries(PLANTED_TRACKERS.map((t) => [t.preset, t.category]).sort()));
    expect(outcome.findings.find((f) => f.kind === "cookie" && f.name === "_fbp")).toMatchObject({
      category: "marketing", provider: "Meta Pixel", firstParty: true, beforeConsent: false,
    });
    expect(outcome.findings.find((f) => f.kind === "cookie" && f.name === "_tracking_consent")).toMatchObject({ category: "necessary", beforeConsent: true });
    expect(outcome.findings.find((f) => f.kind === "request" && f.name === "connect.facebook.net")).toMatchObject({ firstParty: false, beforeConsent: false });

    // Before consent: no tracker cookie; the only requests are what the raw HTML points at.
    const violations = outcome.findings.filter(isViolation);
    expect(violations.filter((f) => f.kind !== "request")).toEqual([]);
    const earlyHosts = new Set(EARLY.map((e) => e.split("/")[0]));
    expect(violations.map((f) => f.name).filter((h) => !earlyHosts.has(h))).toEqual([]);
  });
});
