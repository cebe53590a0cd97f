import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { BlockStack, Card, InlineGrid, Page, Text } from "@shopify/polaris";
import { overview } from "../modules/overview/admin.server";
import { requireStaff } from "../modules/team/staff.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const staff = await requireStaff(request, "read");
  return overview(staff, new Date());
};

function Metric({ label, value, to }: { label: string; value: number; to: string }) {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h3" variant="headingSm">
          <Link to={to}>{label}</Link>
        </Text>
        <Text as="p" variant="heading2xl">
          {value}
        </Text>
      </BlockStack>
    </Card>
  );
}

export default function Overview() {
  const data = useLoaderData<typeof loader>();
  return (
    <Page title="Privacy overview">
      <BlockStack gap="400">
        <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
          <Metric label="Open requests" value={data.openCount} to="/app/requests" />
          <Metric label="Due within 7 days" value={data.dueSoon} to="/app/requests" />
          <Metric label="Overdue" value={data.overdue} to="/app/requests" />
          <Metric label="Completed (30 days)" value={data.completed30} to="/app/requests" />
        </InlineGrid>
        <Card>
          <Text as="p">
            Median time to close (last 90 days): <strong>{data.medianDaysToClose === null ? "no closed requests yet" : `${data.medianDaysToClose} days`}</strong>
          </Text>
        </Card>
        <InlineGrid columns={{ xs: 1, sm: 3 }} gap="400">
          <Metric label="Shopify webhooks (24 h)" value={data.webhooks24h} to="/app/webhooks" />
          <Metric label="Unprocessable deliveries" value={data.unprocessable} to="/app/webhooks" />
          <Metric label="Failed jobs" value={data.deadJobs} to="/app/webhooks" />
        </InlineGrid>
      </BlockStack>
    </Page>
  );
}
