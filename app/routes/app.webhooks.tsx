import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, DataTable, EmptyState, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import { useFormatDate, humanise } from "../ui/format";
import { useCan } from "../ui/permissions";
import { retryDeadJob, webhookActivity } from "../modules/webhooks/activity.server";
import { requireStaff } from "../modules/team/staff.server";
import { readForm } from "../platform/http/form.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const staff = await requireStaff(request, "read");
  return webhookActivity(staff);
};

const RetrySchema = z.object({ intent: z.literal("retry"), jobId: z.string().min(1).max(64) });

export const action = async ({ request }: ActionFunctionArgs) => {
  const staff = await requireStaff(request, "jobs.retry");
  const parsed = RetrySchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return json({ error: "Invalid request" }, { status: 400 });
  const retried = await retryDeadJob(staff, parsed.data.jobId, new Date());
  return retried ? json({ ok: true }) : json({ error: "No such failed job" }, { status: 404 });
};

const TONE: Record<string, "success" | "critical" | "attention" | "info" | undefined> = {
  processed: "success",
  unprocessable: "critical",
  received: "attention",
  duplicate: "info",
};

export default function Webhooks() {
  const formatDate = useFormatDate();
  const { events, dead } = useLoaderData<typeof loader>();
  const canRetry = useCan()("jobs.retry");
  return (
    <Page title="Compliance webhooks" subtitle="Every delivery from Shopify, as stored before it was acknowledged">
      <BlockStack gap="400">
        <Card>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">
              Failed jobs
            </Text>
            {dead.length === 0 ? (
              <Text as="p">None. Every delivery was acted on.</Text>
            ) : (
              <DataTable
                columnContentTypes={["text", "numeric", "text", "text", "text"]}
                headings={["Job", "Attempts", "Last error", "Failed at", ""]}
                rows={dead.map((job) => [
                  job.kind,
                  job.attempts,
                  job.lastError ?? "—",
                  formatDate(job.updatedAt),
                  canRetry ? (
                    <Form method="post" key={job.id}>
                      <input type="hidden" name="intent" value="retry" />
                      <input type="hidden" name="jobId" value={job.id} />
                      <Button submit>Retry</Button>
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
            <EmptyState heading="No deliveries yet" image="">
              <p>Shopify&apos;s compliance webhooks will appear here as they arrive.</p>
            </EmptyState>
          ) : (
            <DataTable
              columnContentTypes={["text", "text", "text", "text", "text"]}
              headings={["Topic", "Received", "Status", "Processed", "Problem"]}
              rows={events.map((e) => [
                humanise(e.topic.toLowerCase()),
                formatDate(e.receivedAt),
                <Badge key={e.id} tone={TONE[e.status]}>
                  {humanise(e.status)}
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
