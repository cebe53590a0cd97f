// The audit streaming page in Chromium: an owner adds a Splunk HEC destination through the form,
// sees it catch up, then sees the failure state (badge and last error) once the collector is gone;
// a viewer sees the same state without any form. No console error, page error or failed request.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAdminUi, type AdminUi } from "../helpers/admin-browser";
import { waitFor } from "../helpers/db-client";
import { startHecReceiver, type HecReceiver } from "../helpers/siem-receivers";

let ui: AdminUi;
let hec: HecReceiver;

beforeAll(async () => {
  [ui, hec] = await Promise.all([startAdminUi(), startHecReceiver()]);
}, 120_000);
afterAll(async () => {
  await ui?.close();
  await hec?.close();
});

describe("audit streaming page", () => {
  it("an owner adds a destination, watches it catch up, and sees why it fails", async () => {
    const { page, problems } = await ui.open("/app/streaming");
    await page.getByText("No destination yet.").waitFor();
    await page.getByLabel("Kind").selectOption("splunk_hec");
    await page.getByLabel("Name").fill("Our Splunk");
    await page.getByLabel("HEC address").fill(hec.url);
    await page.getByLabel("HEC token").fill(hec.token);
    await page.getByRole("button", { name: "Add destination" }).click();
    await page.getByText("Destination added.").waitFor();

    const stream = await waitFor(() => ui.db.auditStream.findFirst({ where: { shopDomain: ui.shop } }));
    expect(stream.secretCipher).not.toContain(hec.token);
    // The page refreshes its figures every 5 s: it shows the destination caught up.
    await page.getByText("Up to date").waitFor({ timeout: 30_000 });
    const head = (await ui.db.auditHead.findUniqueOrThrow({ where: { shopDomain: ui.shop } })).seq;
    expect(Number(await page.locator("[data-delivered-seq]").getAttribute("data-delivered-seq"))).toBeGreaterThanOrEqual(head - 1);
    expect(hec.events.some((e) => (e.event as { type: string }).type === "audit_checkpoint")).toBe(true);

    // The collector goes away; pausing and resuming (both audited) gives the destination entries to send.
    await hec.close();
    await page.getByRole("button", { name: "Pause" }).click();
    await page.getByText("Streaming paused.").waitFor();
    await page.getByRole("button", { name: "Resume" }).click();
    await page.getByText("Streaming resumed.").waitFor();
    await page.getByText("Failing").waitFor({ timeout: 30_000 });
    expect(await page.locator("[data-last-error]").textContent()).toMatch(/could not be reached/);
    expect(Number(await page.locator("[data-lag-entries]").getAttribute("data-lag-entries"))).toBeGreaterThan(0);
    expect(problems).toEqual({ consoleErrors: [], pageErrors: [], failedRequests: [], outsideRequests: [] });
  }, 120_000);

  it("a viewer sees the state but no form", async () => {
    const { page, problems } = await ui.open("/app/streaming", "7003");
    await page.getByText("Only an owner of the app can change streaming destinations.").waitFor();
    await page.getByText("Our Splunk").waitFor();
    expect(await page.getByRole("button", { name: "Add destination" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Send test event" }).count()).toBe(0);
    expect(problems).toEqual({ consoleErrors: [], pageErrors: [], failedRequests: [], outsideRequests: [] });
  }, 60_000);
});
