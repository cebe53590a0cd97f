import { db } from "../../platform/db.server";
import { hotSql, type SqlParam } from "../../platform/hot-sql.server";
import { dueSoonHorizon } from "../requests/rules/due";
import { OPEN_STATUSES } from "../requests/rules/states";

export interface DashboardCounts {
  overdue: number;
  week: number;
  open: number;
  deadJobs: number;
  unprocessable: number;
  teamSize: number;
}

/**
 * The overview's six counts in one statement (ADR 0014's hot path layer): as six Prisma queries
 * they cost about as much server time as the rest of the page's data together. Due states as in
 * requests/due-filter.server.ts (the deadline in force: the extended one where there is one).
 */
export async function dashboardCounts(shop: string, now: Date): Promise<DashboardCounts> {
  const sql = await hotSql(db());
  const open = `"shopDomain" = ? AND "status" IN (${OPEN_STATUSES.map(() => "?").join(", ")})`;
  const openParams: SqlParam[] = [shop, ...OPEN_STATUSES];
  const deadline = `COALESCE("extendedDueAt", "dueAt")`;
  const [row] = await sql.rows<Record<keyof DashboardCounts, number | string | bigint>>(
    `SELECT
      (SELECT COUNT(*) FROM "PrivacyRequest" WHERE ${open} AND ${deadline} < ?) AS "overdue",
      (SELECT COUNT(*) FROM "PrivacyRequest" WHERE ${open} AND ${deadline} >= ? AND ${deadline} <= ?) AS "week",
      (SELECT COUNT(*) FROM "PrivacyRequest" WHERE ${open}) AS "open",
      (SELECT COUNT(*) FROM "Job" WHERE "shopDomain" = ? AND "status" = 'dead') AS "deadJobs",
      (SELECT COUNT(*) FROM "WebhookEvent" WHERE "shopDomain" = ? AND "status" = 'unprocessable') AS "unprocessable",
      (SELECT COUNT(*) FROM "StaffMember" WHERE "shopDomain" = ?) AS "teamSize"`,
    [...openParams, now, ...openParams, now, dueSoonHorizon(now), ...openParams, shop, shop, shop],
  );
  return {
    overdue: Number(row!.overdue),
    week: Number(row!.week),
    open: Number(row!.open),
    deadJobs: Number(row!.deadJobs),
    unprocessable: Number(row!.unprocessable),
    teamSize: Number(row!.teamSize),
  };
}
