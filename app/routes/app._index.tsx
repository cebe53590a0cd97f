import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Box, Button, Card, DataTable, InlineGrid, InlineStack, Page, Text } from "@shopify/polaris";
import { dashboard } from "../modules/dashboard/dashboard.server";
import { requireStaff } from "../modules/team/staff.server";
import { breachClock, describeClock } from "../modules/breaches/rules/clock";
import { CONSENT_CATEGORIES, percent } from "../modules/dashboard/rules/metrics";
import { BarChart } from "../ui/charts";
import { CLOCK_TONE, useNow } from "../ui/breach-ui";
import { humanise, useFormatDate } from "../ui/format";
import { useCan } from "../ui/permissions";

export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const staff = await requireStaff(request, "read", context);
  const now = new Date();
  return json({ ...(await dashboard(staff, now)), now: now.toISOString() }, { headers: { "Cache-Control": "no-store" } });
};

function Figure({ label, value, tone, href, linkText }: { label: string; value: number | string; tone?: "critical" | "caution" | "success"; href?: string; linkText?: string }) {
  return (
    <Card>
      <BlockStack gap="200">
        <div data-figure-card={label} hidden />
        <Text as="h2" variant="headingSm">
          {label}
        </Text>
        <Text as="p" variant="heading2xl" tone={tone}>
          {value}
        </Text>
        {href ? <Link to={href}>{linkText ?? "View"}</Link> : null}
      </BlockStack>
    </Card>
  );
}

const CATEGORY_LABELS = { analytics: "Analytics", marketing: "Marketing", preferences: "Preferences", sale_of_data: "Sale of data" } as const;
const SOURCE_LABELS: Record<string, string> = { storefront: "Storefront form", shopify: "Shopify (data_request webhook)", admin: "Entered in the admin" };

export default function Overview() {
  const data = useLoaderData<typeof loader>();
  const formatDate = useFormatDate();
  const can = useCan();
  const now = useNow(data.now);
  const r = data.requests;
  const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;
  const setupLeft = data.setup.filter((s) => s.done === false).length;
  return (
    <Page title="Privacy overview" subtitle={`Requests over the last ${data.windowDays} days, consent over the last ${data.consentDays} days.`}>
      <BlockStack gap="400">
        <InlineGrid columns={{ xs: 1, sm: 2, md: 5 }} gap="400">
          <Figure label="Overdue" value={r.overdue} tone={r.overdue ? "critical" : undefined} href="/app/requests?due=overdue" linkText={`View ${plural(r.overdue, "overdue request")}`} />
          <Figure label="Due within 7 days" value={r.week} tone={r.week ? "caution" : undefined} href="/app/requests?due=week" linkText={`View ${plural(r.week, "request")} due soon`} />
          <Figure label="Open requests" value={r.open} href="/app/requests?due=open" linkText={`View ${plural(r.open, "open request")}`} />
          <Figure label="Open breaches" value={data.breaches.length} tone={data.breaches.length ? "critical" : undefined} href="/app/breaches" linkText="Breach register" />
          <Figure label="Failed jobs" value={data.deadJobs} tone={data.deadJobs ? "critical" : undefined} href="/app/webhooks" linkText={data.deadJobs ? "Review and retry" : "Compliance webhooks"} />
        </InlineGrid>

        <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Closing requests
              </Text>
              <InlineStack gap="800">
                <BlockStack gap="100">
                  <Text as="p" tone="subdued">
                    On time (last {data.windowDays} days)
                  </Text>
                  <Text as="p" variant="headingXl">
                    <span data-figure="on-time-rate">{percent(r.close.onTimeRate)}</span>
                  </Text>
                </BlockStack>
                <BlockStack gap="100">
                  <Text as="p" tone="subdued">
                    Median time to close
                  </Text>
                  <Text as="p" variant="headingXl">
                    <span data-figure="median-days">{r.close.medianDays === null ? "—" : `${r.close.medianDays} days`}</span>
                  </Text>
                </BlockStack>
              </InlineStack>
              <BarChart
                caption="Closed per month (share on time)"
                bars={r.byMonth.map((m) => ({
                  label: m.month,
                  value: m.closed,
                  text: m.closed ? `${m.closed} (${percent(m.onTimeRate)} on time, median ${m.medianDays} days)` : "0",
                  tone: m.onTimeRate !== null && m.onTimeRate < 1 ? "warning" : "success",
                }))}
              />
            </BlockStack>
          </Card>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Requests received ({r.received})
              </Text>
              {r.received === 0 ? (
                <Text as="p" tone="subdued">
                  No requests in the last {data.windowDays} days.
                </Text>
              ) : (
                <>
                  <BarChart caption="By type" bars={r.byType.map((t) => ({ label: humanise(t.key), value: t.count, href: `/app/requests?type=${t.key}` }))} />
                  <BarChart caption="By source" bars={r.bySource.map((s) => ({ label: SOURCE_LABELS[s.key] ?? humanise(s.key), value: s.count }))} />
                </>
              )}
            </BlockStack>
          </Card>
        </InlineGrid>

        <Card>
          <BlockStack gap="300">
            <InlineStack align="space-between">
              <Text as="h2" variant="headingMd">
                Consent choices (last {data.consentDays} days)
              </Text>
              <Link to="/app/consent">Consent log</Link>
            </InlineStack>
            {data.consent.length === 0 ? (
              <Text as="p" tone="subdued">
                No consent choices yet. They appear once the consent banner is on in your theme (see Setup below).
              </Text>
            ) : (
              <DataTable
                columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", ...CONSENT_CATEGORIES.map(() => "numeric" as const)]}
                headings={["Region", "Choices", "Accept all", "Reject all", "Custom", ...CONSENT_CATEGORIES.map((c) => `${CATEGORY_LABELS[c]} allowed`)]}
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
                Open breaches: 72-hour clocks
              </Text>
              {data.breaches.length === 0 ? (
                <Text as="p" tone="subdued">
                  No open breach incidents.
                </Text>
              ) : (
                data.breaches.map((b) => {
                  const clock = breachClock({ discoveredAt: new Date(b.discoveredAt), authorityNotifiedAt: null, notificationNotNeeded: b.clock.state === "not_required", now });
                  const settled = b.clock.state === "notified_in_time" || b.clock.state === "notified_late";
                  const shown = settled ? { ...b.clock, deadline: new Date(b.clock.deadline) } : clock;
                  return (
                    <InlineStack key={b.id} gap="200" blockAlign="center">
                      <Badge tone={CLOCK_TONE[shown.state]}>{describeClock(shown)}</Badge>
                      <Link to={`/app/breaches/${b.id}`}>Discovered {formatDate(b.discoveredAt)}</Link>
                      <Text as="span" tone="subdued">
                        about {b.approxPeopleAffected} people
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
                  Setup
                </Text>
                <Text as="span" tone="subdued">
                  {setupLeft === 0 ? "Nothing left that the app can check" : `${setupLeft} to do`}
                </Text>
              </InlineStack>
              {data.setup.map((item) => (
                <Box key={item.id} paddingBlockEnd="200">
                  <BlockStack gap="100">
                    <div data-setup-item={item.id} data-setup-state={item.done === true ? "done" : item.done === false ? "todo" : "manual"} hidden />
                    <InlineStack gap="200" blockAlign="center">
                      <Badge tone={item.done === true ? "success" : item.done === false ? "attention" : "info"}>{item.done === true ? "Done" : item.done === false ? "To do" : "Check yourself"}</Badge>
                      <Text as="h3" variant="headingSm">
                        {item.title}
                      </Text>
                    </InlineStack>
                    <Text as="p" tone="subdued">
                      {item.detail}
                    </Text>
                    {item.action && (item.id !== "team" || can("team.manage")) && !(item.id !== "team" && item.action.url === "/app/settings" && !can("settings.manage")) ? (
                      <div>
                        {item.action.external ? (
                          <Button url={item.action.url} target="_top" variant="plain">
                            {item.action.label}
                          </Button>
                        ) : (
                          <Link to={item.action.url}>{item.action.label}</Link>
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
