import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, ChoiceList, FormLayout, Page, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useCan } from "../ui/permissions";
import { EmailTextsCard } from "../ui/email-texts-card";
import { REGULATIONS, ruleLabel } from "../modules/requests/rules";
import { RETENTION_BOUNDS } from "../modules/retention/rules/retention";
import { getSettings, saveSettings, SettingsSchema } from "../modules/settings/settings.server";
import { requireStaff } from "../modules/team/staff.server";
import { readForm } from "../platform/http/form.server";

export const loader = async ({ request }: LoaderFunctionArgs) => getSettings(await requireStaff(request, "read"));

export const action = async ({ request }: ActionFunctionArgs) => {
  const staff = await requireStaff(request, "settings.manage");
  const form = await readForm(request);
  const parsed = SettingsSchema.safeParse({ ...Object.fromEntries(form), regulations: form.getAll("regulations") });
  if (!parsed.success) {
    const errors = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message]));
    return json({ ok: false as const, errors }, { status: 422 });
  }
  await saveSettings(staff, parsed.data, new Date());
  return json({ ok: true as const, errors: {} as Record<string, string> });
};

const RETENTION_FIELDS = [
  ["verificationCodeMinutes", "Verification codes expire after (minutes)"],
  ["exportLinkDays", "Export files are kept for (days)"],
  ["closedRequestMonths", "Personal data of closed requests is kept for (months)"],
  ["consentRecordYears", "Consent records are kept for (years)"],
  ["webhookPayloadDays", "Shopify webhook payloads are kept after processing for (days)"],
] as const;

export default function Settings() {
  const saved = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(RETENTION_FIELDS.map(([k]) => [k, String(saved[k])])));
  const [regulations, setRegulations] = useState<string[]>(saved.regulations);
  const [clockStart, setClockStart] = useState<string[]>([saved.clockStart]);
  const [notificationEmails, setNotificationEmails] = useState(saved.notificationEmails);
  const canSave = useCan()("settings.manage");
  const errors = result?.errors ?? {};
  return (
    <Page title="Settings" secondaryActions={[{ content: "Audit streaming to a SIEM", url: "/app/streaming" }]}>
      <Form method="post">
        <BlockStack gap="400">
          {result?.ok ? <Banner tone="success">Settings saved.</Banner> : null}
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Regulations and deadlines
              </Text>
              <ChoiceList
                allowMultiple
                title="Regulations that apply to this shop"
                choices={REGULATIONS.filter((r) => r !== "shopify").map((r) => ({ label: ruleLabel(r, "access"), value: r }))}
                selected={regulations}
                onChange={setRegulations}
                error={errors.regulations}
              />
              <ChoiceList
                title="When the deadline clock starts"
                choices={[
                  { label: "When the request is received", value: "receipt", helpText: "The strict reading of GDPR art. 12(3)." },
                  { label: "When the requester's identity is confirmed", value: "verification", helpText: "EDPB guidance, where there are reasonable doubts about identity." },
                ]}
                selected={clockStart}
                onChange={setClockStart}
              />
            </BlockStack>
          </Card>
          <Card>
            <FormLayout>
              <Text as="h2" variant="headingMd">
                Retention
              </Text>
              {RETENTION_FIELDS.map(([key, label]) => (
                <TextField
                  key={key}
                  label={label}
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
                Security
              </Text>
              <Text as="p">
                By default, staff who have set up an authenticator app (Two-step verification) enter a fresh code before erasing, downloading personal data,
                changing roles or security settings; staff without one are not asked, and nobody is required to set one up. Owners can change this.
              </Text>
              <Button url="/app/security">Step-up verification settings</Button>
            </BlockStack>
          </Card>
          <EmailTextsCard />
          <Card>
            <FormLayout>
              <Text as="h2" variant="headingMd">
                Notifications
              </Text>
              <TextField
                label="Daily digest of requests due within 7 days and overdue, sent to"
                name="notificationEmails"
                value={notificationEmails}
                onChange={setNotificationEmails}
                autoComplete="off"
                multiline={2}
                helpText="Up to 10 addresses, separated by commas. Leave empty for no digest."
                error={errors.notificationEmails}
              />
            </FormLayout>
          </Card>
          <Card>
            <Link to="/app/alert-settings">Alert thresholds, working hours and access reviews</Link>
          </Card>
          {canSave ? (
            <Button submit variant="primary" loading={busy}>
              Save
            </Button>
          ) : (
            <Text as="p" tone="subdued">
              Only an owner of the app can change settings.
            </Text>
          )}
        </BlockStack>
      </Form>
    </Page>
  );
}
