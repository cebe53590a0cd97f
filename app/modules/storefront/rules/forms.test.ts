import { describe, expect, it } from "vitest";
import { canonicalCategories, isCode, isReference, parseConsent, parseRequestForm, requestDetails } from "./forms";

const consent = {
  visitorId: "9f86d081884c7d659a2feaa0c55ad015",
  noticeVersion: "1",
  categories: { analytics: true, marketing: false, preferences: true, sale_of_data: false },
  region: "DE",
  gpc: false,
  action: "accept_all",
  locale: "de",
};

describe("parseConsent", () => {
  it("accepts the contract's example and empty region/locale", () => {
    expect(parseConsent(JSON.stringify(consent))).toMatchObject({ visitorId: consent.visitorId, action: "accept_all" });
    expect(parseConsent(JSON.stringify({ ...consent, region: "", locale: "" }))).not.toBeNull();
    expect(parseConsent(JSON.stringify({ ...consent, region: "USCA", locale: "pt-BR" }))).not.toBeNull();
  });

  it.each([
    ["not JSON", "{"],
    ["an array", "[]"],
    ["an upper-case visitor id", JSON.stringify({ ...consent, visitorId: consent.visitorId.toUpperCase() })],
    ["a short visitor id", JSON.stringify({ ...consent, visitorId: "abc" })],
    ["an empty notice version", JSON.stringify({ ...consent, noticeVersion: "" })],
    ["a 65-char notice version", JSON.stringify({ ...consent, noticeVersion: "x".repeat(65) })],
    ["a missing category", JSON.stringify({ ...consent, categories: { analytics: true, marketing: false, preferences: true } })],
    ["an extra category", JSON.stringify({ ...consent, categories: { ...consent.categories, other: true } })],
    ["a string boolean", JSON.stringify({ ...consent, gpc: "false" })],
    ["an unknown action", JSON.stringify({ ...consent, action: "maybe" })],
    ["markup in region", JSON.stringify({ ...consent, region: "<b>" })],
    ["markup in locale", JSON.stringify({ ...consent, locale: "{{x}}" })],
  ])("rejects %s", (_name, raw) => {
    expect(parseConsent(raw)).toBeNull();
  });

  it("stores categories in one canonical form whatever order they came in", () => {
    expect(canonicalCategories({ sale_of_data: false, preferences: true, marketing: false, analytics: true })).toBe(
      '{"analytics":true,"marketing":false,"preferences":true,"sale_of_data":false}',
    );
  });
});

const form = (fields: Record<string, string>) =>
  new URLSearchParams({ type: "access", email: "shopper@example.com", correction: "", message: "", website: "", locale: "en", ...fields });

describe("parseRequestForm", () => {
  it("accepts a complete form and trims the email", () => {
    expect(parseRequestForm(form({ email: "  shopper@example.com " }))).toEqual({
      kind: "ok",
      value: { type: "access", email: "shopper@example.com", correction: "", message: "", locale: "en", region: "", customerRegion: "" },
    });
  });

  it("keeps a well-formed region claim and reads a malformed one as unknown", () => {
    const ok = parseRequestForm(form({ region: "usca", customer_region: "CAQC" }));
    expect(ok).toMatchObject({ kind: "ok", value: { region: "USCA", customerRegion: "CAQC" } });
    for (const bad of ["<b>", "USCALIFORNIA", "1", "{{x}}"]) expect(parseRequestForm(form({ region: bad }))).toMatchObject({ kind: "ok", value: { region: "" } });
  });

  it("names each wrong field", () => {
    expect(parseRequestForm(form({ type: "delete_everything", email: "not-an-email", message: "x".repeat(2001), locale: "<x>" }))).toEqual({
      kind: "invalid",
      fields: { type: "invalid", email: "invalid", message: "too_long", locale: "invalid" },
    });
    expect(parseRequestForm(new URLSearchParams())).toEqual({ kind: "invalid", fields: { type: "required", email: "required" } });
  });

  it("requires a correction for rectification only", () => {
    expect(parseRequestForm(form({ type: "rectification", correction: "  " }))).toEqual({ kind: "invalid", fields: { correction: "required" } });
    expect(parseRequestForm(form({ type: "rectification", correction: "New address" })).kind).toBe("ok");
    expect(parseRequestForm(form({ type: "erasure" })).kind).toBe("ok");
  });

  it("treats a filled honeypot as a bot before anything else", () => {
    expect(parseRequestForm(form({ website: "https://spam.example.com", email: "bad" }))).toEqual({ kind: "honeypot" });
  });

  it("keeps correction and message as the request's details", () => {
    expect(requestDetails({ type: "rectification", email: "a@example.com", correction: "Fix my name", message: "Thanks", locale: "", region: "", customerRegion: "" })).toBe(
      "Correction requested: Fix my name\n\nMessage: Thanks",
    );
    expect(requestDetails({ type: "access", email: "a@example.com", correction: "", message: "", locale: "", region: "", customerRegion: "" })).toBeNull();
  });
});

describe("isReference / isCode", () => {
  it("accepts only safe references and six-digit codes", () => {
    expect(isReference("PR-7KQ2-M9XD")).toBe(true);
    expect(isReference("")).toBe(false);
    expect(isReference("PR/../x")).toBe(false);
    expect(isReference("x".repeat(65))).toBe(false);
    expect(isCode("012345")).toBe(true);
    expect(isCode("12345")).toBe(false);
    expect(isCode("12345a")).toBe(false);
  });
});
