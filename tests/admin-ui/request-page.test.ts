// The request page in real Chromium: header with status, regulation and countdown; one primary action
// and a menu; final actions confirmed in a modal with the reason the law needs (refused, beside the
// field, without one); people by name in the timeline, the audit log and the team.
// With ADMIN_SCREENSHOTS=docs/screenshots the README's picture of the request page is retaken.
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_CUSTOMERS } from "../../sandbox/admin-api/seed";
import { adminHeaders } from "../helpers/admin-session";
import { startAdminUi, type AdminUi } from "../helpers/admin-browser";
import { ROOT } from "../helpers/app-server";
import { fileStorefrontRequest } from "../helpers/requests";
import { grantRole } from "../helpers/team";

const DAY = 86_400_000;
const shots = process.env.ADMIN_SCREENSHOTS ? resolve(ROOT, process.env.ADMIN_SCREENSHOTS) : null;
let ui: AdminUi;

const file = (type: string, email: string, customer: string) => fileStorefrontRequest({ appUrl: ui.app.url, env: ui.env, db: ui.db, shop: ui.shop }, { type, email, customerGid: customer });

beforeAll(async () => {
  ui = await startAdminUi();
  const first = await fetch(new URL("/app?_data=routes%2Fapp._index", ui.app.url), { headers: adminHeaders(ui.env, ui.shop, "42") });
  expect(first.status).toBe(200);
  await grantRole(ui.app.url, ui.env, ui.shop, "42", "7002", "privacy_officer");
});

afterAll(async () => {
  await ui?.close();
});

describe("request page", () => {
  it("shows status, regulation and a countdown; rejects only with a reason, confirmed in a modal; names the people", async () => {
    const request = await file("access", "grace.sample@example.com", SANDBOX_CUSTOMERS.grace);
    const { page, problems } = await ui.open(`/app/requests/${request.id}`);
    await page.getByRole("heading", { name: request.reference }).waitFor();

    const daysLeft = Math.floor((request.dueAt.getTime() - Date.now()) / DAY);
    const countdown = page.locator("[data-countdown]");
    expect(await countdown.textContent()).toBe(`${daysLeft} days left`);
    expect(await countdown.getAttribute("data-countdown")).toBe("info");
    await page.getByText("GDPR", { exact: true }).first().waitFor();
    await page.getByText("Verified", { exact: true }).waitFor();

    // One primary action for a verified access request; the rest in the menu.
    await page.getByRole("button", { name: "Export from Shopify" }).waitFor();
    expect(await page.getByRole("button", { name: "Reject request" }).count()).toBe(0);
    await page.getByRole("button", { name: "More actions" }).click();
    expect(await page.getByRole("menuitem").allTextContents()).toEqual(["Mark completed", "Extend deadline", "Reject request", "Cancel request", "Add internal note"]);
    await page.getByRole("menuitem", { name: "Reject request" }).click();

    const dialog = page.getByRole("dialog");
    await dialog.getByText(/complain to a supervisory authority/).waitFor();
    await dialog.getByRole("button", { name: "Reject request" }).click();
    const reason = dialog.getByLabel("Reason for rejecting (sent to the requester)");
    await expect.poll(() => reason.getAttribute("aria-invalid")).toBe("true");
    // The sentence sits next to the field (Polaris links it to the input).
    const describedBy = (await reason.getAttribute("aria-describedby")) ?? "";
    const errorText = await page.evaluate((ids) => ids.split(" ").map((id) => document.getElementById(id)?.textContent ?? "").join(" "), describedBy);
    expect(errorText).toContain("Enter a reason: the law asks you to give the requester one.");
    expect((await ui.db.privacyRequest.findUniqueOrThrow({ where: { id: request.id } })).status).toBe("verified");

    await reason.fill("Identity could not be confirmed");
    await dialog.getByRole("button", { name: "Reject request" }).click();
    await page.getByText("Request rejected.").waitFor();
    expect((await ui.db.privacyRequest.findUniqueOrThrow({ where: { id: request.id } })).status).toBe("rejected");
    await expect.poll(() => countdown.textContent()).toBe("Closed");
    // The timeline names the person, and marks them as you.
    await page.getByText("Verified → Rejected by Sam Owner (you) (Identity could not be confirmed)").waitFor();
    expect(problems).toEqual({ consoleErrors: [], pageErrors: [], failedRequests: [], outsideRequests: [] });
  }, 90_000);

  it("shows an overdue request in red and does not complete it without the confirmation", async () => {
    const request = await file("portability", "linus.testperson@example.com", SANDBOX_CUSTOMERS.linus);
    // Fixture clock: received 33 days ago, due 3 days ago (read by the page; the action below is checked against the database).
    await ui.db.privacyRequest.update({ where: { id: request.id }, data: { dueAt: new Date(Date.now() - 3 * DAY + 3_600_000) } });
    const { page, problems } = await ui.open(`/app/requests/${request.id}`, "7002");
    const countdown = page.locator("[data-countdown]");
    expect(await countdown.textContent()).toBe("3 days overdue");
    expect(await countdown.getAttribute("data-countdown")).toBe("critical");
    const color = await countdown.evaluate((el) => getComputedStyle(el.parentElement!).color);
    const [r, g, b] = (color.match(/\d+/g) ?? []).map(Number);
    expect(r!).toBeGreaterThan(g! + 60);
    expect(r!).toBeGreaterThan(b! + 60);

    await page.getByRole("button", { name: "More actions" }).click();
    await page.getByRole("menuitem", { name: "Mark completed" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText(/A closed request cannot be reopened/).waitFor();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "detached" });
    expect((await ui.db.privacyRequest.findUniqueOrThrow({ where: { id: request.id } })).status).toBe("verified");
    if (shots) {
      mkdirSync(shots, { recursive: true });
      await page.getByRole("button", { name: "More actions" }).click();
      await page.getByRole("menuitem", { name: "Reject request" }).waitFor();
      await page.screenshot({ path: join(shots, "9-admin-request.png"), fullPage: true });
      await page.keyboard.press("Escape");
    }
    expect(problems).toEqual({ consoleErrors: [], pageErrors: [], failedRequests: [], outsideRequests: [] });
  }, 90_000);

  it("names staff on the team page and in the audit log, and shows PR- references there", async () => {
    const request = await file("access", "ada.example@example.com", SANDBOX_CUSTOMERS.ada);
    const noted = await fetch(new URL(`/app/requests/${request.id}?_data=routes%2Fapp.requests.%24id`, ui.app.url), {
      method: "POST",
      headers: adminHeaders(ui.env, ui.shop, "7002"),
      body: new URLSearchParams({ intent: "note", text: "Checked the order history" }),
    });
    expect(noted.status).toBe(200);

    const team = await ui.open("/app/team");
    const rows = team.page.getByRole("row");
    await rows.filter({ hasText: "Sam Owner (you)" }).first().waitFor();
    await rows.filter({ hasText: "Priya Officer" }).first().waitFor();
    expect(await team.page.getByText(/^\d+ \(you\)$/).count()).toBe(0);

    const audit = await ui.open("/app/audit");
    const noteRow = audit.page.getByRole("row").filter({ hasText: "request.noted" }).first();
    expect(await noteRow.textContent()).toContain("Priya Officer");
    expect(await noteRow.textContent()).toContain(request.reference);
    expect(await audit.page.content()).not.toContain(request.id);
    for (const opened of [team, audit]) expect(opened.problems).toEqual({ consoleErrors: [], pageErrors: [], failedRequests: [], outsideRequests: [] });
  }, 90_000);
});
