import { describe, expect, it } from "vitest";
import { countdown } from "./countdown";
import { nextActions } from "./next-actions";

const now = new Date("2026-12-01T12:00:00Z");
const at = (days: number) => new Date(now.getTime() + days * 86_400_000);

describe("deadline countdown", () => {
  it("counts whole days left (down) and overdue (up)", () => {
    expect(countdown(at(12.9), now, false)).toEqual({ text: "12 days left", tone: "info" });
    expect(countdown(at(7), now, false)).toEqual({ text: "7 days left", tone: "warning" });
    expect(countdown(at(1), now, false)).toEqual({ text: "1 day left", tone: "warning" });
    expect(countdown(at(0.5), now, false)).toEqual({ text: "Due within a day", tone: "critical" });
    expect(countdown(at(-0.1), now, false)).toEqual({ text: "1 day overdue", tone: "critical" });
    expect(countdown(at(-3), now, false)).toEqual({ text: "3 days overdue", tone: "critical" });
    expect(countdown(at(-3), now, true)).toEqual({ text: "Closed", tone: "success" });
  });
});

describe("next actions on a request", () => {
  const intents = (r: ReturnType<typeof nextActions>) => [r.primary?.intent ?? null, r.more.map((a) => a.intent)];

  it("offers one primary action for the state and the rest in the menu", () => {
    expect(intents(nextActions({ status: "awaiting_verification", type: "access", extended: false, extendable: true }))).toEqual(["verify", ["extend", "reject", "cancel", "note"]]);
    expect(intents(nextActions({ status: "verified", type: "access", extended: false, extendable: true }))).toEqual(["export", ["complete", "extend", "reject", "cancel", "note"]]);
    expect(intents(nextActions({ status: "verified", type: "erasure", extended: true, extendable: true }))).toEqual(["erase", ["complete", "reject", "cancel", "note"]]);
    // A correction is applied from the requester's card (beside Shopify's current values), not the menu.
    expect(intents(nextActions({ status: "in_progress", type: "rectification", extended: false, extendable: false }))).toEqual(["complete", ["reject", "cancel", "note"]]);
    expect(intents(nextActions({ status: "verified", type: "do_not_sell", extended: false, extendable: false }))).toEqual(["do_not_sell", ["complete", "reject", "cancel", "note"]]);
    expect(intents(nextActions({ status: "awaiting_shopify", type: "erasure", extended: false, extendable: true }))).toEqual([null, ["cancel_erasure", "complete", "extend", "cancel", "note"]]);
    expect(intents(nextActions({ status: "completed", type: "access", extended: false, extendable: true }))).toEqual([null, ["note"]]);
  });

  it("confirms erasure, rejection and completion, with the reasons the law needs", () => {
    const all = nextActions({ status: "verified", type: "erasure", extended: false, extendable: true });
    const byIntent = Object.fromEntries([all.primary!, ...all.more].map((a) => [a.intent, a]));
    expect(byIntent.erase).toMatchObject({ kind: "confirm", destructive: true });
    expect(byIntent.erase!.consequence).toMatch(/about 10 days, and up to 6 months/);
    expect(byIntent.reject).toMatchObject({ kind: "confirm", destructive: true, reason: "required" });
    expect(byIntent.extend).toMatchObject({ kind: "confirm", reason: "required" });
    expect(byIntent.complete).toMatchObject({ kind: "confirm", reason: "optional" });
  });
});
