import { describe, expect, it } from "vitest";
import { assertTransition, canTransition, REQUEST_STATUSES, type RequestStatus } from "./states";

describe("request state machine", () => {
  it("allows the happy paths", () => {
    const path: RequestStatus[] = ["received", "awaiting_verification", "verified", "in_progress", "awaiting_shopify", "completed"];
    for (let i = 1; i < path.length; i++) expect(canTransition(path[i - 1]!, path[i]!)).toBe(true);
  });

  it("closed requests never move again", () => {
    for (const closed of ["completed", "rejected", "cancelled"] as const) {
      for (const to of REQUEST_STATUSES) expect(canTransition(closed, to)).toBe(false);
    }
  });

  it("refuses illegal moves and closing without a reason", () => {
    expect(() => assertTransition("awaiting_verification", "awaiting_shopify", null)).toThrow(/cannot go from awaiting_verification to awaiting_shopify/);
    expect(() => assertTransition("verified", "received", null)).toThrow(/cannot go/);
    expect(() => assertTransition("verified", "rejected", "  ")).toThrow(/needs a reason/);
    expect(() => assertTransition("in_progress", "cancelled", undefined)).toThrow(/needs a reason/);
    expect(() => assertTransition("verified", "rejected", "identity not confirmed")).not.toThrow();
    expect(() => assertTransition("awaiting_shopify", "rejected", "x")).toThrow(/cannot go/);
  });
});
