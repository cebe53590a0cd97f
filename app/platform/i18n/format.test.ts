import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime } from "./format";

const instant = new Date("2027-01-14T22:59:00Z");

describe("formatDateTime", () => {
  it("writes the wall time in the shop's zone, in the shopper's language, and names the zone", () => {
    expect(formatDateTime(instant, "de", "Europe/Berlin")).toBe("14. Januar 2027 um 23:59 (Europe/Berlin)");
    expect(formatDateTime(instant, "en", "America/New_York")).toBe("January 14, 2027 at 5:59 PM (America/New_York)");
    expect(formatDateTime(instant, "fr", "Europe/Paris")).toBe("14 janvier 2027 à 23:59 (Europe/Paris)");
    expect(formatDateTime(instant, "ja", "Asia/Tokyo")).toBe("2027年1月15日 7:59 (Asia/Tokyo)");
  });
  it("crosses the date line with the zone, and falls back to UTC for an unknown zone", () => {
    expect(formatDate(instant, "pl", "Asia/Tokyo")).toBe("15 stycznia 2027 (Asia/Tokyo)");
    expect(formatDate(instant, "pt-BR", "Not/AZone")).toBe("14 de janeiro de 2027 (UTC)");
  });
});
