import { describe, expect, it } from "vitest";
import { afterHoursAlert, countedAlert, deadlineState, DEFAULT_THRESHOLDS, localTime, nextStatus, outsideWorkingHours, parseWorkDays, reviewDueAt, reviewOverdue, stepsFor, thresholdsOf, watched, type AppendedEntry, type CounterHit } from ".";

const at = new Date("2026-12-01T10:00:00Z");
const entry = (action: string, extra: Partial<AppendedEntry> = {}): AppendedEntry => ({ shopDomain: "s.myshopify.com", actorType: "staff", actorId: "42", action, occurredAt: at, ...extra });

describe("which actions feed which rule", () => {
  it("most actions have no rule", () => {
    for (const action of ["request.created", "notice.sent", "settings.updated", "alert.acknowledged", "retention.purged"]) {
      expect(watched(action)).toBe(false);
      expect(stepsFor(entry(action), 1)).toEqual([]);
    }
  });

  it("counts exports and downloads per staff member, and checks working hours for them", () => {
    const steps = stepsFor(entry("export.downloaded"), 7);
    expect(steps.map((s) => s.kind).sort()).toEqual(["count", "working_hours"]);
    const count = steps.find((s) => s.kind === "count");
    expect(count).toMatchObject({ hit: { rule: "bulk_export", subject: "staff:42", actorId: "42" } });
    // A shopper downloading their own export is not staff access.
    expect(stepsFor(entry("export.downloaded", { actorType: "shopper", actorId: null }), 7)).toEqual([]);
  });

  it("counts failed codes and download links per source, and ignores entries without one", () => {
    expect(stepsFor(entry("verification.failed", { actorType: "shopper", actorId: null, metadata: { source: "abc" } }), 1)).toEqual([
      { kind: "count", hit: { rule: "access_failures", subject: "source:abc", actorId: null, sourceRef: "abc", action: "verification.failed" } },
    ]);
    expect(stepsFor(entry("download.link_failed", { actorType: "shopper", actorId: null, metadata: { source: "abc" } }), 1)[0]).toMatchObject({ hit: { subject: "source:abc" } });
    expect(stepsFor(entry("verification.failed", { actorType: "shopper", actorId: null }), 1)).toEqual([]);
  });

  it("counts step-up MFA failures per staff member", () => {
    expect(stepsFor(entry("mfa.step_up_failed"), 1)).toMatchObject([{ kind: "count", hit: { rule: "mfa_failures", subject: "staff:42" } }]);
  });

  it("raises role changes by staff (new owners high), not the system's own assignments", () => {
    expect(stepsFor(entry("staff.role_assigned", { metadata: { from: "viewer", to: "owner" } }), 9)).toMatchObject([{ kind: "raise", draft: { rule: "role_change", severity: "high", dedupeKey: "role_change:9" } }]);
    expect(stepsFor(entry("staff.role_assigned", { metadata: { from: "viewer", to: "privacy_officer" } }), 9)).toMatchObject([{ draft: { severity: "medium" } }]);
    expect(stepsFor(entry("staff.role_assigned", { actorType: "system", actorId: null, metadata: { from: null, to: "owner" } }), 1)).toEqual([]);
  });

  it("raises a failed chain verification once per break, not a passing one", () => {
    expect(stepsFor(entry("audit.verified", { metadata: { ok: true, entries: 3 } }), 4)).toEqual([]);
    const [a] = stepsFor(entry("audit.verified", { metadata: { ok: false, brokenAtSeq: 3, reason: "hash_mismatch" } }), 4);
    const [b] = stepsFor(entry("audit.verified", { metadata: { ok: false, brokenAtSeq: 3, reason: "hash_mismatch" } }), 5);
    expect(a).toMatchObject({ draft: { rule: "audit_integrity" } });
    expect(a?.kind === "raise" && b?.kind === "raise" && a.draft.dedupeKey === b.draft.dedupeKey).toBe(true);
  });

  it("raises dead compliance jobs only", () => {
    expect(stepsFor(entry("job.dead", { actorType: "system", actorId: null, subjectType: "job", subjectId: "j1", metadata: { kind: "webhook.customers/redact" } }), 1)).toMatchObject([{ draft: { rule: "dead_webhook_job", dedupeKey: "dead_job:j1" } }]);
    expect(stepsFor(entry("job.dead", { actorType: "system", subjectId: "j2", metadata: { kind: "scanner.run" } }), 1)).toEqual([]);
  });

  it("raises each deadline state of a request once, and key rotations and overdue reviews", () => {
    const soon = stepsFor(entry("request.deadline_warning", { actorType: "system", subjectId: "r1", metadata: { state: "due_soon" } }), 1);
    const over = stepsFor(entry("request.deadline_warning", { actorType: "system", subjectId: "r1", metadata: { state: "overdue" } }), 2);
    expect(soon).toMatchObject([{ draft: { dedupeKey: "deadline:r1:due_soon", severity: "medium" } }]);
    expect(over).toMatchObject([{ draft: { dedupeKey: "deadline:r1:overdue", severity: "high" } }]);
    expect(stepsFor(entry("keys.rotated", { actorType: "system" }), 3)).toMatchObject([{ draft: { rule: "key_rotation" } }]);
    expect(stepsFor(entry("access_review.overdue", { actorType: "system", subjectId: "7", metadata: { dueAt: "2026-12-01" } }), 3)).toMatchObject([{ draft: { dedupeKey: "access_review:7:2026-12-01" } }]);
  });
});

describe("window counts", () => {
  const hit: CounterHit = { rule: "bulk_export", subject: "staff:42", actorId: "42", sourceRef: null, action: "export.downloaded" };
  const ends = new Date("2026-12-01T11:00:00Z");
  it("fires exactly when the count reaches the threshold, once per window", () => {
    const t = { ...DEFAULT_THRESHOLDS, exportThreshold: 3 };
    expect(countedAlert(hit, 2, ends, t, null, null)).toBeNull();
    expect(countedAlert(hit, 3, ends, t, null, null)).toMatchObject({ rule: "bulk_export", count: 3, dedupeKey: `bulk_export:staff:42:${ends.toISOString()}` });
    expect(countedAlert(hit, 4, ends, t, null, null)).toBeNull();
  });
});

describe("working hours in the shop's zone", () => {
  const hours = { workStartHour: 8, workEndHour: 19, workDays: [1, 2, 3, 4, 5] };
  it("reads the wall clock in the zone", () => {
    // 2026-12-01 is a Tuesday; 10:00 UTC is 19:00 in Tokyo and 05:00 in New York.
    expect(localTime(at, "Asia/Tokyo")).toMatchObject({ weekday: 2, hour: 19, date: "2026-12-01" });
    expect(localTime(at, "America/New_York")).toMatchObject({ hour: 5 });
    expect(localTime(at, "Not/AZone")).toMatchObject({ hour: 10 });
  });
  it("is inside on a weekday between start and end, outside otherwise", () => {
    expect(outsideWorkingHours(at, "Europe/Paris", hours)).toBe(false);
    expect(outsideWorkingHours(at, "Asia/Tokyo", hours)).toBe(true);
    expect(outsideWorkingHours(at, "America/New_York", hours)).toBe(true);
    expect(outsideWorkingHours(new Date("2026-12-05T10:00:00Z"), "Europe/Paris", hours)).toBe(true);
  });
  it("raises one alert per staff member per local day, only when enabled", () => {
    expect(afterHoursAlert({ actorId: "42", action: "customer.viewed" }, at, "Asia/Tokyo", DEFAULT_THRESHOLDS)).toBeNull();
    const on = { ...DEFAULT_THRESHOLDS, workingHoursEnabled: true };
    expect(afterHoursAlert({ actorId: "42", action: "customer.viewed" }, at, "Asia/Tokyo", on)).toMatchObject({ dedupeKey: "after_hours:42:2026-12-01", details: { localTime: "19:00" } });
    expect(afterHoursAlert({ actorId: "42", action: "customer.viewed" }, at, "Europe/Paris", on)).toBeNull();
  });
});

describe("deadlines, reviews, thresholds, moves", () => {
  it("says when a request is due soon or overdue", () => {
    expect(deadlineState(new Date("2026-12-10T00:00:00Z"), at, 3)).toBeNull();
    expect(deadlineState(new Date("2026-12-03T00:00:00Z"), at, 3)).toBe("due_soon");
    expect(deadlineState(new Date("2026-12-01T09:00:00Z"), at, 3)).toBe("overdue");
  });
  it("dues a review months after the last confirmation, clamped to month ends", () => {
    expect(reviewDueAt(new Date("2026-11-30T12:00:00Z"), 3).toISOString()).toBe("2027-02-28T12:00:00.000Z");
    expect(reviewOverdue(new Date("2026-09-01T00:00:00Z"), 3, at)).toBe(true);
    expect(reviewOverdue(new Date("2026-09-02T00:00:00Z"), 3, at)).toBe(false);
  });
  it("reads stored settings and work days", () => {
    expect(thresholdsOf(null)).toBe(DEFAULT_THRESHOLDS);
    expect(parseWorkDays("5, 1,x,9,1")).toEqual([1, 5]);
  });
  it("moves new -> acknowledged -> resolved only", () => {
    expect(nextStatus("new", "acknowledge")).toBe("acknowledged");
    expect(nextStatus("acknowledged", "acknowledge")).toBeNull();
    expect(nextStatus("acknowledged", "resolve")).toBe("resolved");
    expect(nextStatus("resolved", "resolve")).toBeNull();
  });
});
