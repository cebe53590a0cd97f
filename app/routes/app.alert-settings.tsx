import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, ChoiceList, FormLayout, Page, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useCan } from "../ui/permissions";
import { AlertSettingsForm, getAlertSettings, saveAlertSettings } from "../modules/alerts/settings.server";
import { THRESHOLD_LIMITS } from "../modules/alerts/rules";
import { requireStaff } from "../modules/team/staff.server";
import { readForm } from "../platform/http/form.server";

// Alert thresholds, working hours and the access-review period: Settings' own section (owners change it).
export const loader = async ({ request }: LoaderFunctionArgs) => json(await getAlertSettings(await requireStaff(request, "read")));

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
const GROUPS: { title: string; fields: [NumberKey, string][] }[] = [
  { title: "Bulk export of personal data", fields: [["exportThreshold", "Exports or downloads by one staff member"], ["exportWindowMinutes", "Within (minutes)"]] },
  { title: "Failed verification codes and download links", fields: [["failureThreshold", "Failures from one source"], ["failureWindowMinutes", "Within (minutes)"]] },
  { title: "Failed step-up verification", fields: [["mfaThreshold", "Failures by one staff member"], ["mfaWindowMinutes", "Within (minutes)"]] },
  { title: "Request deadlines and access reviews", fields: [["deadlineWarningDays", "Warn this many days before a request's deadline"], ["reviewMonths", "Owners confirm each member's role every (months)"]] },
  { title: "Working hours (in the shop's time zone)", fields: [["workStartHour", "Start hour (0-23)"], ["workEndHour", "End hour (1-24)"]] },
];
const DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"].map((label, i) => ({ label, value: String(i + 1) }));

export default function AlertSettings() {
  const saved = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const canSave = useCan()("settings.manage");
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(GROUPS.flatMap((g) => g.fields).map(([k]) => [k, String(saved[k])])));
  const [enabled, setEnabled] = useState<string[]>([saved.workingHoursEnabled ? "on" : "off"]);
  const [days, setDays] = useState<string[]>(saved.workDays.map(String));
  const errors = result?.errors ?? {};
  return (
    <Page title="Alert settings" backAction={{ content: "Alerts", url: "/app/alerts" }}>
      <Form method="post">
        <BlockStack gap="400">
          {result?.ok ? <Banner tone="success">Alert settings saved.</Banner> : null}
          {errors.form ? <Banner tone="critical">{errors.form}</Banner> : null}
          {GROUPS.map((group) => (
            <Card key={group.title}>
              <FormLayout>
                <Text as="h2" variant="headingMd">
                  {group.title}
                </Text>
                {group.fields.map(([key, label]) => (
                  <TextField
                    key={key}
                    label={label}
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
                title="Alert on personal-data access outside working hours"
                choices={[
                  { label: "On", value: "on" },
                  { label: "Off", value: "off" },
                ]}
                selected={enabled}
                onChange={setEnabled}
              />
              <ChoiceList allowMultiple title="Working days" choices={DAYS} selected={days} onChange={setDays} error={errors.workDays} />
            </BlockStack>
          </Card>
          <input type="hidden" name="workingHoursEnabled" value={enabled[0] ?? "off"} />
          {days.map((d) => (
            <input key={d} type="hidden" name="workDays" value={d} />
          ))}
          {canSave ? (
            <Button submit variant="primary" loading={busy}>
              Save
            </Button>
          ) : (
            <Text as="p" tone="subdued">
              Only an owner of the app can change alert settings.
            </Text>
          )}
        </BlockStack>
      </Form>
    </Page>
  );
}
