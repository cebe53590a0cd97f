import { describe, expect, it } from "vitest";
import { can, leavesNoOwner, PERMISSIONS, permissionsOf, ROLES } from "./index";

describe("roles", () => {
  it("grants exactly the documented permissions", () => {
    expect(permissionsOf("owner")).toEqual([...PERMISSIONS]);
    expect(permissionsOf("privacy_officer")).toEqual(["read", "requests.act", "requests.download", "breaches.manage", "logs.export", "jobs.retry", "emails.manage"]);
    expect(permissionsOf("viewer")).toEqual(["read"]);
  });

  it("every role reads; only owners manage settings and the team", () => {
    for (const role of ROLES) expect(can(role, "read")).toBe(true);
    expect(ROLES.filter((r) => can(r, "settings.manage"))).toEqual(["owner"]);
    expect(ROLES.filter((r) => can(r, "team.manage"))).toEqual(["owner"]);
    expect(ROLES.filter((r) => can(r, "requests.act"))).toEqual(["owner", "privacy_officer"]);
  });

  it("never lets the last owner go", () => {
    expect(leavesNoOwner("owner", "viewer", 1)).toBe(true);
    expect(leavesNoOwner("owner", "privacy_officer", 1)).toBe(true);
    expect(leavesNoOwner("owner", "viewer", 2)).toBe(false);
    expect(leavesNoOwner("owner", "owner", 1)).toBe(false);
    expect(leavesNoOwner("viewer", "privacy_officer", 1)).toBe(false);
  });
});
