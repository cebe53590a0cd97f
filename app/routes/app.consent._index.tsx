import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, EmptyState, FormLayout, IndexTable, InlineStack, Page, Pagination, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { DownloadButton } from "../ui/download-button";
import { useCan } from "../ui/permissions";
import { useFormatDate, humanise } from "../ui/format";
import { describeFilters, listConsent, parseConsentPageQuery, type ConsentPage } from "../modules/consent/consent-log.server";
import { requireStaff } from "../modules/team/staff.server";
import { CONSENT_ACTIONS } from "../modules/consent/rules/actions";

const FORM_FIELDS = ["action", "from", "to", "visitorId", "noticeVersion", "region", "gpc"] as const;
type FormValues = Record<(typeof FORM_FIELDS)[number], string>;

function formValues(params: URLSearchParams): FormValues {
  const values = {} as FormValues;
  for (const field of FORM_FIELDS) values[field] = params.get(field) ?? "";
  return values;
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const staff = await requireStaff(request, "read");
  const params = new URL(request.url).searchParams;
  const query = parseConsentPageQuery(params);
  if (!query.ok) {
    return json({ ok: false as const, error: query.message, form: formValues(params) }, { status: 400, headers: { "Cache-Control": "no-store" } });
  }
  const page: ConsentPage = await listConsent(staff, query.value);
  return json({ ok: true as const, ...page, filters: describeFilters(query.value.filters), firstPage: query.value.cursor === null, form: formValues(params) }, { headers: { "Cache-Control": "no-store" } });
};

const ACTION_OPTIONS = [{ label: "Any", value: "" }, ...CONSENT_ACTIONS.map((a) => ({ label: humanise(a), value: a }))];
const GPC_OPTIONS = [
  { label: "Any", value: "" },
  { label: "GPC signal sent", value: "true" },
  { label: "No GPC signal", value: "false" },
];
const CATEGORY_LABELS = { analytics: "Analytics", marketing: "Marketing", preferences: "Preferences", sale_of_data: "Sale of data" } as const;

function FilterForm({ initial }: { initial: FormValues }) {
  const [values, setValues] = useState(initial);
  const busy = useNavigation().state === "loading";
  const set = (field: keyof FormValues) => (value: string) => setValues((v) => ({ ...v, [field]: value }));
  return (
    // A GET form: the filters live in the URL, so a filtered view can be bookmarked and shared.
    <Form method="get">
      <FormLayout>
        <FormLayout.Group condensed>
          <Select label="Action" name="action" options={ACTION_OPTIONS} value={values.action} onChange={set("action")} />
          <TextField label="From (UTC date)" name="from" type="date" value={values.from} onChange={set("from")} autoComplete="off" />
          <TextField label="To (UTC date)" name="to" type="date" value={values.to} onChange={set("to")} autoComplete="off" />
          <Select label="Global Privacy Control" name="gpc" options={GPC_OPTIONS} value={values.gpc} onChange={set("gpc")} />
        </FormLayout.Group>
        <FormLayout.Group condensed>
          <TextField label="Visitor id" name="visitorId" value={values.visitorId} onChange={set("visitorId")} autoComplete="off" helpText="Exact, 32 hex characters" />
          <TextField label="Notice version" name="noticeVersion" value={values.noticeVersion} onChange={set("noticeVersion")} autoComplete="off" />
          <TextField label="Region" name="region" value={values.region} onChange={set("region")} autoComplete="off" helpText="e.g. DE, USCA" />
        </FormLayout.Group>
        <InlineStack gap="200">
          <Button submit variant="primary" loading={busy}>
            Apply filters
          </Button>
          <Link to="/app/consent">Clear</Link>
        </InlineStack>
      </FormLayout>
    </Form>
  );
}

function exportHref(format: "csv" | "ndjson", search: string): string {
  const params = new URLSearchParams(search);
  params.delete("cursor");
  params.set("format", format);
  return `/app/consent/export?${params.toString()}`;
}

export default function ConsentLog() {
  const formatDate = useFormatDate();
  const data = useLoaderData<typeof loader>();
  const canExport = useCan()("logs.export");
  const { search } = useLocation();
  const nextParams = new URLSearchParams(search);
  if (data.ok && data.nextCursor) nextParams.set("cursor", data.nextCursor);
  const firstParams = new URLSearchParams(search);
  firstParams.delete("cursor");
  return (
    <Page title="Consent log" subtitle="Proof of consent from the storefront banner, newest first. Visitors are identified only by a random id.">
      <BlockStack gap="400">
        <Card>
          {/* Keyed by the query so the fields follow the URL after back/forward navigation. */}
          <FilterForm key={search} initial={data.form} />
        </Card>
        {!data.ok ? (
          <Banner tone="critical" title="These filters cannot be applied">
            <p>{data.error}</p>
          </Banner>
        ) : (
          <>
            <Card>
              <InlineStack gap="400" align="space-between" blockAlign="center">
                <InlineStack gap="300">
                  <Text as="p">
                    <strong>{data.total}</strong> matching
                  </Text>
                  {CONSENT_ACTIONS.map((a) => (
                    <Text as="p" key={a} tone="subdued">
                      {humanise(a)}: {data.totals[a]}
                    </Text>
                  ))}
                </InlineStack>
                {canExport ? (
                <InlineStack gap="200">
                  <DownloadButton href={exportHref("csv", search)} filename="consent-log.csv">
                    Export CSV
                  </DownloadButton>
                  <DownloadButton href={exportHref("ndjson", search)} filename="consent-log.ndjson">
                    Export NDJSON
                  </DownloadButton>
                </InlineStack>
                ) : null}
              </InlineStack>
            </Card>
            <Card padding="0">
              {data.records.length === 0 ? (
                <EmptyState heading="No consent records match" image="">
                  <p>Records appear here when shoppers choose in the storefront consent banner.</p>
                </EmptyState>
              ) : (
                <IndexTable
                  resourceName={{ singular: "consent record", plural: "consent records" }}
                  itemCount={data.records.length}
                  selectable={false}
                  headings={[{ title: "Recorded" }, { title: "Visitor id" }, { title: "Action" }, { title: "Allowed" }, { title: "GPC" }, { title: "Region" }, { title: "Notice" }, { title: "Locale" }]}
                >
                  {data.records.map((r, index) => {
                    const allowed = (Object.keys(CATEGORY_LABELS) as (keyof typeof CATEGORY_LABELS)[]).filter((c) => r.categories[c]);
                    return (
                      <IndexTable.Row id={r.id} key={r.id} position={index}>
                        <IndexTable.Cell>{formatDate(r.recordedAt)}</IndexTable.Cell>
                        <IndexTable.Cell>
                          <Text as="span" variant="bodySm" fontWeight="medium">
                            {r.visitorId}
                          </Text>
                          {r.signedIn ? <Badge>Signed in</Badge> : null}
                        </IndexTable.Cell>
                        <IndexTable.Cell>
                          <Badge tone={r.action === "accept_all" ? "success" : r.action === "reject_all" ? "critical" : "info"}>{humanise(r.action)}</Badge>
                        </IndexTable.Cell>
                        <IndexTable.Cell>{allowed.length ? allowed.map((c) => CATEGORY_LABELS[c]).join(", ") : "None"}</IndexTable.Cell>
                        <IndexTable.Cell>{r.gpc ? "Yes" : "No"}</IndexTable.Cell>
                        <IndexTable.Cell>{r.region ?? "—"}</IndexTable.Cell>
                        <IndexTable.Cell>{r.noticeVersion}</IndexTable.Cell>
                        <IndexTable.Cell>{r.locale ?? "—"}</IndexTable.Cell>
                      </IndexTable.Row>
                    );
                  })}
                </IndexTable>
              )}
            </Card>
            <InlineStack gap="300" align="center" blockAlign="center">
              {data.firstPage ? null : <Link to={`/app/consent?${firstParams.toString()}`}>Newest</Link>}
              <Pagination hasPrevious={false} hasNext={data.nextCursor !== null} nextURL={`/app/consent?${nextParams.toString()}`} label={`${data.records.length} shown`} />
            </InlineStack>
          </>
        )}
      </BlockStack>
    </Page>
  );
}
