import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Badge, Card, EmptyState, IndexTable, Page, Text } from "@shopify/polaris";
import { formatDate, humanise } from "../components/format";
import { listRequests } from "../services/admin.server";
import { requireStaff } from "../services/staff.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const staff = await requireStaff(request);
  return { requests: await listRequests(staff), now: new Date().toISOString() };
};

export default function Requests() {
  const { requests, now } = useLoaderData<typeof loader>();
  return (
    <Page title="Privacy requests">
      <Card padding="0">
        {requests.length === 0 ? (
          <EmptyState heading="No requests yet" image="">
            <p>Requests from shoppers and from Shopify&apos;s data_request webhook appear here with their deadlines.</p>
          </EmptyState>
        ) : (
          <IndexTable
            resourceName={{ singular: "request", plural: "requests" }}
            itemCount={requests.length}
            selectable={false}
            headings={[{ title: "Reference" }, { title: "Type" }, { title: "Status" }, { title: "Source" }, { title: "Received" }, { title: "Due" }]}
          >
            {requests.map((r, index) => {
              const due = r.extendedDueAt ?? r.dueAt;
              const overdue = !r.closedAt && new Date(due).getTime() < new Date(now).getTime();
              return (
                <IndexTable.Row id={r.id} key={r.id} position={index}>
                  <IndexTable.Cell>
                    <Link to={`/app/requests/${r.id}`}>{r.reference}</Link>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{humanise(r.type)}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <Badge tone={r.closedAt ? "success" : overdue ? "critical" : "attention"}>{humanise(r.status)}</Badge>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{humanise(r.source)}</IndexTable.Cell>
                  <IndexTable.Cell>{formatDate(r.receivedAt)}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" tone={overdue ? "critical" : undefined}>
                      {formatDate(due)}
                    </Text>
                  </IndexTable.Cell>
                </IndexTable.Row>
              );
            })}
          </IndexTable>
        )}
      </Card>
    </Page>
  );
}
