import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, EmptyState, IndexTable, InlineStack, Page, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useFormatDate } from "../ui/format";
import { useT, type Translate } from "../ui/i18n";
import { REGULATIONS, REQUEST_STATUSES, REQUEST_TYPES } from "../modules/requests/rules";
import { listRequests } from "../modules/requests/queries.server";
import { RequestFilterSchema } from "../modules/requests/request-filter.server";
import { timed } from "../platform/http/server-timing.server";
import { requireStaff } from "../modules/team/staff.server";
import { pageMessages, pageTranslator } from "../modules/admin-i18n/page-messages.server";

export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const staff = await requireStaff(request, "read", context);
  const messages = await pageMessages({ request, context }, staff, ["requests", "requestType", "requestStatus", "requestSource", "regulation"]);
  const params = Object.fromEntries([...new URL(request.url).searchParams].filter(([k, v]) => v !== "" && !k.startsWith("_") && !["shop", "host", "embedded", "id_token", "hmac", "locale", "session", "timestamp"].includes(k)));
  const parsed = RequestFilterSchema.safeParse(params);
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    const t = await pageTranslator({ request, context }, staff);
    for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? "form")] ??= t(issue.message);
    return json(
      { error: Object.values(fieldErrors).join(" "), fieldErrors, requests: [] as Awaited<ReturnType<typeof listRequests>>["requests"], nextCursor: null, filter: params, now: new Date().toISOString(), pageMessages: messages },
      { status: 400 },
    );
  }
  const page = await timed("data", () => listRequests(staff, parsed.data));
  return json({ error: null, fieldErrors: {} as Record<string, string>, ...page, filter: parsed.data, now: new Date().toISOString(), pageMessages: messages });
};

const option = (t: Translate, group: string, values: readonly string[]) => [{ label: t("requests.filter.any"), value: "" }, ...values.map((v) => ({ label: t(`${group}.${v}`), value: v }))];

export default function Requests() {
  const formatDate = useFormatDate();
  const t = useT();
  const { requests, nextCursor, filter, now, error, fieldErrors } = useLoaderData<typeof loader>();
  const [f, setF] = useState<Record<string, string>>({ status: "", type: "", regulation: "", due: "", email: "", ...(filter as Record<string, string>) });
  const set = (key: string) => (value: string) => setF((prev) => ({ ...prev, [key]: value }));
  return (
    <Page title={t("requests.title")}>
      <BlockStack gap="400">
        {error ? <Banner tone="critical" title={t("requests.filter.errorTitle")}>{fieldErrors.form ?? t("requests.filter.errorBody")}</Banner> : null}
        <Card>
          <Form method="get">
            <InlineStack gap="300" blockAlign="end">
              <Select label={t("requests.filter.status")} name="status" options={option(t, "requestStatus", REQUEST_STATUSES)} value={f.status} onChange={set("status")} error={fieldErrors.status} />
              <Select label={t("requests.filter.type")} name="type" options={option(t, "requestType", REQUEST_TYPES)} value={f.type} onChange={set("type")} error={fieldErrors.type} />
              <Select label={t("requests.filter.regulation")} name="regulation" options={option(t, "regulation", REGULATIONS)} value={f.regulation} onChange={set("regulation")} error={fieldErrors.regulation} />
              <Select label={t("requests.filter.due")} name="due" options={[{ label: t("requests.filter.any"), value: "" }, { label: t("requests.filter.overdue"), value: "overdue" }, { label: t("requests.filter.week"), value: "week" }, { label: t("requests.filter.open"), value: "open" }]} value={f.due} onChange={set("due")} error={fieldErrors.due} />
              <TextField label={t("requests.filter.email")} name="email" type="email" value={f.email} onChange={set("email")} autoComplete="off" error={fieldErrors.email} />
              <Button submit>{t("requests.filter.submit")}</Button>
            </InlineStack>
          </Form>
        </Card>
        <Card padding="0">
          {requests.length === 0 ? (
            <EmptyState heading={t("requests.empty.heading")} image="">
              <p>{t("requests.empty.body")}</p>
            </EmptyState>
          ) : (
            <IndexTable
              resourceName={{ singular: t("requests.resource.singular"), plural: t("requests.resource.plural") }}
              itemCount={requests.length}
              selectable={false}
              headings={[{ title: t("requests.column.reference") }, { title: t("requests.column.type") }, { title: t("requests.column.status") }, { title: t("requests.column.source") }, { title: t("requests.column.received") }, { title: t("requests.column.due") }]}
            >
              {requests.map((r, index) => {
                const due = r.extendedDueAt ?? r.dueAt;
                const overdue = !r.closedAt && new Date(due).getTime() < new Date(now).getTime();
                return (
                  <IndexTable.Row id={r.id} key={r.id} position={index}>
                    <IndexTable.Cell>
                      <Link to={`/app/requests/${r.id}`}>{r.reference}</Link>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{t(`requestType.${r.type}`)}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <Badge tone={r.closedAt ? "success" : overdue ? "critical" : "attention"}>{t(`requestStatus.${r.status}`)}</Badge>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{t(`requestSource.${r.source}`)}</IndexTable.Cell>
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
          <Link to={`?${new URLSearchParams({ ...Object.fromEntries(Object.entries(filter as Record<string, string>).filter(([k]) => k !== "cursor")), cursor: nextCursor })}`}>{t("requests.nextPage")}</Link>
        ) : null}
      </BlockStack>
    </Page>
  );
}
