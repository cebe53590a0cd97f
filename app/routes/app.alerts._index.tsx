import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Box, Card, IndexTable, InlineStack, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import { useFormatDate } from "../ui/format";
import { useT } from "../ui/i18n";
import { SEVERITY_TONE, STATUS_TONE } from "../ui/alert-ui";
import { listAlerts } from "../modules/alerts/alert-admin.server";
import { ALERT_FILTERS } from "../modules/alerts/rules";
import { requireStaff } from "../modules/team/staff.server";
import { pageMessages } from "../modules/admin-i18n/page-messages.server";

const Query = z.object({ status: z.enum(ALERT_FILTERS).default("open") });

export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const staff = await requireStaff(request, "read", context);
  const parsed = Query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw new Response("Unknown alert filter", { status: 400 });
  return json({ filter: parsed.data.status, ...(await listAlerts(staff, parsed.data.status)), pageMessages: await pageMessages({ request, context }, staff, ["alert", "digest", "requestType", "requestStatus"]) });
};


export default function Alerts() {
  const { filter, alerts, counts } = useLoaderData<typeof loader>();
  const formatDate = useFormatDate();
  const t = useT();
  return (
    <Page title={t("nav.alerts")} subtitle={t("alert.subtitle")}>
      <BlockStack gap="400">
        <InlineStack gap="300">
          {ALERT_FILTERS.map((f) => (
            <Link key={f} to={`/app/alerts?status=${f}`} aria-current={f === filter ? "page" : undefined}>
              {t(`alert.filter.${f}`)}
              {f === "new" || f === "acknowledged" || f === "resolved" ? ` (${counts[f]})` : ""}
            </Link>
          ))}
        </InlineStack>
        <Card padding="0">
          {alerts.length === 0 ? (
            <Box padding="400">
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  {t("alert.none")}
                </Text>
                <Text as="p">{t("alert.noneBody")}</Text>
              </BlockStack>
            </Box>
          ) : (
            <IndexTable
              resourceName={{ singular: t("alert.resource.singular"), plural: t("alert.resource.plural") }}
              itemCount={alerts.length}
              selectable={false}
              headings={[{ title: t("alert.column.alert") }, { title: t("alert.column.severity") }, { title: t("alert.column.status") }, { title: t("alert.column.raised") }]}
            >
              {alerts.map((a, index) => (
                <IndexTable.Row id={a.id} key={a.id} position={index}>
                  <IndexTable.Cell>
                    <Link to={`/app/alerts/${a.id}`}>{t(`alert.rule.${a.rule}`)}</Link>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Badge tone={SEVERITY_TONE[a.severity]}>{t(`alert.severity.${a.severity}`)}</Badge>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Badge tone={STATUS_TONE[a.status]}>{t(`alert.status.${a.status}`)}</Badge>
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
