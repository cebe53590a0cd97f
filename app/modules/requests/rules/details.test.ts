import { describe, expect, it } from "vitest";
import { requestDetails } from "../../storefront/rules/forms";
import { splitDetails } from "./details";

const form = { type: "rectification" as const, email: "a@example.com", locale: "en", region: "", customerRegion: "" };

describe("splitDetails", () => {
  it.each([
    ["Fix my name to Ana", "Thanks"],
    ["Fix my name to Ana", ""],
    ["", "Just a message"],
    ["Line one\n\nMessage: looks like a message", "the real message"],
    ["<b>{{ x }}</b>", "<script>alert(1)</script>"],
  ])("round-trips correction %j and message %j", (correction, message) => {
    expect(splitDetails(requestDetails({ ...form, correction, message }))).toEqual({ correction: correction || null, message: message || null });
  });

  it("reads nothing as nothing and unknown text as a message", () => {
    expect(splitDetails(null)).toEqual({ correction: null, message: null });
    expect(splitDetails("Entered by staff")).toEqual({ correction: null, message: "Entered by staff" });
  });
});
