import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, ChoiceList, FormLayout, Page, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useCan } from "../ui/permissions";
import { EmailTextsCard } from "../ui/email-texts-card";
import { REGULATIONS } from "../modules/requests/rules";
import { RETENTION_BOUNDS } from "../modules/retention/rules/retention";
import { getSettings, saveSettings, SettingsSchema, settingsIssueMessage } from "../modules/settings/settings.server";
import { staffTranslator } from "../modules/admin-i18n/staff-translator.server";
import { useT } from "../ui/i18n";
import { useLawLabel } from "../ui/law-label";
import { requireStaff } from "../modules/team/staff.server";
import { readForm } from "../platform/http/form.server";
import { pageMessages } from "../modules/admin-i18n/page-messages.server";

export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const staff = await requireStaff(request, "read", context);
  return { ...(await getSettings(staff)), pageMessages: await pageMessages({ request, context }, staff, ["settings", "law", "regulation", "emails.cardTitle", "emails.cardText", "emails.cardButton"]) };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const staff = await requireStaff(request, "settings.manage");
  const form = await readForm(request);
  const parsed = SettingsSchema.safeParse({ ...Object.fromEntries(form), regulations: form.getAll("regulations") });
  if (!parsed.success) {
    const t = await staffTranslator(request, staff);
    const errors = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), settingsIssueMessage(t, i)]));
    return json({ ok: false as const, errors }, { status: 422 });
  }
  await saveSettings(staff, parsed.data, new Date());
  return json({ ok: true as const, errors: {} as Record<string, string> });
};

const RETENTION_FIELDS = ["verificationCodeMinutes", "exportLinkDays", "closedRequestMonths", "consentRecordYears", "webhookPayloadDays"] as const;

export default function Settings() {
  const saved = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const t = useT();
  const lawLabel = useLawLabel();
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(RETENTION_FIELDS.map((k) => [k, String(saved[k])])));
  const [regulations, setRegulations] = useState<string[]>(saved.regulations);
  const [clockStart, setClockStart] = useState<string[]>([saved.clockStart]);
  const [notificationEmails, setNotificationEmails] = useState(saved.notificationEmails);
  const canSave = useCan()("settings.manage");
  const errors = result?.errors ?? {};
  return (
    <Page title={t("settings.title")} secondaryActions={[{ content: t("settings.streamingLink"), url: "/app/streaming" }]}>
      <Form method="post">
        <BlockStack gap="400">
          {result?.ok ? <Banner tone="success">{t("settings.saved")}</Banner> : null}
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("settings.regulationsHeading")}
              </Text>
              <ChoiceList
                allowMultiple
                title={t("settings.regulationsTitle")}
                choices={REGULATIONS.filter((r) => r !== "shopify").map((r) => ({ label: lawLabel(r, "access"), value: r }))}
                selected={regulations}
                onChange={setRegulations}
                error={errors.regulations}
              />
              <ChoiceList
                title={t("settings.clockTitle")}
                choices={[
                  { label: t("settings.clockReceipt"), value: "receipt", helpText: t("settings.clockReceiptHelp") },
                  { label: t("settings.clockVerification"), value: "verification", helpText: t("settings.clockVerificationHelp") },
                ]}
                selected={clockStart}
                onChange={setClockStart}
              />
            </BlockStack>
          </Card>
          <Card>
            <FormLayout>
              <Text as="h2" variant="headingMd">
                {t("settings.retention")}
              </Text>
              {RETENTION_FIELDS.map((key) => (
                <TextField
                  key={key}
                  label={t(`settings.field.${key}`)}
                  name={key}
                  type="number"
                  autoComplete="off"
                  min={RETENTION_BOUNDS[key][0]}
                  max={RETENTION_BOUNDS[key][1]}
                  value={values[key]}
                  onChange={(v) => setValues((prev) => ({ ...prev, [key]: v }))}
                  error={errors[key]}
                />
              ))}
            </FormLayout>
          </Card>
          {regulations.map((r) => (
            <input key={r} type="hidden" name="regulations" value={r} />
          ))}
          <input type="hidden" name="clockStart" value={clockStart[0] ?? "receipt"} />
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                {t("settings.security")}
              </Text>
              <Text as="p">
                {t("settings.securityBody")}
              </Text>
              <Button url="/app/security">{t("settings.securityLink")}</Button>
            </BlockStack>
          </Card>
          <EmailTextsCard />
          <Card>
            <FormLayout>
              <Text as="h2" variant="headingMd">
                {t("settings.notifications")}
              </Text>
              <TextField
                label={t("settings.digestLabel")}
                name="notificationEmails"
                value={notificationEmails}
                onChange={setNotificationEmails}
                autoComplete="off"
                multiline={2}
                helpText={t("settings.digestHelp")}
                error={errors.notificationEmails}
              />
            </FormLayout>
          </Card>
          <Card>
            <Link to="/app/alert-settings">{t("settings.alertsLink")}</Link>
          </Card>
          {canSave ? (
            <Button submit variant="primary" loading={busy}>
              {t("common.save")}
            </Button>
          ) : (
            <Text as="p" tone="subdued">
              {t("settings.ownerOnly")}
            </Text>
          )}
        </BlockStack>
      </Form>
    </Page>
  );
}
