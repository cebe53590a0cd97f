import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Card, InlineStack, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import { DownloadButton } from "../components/download-button";
import { formatDate, humanise } from "../components/format";
import { requestDetail } from "../services/admin.server";
import { requireStaff } from "../services/staff.server";

const Params = z.object({ id: z.string().min(1).max(64) });

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const staff = await requireStaff(request);
  const { id } = Params.parse(params);
  const detail = await requestDetail(staff, id);
  if (!detail) throw new Response("Not found", { status: 404 });
  return detail;
};

export default function RequestPage() {
  const r = useLoaderData<typeof loader>();
  return (
    <Page title={r.reference} backAction={{ content: "Requests", url: "/app/requests" }} titleMetadata={<Badge>{humanise(r.status)}</Badge>}>
      <BlockStack gap="400">
        <Card>
          <BlockStack gap="200">
            <Text as="p">
              {humanise(r.type)} request from {humanise(r.source)} ({r.regulation.toUpperCase()}), received {formatDate(r.receivedAt)}, due{" "}
              <strong>{formatDate(r.dueAt)}</strong>.
            </Text>
            <Text as="p" tone="subdued">
              {r.anonymised ? "The requester's personal data has been erased." : r.email ? `Requester: ${r.email}` : "No email on file."}
            </Text>
            {r.closeReason ? <Text as="p">Closed: {r.closeReason}</Text> : null}
          </BlockStack>
        </Card>
        <Card>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">
              Exports
            </Text>
            {r.exports.length === 0 ? (
              <Text as="p">No export files.</Text>
            ) : (
              <InlineStack gap="200">
                {r.exports.map((f) => (
                  <DownloadButton key={f.id} href={`/app/requests/${r.id}/exports/${f.id}`} filename={`${r.reference}.${f.format}`}>
                    {`Download ${f.format.toUpperCase()} (${Math.ceil(f.bytes / 1024)} KB, until ${formatDate(f.expiresAt)})`}
                  </DownloadButton>
                ))}
              </InlineStack>
            )}
          </BlockStack>
        </Card>
        <Card>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">
              Timeline
            </Text>
            {r.timeline.map((t, i) => (
              <Text as="p" key={i}>
                {formatDate(t.at)}: {t.from ? `${humanise(t.from)} → ` : ""}
                {humanise(t.to)} by {t.actorType}
                {t.reason ? ` (${t.reason})` : ""}
              </Text>
            ))}
          </BlockStack>
        </Card>
      </BlockStack>
    </Page>
  );
}
