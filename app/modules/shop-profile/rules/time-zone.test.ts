import { describe, expect, it } from "vitest";
import { formatInZone, validTimeZone } from "./time-zone";

describe("shop time zone", () => {
  it("formats a time as wall time in the shop's zone, naming the zone", () => {
    expect(formatInZone("2026-07-01T12:30:00Z", "Europe/Berlin")).toBe("2026-07-01 14:30 Europe/Berlin");
    expect(formatInZone("2026-12-01T00:15:00Z", "America/Los_Angeles")).toBe("2026-11-30 16:15 America/Los_Angeles");
    expect(formatInZone("2026-12-01T00:15:00Z", "UTC")).toBe("2026-12-01 00:15 UTC");
    expect(formatInZone("not a date", "UTC")).toBe("—");
  });

  it("accepts only zones the runtime knows", () => {
    expect(validTimeZone("Asia/Kolkata")).toBe("Asia/Kolkata");
    expect(validTimeZone("Mars/Olympus")).toBeNull();
    expect(validTimeZone("")).toBeNull();
    expect(validTimeZone(42)).toBeNull();
  });
});
