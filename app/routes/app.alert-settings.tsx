import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, ChoiceList, FormLayout, Page, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useCan } from "../ui/permissions";
import { useLang, useT } from "../ui/i18n";
import { AlertSettingsForm, getAlertSettings, saveAlertSettings } from "../modules/alerts/settings.server";
import { THRESHOLD_LIMITS } from "../modules/alerts/rules";
import { requireStaff } from "../modules/team/staff.server";
import { readForm } from "../platform/http/form.server";
import { pageMessages } from "../modules/admin-i18n/page-messages.server";

// Alert thresholds, working hours and the access-review period: Settings' own section (owners change it).
export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const staff = await requireStaff(request, "read", context);
  return json({ ...(await getAlertSettings(staff)), pageMessages: await pageMessages({ request, context }, staff, ["alertSettings", "digest", "requestType", "requestStatus"]) });
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const staff = await requireStaff(request, "settings.manage");
  const form = await readForm(request);
  const parsed = AlertSettingsForm.safeParse({ ...Object.fromEntries(form), workDays: form.getAll("workDays") });
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
    return json({ ok: false as const, errors }, { status: 422 });
  }
  const { changed } = await saveAlertSettings(staff, parsed.data, new Date());
  return json({ ok: true as const, errors: {} as Record<string, string>, changed: changed.length });
};

type NumberKey = keyof typeof THRESHOLD_LIMITS;
// Titles and labels are catalog keys (alertSettings.group.*, alertSettings.field.*).
const GROUPS: { title: string; fields: NumberKey[] }[] = [
  { title: "export", fields: ["exportThreshold", "exportWindowMinutes"] },
  { title: "failures", fields: ["failureThreshold", "failureWindowMinutes"] },
  { title: "mfa", fields: ["mfaThreshold", "mfaWindowMinutes"] },
  { title: "deadlines", fields: ["deadlineWarningDays", "reviewMonths"] },
  { title: "hours", fields: ["workStartHour", "workEndHour"] },
];
/** Monday = 1 … Sunday = 7, named in the admin's language (a Monday in January 2024 is the 1st). */
const dayNames = (lang: string) => [1, 2, 3, 4, 5, 6, 7].map((d) => ({ label: new Intl.DateTimeFormat(lang, { weekday: "long", timeZone: "UTC" }).format(new Date(Date.UTC(2024, 0, d))), value: String(d) }));

export default function AlertSettings() {
  const saved = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const canSave = useCan()("settings.manage");
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(GROUPS.flatMap((g) => g.fields).map((k) => [k, String(saved[k])])));
  const [enabled, setEnabled] = useState<string[]>([saved.workingHoursEnabled ? "on" : "off"]);
  const [days, setDays] = useState<string[]>(saved.workDays.map(String));
  const errors = result?.errors ?? {};
  const t = useT();
  const lang = useLang();
  return (
    <Page title={t("alertSettings.title")} backAction={{ content: t("nav.alerts"), url: "/app/alerts" }}>
      <Form method="post">
        <BlockStack gap="400">
          {result?.ok ? <Banner tone="success">{t("alertSettings.saved")}</Banner> : null}
          {errors.form ? <Banner tone="critical">{errors.form}</Banner> : null}
          {GROUPS.map((group) => (
            <Card key={group.title}>
              <FormLayout>
                <Text as="h2" variant="headingMd">
                  {t(`alertSettings.group.${group.title}`)}
                </Text>
                {group.fields.map((key) => (
                  <TextField
                    key={key}
                    label={t(`alertSettings.field.${key}`)}
                    name={key}
                    type="number"
                    autoComplete="off"
                    min={THRESHOLD_LIMITS[key][0]}
                    max={THRESHOLD_LIMITS[key][1]}
                    value={values[key]}
                    onChange={(v) => setValues((prev) => ({ ...prev, [key]: v }))}
                    error={errors[key]}
                  />
                ))}
              </FormLayout>
            </Card>
          ))}
          <Card>
            <BlockStack gap="300">
              <ChoiceList
                title={t("alertSettings.afterHours")}
                choices={[
                  { label: t("alertSettings.on"), value: "on" },
                  { label: t("alertSettings.off"), value: "off" },
                ]}
                selected={enabled}
                onChange={setEnabled}
              />
              <ChoiceList allowMultiple title={t("alertSettings.workDays")} choices={dayNames(lang)} selected={days} onChange={setDays} error={errors.workDays} />
            </BlockStack>
          </Card>
          <input type="hidden" name="workingHoursEnabled" value={enabled[0] ?? "off"} />
          {days.map((d) => (
            <input key={d} type="hidden" name="workDays" value={d} />
          ))}
          {canSave ? (
            <Button submit variant="primary" loading={busy}>
              {t("common.save")}
            </Button>
          ) : (
            <Text as="p" tone="subdued">
              {t("alertSettings.ownerOnly")}
            </Text>
          )}
        </BlockStack>
      </Form>
    </Page>
  );
}
