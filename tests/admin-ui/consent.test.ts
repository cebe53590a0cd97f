// The consent log page in real Chromium: the page hydrates (no client-side crash) and its export
// buttons download the filtered log as CSV and NDJSON.
import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedProxyUrl } from "../../sandbox/signing/app-proxy";
import { startAdminUi, type AdminUi } from "../helpers/admin-browser";

let ui: AdminUi;
const visitor = (i: number) => `c0${i.toString(16).padStart(30, "0")}`;

beforeAll(async () => {
  ui = await startAdminUi();
  const actions = ["accept_all", "reject_all", "custom"] as const;
  for (let i = 0; i < 6; i++) {
    const action = actions[i % 3]!;
    const url = signedProxyUrl(ui.app.url, "/consent", { shop: ui.shop }, ui.env.SHOPIFY_API_SECRET!);
    const body = JSON.stringify({
      visitorId: visitor(i),
      noticeVersion: "1",
      categories: { analytics: action !== "reject_all", marketing: action === "accept_all", preferences: action !== "reject_all", sale_of_data: action === "accept_all" },
      region: i % 2 ? "DE" : "USCA",
      gpc: false,
      action,
      locale: "en",
    });
    const response = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json", "X-Forwarded-For": `198.51.100.${i + 1}` }, body });
    expect(response.status).toBe(204);
  }
});

afterAll(async () => {
  await ui?.close();
});

async function download(page: Page, name: string): Promise<{ filename: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent("download", { timeout: 90_000 }), page.getByRole("button", { name }).click()]);
  return { filename: file.suggestedFilename(), text: await readFile(await file.path(), "utf8") };
}

describe("consent log page", () => {
  it("hydrates and downloads the filtered log as CSV and NDJSON from its export buttons", async () => {
    const { page, problems } = await ui.open("/app/consent");
    await page.getByRole("heading", { name: "Consent log" }).waitFor();
    // Filter in the page (client-side navigation needs a hydrated page): only rejections.
    await page.getByLabel("Action").selectOption("reject_all");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL(/action=reject_all/);
    await page.getByText("2 matching").or(page.getByText(/^2$/)).first().waitFor();

    const csv = await download(page, "Export CSV");
    expect(csv.filename).toBe("consent-log.csv");
    const lines = csv.text.trim().split(/\r?\n/);
    expect(lines).toHaveLength(3);
    expect(lines.slice(1).every((l) => l.includes("reject_all"))).toBe(true);
    expect(csv.text).toContain(visitor(1));

    const ndjson = await download(page, "Export NDJSON");
    expect(ndjson.filename).toBe("consent-log.ndjson");
    const records = ndjson.text.trim().split("\n").map((l) => JSON.parse(l) as { action: string; visitorId: string });
    expect(records.map((r) => r.action)).toEqual(["reject_all", "reject_all"]);
    expect(records.map((r) => r.visitorId).sort()).toEqual([visitor(1), visitor(4)].sort());

    expect(problems).toEqual({ consoleErrors: [], pageErrors: [], failedRequests: [], outsideRequests: [] });
  }, 90_000);
});
