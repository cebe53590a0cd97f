import { describe, expect, it } from "vitest";
import { AUTHORITY_DEADLINE_MS, DUE_SOON_MS, HOUR_MS, breachClock, describeClock, formatRemaining, type BreachClockState } from "./clock";

const DISCOVERED = new Date("2026-03-10T08:30:00.000Z");
const DEADLINE = new Date("2026-03-13T08:30:00.000Z");
const MIN = 60_000;
const at = (msAfterDiscovery: number) => new Date(DISCOVERED.getTime() + msAfterDiscovery);

describe("breachClock", () => {
  it("puts the deadline exactly 72 hours after discovery", () => {
    expect(AUTHORITY_DEADLINE_MS).toBe(259_200_000);
    const clock = breachClock({ discoveredAt: DISCOVERED, authorityNotifiedAt: null, notificationNotNeeded: false, now: DISCOVERED });
    expect(clock.deadline.toISOString()).toBe(DEADLINE.toISOString());
    expect(clock.remainingMs).toBe(AUTHORITY_DEADLINE_MS);
  });

  const open: { name: string; now: number; state: BreachClockState; remainingMs: number }[] = [
    { name: "at discovery", now: 0, state: "due", remainingMs: 72 * HOUR_MS },
    { name: "1 ms before 24 h are left", now: 48 * HOUR_MS - 1, state: "due", remainingMs: DUE_SOON_MS + 1 },
    { name: "exactly 24 h left", now: 48 * HOUR_MS, state: "due_soon", remainingMs: DUE_SOON_MS },
    { name: "1 ms after 24 h are left", now: 48 * HOUR_MS + 1, state: "due_soon", remainingMs: DUE_SOON_MS - 1 },
    { name: "1 ms before the deadline", now: AUTHORITY_DEADLINE_MS - 1, state: "due_soon", remainingMs: 1 },
    { name: "exactly at 72 h", now: AUTHORITY_DEADLINE_MS, state: "due_soon", remainingMs: 0 },
    { name: "1 ms after the deadline", now: AUTHORITY_DEADLINE_MS + 1, state: "overdue", remainingMs: -1 },
    { name: "a week later", now: 7 * 24 * HOUR_MS, state: "overdue", remainingMs: -96 * HOUR_MS },
  ];
  it.each(open)("open, not notified: $name -> $state", ({ now, state, remainingMs }) => {
    const clock = breachClock({ discoveredAt: DISCOVERED, authorityNotifiedAt: null, notificationNotNeeded: false, now: at(now) });
    expect(clock).toEqual({ deadline: DEADLINE, remainingMs, state });
  });

  const notified: { name: string; notifiedAt: number; state: BreachClockState; remainingMs: number }[] = [
    { name: "an hour after discovery", notifiedAt: HOUR_MS, state: "notified_in_time", remainingMs: 71 * HOUR_MS },
    { name: "1 ms before 72 h", notifiedAt: AUTHORITY_DEADLINE_MS - 1, state: "notified_in_time", remainingMs: 1 },
    { name: "exactly at 72 h", notifiedAt: AUTHORITY_DEADLINE_MS, state: "notified_in_time", remainingMs: 0 },
    { name: "1 ms after 72 h", notifiedAt: AUTHORITY_DEADLINE_MS + 1, state: "notified_late", remainingMs: -1 },
    { name: "a day late", notifiedAt: 96 * HOUR_MS, state: "notified_late", remainingMs: -24 * HOUR_MS },
  ];
  it.each(notified)("notified $name -> $state, whatever the current time", ({ notifiedAt, state, remainingMs }) => {
    for (const now of [notifiedAt, notifiedAt + 1, 30 * 24 * HOUR_MS]) {
      for (const notificationNotNeeded of [false, true]) {
        const clock = breachClock({ discoveredAt: DISCOVERED, authorityNotifiedAt: at(notifiedAt), notificationNotNeeded, now: at(now) });
        expect(clock).toEqual({ deadline: DEADLINE, remainingMs, state });
      }
    }
  });

  it.each([0, AUTHORITY_DEADLINE_MS, AUTHORITY_DEADLINE_MS + 1, 30 * 24 * HOUR_MS])("is not_required when assessed so (now = +%i ms), never overdue", (now) => {
    const clock = breachClock({ discoveredAt: DISCOVERED, authorityNotifiedAt: null, notificationNotNeeded: true, now: at(now) });
    expect(clock).toEqual({ deadline: DEADLINE, remainingMs: AUTHORITY_DEADLINE_MS - now, state: "not_required" });
  });

  it("does not read the system clock", () => {
    const a = breachClock({ discoveredAt: DISCOVERED, authorityNotifiedAt: null, notificationNotNeeded: false, now: at(HOUR_MS) });
    const b = breachClock({ discoveredAt: DISCOVERED, authorityNotifiedAt: null, notificationNotNeeded: false, now: at(HOUR_MS) });
    expect(a).toEqual(b);
    expect(a.remainingMs).toBe(71 * HOUR_MS);
  });
});

describe("formatRemaining", () => {
  it.each([
    [41 * HOUR_MS + 12 * MIN, "41 h 12 min left"],
    [41 * HOUR_MS + 12 * MIN + 59_999, "41 h 12 min left"],
    [72 * HOUR_MS, "72 h 0 min left"],
    [59 * MIN, "0 h 59 min left"],
    [1, "0 h 0 min left"],
    [0, "0 h 0 min left"],
    [-1, "overdue by 0 h 1 min"],
    [-MIN, "overdue by 0 h 1 min"],
    [-(3 * HOUR_MS + 5 * MIN), "overdue by 3 h 5 min"],
    [-(3 * HOUR_MS + 4 * MIN + 1), "overdue by 3 h 5 min"],
    [-(100 * HOUR_MS), "overdue by 100 h 0 min"],
  ])("%i ms -> %s", (ms, text) => {
    expect(formatRemaining(ms)).toBe(text);
  });
});

describe("describeClock", () => {
  const base = { discoveredAt: DISCOVERED, notificationNotNeeded: false };
  it.each([
    [{ ...base, authorityNotifiedAt: at(30 * HOUR_MS + 30 * MIN), now: at(90 * HOUR_MS) }, "Authority notified 41 h 30 min before the deadline"],
    [{ ...base, authorityNotifiedAt: at(75 * HOUR_MS + 5 * MIN), now: at(90 * HOUR_MS) }, "Authority notified 3 h 5 min after the deadline"],
    [{ ...base, authorityNotifiedAt: null, notificationNotNeeded: true, now: at(90 * HOUR_MS) }, "Authority notification assessed as not required"],
    [{ ...base, authorityNotifiedAt: null, now: at(30 * HOUR_MS + 48 * MIN) }, "41 h 12 min left"],
    [{ ...base, authorityNotifiedAt: null, now: at(75 * HOUR_MS + 5 * MIN) }, "overdue by 3 h 5 min"],
  ])("%#: %s", (input, text) => {
    expect(describeClock(breachClock(input))).toBe(text);
  });
});
