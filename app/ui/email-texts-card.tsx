import { BlockStack, Button, Card, Text } from "@shopify/polaris";
import { useT } from "./i18n";

/** Settings' link to Settings > Emails (app.settings.emails.tsx), the merchant's wording of requester emails. */
export function EmailTextsCard() {
  const t = useT();
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          {t("emails.cardTitle")}
        </Text>
        <Text as="p">{t("emails.cardText")}</Text>
        <Button url="/app/settings/emails">{t("emails.cardButton")}</Button>
      </BlockStack>
    </Card>
  );
}
