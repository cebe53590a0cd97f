import { BOT_REFUSAL } from "./rules/bot-refusal";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { db, isUniqueViolation } from "../../platform/db.server";
import { can, isRole, leavesNoOwner, RoleError, ROLE_LABELS, type Permission, type Role } from "./rules";
import { authenticate } from "../../platform/shopify/shopify.server";
import type { StaffContext } from "./staff-context";
import { appendAudit } from "../audit/audit.server";

/** A staff member acting for a shop, with the role the app gave them there. */
export interface AuthorizedStaff extends StaffContext {
  role: Role;
}

/**
 * Authenticates an admin request (session token), finds the staff member's role in this shop and
 * refuses with 403 unless the role grants `permission`. Every admin loader and action calls it
 * with the permission it needs; a request the role may not make changes nothing.
 */
export async function requireStaff(request: LoaderFunctionArgs["request"], permission: Permission): Promise<AuthorizedStaff> {
  const { session, sessionToken } = await authenticateAdmin(request);
  const staffId = sessionToken?.sub ? String(sessionToken.sub) : null;
  // Without a user id (no session token subject) nobody can be given a role: read-only.
  const role = staffId ? await roleOf(session.shop, staffId, new Date()) : "viewer";
  const staff = { shop: session.shop, staffId, role };
  authorize(staff, permission);
  return staff;
}


async function authenticateAdmin(request: Request) {
  try {
    return await authenticate.admin(request);
  } catch (thrown) {
    if (thrown instanceof Response && thrown.status === 410) {
      throw new Response(BOT_REFUSAL, { status: 410, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
    }
    throw thrown;
  }
}

/** Throws 403 unless the role grants `permission` (for actions whose permission depends on the form). */
export function authorize(staff: AuthorizedStaff, permission: Permission): void {
  if (!can(staff.role, permission)) {
    throw new Response(`Not allowed: your role in this app (${ROLE_LABELS[staff.role]}) cannot do this. Ask an owner of the app.`, {
      status: 403,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
}

async function roleOf(shop: string, staffId: string, now: Date): Promise<Role> {
  const member = await db().staffMember.findUnique({ where: { shopDomain_staffId: { shopDomain: shop, staffId } }, select: { role: true } });
  if (member) return isRole(member.role) ? member.role : "viewer";
  return joinTeam(shop, staffId, now);
}

/**
 * First visit of a staff member to this shop's app. The very first becomes owner (claimed through
 * TeamBootstrap's primary key, so concurrent first visits make one owner); everyone after starts as
 * viewer until an owner assigns a role. Audited.
 */
async function joinTeam(shop: string, staffId: string, now: Date): Promise<Role> {
  const join = (role: Role, bootstrap: boolean) =>
    db().$transaction(async (tx) => {
      if (bootstrap) await tx.teamBootstrap.create({ data: { shopDomain: shop, staffId, at: now } });
      await tx.staffMember.create({ data: { shopDomain: shop, staffId, role, firstSeenAt: now } });
      await appendAudit(tx, {
        shopDomain: shop,
        actorType: "system",
        action: "staff.role_assigned",
        subjectType: "staff",
        subjectId: staffId,
        reason: bootstrap ? "first staff member to open the app becomes owner" : "new staff member starts as viewer",
        metadata: { from: null, to: role },
        occurredAt: now,
      });
    });
  const existing = await db().teamBootstrap.findUnique({ where: { shopDomain: shop }, select: { staffId: true } });
  for (const [role, bootstrap] of existing ? ([["viewer", false]] as const) : ([["owner", true], ["viewer", false]] as const)) {
    try {
      await join(role, bootstrap);
      return role;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Lost a race: someone else became owner first, or this staff member's other request joined.
      const member = await db().staffMember.findUnique({ where: { shopDomain_staffId: { shopDomain: shop, staffId } }, select: { role: true } });
      if (member) return isRole(member.role) ? member.role : "viewer";
    }
  }
  return "viewer";
}

export async function listTeam(ctx: StaffContext) {
  const members = await db().staffMember.findMany({ where: { shopDomain: ctx.shop }, orderBy: [{ firstSeenAt: "asc" }, { staffId: "asc" }], select: { staffId: true, role: true, firstSeenAt: true } });
  return members.map((m) => ({ ...m, role: isRole(m.role) ? m.role : ("viewer" as Role) }));
}

/**
 * Gives `staffId` a role, audited with who changed it from what to what. The shop's team row is
 * written first so concurrent changes queue (PostgreSQL row lock, SQLite write lock); the last
 * owner cannot be demoted, so a shop is never left without an owner.
 */
export async function assignRole(ctx: StaffContext, staffId: string, role: Role, now: Date): Promise<{ changed: boolean }> {
  return db().$transaction(async (tx) => {
    await tx.teamBootstrap.updateMany({ where: { shopDomain: ctx.shop }, data: { shopDomain: ctx.shop } });
    const member = await tx.staffMember.findUnique({ where: { shopDomain_staffId: { shopDomain: ctx.shop, staffId } } });
    if (!member) throw new RoleError("UNKNOWN_STAFF", "no staff member with that id has opened the app in this shop");
    const from = isRole(member.role) ? member.role : "viewer";
    if (from === role) return { changed: false };
    const owners = await tx.staffMember.count({ where: { shopDomain: ctx.shop, role: "owner" } });
    if (leavesNoOwner(from, role, owners)) throw new RoleError("LAST_OWNER", "the shop must keep at least one owner: make someone else owner first");
    await tx.staffMember.update({ where: { id: member.id }, data: { role } });
    await appendAudit(tx, { shopDomain: ctx.shop, actorType: "staff", actorId: ctx.staffId, action: "staff.role_assigned", subjectType: "staff", subjectId: staffId, metadata: { from, to: role }, occurredAt: now });
    return { changed: true };
  });
}

