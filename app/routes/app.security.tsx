import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, Checkbox, ChoiceList, FormLayout, Page, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { enrolledStaff, getPolicy, resetFactor, savePolicy, stepUpRefusal } from "../modules/mfa/mfa.server";
import { MFA_ERROR_STATUS, MfaError } from "../modules/mfa/rules/errors";
import { staffNames } from "../modules/team/staff.server";
import { staffLabel } from "../modules/team/rules/staff-name";
import { STEP_UP_ACTION_LABELS, STEP_UP_ACTIONS, STEP_UP_MINUTES_BOUNDS, StepUpError } from "../modules/mfa/rules/policy";
import { requireStaff } from "../modules/team/staff.server";
import { readForm } from "../platform/http/form.server";
import { useCan } from "../ui/permissions";
import { StepUpGate } from "../ui/step-up";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const staff = await requireStaff(request, "read");
  const enrolled = await enrolledStaff(staff.shop);
  return json({ policy: await getPolicy(staff.shop), enrolled, names: await staffNames(staff.shop, enrolled), me: staff.staffId }, { headers: { "Cache-Control": "no-store" } });
};

const [MIN, MAX] = STEP_UP_MINUTES_BOUNDS;
const PolicySchema = z.object({
  protectedActions: z.array(z.enum(STEP_UP_ACTIONS, "Choose actions from the list.")).max(STEP_UP_ACTIONS.length),
  stepUpMinutes: z.coerce.number("Enter a number of minutes.").int("Enter whole minutes.").min(MIN, `At least ${MIN} minute.`).max(MAX, `At most ${MAX} minutes.`),
  requireEnrollment: z.enum(["on", "off"], "Choose whether enrollment is required.").transform((v) => v === "on"),
});

const ResetSchema = z.object({ intent: z.literal("reset"), staffId: z.string("Choose a staff member from the list.").regex(/^\d{1,20}$/, "Choose a staff member from the list.") });

export const action = async ({ request }: ActionFunctionArgs) => {
  const staff = await requireStaff(request, "settings.manage");
  const form = await readForm(request);
  if (form.get("intent") === "reset") {
    const reset = ResetSchema.safeParse(Object.fromEntries(form));
    if (!reset.success) return json({ ok: false as const, message: reset.error.issues[0]!.message, errors: {} as Record<string, string> }, { status: 400 });
    try {
      await resetFactor(staff, reset.data.staffId, new Date());
    } catch (error) {
      if (error instanceof StepUpError) return stepUpRefusal(error);
      if (error instanceof MfaError) return json({ ok: false as const, message: error.message, errors: {} as Record<string, string> }, { status: MFA_ERROR_STATUS[error.code] });
      throw error;
    }
    return json({ ok: true as const, message: "The authenticator app was removed; they can set up a new one.", errors: {} as Record<string, string> });
  }
  const parsed = PolicySchema.safeParse({ protectedActions: [...new Set(form.getAll("protectedActions"))], stepUpMinutes: form.get("stepUpMinutes") ?? undefined, requireEnrollment: form.get("requireEnrollment") ?? "off" });
  if (!parsed.success) {
    const errors = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message]));
    return json({ ok: false as const, message: Object.values(errors).join(" "), errors }, { status: 422 });
  }
  try {
    await savePolicy(staff, parsed.data, new Date());
  } catch (error) {
    if (error instanceof StepUpError) return stepUpRefusal(error);
    throw error;
  }
  return json({ ok: true as const, message: "Security settings saved.", errors: {} as Record<string, string> });
};

export default function Security() {
  const { policy, enrolled, names, me } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const canSave = useCan()("settings.manage");
  const submit = useSubmit();
  const [actions, setActions] = useState<string[]>([...policy.protectedActions]);
  const [minutes, setMinutes] = useState(String(policy.stepUpMinutes));
  const [required, setRequired] = useState(policy.requireEnrollment);
  const errors: Record<string, string> = result && "errors" in result ? result.errors : {};
  return (
    <Page title="Security" subtitle="Step-up verification for sensitive actions" backAction={{ content: "Settings", url: "/app/settings" }}>
      <Form method="post">
        <BlockStack gap="400">
          {result?.ok ? <Banner tone="success">{result.message}</Banner> : null}
          {result && !result.ok && !("stepUp" in result) ? <Banner tone="critical">{result.message}</Banner> : null}
          <StepUpGate result={result} />
          <Card>
            <BlockStack gap="300">
              <Text as="p">
                Staff who have set up an authenticator app (on the Two-step verification page) must enter a fresh code before the actions ticked below. Staff
                without one are not asked, unless you require enrollment. {enrolled.length} staff member(s) have an authenticator app.
              </Text>
              <ChoiceList allowMultiple title="Actions that need a fresh code" choices={STEP_UP_ACTIONS.map((a) => ({ label: STEP_UP_ACTION_LABELS[a], value: a }))} selected={actions} onChange={setActions} error={errors.protectedActions} />
              <FormLayout>
                <TextField
                  label="A verified code lasts (minutes)"
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
                  label="Require an authenticator app for everyone with access to personal data"
                  helpText="Off by default. When on, staff without an authenticator app cannot do the actions above until they set one up; they are shown the set-up page instead."
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
                  Staff with an authenticator app
                </Text>
                <Text as="p">If someone lost their phone and their recovery codes, remove their authenticator app here; they can then set up a new one.</Text>
                {enrolled.map((id) => (
                  <Button key={id} tone="critical" variant="plain" onClick={() => submit({ intent: "reset", staffId: id }, { method: "post" })}>
                    {`Remove the authenticator app of ${staffLabel(id, names, me)}`}
                  </Button>
                ))}
              </BlockStack>
            </Card>
          ) : null}
          {canSave ? (
            <Button submit variant="primary" loading={busy}>
              Save
            </Button>
          ) : (
            <Text as="p" tone="subdued">
              Only an owner of the app can change security settings.
            </Text>
          )}
        </BlockStack>
      </Form>
    </Page>
  );
}
