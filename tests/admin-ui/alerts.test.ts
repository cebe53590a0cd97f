// The alerts pages in real Chromium: a role change raises an alert; an officer opens it from the
// list, acknowledges it, resolves it and opens a breach record from it, all through the hydrated
// page's forms, with no console error, page error or failed request. A viewer sees no actions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAdminUi, type AdminUi } from "../helpers/admin-browser";
import { adminHeaders } from "../helpers/admin-session";
import { grantRole } from "../helpers/team";

const OWNER = "42";
const OFFICER = "43";
const VIEWER = "44";
let ui: AdminUi;

beforeAll(async () => {
  ui = await startAdminUi();
  expect((await fetch(new URL("/app?_data=routes%2Fapp._index", ui.app.url), { headers: adminHeaders(ui.env, ui.shop, OWNER) })).status).toBe(200);
  await grantRole(ui.app.url, ui.env, ui.shop, OWNER, OFFICER, "privacy_officer");
  await grantRole(ui.app.url, ui.env, ui.shop, OWNER, VIEWER, "viewer");
});

afterAll(async () => {
  await ui?.close();
});

describe("alerts page", () => {
  it("an officer acknowledges, resolves and opens a breach record from an alert", async () => {
    const { page, problems } = await ui.open("/app/alerts", OFFICER);
    await page.getByRole("heading", { name: "Alerts", level: 1 }).waitFor();
    await page.getByRole("link", { name: "Role change" }).first().click();
    await page.waitForURL(/\/app\/alerts\/alr_/);
    const alertId = new URL(page.url()).pathname.split("/").pop()!;

    await page.getByRole("button", { name: "Acknowledge" }).click();
    await page.getByText("Alert acknowledged.").waitFor();
    await page.getByRole("button", { name: "Resolve" }).click();
    await page.getByText("Alert resolved.").waitFor();
    expect(await page.getByRole("button", { name: "Acknowledge" }).count()).toBe(0);

    await page.getByRole("button", { name: "Open a breach record" }).click();
    await page.getByText("A breach record was opened from this alert.").waitFor();
    await page.getByRole("link", { name: "Open the breach record" }).click();
    await page.waitForURL(/\/app\/breaches\/br_/);
    await page.getByText(`Opened from alert ${alertId}`).first().waitFor();

    const alert = await ui.db.alert.findUniqueOrThrow({ where: { id: alertId } });
    expect(alert).toMatchObject({ status: "resolved", acknowledgedBy: OFFICER, resolvedBy: OFFICER });
    expect(alert.breachId).toMatch(/^br_/);
    expect(problems).toEqual({ consoleErrors: [], pageErrors: [], failedRequests: [], outsideRequests: [] });
  }, 90_000);

  it("lists resolved alerts under their filter; a viewer sees the alert without actions", async () => {
    const { page, problems } = await ui.open("/app/alerts?status=resolved", VIEWER);
    await page.getByRole("link", { name: "Role change" }).first().click();
    await page.waitForURL(/\/app\/alerts\/alr_/);
    await page.getByText("Privacy officers and owners can acknowledge and resolve alerts.").waitFor();
    expect(await page.getByRole("button", { name: "Resolve" }).count()).toBe(0);
    expect(problems).toEqual({ consoleErrors: [], pageErrors: [], failedRequests: [], outsideRequests: [] });
  }, 60_000);
});
