import { BOT_REFUSAL } from "./rules/bot-refusal";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { db, isUniqueViolation } from "../../platform/db.server";
import { can, isRole, leavesNoOwner, RoleError, ROLE_LABELS, type Permission, type Role } from "./rules";
import { authenticate, sessionStorage } from "../../platform/shopify/shopify.server";
import { decryptField, encryptField } from "../../platform/crypto";
import { env } from "../../platform/env.server";
import { errorFields, log } from "../../platform/logger.server";
import { displayName } from "./rules/staff-name";
import { cipherContext } from "../../platform/protected-data/registry";
import type { StaffContext } from "./staff-context";
import { appendAudit } from "../audit/audit.server";
import { matchAdminLocale, PSEUDO_LOCALE, type AdminLocale } from "../admin-i18n/rules/locale";
import { timed } from "../../platform/http/server-timing.server";

/** A staff member acting for a shop, with the role the app gave them there. */
export interface AuthorizedStaff extends StaffContext {
  role: Role;
}

/**
 * Authenticates an admin request (session token), finds the staff member's role in this shop and
 * refuses with 403 unless the role grants `permission`. Every admin loader and action calls it
 * with the permission it needs; a request the role may not make changes nothing.
 */
export async function requireStaff(request: LoaderFunctionArgs["request"], permission: Permission, context?: unknown): Promise<AuthorizedStaff> {
  const staff = await identify(request, context);
  authorize(staff, permission);
  return staff;
}

// A document request runs the layout's loader and the page's side by side, each with its own copy
// of the request but one load context (server/start.mjs makes one per HTTP request): loaders that
// pass it authenticate once per request instead of once per loader. Permissions are checked per call.
const identified = new WeakMap<object, Promise<AuthorizedStaff>>();

function identify(request: Request, context: unknown): Promise<AuthorizedStaff> {
  if (typeof context !== "object" || context === null) return identifyStaff(request);
  let staff = identified.get(context);
  if (!staff) {
    staff = timed("auth", () => identifyStaff(request));
    identified.set(context, staff);
  }
  return staff;
}

async function identifyStaff(request: Request): Promise<AuthorizedStaff> {
  const { session, sessionToken } = await authenticateAdmin(request);
  const staffId = sessionToken?.sub ? String(sessionToken.sub) : null;
  // Without a user id (no session token subject) nobody can be given a role: read-only.
  const member = staffId ? await roleOf(session.shop, staffId, new Date()) : { role: "viewer" as const, named: true };
  if (staffId && !member.named) await rememberName(session.shop, staffId, session.onlineAccessInfo?.associated_user);
  return { shop: session.shop, staffId, role: member.role };
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

/**
 * Stores the staff member's name (encrypted) once Shopify has given it: from the online session the
 * request authenticated with, or the one token exchange stored for this user (`<shop>_<userId>`).
 * Tried until known; a failure only means the id is shown for now.
 */
async function rememberName(shop: string, staffId: string, user: { id: number; first_name?: string; last_name?: string } | undefined): Promise<void> {
  try {
    const associated = user && String(user.id) === staffId ? user : (await sessionStorage.loadSession(`${shop}_${staffId}`))?.onlineAccessInfo?.associated_user;
    const name = displayName(associated);
    if (!name) return;
    await db().staffMember.updateMany({ where: { shopDomain: shop, staffId, nameCipher: null }, data: { nameCipher: encryptField(env().keyRing, name, cipherContext.staffMember(shop, staffId)) } });
  } catch (error) {
    log.warn("staff name not stored", { shop, ...errorFields(error) });
  }
}

/** Display names of this shop's staff, by staff id (those Shopify has named). */
export async function staffNames(shop: string, staffIds?: readonly string[]): Promise<Record<string, string>> {
  const rows = await db().staffMember.findMany({
    where: { shopDomain: shop, nameCipher: { not: null }, ...(staffIds ? { staffId: { in: [...new Set(staffIds)] } } : {}) },
    select: { staffId: true, nameCipher: true },
  });
  const names: Record<string, string> = {};
  for (const row of rows) {
    try {
      names[row.staffId] = decryptField(env().keyRing, row.nameCipher!, cipherContext.staffMember(shop, row.staffId));
    } catch (error) {
      log.warn("staff name unreadable", { shop, ...errorFields(error) });
    }
  }
  return names;
}

async function roleOf(shop: string, staffId: string, now: Date): Promise<{ role: Role; named: boolean }> {
  const member = await db().staffMember.findUnique({ where: { shopDomain_staffId: { shopDomain: shop, staffId } }, select: { role: true, nameCipher: true } });
  if (member) return { role: isRole(member.role) ? member.role : "viewer", named: member.nameCipher !== null };
  return { role: await joinTeam(shop, staffId, now), named: false };
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


// What this instance last stored per staff member: an admin page load then costs no write statement
// (an UPDATE matching nothing still takes SQLite's write lock). Bounded; another instance's write is harmless.
const storedLocales = new Map<string, AdminLocale>();

/** Keeps the staff member's own admin language (for the digest); written only when it changed. */
export async function rememberStaffLocale(shop: string, staffId: string, locale: AdminLocale): Promise<void> {
  const key = `${shop}\n${staffId}`;
  if (storedLocales.get(key) === locale) return;
  try {
    await db().staffMember.updateMany({ where: { shopDomain: shop, staffId, OR: [{ locale: null }, { locale: { not: locale } }] }, data: { locale } });
    if (storedLocales.size >= 10_000) storedLocales.clear();
    storedLocales.set(key, locale);
  } catch (error) {
    log.warn("staff locale not stored", { shop, ...errorFields(error) });
  }
}

/**
 * The admin language of each staff member whose email Shopify gave us (their online session), by
 * lower-cased address: a notification address that is a staff member's own gets their language.
 */
export async function staffLocalesByEmail(shop: string): Promise<Map<string, AdminLocale>> {
  const found = new Map<string, AdminLocale>();
  const members = await db().staffMember.findMany({ where: { shopDomain: shop, locale: { not: null } }, select: { staffId: true, locale: true } });
  for (const member of members) {
    const locale = matchAdminLocale(member.locale);
    if (!locale || locale === PSEUDO_LOCALE) continue;
    try {
      const email = (await sessionStorage.loadSession(`${shop}_${member.staffId}`))?.onlineAccessInfo?.associated_user?.email;
      if (email) found.set(email.toLowerCase(), locale);
    } catch (error) {
      log.warn("staff session unreadable", { shop, ...errorFields(error) });
    }
  }
  return found;
}
