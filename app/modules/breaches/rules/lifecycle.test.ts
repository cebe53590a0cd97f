import { describe, expect, it } from "vitest";
import { allowedBreachChanges, breachRefusal } from "./lifecycle";

const fresh = { closed: false, authorityNotified: false, peopleNotified: false, notificationNotNeeded: false };

describe("breach lifecycle", () => {
  it("cannot close before the notification decision is on record", () => {
    expect(allowedBreachChanges(fresh)).toEqual(["authority_notified", "people_notified", "notification_not_needed", "containment_updated"]);
    expect(breachRefusal("closed", { ...fresh, notificationNotNeeded: true })).toBeNull();
    expect(breachRefusal("closed", { ...fresh, authorityNotified: true })).toBeNull();
  });

  it("records each notification once, and no 'not needed' after the authority was told", () => {
    expect(breachRefusal("authority_notified", { ...fresh, authorityNotified: true })).toMatch(/already recorded/);
    expect(breachRefusal("people_notified", { ...fresh, peopleNotified: true })).toMatch(/already recorded/);
    expect(breachRefusal("notification_not_needed", { ...fresh, authorityNotified: true })).toMatch(/already notified/);
    // A reassessment may still find that notification was needed after all.
    expect(breachRefusal("authority_notified", { ...fresh, notificationNotNeeded: true })).toBeNull();
  });

  it("accepts nothing once closed", () => {
    expect(allowedBreachChanges({ ...fresh, authorityNotified: true, closed: true })).toEqual([]);
  });
});
