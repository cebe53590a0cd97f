import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, EmptyState, FormLayout, IndexTable, InlineStack, Page, Pagination, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { DownloadButton } from "../ui/download-button";
import { useCan } from "../ui/permissions";
import { useFormatDate } from "../ui/format";
import { useT } from "../ui/i18n";
import { describeFilters, listConsent, parseConsentPageQuery, type ConsentPage } from "../modules/consent/consent-log.server";
import { requireStaff } from "../modules/team/staff.server";
import { CONSENT_ACTIONS } from "../modules/consent/rules/actions";
import { pageMessages, pageTranslator } from "../modules/admin-i18n/page-messages.server";
import { consentFilterMessage } from "../modules/admin-i18n/answers.server";

const FORM_FIELDS = ["action", "from", "to", "visitorId", "noticeVersion", "region", "gpc"] as const;
type FormValues = Record<(typeof FORM_FIELDS)[number], string>;

function formValues(params: URLSearchParams): FormValues {
  const values = {} as FormValues;
  for (const field of FORM_FIELDS) values[field] = params.get(field) ?? "";
  return values;
}

export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const staff = await requireStaff(request, "read", context);
  const messages = await pageMessages({ request, context }, staff, ["consent", "consentAction", "consentCategory", "requests.filter.any", "requests.filter.errorTitle", "overview.consent.region", "audit.exportCsv", "download"]);
  const params = new URL(request.url).searchParams;
  const query = parseConsentPageQuery(params);
  if (!query.ok) {
    return json({ ok: false as const, error: consentFilterMessage(await pageTranslator({ request, context }, staff), query.message), form: formValues(params), pageMessages: messages }, { status: 400, headers: { "Cache-Control": "no-store" } });
  }
  const page: ConsentPage = await listConsent(staff, query.value);
  return json({ ok: true as const, ...page, filters: describeFilters(query.value.filters), firstPage: query.value.cursor === null, form: formValues(params), pageMessages: messages }, { headers: { "Cache-Control": "no-store" } });
};

const CATEGORIES = ["analytics", "marketing", "preferences", "sale_of_data"] as const;

function FilterForm({ initial }: { initial: FormValues }) {
  const [values, setValues] = useState(initial);
  const busy = useNavigation().state === "loading";
  const set = (field: keyof FormValues) => (value: string) => setValues((v) => ({ ...v, [field]: value }));
  const t = useT();
  const actionOptions = [{ label: t("requests.filter.any"), value: "" }, ...CONSENT_ACTIONS.map((a) => ({ label: t(`consentAction.${a}`), value: a }))];
  const gpcOptions = [
    { label: t("requests.filter.any"), value: "" },
    { label: t("consent.gpc.sent"), value: "true" },
    { label: t("consent.gpc.none"), value: "false" },
  ];
  return (
    // A GET form: the filters live in the URL, so a filtered view can be bookmarked and shared.
    <Form method="get">
      <FormLayout>
        <FormLayout.Group condensed>
          <Select label={t("consent.filter.action")} name="action" options={actionOptions} value={values.action} onChange={set("action")} />
          <TextField label={t("consent.filter.from")} name="from" type="date" value={values.from} onChange={set("from")} autoComplete="off" />
          <TextField label={t("consent.filter.to")} name="to" type="date" value={values.to} onChange={set("to")} autoComplete="off" />
          <Select label={t("consent.filter.gpc")} name="gpc" options={gpcOptions} value={values.gpc} onChange={set("gpc")} />
        </FormLayout.Group>
        <FormLayout.Group condensed>
          <TextField label={t("consent.filter.visitor")} name="visitorId" value={values.visitorId} onChange={set("visitorId")} autoComplete="off" helpText={t("consent.filter.visitorHelp")} />
          <TextField label={t("consent.filter.notice")} name="noticeVersion" value={values.noticeVersion} onChange={set("noticeVersion")} autoComplete="off" />
          <TextField label={t("overview.consent.region")} name="region" value={values.region} onChange={set("region")} autoComplete="off" helpText={t("consent.filter.regionHelp")} />
        </FormLayout.Group>
        <InlineStack gap="200">
          <Button submit variant="primary" loading={busy}>
            {t("consent.filter.apply")}
          </Button>
          <Link to="/app/consent">{t("consent.filter.clear")}</Link>
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
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const canExport = useCan()("logs.export");
  const { search } = useLocation();
  const nextParams = new URLSearchParams(search);
  if (data.ok && data.nextCursor) nextParams.set("cursor", data.nextCursor);
  const firstParams = new URLSearchParams(search);
  firstParams.delete("cursor");
  return (
    <Page title={t("nav.consent")} subtitle={t("consent.subtitle")}>
      <BlockStack gap="400">
        <Card>
          {/* Keyed by the query so the fields follow the URL after back/forward navigation. */}
          <FilterForm key={search} initial={data.form} />
        </Card>
        {!data.ok ? (
          <Banner tone="critical" title={t("requests.filter.errorTitle")}>
            <p>{data.error}</p>
          </Banner>
        ) : (
          <>
            <Card>
              <InlineStack gap="400" align="space-between" blockAlign="center">
                <InlineStack gap="300">
                  <Text as="p">
                    <strong>{data.total}</strong> {t("consent.matching")}
                  </Text>
                  {CONSENT_ACTIONS.map((a) => (
                    <Text as="p" key={a} tone="subdued">
                      {t(`consentAction.${a}`)}: {data.totals[a]}
                    </Text>
                  ))}
                </InlineStack>
                {canExport ? (
                <InlineStack gap="200">
                  <DownloadButton href={exportHref("csv", search)} filename="consent-log.csv">
                    {t("audit.exportCsv")}
                  </DownloadButton>
                  <DownloadButton href={exportHref("ndjson", search)} filename="consent-log.ndjson">
                    {t("consent.exportNdjson")}
                  </DownloadButton>
                </InlineStack>
                ) : null}
              </InlineStack>
            </Card>
            <Card padding="0">
              {data.records.length === 0 ? (
                <EmptyState heading={t("consent.empty.heading")} image="">
                  <p>{t("consent.empty.body")}</p>
                </EmptyState>
              ) : (
                <IndexTable
                  resourceName={{ singular: t("consent.resource.singular"), plural: t("consent.resource.plural") }}
                  itemCount={data.records.length}
                  selectable={false}
                  headings={[{ title: t("consent.column.recorded") }, { title: t("consent.filter.visitor") }, { title: t("consent.filter.action") }, { title: t("consent.column.allowed") }, { title: "GPC" }, { title: t("overview.consent.region") }, { title: t("consent.column.notice") }, { title: t("consent.column.locale") }]}
                >
                  {data.records.map((r, index) => {
                    const allowed = CATEGORIES.filter((c) => r.categories[c]);
                    return (
                      <IndexTable.Row id={r.id} key={r.id} position={index}>
                        <IndexTable.Cell>{formatDate(r.recordedAt)}</IndexTable.Cell>
                        <IndexTable.Cell>
                          <Text as="span" variant="bodySm" fontWeight="medium">
                            {r.visitorId}
                          </Text>
                          {r.signedIn ? <Badge>{t("consent.signedIn")}</Badge> : null}
                        </IndexTable.Cell>
                        <IndexTable.Cell>
                          <Badge tone={r.action === "accept_all" ? "success" : r.action === "reject_all" ? "critical" : "info"}>{t(`consentAction.${r.action}`)}</Badge>
                        </IndexTable.Cell>
                        <IndexTable.Cell>{allowed.length ? allowed.map((c) => t(`consentCategory.${c}`)).join(", ") : t("consent.none")}</IndexTable.Cell>
                        <IndexTable.Cell>{r.gpc ? t("common.yes") : t("common.no")}</IndexTable.Cell>
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
              {data.firstPage ? null : <Link to={`/app/consent?${firstParams.toString()}`}>{t("consent.newest")}</Link>}
              <Pagination hasPrevious={false} hasNext={data.nextCursor !== null} nextURL={`/app/consent?${nextParams.toString()}`} label={t("consent.shown", { count: data.records.length })} />
            </InlineStack>
          </>
        )}
      </BlockStack>
    </Page>
  );
}
