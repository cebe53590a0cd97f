// Every admin page, as every role, in real Chromium: loaded, hydrated and navigated through the app's
// own navigation, with zero console errors, zero page errors and no failed sub-request. The pages are
// read from app/routes, so a new page is walked (and needs a fixture here if it takes a parameter).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_CUSTOMERS } from "../../sandbox/admin-api/seed";
import { adminHeaders } from "../helpers/admin-session";
import { startAdminUi, type AdminUi, type PageProblems } from "../helpers/admin-browser";
import { fileStorefrontRequest } from "../helpers/requests";
import { grantRole } from "../helpers/team";
import { adminPageRoutes, type AdminRoute } from "../helpers/admin-routes";

const OWNER = "42";
const OFFICER = "7002";
const VIEWER = "7003";
const ROLES = [
  { name: "owner", id: OWNER },
  { name: "privacy officer", id: OFFICER },
  { name: "viewer", id: VIEWER },
] as const;

let ui: AdminUi;
let params: Record<string, string>;

beforeAll(async () => {
  ui = await startAdminUi();
  const first = await fetch(new URL("/app?_data=routes%2Fapp._index", ui.app.url), { headers: adminHeaders(ui.env, ui.shop, OWNER) });
  expect(first.status).toBe(200);
  await grantRole(ui.app.url, ui.env, ui.shop, OWNER, OFFICER, "privacy_officer");
  await grantRole(ui.app.url, ui.env, ui.shop, OWNER, VIEWER, "viewer");
  const request = await fileStorefrontRequest({ appUrl: ui.app.url, env: ui.env, db: ui.db, shop: ui.shop }, { type: "access", email: "grace.sample@example.com", customerGid: SANDBOX_CUSTOMERS.grace });
  const body = new URLSearchParams({ intent: "record", discoveredAt: new Date(Date.now() - 3_600_000).toISOString(), description: "Walk fixture incident", approxPeopleAffected: "3", containment: "" });
  body.append("categories[]", "contact");
  const breach = await fetch(new URL("/app/breaches?_data=routes%2Fapp.breaches._index", ui.app.url), { method: "POST", headers: adminHeaders(ui.env, ui.shop, OWNER), body });
  expect(breach.status).toBe(201);
  const breachId = ((await breach.json()) as { id: string }).id;
  // One real value per route parameter, by the route's path.
  // Granting roles above raised role-change alerts.
  const alert = await ui.db.alert.findFirstOrThrow({ where: { shopDomain: ui.shop } });
  params = { "/app/requests/:id": `/app/requests/${request.id}`, "/app/breaches/:id": `/app/breaches/${breachId}`, "/app/alerts/:id": `/app/alerts/${alert.id}`, "/app/*": "/app/no-such-page" };
});

afterAll(async () => {
  await ui?.close();
});

function urlOf(route: AdminRoute): string {
  if (!route.pattern.includes(":") && !route.pattern.includes("*")) return route.pattern;
  const url = params[route.pattern];
  if (!url) throw new Error(`${route.file}: no fixture for ${route.pattern} in tests/admin-ui/walk.test.ts; add one`);
  return url;
}

/** 200 except: Team is for owners; the catch-all is the in-app 404. */
function expectedStatus(route: AdminRoute, role: string): number {
  if (route.pattern === "/app/*") return 404;
  if (route.pattern === "/app/team" && role !== OWNER) return 403;
  return 200;
}

const clean = (problems: PageProblems, allowed: string[]) => ({
  ...problems,
  consoleErrors: problems.consoleErrors.filter((e) => !allowed.includes(e)),
});

describe("every admin page in Chromium", () => {
  it("finds the admin's pages in app/routes", () => {
    const patterns = adminPageRoutes().map((r) => r.pattern);
    expect(patterns).toEqual(expect.arrayContaining(["/app", "/app/requests", "/app/requests/:id", "/app/consent", "/app/team", "/app/*"]));
  });

  for (const role of ROLES) {
    it(`loads every page as ${role.name} without a console error, page error or failed request`, async () => {
      const visited: string[] = [];
      for (const route of adminPageRoutes()) {
        const path = urlOf(route);
        const opened = await ui.open(path, role.id);
        const { page, context, problems } = opened;
        const status = expectedStatus(route, role.id);
        expect(opened.status, `${route.pattern} as ${role.name}`).toBe(status);
        // Inside the frame: the app's navigation is there on every page, error pages included.
        await page.getByRole("navigation", { name: "App navigation" }).getByRole("link", { name: "Requests" }).waitFor();
        if (status !== 200) {
          await page.locator(`[data-error-status="${status}"]`).waitFor({ state: "attached" });
          await page.getByRole("link", { name: "overview", exact: true }).waitFor();
        }
        const documentError = `${page.url()}: Failed to load resource: the server responded with a status of ${status} (${status === 403 ? "Forbidden" : "Not Found"})`;
        expect(clean(problems, status === 200 ? [] : [documentError]), `${route.pattern} as ${role.name}`).toEqual({ consoleErrors: [], pageErrors: [], failedRequests: [], outsideRequests: [] });
        await context.close();
        visited.push(route.pattern);
      }
      expect(visited.length).toBe(adminPageRoutes().length);
    }, 240_000);
  }

  it("moves between pages through the app's navigation without errors (client-side, hydrated)", async () => {
    const { page, problems } = await ui.open("/app", OWNER);
    const nav = page.getByRole("navigation", { name: "App navigation" });
    const names = await nav.getByRole("link").allTextContents();
    expect(names.length).toBeGreaterThanOrEqual(8);
    // The first link is the page already open: clicked first, its URL would match at once and the
    // next click would abort its data request. Each page is left for another, Overview last.
    for (const name of [...names.slice(1), names[0]!]) {
      const link = nav.getByRole("link", { name, exact: true });
      const target = new URL((await link.getAttribute("href"))!, page.url()).pathname;
      await link.click();
      // Remix changes the URL once the page's data has arrived.
      await page.waitForURL((url) => url.pathname === target);
      await page.waitForLoadState("networkidle");
      await page.getByRole("heading", { level: 1 }).first().waitFor();
    }
    expect(problems).toEqual({ consoleErrors: [], pageErrors: [], failedRequests: [], outsideRequests: [] });
  }, 120_000);
});
