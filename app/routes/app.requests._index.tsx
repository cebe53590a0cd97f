import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, EmptyState, IndexTable, InlineStack, Page, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useFormatDate, humanise } from "../ui/format";
import { REGULATIONS, REQUEST_STATUSES, REQUEST_TYPES } from "../modules/requests/rules";
import { listRequests, RequestFilterSchema } from "../modules/requests/queries.server";
import { requireStaff } from "../modules/team/staff.server";

export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const staff = await requireStaff(request, "read", context);
  const params = Object.fromEntries([...new URL(request.url).searchParams].filter(([k, v]) => v !== "" && !k.startsWith("_") && !["shop", "host", "embedded", "id_token", "hmac", "locale", "session", "timestamp"].includes(k)));
  const parsed = RequestFilterSchema.safeParse(params);
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? "form")] ??= issue.message;
    return json(
      { error: Object.values(fieldErrors).join(" "), fieldErrors, requests: [] as Awaited<ReturnType<typeof listRequests>>["requests"], nextCursor: null, filter: params, now: new Date().toISOString() },
      { status: 400 },
    );
  }
  const page = await listRequests(staff, parsed.data);
  return json({ error: null, fieldErrors: {} as Record<string, string>, ...page, filter: parsed.data, now: new Date().toISOString() });
};

const option = (values: readonly string[]) => [{ label: "Any", value: "" }, ...values.map((v) => ({ label: humanise(v), value: v }))];

export default function Requests() {
  const formatDate = useFormatDate();
  const { requests, nextCursor, filter, now, error, fieldErrors } = useLoaderData<typeof loader>();
  const [f, setF] = useState<Record<string, string>>({ status: "", type: "", regulation: "", due: "", email: "", ...(filter as Record<string, string>) });
  const set = (key: string) => (value: string) => setF((prev) => ({ ...prev, [key]: value }));
  return (
    <Page title="Privacy requests">
      <BlockStack gap="400">
        {error ? <Banner tone="critical" title="These filters cannot be applied">{fieldErrors.form ?? "Correct the highlighted filter."}</Banner> : null}
        <Card>
          <Form method="get">
            <InlineStack gap="300" blockAlign="end">
              <Select label="Status" name="status" options={option(REQUEST_STATUSES)} value={f.status} onChange={set("status")} error={fieldErrors.status} />
              <Select label="Type" name="type" options={option(REQUEST_TYPES)} value={f.type} onChange={set("type")} error={fieldErrors.type} />
              <Select label="Regulation" name="regulation" options={option(REGULATIONS)} value={f.regulation} onChange={set("regulation")} error={fieldErrors.regulation} />
              <Select label="Due" name="due" options={[{ label: "Any", value: "" }, { label: "Overdue", value: "overdue" }, { label: "Within 7 days", value: "week" }, { label: "Open", value: "open" }]} value={f.due} onChange={set("due")} error={fieldErrors.due} />
              <TextField label="Requester email (exact)" name="email" type="email" value={f.email} onChange={set("email")} autoComplete="off" error={fieldErrors.email} />
              <Button submit>Filter</Button>
            </InlineStack>
          </Form>
        </Card>
        <Card padding="0">
          {requests.length === 0 ? (
            <EmptyState heading="No requests match" image="">
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
        {nextCursor ? (
          <Link to={`?${new URLSearchParams({ ...Object.fromEntries(Object.entries(filter as Record<string, string>).filter(([k]) => k !== "cursor")), cursor: nextCursor })}`}>Next page</Link>
        ) : null}
      </BlockStack>
    </Page>
  );
}
