import { useRevalidator } from "@remix-run/react";
import { BlockStack, Card, ProgressBar, Text } from "@shopify/polaris";
import { useEffect } from "react";
import { useT, type Translate } from "./i18n";

export interface ExportProgressView {
  stage: string;
  method: string | null;
  ordersDone: number;
  ordersTotal: number | null;
  problem: string | null;
}

const ACTIVE = new Set(["queued", "customer", "orders", "bulk_running", "bulk_download", "writing"]);
const POLL_MS = 1_000;

function ofTotal(t: Translate, p: ExportProgressView): string {
  return p.ordersTotal === null ? t("export.orders", { count: p.ordersDone }) : t("export.ordersOf", { done: p.ordersDone, count: p.ordersTotal });
}

export function exportStageText(t: Translate, p: ExportProgressView): string {
  switch (p.stage) {
    case "queued":
    case "customer":
    case "writing":
      return t(`export.stage.${p.stage}`);
    case "orders":
    case "bulk_running":
    case "bulk_download":
      return t(`export.stage.${p.stage}`, { orders: ofTotal(t, p) });
    case "done":
      return t(p.method === "bulk" ? "export.stage.doneBulk" : "export.stage.done", { count: p.ordersDone });
    case "failed":
      return p.problem ? t("export.stage.failedWith", { problem: p.problem }) : t("export.stage.failed");
    default:
      return p.stage;
  }
}

/** Where a running export stands; re-reads the page's loader every second until it finishes. */
export function ExportProgressCard({ progress }: { progress: ExportProgressView | null }) {
  const revalidator = useRevalidator();
  const t = useT();
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
          {t("export.title")}
        </Text>
        <div role="status" aria-live="polite" data-export-stage={progress.stage}>
          <Text as="p" tone={progress.stage === "failed" ? "critical" : undefined}>
            {exportStageText(t, progress)}
          </Text>
        </div>
        {active ? <ProgressBar progress={fraction} size="small" animated={false} /> : null}
      </BlockStack>
    </Card>
  );
}
