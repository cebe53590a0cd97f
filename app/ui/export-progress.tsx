import { useRevalidator } from "@remix-run/react";
import { BlockStack, Card, ProgressBar, Text } from "@shopify/polaris";
import { useEffect } from "react";

export interface ExportProgressView {
  stage: string;
  method: string | null;
  ordersDone: number;
  ordersTotal: number | null;
  problem: string | null;
}

const ACTIVE = new Set(["queued", "customer", "orders", "bulk_running", "bulk_download", "writing"]);
const POLL_MS = 1_000;

function ofTotal(p: ExportProgressView): string {
  return p.ordersTotal === null ? `${p.ordersDone} orders` : `${p.ordersDone} of ${p.ordersTotal} orders`;
}

export function exportStageText(p: ExportProgressView): string {
  switch (p.stage) {
    case "queued":
      return "Export queued: waiting for the background worker.";
    case "customer":
      return "Reading the customer record from Shopify (profile, addresses, consent, tags, metafields).";
    case "orders":
      return `Reading orders from Shopify page by page: ${ofTotal(p)}.`;
    case "bulk_running":
      return `Shopify is running a bulk export of the orders: ${ofTotal(p)} so far.`;
    case "bulk_download":
      return `Downloading Shopify's bulk export: ${ofTotal(p)}.`;
    case "writing":
      return "Writing the JSON, CSV and HTML files.";
    case "done":
      return `Export ready with ${p.ordersDone} order${p.ordersDone === 1 ? "" : "s"}${p.method === "bulk" ? " (read with a Shopify bulk operation)" : ""}.`;
    case "failed":
      return `The last export attempt failed${p.problem ? ` (${p.problem})` : ""}. It is retried automatically; see Compliance webhooks for failed jobs.`;
    default:
      return p.stage;
  }
}

/** Where a running export stands; re-reads the page's loader every second until it finishes. */
export function ExportProgressCard({ progress }: { progress: ExportProgressView | null }) {
  const revalidator = useRevalidator();
  const active = progress !== null && ACTIVE.has(progress.stage);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [active, revalidator]);
  if (!progress) return null;
  const fraction = progress.ordersTotal ? Math.min(100, Math.round((progress.ordersDone / progress.ordersTotal) * 100)) : progress.stage === "done" ? 100 : 0;
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          Export progress
        </Text>
        <div role="status" aria-live="polite" data-export-stage={progress.stage}>
          <Text as="p" tone={progress.stage === "failed" ? "critical" : undefined}>
            {exportStageText(progress)}
          </Text>
        </div>
        {active ? <ProgressBar progress={fraction} size="small" animated={false} /> : null}
      </BlockStack>
    </Card>
  );
}
