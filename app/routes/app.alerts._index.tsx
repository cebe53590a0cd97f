import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Box, Card, IndexTable, InlineStack, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import { useFormatDate } from "../ui/format";
import { SEVERITY_TONE, STATUS_TONE } from "../ui/alert-ui";
import { listAlerts } from "../modules/alerts/alert-admin.server";
import { ALERT_FILTERS } from "../modules/alerts/rules";
import { requireStaff } from "../modules/team/staff.server";

const Query = z.object({ status: z.enum(ALERT_FILTERS).default("open") });

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const staff = await requireStaff(request, "read");
  const parsed = Query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw new Response("Unknown alert filter", { status: 400 });
  return json({ filter: parsed.data.status, ...(await listAlerts(staff, parsed.data.status)) });
};

const FILTER_LABELS: Record<(typeof ALERT_FILTERS)[number], string> = { open: "Open", new: "New", acknowledged: "Acknowledged", resolved: "Resolved", all: "All" };

export default function Alerts() {
  const { filter, alerts, counts } = useLoaderData<typeof loader>();
  const formatDate = useFormatDate();
  return (
    <Page title="Alerts" subtitle="Suspicious activity and missed duties, raised as the audit log is written">
      <BlockStack gap="400">
        <InlineStack gap="300">
          {ALERT_FILTERS.map((f) => (
            <Link key={f} to={`/app/alerts?status=${f}`} aria-current={f === filter ? "page" : undefined}>
              {FILTER_LABELS[f]}
              {f === "new" || f === "acknowledged" || f === "resolved" ? ` (${counts[f]})` : ""}
            </Link>
          ))}
        </InlineStack>
        <Card padding="0">
          {alerts.length === 0 ? (
            <Box padding="400">
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  No alerts here
                </Text>
                <Text as="p">Alerts appear when a rule fires: bulk exports, repeated failures, role changes, key rotation, integrity failures, failed compliance jobs, deadlines, after-hours access and overdue access reviews.</Text>
              </BlockStack>
            </Box>
          ) : (
            <IndexTable
              resourceName={{ singular: "alert", plural: "alerts" }}
              itemCount={alerts.length}
              selectable={false}
              headings={[{ title: "Alert" }, { title: "Severity" }, { title: "Status" }, { title: "Raised" }]}
            >
              {alerts.map((a, index) => (
                <IndexTable.Row id={a.id} key={a.id} position={index}>
                  <IndexTable.Cell>
                    <Link to={`/app/alerts/${a.id}`}>{a.label}</Link>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Badge tone={SEVERITY_TONE[a.severity]}>{a.severity}</Badge>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Badge tone={STATUS_TONE[a.status]}>{a.status}</Badge>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{formatDate(a.raisedAt)}</IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          )}
        </Card>
      </BlockStack>
    </Page>
  );
}
