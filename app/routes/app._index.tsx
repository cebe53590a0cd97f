import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Box, Button, Card, DataTable, InlineGrid, InlineStack, Page, Text } from "@shopify/polaris";
import { dashboard } from "../modules/dashboard/dashboard.server";
import { timed } from "../platform/http/server-timing.server";
import { requireStaff } from "../modules/team/staff.server";
import { breachClock } from "../modules/breaches/rules/clock";
import { CONSENT_CATEGORIES, percent } from "../modules/dashboard/rules/metrics";
import { BarChart } from "../ui/charts";
import { clockText, CLOCK_TONE, useNow } from "../ui/breach-ui";
import { useT } from "../ui/i18n";
import { useFormatDate } from "../ui/format";
import { useCan } from "../ui/permissions";
import { pageMessages } from "../modules/admin-i18n/page-messages.server";

export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const staff = await requireStaff(request, "read", context);
  const now = new Date();
  return json({ ...(await timed("data", () => dashboard(staff, now))), now: now.toISOString(), pageMessages: await pageMessages({ request, context }, staff, ["overview", "setup", "breach.clock", "requestType"]) }, { headers: { "Cache-Control": "no-store" } });
};

function Figure({ id, label, value, tone, href, linkText }: { id: string; label: string; value: number | string; tone?: "critical" | "caution" | "success"; href?: string; linkText?: string }) {
  const t = useT();
  return (
    <Card>
      <BlockStack gap="200">
        <div data-figure-card={id} hidden />
        <Text as="h2" variant="headingSm">
          {label}
        </Text>
        <Text as="p" variant="heading2xl" tone={tone}>
          {value}
        </Text>
        {href ? <Link to={href}>{linkText ?? t("common.view")}</Link> : null}
      </BlockStack>
    </Card>
  );
}


export default function Overview() {
  const data = useLoaderData<typeof loader>();
  const formatDate = useFormatDate();
  const can = useCan();
  const now = useNow(data.now);
  const r = data.requests;
  const t = useT();
  const setupLeft = data.setup.filter((s) => s.done === false).length;
  return (
    <Page title={t("overview.title")} subtitle={t("overview.subtitle", { windowDays: data.windowDays, consentDays: data.consentDays })}>
      <BlockStack gap="400">
        <InlineGrid columns={{ xs: 1, sm: 2, md: 5 }} gap="400">
          <Figure id="Overdue" label={t("overview.figure.overdue")} value={r.overdue} tone={r.overdue ? "critical" : undefined} href="/app/requests?due=overdue" linkText={t("overview.figure.overdueLink", { count: r.overdue })} />
          <Figure id="Due within 7 days" label={t("overview.figure.week")} value={r.week} tone={r.week ? "caution" : undefined} href="/app/requests?due=week" linkText={t("overview.figure.weekLink", { count: r.week })} />
          <Figure id="Open requests" label={t("overview.figure.open")} value={r.open} href="/app/requests?due=open" linkText={t("overview.figure.openLink", { count: r.open })} />
          <Figure id="Open breaches" label={t("overview.figure.breaches")} value={data.breaches.length} tone={data.breaches.length ? "critical" : undefined} href="/app/breaches" linkText={t("overview.figure.breachesLink")} />
          <Figure id="Failed jobs" label={t("overview.figure.deadJobs")} value={data.deadJobs} tone={data.deadJobs ? "critical" : undefined} href="/app/webhooks" linkText={data.deadJobs ? t("overview.figure.deadJobsRetry") : t("nav.webhooks")} />
        </InlineGrid>

        <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("overview.closing.title")}
              </Text>
              <InlineStack gap="800">
                <BlockStack gap="100">
                  <Text as="p" tone="subdued">
                    {t("overview.closing.onTime", { days: data.windowDays })}
                  </Text>
                  <Text as="p" variant="headingXl">
                    <span data-figure="on-time-rate">{percent(r.close.onTimeRate)}</span>
                  </Text>
                </BlockStack>
                <BlockStack gap="100">
                  <Text as="p" tone="subdued">
                    {t("overview.closing.median")}
                  </Text>
                  <Text as="p" variant="headingXl">
                    <span data-figure="median-days">{r.close.medianDays === null ? "—" : t("common.days", { count: r.close.medianDays })}</span>
                  </Text>
                </BlockStack>
              </InlineStack>
              <BarChart
                caption={t("overview.closing.chart")}
                bars={r.byMonth.map((m) => ({
                  label: m.month,
                  value: m.closed,
                  text: m.closed ? t("overview.closing.bar", { closed: m.closed, rate: percent(m.onTimeRate), count: m.medianDays ?? 0 }) : "0",
                  tone: m.onTimeRate !== null && m.onTimeRate < 1 ? "warning" : "success",
                }))}
              />
            </BlockStack>
          </Card>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("overview.received.title", { count: r.received })}
              </Text>
              {r.received === 0 ? (
                <Text as="p" tone="subdued">
                  {t("overview.received.none", { days: data.windowDays })}
                </Text>
              ) : (
                <>
                  <BarChart caption={t("overview.received.byType")} bars={r.byType.map((b) => ({ label: t(`requestType.${b.key}`), value: b.count, href: `/app/requests?type=${b.key}` }))} />
                  <BarChart caption={t("overview.received.bySource")} bars={r.bySource.map((s) => ({ label: t(`overview.source.${s.key}`), value: s.count }))} />
                </>
              )}
            </BlockStack>
          </Card>
        </InlineGrid>

        <Card>
          <BlockStack gap="300">
            <InlineStack align="space-between">
              <Text as="h2" variant="headingMd">
                {t("overview.consent.title", { days: data.consentDays })}
              </Text>
              <Link to="/app/consent">{t("nav.consent")}</Link>
            </InlineStack>
            {data.consent.length === 0 ? (
              <Text as="p" tone="subdued">
                {t("overview.consent.none")}
              </Text>
            ) : (
              <DataTable
                columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", ...CONSENT_CATEGORIES.map(() => "numeric" as const)]}
                headings={[t("overview.consent.region"), t("overview.consent.choices"), t("overview.consent.acceptAll"), t("overview.consent.rejectAll"), t("overview.consent.custom"), ...CONSENT_CATEGORIES.map((c) => t(`overview.consent.allowed.${c}`))]}
                rows={data.consent.map((c) => [
                  c.region,
                  c.total,
                  percent(c.acceptAll / c.total),
                  percent(c.rejectAll / c.total),
                  percent(c.custom / c.total),
                  ...CONSENT_CATEGORIES.map((cat) => percent(c.allowed[cat])),
                ])}
              />
            )}
          </BlockStack>
        </Card>

        <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("overview.breaches.title")}
              </Text>
              {data.breaches.length === 0 ? (
                <Text as="p" tone="subdued">
                  {t("overview.breaches.none")}
                </Text>
              ) : (
                data.breaches.map((b) => {
                  const clock = breachClock({ discoveredAt: new Date(b.discoveredAt), authorityNotifiedAt: null, notificationNotNeeded: b.clock.state === "not_required", now });
                  const settled = b.clock.state === "notified_in_time" || b.clock.state === "notified_late";
                  const shown = settled ? { ...b.clock, deadline: new Date(b.clock.deadline) } : clock;
                  return (
                    <InlineStack key={b.id} gap="200" blockAlign="center">
                      <Badge tone={CLOCK_TONE[shown.state]}>{clockText(t, shown)}</Badge>
                      <Link to={`/app/breaches/${b.id}`}>{t("overview.breaches.discovered", { date: formatDate(b.discoveredAt) })}</Link>
                      <Text as="span" tone="subdued">
                        {t("overview.breaches.people", { count: b.approxPeopleAffected })}
                      </Text>
                    </InlineStack>
                  );
                })
              )}
            </BlockStack>
          </Card>
          <Card>
            <BlockStack gap="300">
              <InlineStack align="space-between">
                <Text as="h2" variant="headingMd">
                  {t("overview.setup.title")}
                </Text>
                <Text as="span" tone="subdued">
                  {setupLeft === 0 ? t("overview.setup.nothingLeft") : t("overview.setup.left", { count: setupLeft })}
                </Text>
              </InlineStack>
              {data.setup.map((item) => (
                <Box key={item.id} paddingBlockEnd="200">
                  <BlockStack gap="100">
                    <div data-setup-item={item.id} data-setup-state={item.done === true ? "done" : item.done === false ? "todo" : "manual"} hidden />
                    <InlineStack gap="200" blockAlign="center">
                      <Badge tone={item.done === true ? "success" : item.done === false ? "attention" : "info"}>{item.done === true ? t("overview.setup.done") : item.done === false ? t("overview.setup.todo") : t("overview.setup.manual")}</Badge>
                      <Text as="h3" variant="headingSm">
                        {t(`setup.${item.id}.title`)}
                      </Text>
                    </InlineStack>
                    <Text as="p" tone="subdued">
                      {t(item.detailKey, item.detailValues)}
                    </Text>
                    {item.action && (item.id !== "team" || can("team.manage")) && !(item.id !== "team" && item.action.url === "/app/settings" && !can("settings.manage")) ? (
                      <div>
                        {item.action.external ? (
                          <Button url={item.action.url} target="_top" variant="plain">
                            {t(`setup.${item.id}.action`)}
                          </Button>
                        ) : (
                          <Link to={item.action.url}>{t(`setup.${item.id}.action`)}</Link>
                        )}
                      </div>
                    ) : null}
                  </BlockStack>
                </Box>
              ))}
            </BlockStack>
          </Card>
        </InlineGrid>
      </BlockStack>
    </Page>
  );
}
