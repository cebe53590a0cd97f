import { Badge, BlockStack, Card, InlineStack, Text } from "@shopify/polaris";
import { countdown, REGULATION_NAMES } from "../modules/requests/rules/countdown";
import { humanise, useFormatDate } from "./format";

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
  const left = countdown(new Date(props.dueAt), props.now, props.closed);
  return (
    <Card>
      <BlockStack gap="200">
        <InlineStack gap="200" blockAlign="center">
          <Badge tone={STATUS_TONE[props.status]}>{humanise(props.status)}</Badge>
          <Badge>{REGULATION_NAMES[props.regulation] ?? props.regulation.toUpperCase()}</Badge>
          <Text as="span" variant="headingMd" tone={left.tone === "critical" ? "critical" : left.tone === "warning" ? "caution" : undefined}>
            <span data-countdown={left.tone}>{left.text}</span>
          </Text>
        </InlineStack>
        <Text as="p">
          {humanise(props.type)} request from {humanise(props.source)}, received {formatDate(props.receivedAt)}, due <strong>{formatDate(props.dueAt)}</strong>
          {props.extended ? ` (extended: ${props.extensionReason ?? ""})` : ""}.
        </Text>
      </BlockStack>
    </Card>
  );
}
