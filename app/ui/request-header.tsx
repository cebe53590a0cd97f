import { Badge, BlockStack, Card, InlineStack, Text } from "@shopify/polaris";
import { useFormatDate } from "./format";
import { useT, type Translate } from "./i18n";

export interface RequestHeaderProps {
  status: string;
  type: string;
  source: string;
  regulation: string;
  receivedAt: string;
  dueAt: string;
  closed: boolean;
  extended: boolean;
  extensionReason: string | null;
  now: Date;
}

const STATUS_TONE: Record<string, "success" | "attention" | "info" | "critical" | undefined> = {
  completed: "success",
  rejected: undefined,
  cancelled: undefined,
  awaiting_shopify: "info",
  awaiting_verification: "attention",
};

/** Status, regulation and the deadline countdown ("12 days left", overdue in red) at the top of a request. */
export function RequestHeader(props: RequestHeaderProps) {
  const formatDate = useFormatDate();
  const t = useT();
  const left = countdownText(t, new Date(props.dueAt), props.now, props.closed);
  return (
    <Card>
      <BlockStack gap="200">
        <InlineStack gap="200" blockAlign="center">
          <Badge tone={STATUS_TONE[props.status]}>{t(`requestStatus.${props.status}`)}</Badge>
          <Badge>{t(`regulation.${props.regulation}`)}</Badge>
          <Text as="span" variant="headingMd" tone={left.tone === "critical" ? "critical" : left.tone === "warning" ? "caution" : undefined}>
            <span data-countdown={left.tone}>{left.text}</span>
          </Text>
        </InlineStack>
        <Text as="p">
          {t("request.header.summary", { type: t(`requestType.${props.type}`), source: t(`requestSource.${props.source}`), received: formatDate(props.receivedAt) })} <strong>{formatDate(props.dueAt)}</strong>
          {props.extended ? t("request.header.extended", { reason: props.extensionReason ?? "" }) : ""}.
        </Text>
      </BlockStack>
    </Card>
  );
}

const DAY_MS = 86_400_000;

/** countdown() in the admin's language: "12 days left", "3 days overdue", "Closed". */
function countdownText(t: Translate, due: Date, now: Date, closed: boolean): { text: string; tone: "success" | "critical" | "warning" | "info" } {
  if (closed) return { text: t("request.countdown.closed"), tone: "success" };
  const ms = due.getTime() - now.getTime();
  if (ms < 0) return { text: t("request.countdown.overdue", { count: Math.ceil(-ms / DAY_MS) }), tone: "critical" };
  const days = Math.floor(ms / DAY_MS);
  if (days === 0) return { text: t("request.countdown.today"), tone: "critical" };
  return { text: t("request.countdown.left", { count: days }), tone: days <= 7 ? "warning" : "info" };
}
