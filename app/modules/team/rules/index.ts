/**
 * Roles inside the app and what each may do. Pure: the server checks `can` on every admin loader
 * and action (app/modules/team/staff.server.ts); the UI only uses it to hide what would be refused.
 * See docs/decisions/0005-roles-and-requester-email.md.
 */
export const ROLES = ["owner", "privacy_officer", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  owner: "Owner",
  privacy_officer: "Privacy officer",
  viewer: "Viewer",
};

export const PERMISSIONS = [
  // Every role: pages, lists, the audit chain check (it reads and records that it ran).
  "read",
  // Officers and owners: anything that changes a request or a breach, or hands personal data out.
  "requests.act",
  "requests.download",
  "breaches.manage",
  "logs.export",
  "jobs.retry",
  // The wording of requester emails (Settings > Emails): what officers answer requesters with.
  "emails.manage",
  // Owners only: what decides who sees what and how long data and links live.
  "settings.manage",
  "team.manage",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Role, ReadonlySet<Permission>> = {
  owner: new Set(PERMISSIONS),
  privacy_officer: new Set<Permission>(["read", "requests.act", "requests.download", "breaches.manage", "logs.export", "jobs.retry", "emails.manage"]),
  viewer: new Set<Permission>(["read"]),
};

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].has(permission);
}

export function permissionsOf(role: Role): Permission[] {
  return PERMISSIONS.filter((p) => GRANTS[role].has(p));
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export class RoleError extends Error {
  override readonly name = "RoleError";
  constructor(
    readonly code: "LAST_OWNER" | "UNKNOWN_STAFF",
    message: string,
  ) {
    super(message);
  }
}

/**
 * Whether changing `staffId` from `from` to `to` would leave the shop without an owner. `owners` is
 * the current number of owners. The last owner cannot be demoted; a new owner must be named first.
 */
export function leavesNoOwner(from: Role, to: Role, owners: number): boolean {
  return from === "owner" && to !== "owner" && owners <= 1;
}
