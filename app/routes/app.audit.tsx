import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, DataTable, InlineStack, Page, Text } from "@shopify/polaris";
import { DownloadButton } from "../ui/download-button";
import { humanise, useFormatDate } from "../ui/format";
import { useT } from "../ui/i18n";
import { useCan } from "../ui/permissions";
import { db } from "../platform/db.server";
import { recentAudit, verifyShopChainAudited } from "../modules/audit/audit.server";
import { requireStaff } from "../modules/team/staff.server";
import { readForm } from "../platform/http/form.server";
import { auditLabels } from "../modules/audit/audit-labels.server";
import { useStaffLabel } from "../ui/staff-label";
import { pageMessages } from "../modules/admin-i18n/page-messages.server";
import { staffTranslator } from "../modules/admin-i18n/staff-translator.server";

export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const staff = await requireStaff(request, "read", context);
  const entries = await recentAudit(db(), staff.shop, 50);
  return { shop: staff.shop, entries, me: staff.staffId, ...(await auditLabels(staff.shop, entries)), pageMessages: await pageMessages({ request, context }, staff, ["audit", "download"]) };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const staff = await requireStaff(request, "read");
  const form = await readForm(request);
  if (form.get("intent") !== "verify") return json({ error: (await staffTranslator(request, staff))("audit.error.unknownAction") }, { status: 400 });
  return json({ result: await verifyShopChainAudited(staff, new Date()) });
};

export default function Audit() {
  const formatDate = useFormatDate();
  const t = useT();
  const staffLabel = useStaffLabel();
  const { entries, names, references, me } = useLoaderData<typeof loader>();
  // Known actor and subject types have catalog keys; a type another module adds later shows humanised.
  const known = (key: string) => t(key) !== key;
  const actorType = (type: string) => (known(`audit.actorType.${type}`) ? t(`audit.actorType.${type}`) : humanise(type));
  const actor = (type: string, id: string | null) => (type === "staff" && id ? staffLabel(id, names, me) : id ? `${actorType(type)} ${id}` : actorType(type));
  const subject = (type: string | null, id: string | null) =>
    !type
      ? ""
      : type === "privacy_request" && id
        ? (references[id] ?? t("audit.request", { id }))
        : type === "staff" && id
          ? staffLabel(id, names, me)
          : known(`audit.subjectType.${type}`)
            ? t(`audit.subjectType.${type}`, { id: id ?? "" }).trim()
            : `${humanise(type)} ${id ?? ""}`.trim();
  const data = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const canExport = useCan()("logs.export");
  const result = data && "result" in data ? data.result : null;
  return (
    <Page title={t("nav.audit")} subtitle={t("audit.subtitle")}>
      <BlockStack gap="400">
        <Card>
          <BlockStack gap="300">
            <InlineStack gap="200">
              <Form method="post">
                <input type="hidden" name="intent" value="verify" />
                <Button submit variant="primary" loading={busy}>
                  {t("audit.verify")}
                </Button>
              </Form>
              {canExport ? (
              <>
              <DownloadButton href="/app/audit/export?format=csv" filename="audit-log.csv">
                {t("audit.exportCsv")}
              </DownloadButton>
              <DownloadButton href="/app/audit/export?format=splunk" filename="audit-log.splunk.ndjson">
                {t("audit.exportSplunk")}
              </DownloadButton>
              <DownloadButton href="/app/audit/export?format=elasticsearch" filename="audit-log.bulk.ndjson">
                {t("audit.exportElastic")}
              </DownloadButton>
              </>
              ) : null}
            </InlineStack>
            {result ? (
              result.ok ? (
                <Banner tone="success">{t("audit.intact", { count: result.entries })}</Banner>
              ) : (
                <Banner tone="critical">
                  {t("audit.broken", { seq: result.brokenAt.seq, reason: result.reason.replaceAll("_", " "), count: result.entries })}
                </Banner>
              )
            ) : null}
          </BlockStack>
        </Card>
        <Card>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">
              {t("audit.latest")}
            </Text>
            <DataTable
              columnContentTypes={["numeric", "text", "text", "text", "text"]}
              headings={["#", t("audit.column.when"), t("audit.column.who"), t("audit.column.action"), t("audit.column.subject")]}
              rows={entries.map((e) => [e.seq, formatDate(e.occurredAt), actor(e.actorType, e.actorId), e.action, subject(e.subjectType, e.subjectId)])}
            />
          </BlockStack>
        </Card>
      </BlockStack>
    </Page>
  );
}
