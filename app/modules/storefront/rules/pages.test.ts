import { describe, expect, it } from "vitest";
import { invalidFormPage, isResultKey, statusPage } from "./pages";

describe("proxy pages", () => {
  it("shows the code form exactly while awaiting verification", () => {
    const waiting = statusPage({ reference: "PR-ABC", status: "awaiting_verification", pathPrefix: "/apps/privacy", result: "invalid_code" });
    expect(waiting).toContain('<form method="post" action="/apps/privacy/requests/PR-ABC/verify">');
    expect(waiting).toContain('name="code" inputmode="numeric" pattern="[0-9]{6}"');
    expect(waiting).toContain('autocomplete="one-time-code" required');
    expect(waiting).toContain("not valid or has expired");
    const done = statusPage({ reference: "PR-ABC", status: "completed", pathPrefix: "/apps/privacy", result: null });
    expect(done).not.toContain("<form");
    expect(done).toContain("Completed");
  });

  it("escapes HTML and Liquid in everything it prints", () => {
    const page = invalidFormPage({ "{{ shop.email }}<script>": "invalid" });
    expect(page).not.toContain("{{");
    expect(page).not.toContain("<script>");
  });

  it("knows only its own result keys", () => {
    expect(isResultKey("verified")).toBe(true);
    expect(isResultKey("toString")).toBe(false);
    expect(isResultKey(null)).toBe(false);
  });
});

describe("a request closed as never verified", () => {
  it("tells the shopper why, and offers no code box", () => {
    const html = statusPage({ reference: "PR-ABC", status: "cancelled", pathPrefix: "/apps/privacy", result: null, neverVerified: true });
    expect(html).toContain("closed because the email address was not confirmed in time");
    expect(html).not.toContain('name="code"');
    expect(statusPage({ reference: "PR-ABC", status: "cancelled", pathPrefix: "/apps/privacy", result: null })).not.toContain("not confirmed in time");
  });
});
