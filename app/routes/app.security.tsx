import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, Checkbox, ChoiceList, FormLayout, Page, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { enrolledStaff, getPolicy, resetFactor, savePolicy, stepUpRefusal } from "../modules/mfa/mfa.server";
import { MFA_ERROR_STATUS, MfaError } from "../modules/mfa/rules/errors";
import { staffNames } from "../modules/team/staff.server";
import { STEP_UP_ACTIONS, STEP_UP_MINUTES_BOUNDS, StepUpError } from "../modules/mfa/rules/policy";
import { requireStaff } from "../modules/team/staff.server";
import { readForm } from "../platform/http/form.server";
import { useCan } from "../ui/permissions";
import { StepUpGate } from "../ui/step-up";
import { useT } from "../ui/i18n";
import { useStaffLabel } from "../ui/staff-label";
import { staffTranslator } from "../modules/admin-i18n/staff-translator.server";
import { mfaErrorMessage } from "../modules/admin-i18n/rules/mfa-messages";
import { pageMessages } from "../modules/admin-i18n/page-messages.server";

export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const staff = await requireStaff(request, "read", context);
  const enrolled = await enrolledStaff(staff.shop);
  return json({ policy: await getPolicy(staff.shop), enrolled, names: await staffNames(staff.shop, enrolled), me: staff.staffId, pageMessages: await pageMessages({ request, context }, staff, ["security", "mfa.error"]) }, { headers: { "Cache-Control": "no-store" } });
};

const [MIN, MAX] = STEP_UP_MINUTES_BOUNDS;
// Messages are catalog keys, said in the staff member's language by the action.
const PolicySchema = z.object({
  protectedActions: z.array(z.enum(STEP_UP_ACTIONS, "security.error.chooseActions")).max(STEP_UP_ACTIONS.length, "security.error.chooseActions"),
  stepUpMinutes: z.coerce.number("security.error.minutes").int("security.error.minutes").min(MIN, "security.error.minutes").max(MAX, "security.error.minutes"),
  requireEnrollment: z.enum(["on", "off"], "security.error.enrollment").transform((v) => v === "on"),
});

const ResetSchema = z.object({ intent: z.literal("reset"), staffId: z.string("security.error.chooseStaff").regex(/^\d{1,20}$/, "security.error.chooseStaff") });

export const action = async ({ request }: ActionFunctionArgs) => {
  const staff = await requireStaff(request, "settings.manage");
  const form = await readForm(request);
  const t = await staffTranslator(request, staff);
  if (form.get("intent") === "reset") {
    const reset = ResetSchema.safeParse(Object.fromEntries(form));
    if (!reset.success) return json({ ok: false as const, message: t("security.error.chooseStaff"), errors: {} as Record<string, string> }, { status: 400 });
    try {
      await resetFactor(staff, reset.data.staffId, new Date());
    } catch (error) {
      if (error instanceof StepUpError) return stepUpRefusal(error, { say: t });
      if (error instanceof MfaError) return json({ ok: false as const, message: mfaErrorMessage(t, error), errors: {} as Record<string, string> }, { status: MFA_ERROR_STATUS[error.code] });
      throw error;
    }
    return json({ ok: true as const, message: t("security.resetDone"), errors: {} as Record<string, string> });
  }
  const parsed = PolicySchema.safeParse({ protectedActions: [...new Set(form.getAll("protectedActions"))], stepUpMinutes: form.get("stepUpMinutes") ?? undefined, requireEnrollment: form.get("requireEnrollment") ?? "off" });
  if (!parsed.success) {
    const errors = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), t(i.message, { min: MIN, max: MAX })]));
    return json({ ok: false as const, message: Object.values(errors).join(" "), errors }, { status: 422 });
  }
  try {
    await savePolicy(staff, parsed.data, new Date());
  } catch (error) {
    if (error instanceof StepUpError) return stepUpRefusal(error, { say: t });
    throw error;
  }
  return json({ ok: true as const, message: t("security.saved"), errors: {} as Record<string, string> });
};

export default function Security() {
  const { policy, enrolled, names, me } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const canSave = useCan()("settings.manage");
  const submit = useSubmit();
  const t = useT();
  const staffLabel = useStaffLabel();
  const [actions, setActions] = useState<string[]>([...policy.protectedActions]);
  const [minutes, setMinutes] = useState(String(policy.stepUpMinutes));
  const [required, setRequired] = useState(policy.requireEnrollment);
  const errors: Record<string, string> = result && "errors" in result ? result.errors : {};
  return (
    <Page title={t("security.title")} subtitle={t("security.subtitle")} backAction={{ content: t("nav.settings"), url: "/app/settings" }}>
      <Form method="post">
        <BlockStack gap="400">
          {result?.ok ? <Banner tone="success">{result.message}</Banner> : null}
          {result && !result.ok && !("stepUp" in result) ? <Banner tone="critical">{result.message}</Banner> : null}
          <StepUpGate result={result} />
          <Card>
            <BlockStack gap="300">
              <Text as="p">
                {t("security.intro")} {t("security.enrolledCount", { count: enrolled.length })}
              </Text>
              <ChoiceList allowMultiple title={t("security.actionsTitle")} choices={STEP_UP_ACTIONS.map((a) => ({ label: t(`security.action.${a}`), value: a }))} selected={actions} onChange={setActions} error={errors.protectedActions} />
              <FormLayout>
                <TextField
                  label={t("security.minutes")}
                  name="stepUpMinutes"
                  type="number"
                  min={MIN}
                  max={MAX}
                  autoComplete="off"
                  value={minutes}
                  onChange={setMinutes}
                  error={errors.stepUpMinutes}
                />
                <Checkbox
                  label={t("security.require")}
                  helpText={t("security.requireHelp")}
                  checked={required}
                  onChange={setRequired}
                />
              </FormLayout>
            </BlockStack>
          </Card>
          {actions.map((a) => (
            <input key={a} type="hidden" name="protectedActions" value={a} />
          ))}
          <input type="hidden" name="requireEnrollment" value={required ? "on" : "off"} />
          {canSave && enrolled.length > 0 ? (
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  {t("security.staffHeading")}
                </Text>
                <Text as="p">{t("security.staffBody")}</Text>
                {enrolled.map((id) => (
                  <Button key={id} tone="critical" variant="plain" onClick={() => submit({ intent: "reset", staffId: id }, { method: "post" })}>
                    {t("security.removeOf", { name: staffLabel(id, names, me) })}
                  </Button>
                ))}
              </BlockStack>
            </Card>
          ) : null}
          {canSave ? (
            <Button submit variant="primary" loading={busy}>
              {t("common.save")}
            </Button>
          ) : (
            <Text as="p" tone="subdued">
              {t("security.ownerOnly")}
            </Text>
          )}
        </BlockStack>
      </Form>
    </Page>
  );
}
