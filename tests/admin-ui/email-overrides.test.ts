// Settings > Emails in real Chromium: an owner picks the German code email, previews their own text
// (filled with sample values), saves it, is refused with the problem under the field when {{code}}
// is missing (nothing stored), and resets to the default; a viewer sees the page read-only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminHeaders } from "../helpers/admin-session";
import { startAdminUi, type AdminUi } from "../helpers/admin-browser";
import { grantRole } from "../helpers/team";

const OWNER = "42";
const VIEWER = "43";
let ui: AdminUi;

beforeAll(async () => {
  ui = await startAdminUi();
  const first = await fetch(new URL("/app?_data=routes%2Fapp._index", ui.app.url), { headers: adminHeaders(ui.env, ui.shop, OWNER) });
  expect(first.status).toBe(200);
  await grantRole(ui.app.url, ui.env, ui.shop, OWNER, VIEWER, "viewer");
});

afterAll(async () => {
  await ui?.close();
});

const stored = () => ui.db.emailOverride.findMany({ where: { shopDomain: ui.shop } });

describe("Settings > Emails", () => {
  it("edits, previews, saves, refuses a text without {{code}} and resets the German code email", async () => {
    const { page, context, problems, status } = await ui.open("/app/settings", OWNER);
    expect(status).toBe(200);
    // From Settings through its link card, then to the German code email through the two lists.
    await page.getByRole("link", { name: "Edit email texts" }).click();
    await page.getByRole("heading", { name: "Email texts" }).waitFor();
    await page.getByLabel("Language").selectOption("de");
    await page.waitForURL(/mailLocale=de/);
    await page.getByText("Default text", { exact: true }).waitFor();
    // The default (catalog) German text, with sample values, stands beside the editor.
    await page.getByText("482913", { exact: false }).first().waitFor();

    await page.getByLabel("Subject").fill("Ihr persönlicher Code für {{reference}}");
    await page.getByLabel("Text", { exact: true }).fill("Hallo!\nIhr persönlicher Code lautet {{code}}.\n\nBitte hier eingeben: {{url}}");
    await page.getByRole("button", { name: "Preview" }).click();
    await page.getByText("Preview below, filled with example values.").waitFor();
    await page.getByText("Subject: Ihr persönlicher Code für PR-7KX2M9QD4TBW3H").waitFor();
    await page.getByText("Ihr persönlicher Code lautet 482913.", { exact: false }).waitFor();
    expect(await stored()).toEqual([]);

    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Your text is saved and used from now on.").waitFor();
    await page.getByText("Your own text", { exact: true }).waitFor();
    expect((await stored()).map((o) => [o.template, o.locale, o.subject])).toEqual([["code", "de", "Ihr persönlicher Code für {{reference}}"]]);

    // Without {{code}}: refused, the problem under the text field, the saved text unchanged.
    await page.getByLabel("Text", { exact: true }).fill("Bitte hier eingeben: {{url}}");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("{{code}} is missing: the email needs it.").waitFor();
    expect((await stored())[0]!.body).toContain("{{code}}");

    await page.getByRole("button", { name: "Reset to default" }).click();
    await page.getByText("The default text is used again.").waitFor();
    await page.getByText("Default text", { exact: true }).waitFor();
    expect(await stored()).toEqual([]);
    expect(await page.getByLabel("Subject").inputValue()).toBe("");
    const audit = await ui.db.auditEntry.findMany({ where: { shopDomain: ui.shop, action: { startsWith: "email_override." } }, orderBy: { seq: "asc" } });
    expect(audit.map((a) => [a.action, a.subjectId])).toEqual([
      ["email_override.saved", "code:de"],
      ["email_override.reset", "code:de"],
    ]);

    // The refusal was an answer, not a failure of the page.
    expect(problems.pageErrors).toEqual([]);
    expect(problems.outsideRequests).toEqual([]);
    expect(problems.failedRequests.map((f) => f.split(" ").slice(0, 2).join(" "))).toEqual(["422 POST"]);
    expect(problems.consoleErrors.every((e) => /status of 422/.test(e))).toBe(true);
    await context.close();
  }, 120_000);

  it("shows a viewer the texts without the buttons", async () => {
    const { page, context, problems } = await ui.open("/app/settings/emails?template=completion&mailLocale=fr", VIEWER);
    await page.getByText("Only owners and privacy officers can change email texts.").waitFor();
    expect(await page.getByRole("button", { name: "Save" }).count()).toBe(0);
    expect(await page.getByLabel("Subject").isDisabled()).toBe(true);
    expect(problems).toEqual({ consoleErrors: [], pageErrors: [], failedRequests: [], outsideRequests: [] });
    await context.close();
  }, 60_000);
});
