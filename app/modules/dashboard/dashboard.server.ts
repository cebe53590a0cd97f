import { db } from "../../platform/db.server";
import { env } from "../../platform/env.server";
import { listBreaches } from "../breaches/breaches.server";
import type { StaffContext } from "../team/staff-context";
import { dashboardCounts } from "./dashboard-counts.server";
import { CLOSED_STATUSES } from "../requests/rules";
import { closeStats, closeStatsByMonth, consentByRegion, DAY_MS } from "./rules/metrics";

const WINDOW_DAYS = 90;
const CONSENT_DAYS = 30;
const MONTHS = 6;

export interface SetupItem {
  id: "app_embed" | "request_form" | "notification_emails" | "smtp" | "regulations" | "team";
  done: boolean | null;
  title: string;
  /** The admin catalog's key for `detail` and its values (the page shows it in the admin's language). */
  detailKey: string;
  detailValues?: Record<string, string | number>;
  detail: string;
  action?: { label: string; url: string; external?: boolean };
}

/** Everything the overview shows, for one shop. Read-only. */
export async function dashboard(ctx: StaffContext, now: Date) {
  const shop = ctx.shop;
  const since = new Date(now.getTime() - WINDOW_DAYS * DAY_MS);
  const monthsSince = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (MONTHS - 1), 1));
  const [{ overdue, week, open, deadJobs, unprocessable, teamSize }, closed, byType, bySource, consentGroups, breaches, settings] = await Promise.all([
    dashboardCounts(shop, now),
    db().privacyRequest.findMany({
      where: { shopDomain: shop, status: { in: [...CLOSED_STATUSES] }, closedAt: { gte: monthsSince < since ? monthsSince : since } },
      select: { receivedAt: true, closedAt: true, dueAt: true, extendedDueAt: true },
      take: 20_000,
    }),
    db().privacyRequest.groupBy({ by: ["type"], where: { shopDomain: shop, receivedAt: { gte: since } }, _count: { _all: true } }),
    db().privacyRequest.groupBy({ by: ["source"], where: { shopDomain: shop, receivedAt: { gte: since } }, _count: { _all: true } }),
    db().consentRecord.groupBy({
      by: ["region", "action", "categories"],
      where: { shopDomain: shop, recordedAt: { gte: new Date(now.getTime() - CONSENT_DAYS * DAY_MS) } },
      _count: { _all: true },
    }),
    listBreaches(ctx, now),
    db().shopSettings.findUnique({ where: { shopDomain: shop }, select: { regulations: true, notificationEmailsCipher: true } }),
  ]);
  const closedRows = closed.map((r) => ({ ...r, closedAt: r.closedAt! }));
  const recent = closedRows.filter((r) => r.closedAt.getTime() >= since.getTime());
  const count = (rows: { _count: { _all: number } }[]) => rows.reduce((sum, r) => sum + r._count._all, 0);
  return {
    requests: {
      overdue,
      week,
      later: Math.max(0, open - overdue - week),
      open,
      close: closeStats(recent),
      byMonth: closeStatsByMonth(closedRows, now, MONTHS),
      byType: byType.map((g) => ({ key: g.type, count: g._count._all })).sort((a, b) => b.count - a.count),
      bySource: bySource.map((g) => ({ key: g.source, count: g._count._all })).sort((a, b) => b.count - a.count),
      received: count(byType),
    },
    consent: consentByRegion(consentGroups.map((g) => ({ region: g.region, action: g.action, categories: g.categories, count: g._count._all }))).slice(0, 8),
    breaches: breaches.filter((b) => !b.closedAt).map((b) => ({ id: b.id, discoveredAt: b.discoveredAt, approxPeopleAffected: b.approxPeopleAffected, clock: b.clock })),
    deadJobs,
    unprocessable,
    setup: setupChecklist(shop, { settingsSaved: settings !== null, regulations: settings?.regulations ?? "", notificationEmails: Boolean(settings?.notificationEmailsCipher), teamSize }),
    windowDays: WINDOW_DAYS,
    consentDays: CONSENT_DAYS,
  };
}

function setupChecklist(shop: string, s: { settingsSaved: boolean; regulations: string; notificationEmails: boolean; teamSize: number }): SetupItem[] {
  const themeEditor = `https://${shop}/admin/themes/current/editor?context=apps`;
  const smtp = Boolean(env().SMTP_URL);
  return [
    {
      id: "app_embed",
      done: null,
      title: "Turn on the consent banner (app embed)",
      detailKey: "setup.app_embed.detail",
      detail: "Privacy Desk does not ask for access to your theme, so it cannot see this. In the theme editor, open App embeds and switch on Privacy consent banner, then save.",
      action: { label: "Open the theme editor", url: themeEditor, external: true },
    },
    {
      id: "request_form",
      done: null,
      title: "Place the privacy request form",
      detailKey: "setup.request_form.detail",
      detail: "Add the Privacy request form block to a page (for example your privacy policy page) in the theme editor, so shoppers can ask for their data.",
      action: { label: "Open the theme editor", url: themeEditor, external: true },
    },
    {
      id: "notification_emails",
      done: s.notificationEmails,
      title: "Add notification addresses",
      detailKey: s.notificationEmails ? "setup.notification_emails.detail_done" : "setup.notification_emails.detail_todo",
      detail: s.notificationEmails ? "The daily digest of due and overdue requests has somewhere to go." : "Nobody gets the daily digest of due and overdue requests yet.",
      action: { label: "Settings", url: "/app/settings" },
    },
    {
      id: "smtp",
      done: smtp,
      title: "Email sending (SMTP)",
      detailKey: smtp ? "setup.smtp.detail_done" : "setup.smtp.detail_todo",
      detail: smtp
        ? "Verification codes and notices to requesters go out by email."
        : "SMTP_URL is not set: guests cannot file requests from the storefront (they need an emailed code) and requesters get no notices. Your developer sets it in the app's environment.",
    },
    {
      id: "regulations",
      done: s.settingsSaved && s.regulations.length > 0,
      title: "Choose the regulations you follow",
      detailKey: s.settingsSaved ? "setup.regulations.detail_done" : "setup.regulations.detail_todo",
      detailValues: { regulations: s.regulations.split(",").filter(Boolean).map((r) => r.toUpperCase().replace("_", " ")).join(", ") || "—" },
      detail: s.settingsSaved ? `Following: ${s.regulations.split(",").filter(Boolean).map((r) => r.toUpperCase().replace("_", " ")).join(", ") || "none"}.` : "All regulations are on by default; review them and the deadline rule once.",
      action: { label: "Settings", url: "/app/settings" },
    },
    {
      id: "team",
      done: s.teamSize > 1,
      title: "Invite your team",
      detailKey: s.teamSize > 1 ? "setup.team.detail_done" : "setup.team.detail_todo",
      detailValues: { count: s.teamSize },
      detail: s.teamSize > 1 ? `${s.teamSize} staff members have opened the app.` : "Only you have opened the app. Colleagues join as viewers when they open it; an owner gives them a role on the Team page.",
      action: { label: "Team", url: "/app/team" },
    },
  ];
}
