// The embedded admin in real Chromium for browser tests: the built app, a real database, the Admin API
// stand-in and one sandbox admin shell per acting staff member (each signs that user's session tokens).
// Every page opened through `open` records console errors, page errors and failed sub-requests, so a
// test can demand a page that works without a single one.
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { Db } from "../../app/platform/db.server";
import { startAdminApiStandin, type AdminApiStandin, type StartAdminApiStandinOptions } from "../../sandbox/admin-api/server";
import { SANDBOX_ACCESS_TOKEN, SANDBOX_SHOP_DOMAIN } from "../../sandbox/admin-api/seed";
import { startAdminShell, type AdminShell } from "../../sandbox/admin-shell/server";
import { SANDBOX_STAFF, storeOnlineSession } from "../../sandbox/install";
import { BROWSER_UA, installOfflineSession } from "./admin-session";
import { startApp, type RunningApp } from "./app-server";
import { createTestDatabase } from "./database";
import { openDb } from "./db-client";
import { launchChromium } from "./storefront/browser";
import { testAppEnv } from "./test-env";
import { untilHydrated } from "./hydration";

export interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
  failedRequests: string[];
  outsideRequests: string[];
}

export interface AdminPage {
  page: Page;
  context: BrowserContext;
  problems: PageProblems;
  /** HTTP status of the page's document. */
  status: number;
}

export interface AdminUi {
  shop: string;
  app: RunningApp;
  env: Record<string, string>;
  db: Db;
  standin: AdminApiStandin;
  browser: Browser;
  /** A fresh browser context acting as `userId` (default "42", the first staff member: owner). */
  open(path: string, userId?: string): Promise<AdminPage>;
  shellFor(userId: string): Promise<AdminShell>;
  close(): Promise<void>;
}

export async function startAdminUi(options: { standin?: StartAdminApiStandinOptions; env?: Record<string, string> } = {}): Promise<AdminUi> {
  const shop = SANDBOX_SHOP_DOMAIN;
  const [database, standin, browser] = await Promise.all([createTestDatabase(), startAdminApiStandin(options.standin ?? {}), launchChromium()]);
  const env = testAppEnv(database.url, { SHOPIFY_ADMIN_API_ORIGIN: standin.url, ...options.env });
  const app = await startApp(env);
  const db = openDb(database.url);
  await installOfflineSession(db, env, shop, SANDBOX_ACCESS_TOKEN);
  // The staff's online sessions, as token exchange stores them: the app reads their names there.
  for (const user of SANDBOX_STAFF) await storeOnlineSession(db, env, shop, user);
  const shells = new Map<string, AdminShell>();
  const contexts = new Set<BrowserContext>();

  const shellFor = async (userId: string) => {
    let shell = shells.get(userId);
    if (!shell) {
      shell = await startAdminShell({ appOrigin: app.url, apiKey: env.SHOPIFY_API_KEY!, apiSecret: env.SHOPIFY_API_SECRET!, shop, userId });
      shells.set(userId, shell);
    }
    return shell;
  };

  const open = async (path: string, userId = "42"): Promise<AdminPage> => {
    const shell = await shellFor(userId);
    // A normal desktop browser (headless Chromium's own user agent is refused as a bot, as in the real admin).
    const context = await browser.newContext({ userAgent: BROWSER_UA, acceptDownloads: true });
    contexts.add(context);
    const page = await context.newPage();
    const problems: PageProblems = { consoleErrors: [], pageErrors: [], failedRequests: [], outsideRequests: [] };
    page.on("console", (m) => {
      if (m.type() === "error") problems.consoleErrors.push(`${m.location().url || page.url()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.pageErrors.push(`${page.url()}: ${e.message}`));
    page.on("request", (r) => {
      if (!r.url().startsWith(shell.url) && !r.url().startsWith("blob:") && !r.url().startsWith("data:")) problems.outsideRequests.push(r.url());
    });
    page.on("requestfailed", (r) => {
      const error = r.failure()?.errorText ?? "failed";
      // Remix cancels a data fetch (a revalidation after an action) when a newer navigation starts:
      // the browser reports it aborted, which is the client moving on, not a request that failed.
      // A server failure shows as a status (below) or a connection error, never as ERR_ABORTED.
      if (error === "net::ERR_ABORTED" && new URL(r.url()).searchParams.has("_data")) return;
      problems.failedRequests.push(`${r.method()} ${r.url()}: ${error}`);
    });
    page.on("response", (r) => {
      // The document itself may be a deliberate 403/404 page; its sub-requests may not fail.
      if (r.status() >= 400 && !r.request().isNavigationRequest()) problems.failedRequests.push(`${r.status()} ${r.request().method()} ${r.url()}`);
    });
    const response = await page.goto(`${shell.url}${path}`, { waitUntil: "networkidle" });
    await page.locator("[data-sandbox-banner]").waitFor();
    await untilHydrated(page);
    return { page, context, problems, status: response?.status() ?? 0 };
  };

  return {
    shop,
    app,
    env,
    db,
    standin,
    browser,
    open,
    shellFor,
    close: async () => {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
      for (const shell of shells.values()) await shell.close();
      await db.$disconnect();
      await app.stop();
      await standin.close();
      await database.drop();
    },
  };
}
