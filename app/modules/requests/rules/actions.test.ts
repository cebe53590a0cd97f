import { describe, expect, it } from "vitest";
import { availableIntents, refusalOf } from "./actions";
import { dueState } from "./due";
import { REQUEST_STATUSES, REQUEST_TYPES } from "./states";

describe("what staff can do with a request", () => {
  it("exports only access and portability requests, once the requester is verified", () => {
    expect(availableIntents({ type: "access", status: "verified", extended: false })).toContain("export");
    expect(availableIntents({ type: "portability", status: "in_progress", extended: false })).toContain("export");
    expect(refusalOf("export", { type: "erasure", status: "verified", extended: false })).toBe("only access and portability requests are exported");
    expect(refusalOf("export", { type: "access", status: "awaiting_verification", extended: false })).toBe("verify the requester before exporting");
  });

  it("erases and rectifies only their own types, once verified; cancels an erasure only while Shopify has it", () => {
    expect(availableIntents({ type: "erasure", status: "verified", extended: false })).toEqual(expect.arrayContaining(["erase", "complete", "reject", "cancel", "extend", "note"]));
    expect(availableIntents({ type: "erasure", status: "verified", extended: false })).not.toContain("rectify");
    expect(availableIntents({ type: "erasure", status: "awaiting_shopify", extended: false })).toEqual(expect.arrayContaining(["cancel_erasure", "complete"]));
    expect(availableIntents({ type: "erasure", status: "awaiting_shopify", extended: false })).not.toContain("erase");
    expect(refusalOf("rectify", { type: "rectification", status: "received", extended: false })).toBe("verify the requester before changing their record");
  });

  it("allows one extension and only notes on a closed request", () => {
    expect(refusalOf("extend", { type: "access", status: "verified", extended: true })).toBe("the deadline was already extended once");
    for (const status of ["completed", "rejected", "cancelled"]) {
      for (const type of REQUEST_TYPES) expect(availableIntents({ type, status, extended: false })).toEqual(["note"]);
    }
  });

  it("verifies only a request waiting for verification, and completes none that is not verified", () => {
    for (const status of REQUEST_STATUSES) {
      const intents = availableIntents({ type: "access", status, extended: false });
      expect(intents.includes("verify"), status).toBe(status === "received" || status === "awaiting_verification");
      if (status === "received" || status === "awaiting_verification") expect(intents).not.toContain("complete");
    }
  });
});

describe("due state", () => {
  const now = new Date("2026-03-01T12:00:00Z");
  const at = (iso: string) => new Date(iso);
  it("uses the extended deadline where there is one, and a 7-day due-soon window", () => {
    expect(dueState({ status: "verified", dueAt: at("2026-02-28T00:00:00Z"), extendedDueAt: at("2026-04-30T00:00:00Z") }, now)).toBe("on_track");
    expect(dueState({ status: "verified", dueAt: at("2026-02-28T00:00:00Z"), extendedDueAt: null }, now)).toBe("overdue");
    expect(dueState({ status: "verified", dueAt: at("2026-03-08T12:00:00Z"), extendedDueAt: null }, now)).toBe("due_soon");
    expect(dueState({ status: "verified", dueAt: at("2026-03-08T12:00:01Z"), extendedDueAt: null }, now)).toBe("on_track");
    expect(dueState({ status: "completed", dueAt: at("2026-02-01T00:00:00Z"), extendedDueAt: null }, now)).toBe("closed");
  });
});
