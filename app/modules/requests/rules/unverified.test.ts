import { describe, expect, it } from "vitest";
import { countsForDeadlinePerformance, isNeverVerified, NEVER_VERIFIED_REASON, verificationWindowClosesAt } from "./unverified";

const received = new Date("2026-12-01T10:00:00Z");
const codeExpires = new Date("2026-12-01T10:15:00Z");

describe("never-verified requests", () => {
  it("closes the window a day after the last code expired, or after receipt when no code was sent", () => {
    expect(verificationWindowClosesAt(received, codeExpires).toISOString()).toBe("2026-12-02T10:15:00.000Z");
    expect(verificationWindowClosesAt(received, null).toISOString()).toBe("2026-12-02T10:00:00.000Z");
  });

  it("only for requests still waiting for their code, once the window has closed", () => {
    expect(isNeverVerified("awaiting_verification", received, codeExpires, new Date("2026-12-02T10:14:59.999Z"))).toBe(false);
    expect(isNeverVerified("awaiting_verification", received, codeExpires, new Date("2026-12-02T10:15:00Z"))).toBe(true);
    // A resend moves the window.
    expect(isNeverVerified("awaiting_verification", received, new Date("2026-12-02T09:00:00Z"), new Date("2026-12-02T10:15:00Z"))).toBe(false);
    for (const status of ["verified", "in_progress", "completed", "cancelled"]) expect(isNeverVerified(status, received, codeExpires, new Date("2027-01-01T00:00:00Z"))).toBe(false);
  });

  it("keeps never-verified requests out of deadline performance, and nothing else", () => {
    expect(countsForDeadlinePerformance("cancelled", NEVER_VERIFIED_REASON)).toBe(false);
    expect(countsForDeadlinePerformance("cancelled", "Duplicate")).toBe(true);
    expect(countsForDeadlinePerformance("completed", null)).toBe(true);
    expect(countsForDeadlinePerformance("awaiting_verification", null)).toBe(true);
  });
});
