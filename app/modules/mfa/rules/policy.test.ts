import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY, policyOf, stepUpDecision, verifiedUntilAfter, STEP_UP_ACTIONS } from "./policy";

const now = new Date("2026-12-01T10:00:00Z");
const later = (ms: number) => new Date(now.getTime() + ms);

describe("stepUpDecision", () => {
  it("lets staff without a factor through by default, and refuses them when enrollment is required", () => {
    expect(stepUpDecision(DEFAULT_POLICY, "requests.erase", null, now)).toBe("allowed");
    expect(stepUpDecision(DEFAULT_POLICY, "requests.erase", { confirmed: false, verifiedUntil: null }, now)).toBe("allowed");
    const strict = { ...DEFAULT_POLICY, requireEnrollment: true };
    expect(stepUpDecision(strict, "requests.erase", null, now)).toBe("enrollment_required");
    expect(stepUpDecision(strict, "requests.erase", { confirmed: false, verifiedUntil: null }, now)).toBe("enrollment_required");
  });

  it("asks an enrolled staff member for a step-up until one is verified, and again once it expires", () => {
    expect(stepUpDecision(DEFAULT_POLICY, "exports.download", { confirmed: true, verifiedUntil: null }, now)).toBe("step_up_required");
    expect(stepUpDecision(DEFAULT_POLICY, "exports.download", { confirmed: true, verifiedUntil: later(1) }, now)).toBe("allowed");
    expect(stepUpDecision(DEFAULT_POLICY, "exports.download", { confirmed: true, verifiedUntil: now }, now)).toBe("step_up_required");
    expect(stepUpDecision(DEFAULT_POLICY, "exports.download", { confirmed: true, verifiedUntil: later(-1) }, now)).toBe("step_up_required");
  });

  it("leaves actions the owner unticked alone, but always protects changes to one's own factor", () => {
    const loose = { ...DEFAULT_POLICY, protectedActions: ["requests.erase" as const], requireEnrollment: true };
    expect(stepUpDecision(loose, "team.roles", { confirmed: true, verifiedUntil: null }, now)).toBe("allowed");
    expect(stepUpDecision(loose, "team.roles", null, now)).toBe("allowed");
    expect(stepUpDecision({ ...loose, protectedActions: [] }, "mfa.disable", { confirmed: true, verifiedUntil: null }, now)).toBe("step_up_required");
    expect(stepUpDecision({ ...loose, protectedActions: [] }, "mfa.regenerate", { confirmed: true, verifiedUntil: later(1000) }, now)).toBe("allowed");
    // Nothing to protect before a factor exists.
    expect(stepUpDecision(loose, "mfa.disable", null, now)).toBe("allowed");
  });
});

describe("policyOf", () => {
  it("defaults to every action, 10 minutes, enrollment not required", () => {
    expect(policyOf(null)).toEqual({ protectedActions: STEP_UP_ACTIONS, stepUpMinutes: 10, requireEnrollment: false });
  });
  it("drops unknown ids, keeps canonical order and clamps the window", () => {
    expect(policyOf({ protectedActions: "team.roles,bogus,requests.erase", stepUpMinutes: 600, requireEnrollment: true })).toEqual({ protectedActions: ["requests.erase", "team.roles"], stepUpMinutes: 60, requireEnrollment: true });
    expect(policyOf({ protectedActions: "", stepUpMinutes: 0, requireEnrollment: false }).stepUpMinutes).toBe(1);
  });
  it("a verified step-up lasts the policy's minutes", () => {
    expect(verifiedUntilAfter(now, { ...DEFAULT_POLICY, stepUpMinutes: 3 }).toISOString()).toBe("2026-12-01T10:03:00.000Z");
  });
});
