import { parse } from "parse5";
import { describe, expect, it } from "vitest";
import { renderOverride, SAMPLE_VALUES, validateOverride } from "./email-overrides";

describe("email override validation", () => {
  it("accepts the template's own placeholders, with spaces inside the braces", () => {
    expect(validateOverride("code", { subject: "Ihr Code für {{ reference }}", body: "Code: {{code}}\nSeite: {{url}}" })).toEqual({});
  });

  it("refuses a missing required placeholder, an unknown or malformed one, and empty or overlong text, per field", () => {
    expect(validateOverride("code", { subject: "Code", body: "Seite: {{url}}" })).toEqual({ body: { kind: "missing", placeholder: "code" } });
    expect(validateOverride("code", { subject: "Hi {{name}}", body: "{{code}} {{url}}" })).toEqual({ subject: { kind: "unknown", placeholder: "name" } });
    expect(validateOverride("completion", { subject: "Done", body: "{{reference}} {{links}} {{code}}" })).toEqual({ body: { kind: "unknown", placeholder: "code" } });
    expect(validateOverride("code", { subject: "Code", body: "{{code} {{url}}" })).toEqual({ body: { kind: "malformed" } });
    expect(validateOverride("rejection", { subject: " ", body: "x".repeat(5001) })).toEqual({ subject: { kind: "empty" }, body: { kind: "too_long", max: 5000 } });
  });
});

describe("email override rendering", () => {
  it("fills the placeholders and escapes the merchant's text in the HTML part", () => {
    const mail = renderOverride("de", { subject: "Code {{reference}}", body: "Ihr Code: {{code}} <b>&</b>\n{{url}}\n\nGruß, {{shop}}" }, SAMPLE_VALUES);
    expect(mail.subject).toBe("Code PR-7KX2M9QD4TBW3H");
    expect(mail.text).toBe(`Ihr Code: 482913 <b>&</b>\n${SAMPLE_VALUES.url}\n\nGruß, example.myshopify.com`);
    expect(mail.html).toContain("Ihr Code: 482913 &lt;b&gt;&amp;&lt;/b&gt;");
    expect(mail.html).toContain(`<a href="${SAMPLE_VALUES.url}">`);
    const errors: string[] = [];
    parse(mail.html!, { onParseError: (e) => errors.push(e.code) });
    expect(errors).toEqual([]);
  });
});
