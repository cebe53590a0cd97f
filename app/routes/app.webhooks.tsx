import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, DataTable, EmptyState, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import { useFormatDate, humanise } from "../ui/format";
import { useT } from "../ui/i18n";
import { useCan } from "../ui/permissions";
import { retryDeadJob, webhookActivity } from "../modules/webhooks/activity.server";
import { requireStaff } from "../modules/team/staff.server";
import { readForm } from "../platform/http/form.server";
import { pageMessages } from "../modules/admin-i18n/page-messages.server";
import { staffTranslator } from "../modules/admin-i18n/staff-translator.server";

export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const staff = await requireStaff(request, "read", context);
  return { ...(await webhookActivity(staff)), pageMessages: await pageMessages({ request, context }, staff, ["webhooks", "webhookStatus", "overview.figure.deadJobs"]) };
};

const RetrySchema = z.object({ intent: z.literal("retry"), jobId: z.string().min(1).max(64) });

export const action = async ({ request }: ActionFunctionArgs) => {
  const staff = await requireStaff(request, "jobs.retry");
  const parsed = RetrySchema.safeParse(Object.fromEntries(await readForm(request)));
  const t = await staffTranslator(request, staff);
  if (!parsed.success) return json({ error: t("webhooks.error.invalidRetry") }, { status: 400 });
  const retried = await retryDeadJob(staff, parsed.data.jobId, new Date());
  return retried ? json({ ok: true }) : json({ error: t("webhooks.error.noSuchJob") }, { status: 404 });
};

const TONE: Record<string, "success" | "critical" | "attention" | "info" | undefined> = {
  processed: "success",
  unprocessable: "critical",
  received: "attention",
  duplicate: "info",
};

export default function Webhooks() {
  const formatDate = useFormatDate();
  const t = useT();
  const { events, dead } = useLoaderData<typeof loader>();
  const canRetry = useCan()("jobs.retry");
  return (
    <Page title={t("nav.webhooks")} subtitle={t("webhooks.subtitle")}>
      <BlockStack gap="400">
        <Card>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">
              {t("overview.figure.deadJobs")}
            </Text>
            {dead.length === 0 ? (
              <Text as="p">{t("webhooks.noFailed")}</Text>
            ) : (
              <DataTable
                columnContentTypes={["text", "numeric", "text", "text", "text"]}
                headings={[t("webhooks.column.job"), t("webhooks.column.attempts"), t("webhooks.column.lastError"), t("webhooks.column.failedAt"), ""]}
                rows={dead.map((job) => [
                  job.kind,
                  job.attempts,
                  job.lastError ?? "—",
                  formatDate(job.updatedAt),
                  canRetry ? (
                    <Form method="post" key={job.id}>
                      <input type="hidden" name="intent" value="retry" />
                      <input type="hidden" name="jobId" value={job.id} />
                      <Button submit>{t("webhooks.retry")}</Button>
                    </Form>
                  ) : (
                    ""
                  ),
                ])}
              />
            )}
          </BlockStack>
        </Card>
        <Card>
          {events.length === 0 ? (
            <EmptyState heading={t("webhooks.empty.heading")} image="">
              <p>{t("webhooks.empty.body")}</p>
            </EmptyState>
          ) : (
            <DataTable
              columnContentTypes={["text", "text", "text", "text", "text"]}
              headings={[t("webhooks.column.topic"), t("webhooks.column.received"), t("webhooks.column.status"), t("webhooks.column.processed"), t("webhooks.column.problem")]}
              rows={events.map((e) => [
                humanise(e.topic.toLowerCase()),
                formatDate(e.receivedAt),
                <Badge key={e.id} tone={TONE[e.status]}>
                  {t(`webhookStatus.${e.status}`)}
                </Badge>,
                formatDate(e.processedAt),
                e.problem ?? "",
              ])}
            />
          )}
        </Card>
      </BlockStack>
    </Page>
  );
}
