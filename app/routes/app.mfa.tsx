import { staffTranslator } from "../modules/admin-i18n/staff-translator.server";
import { mfaErrorMessage } from "../modules/admin-i18n/rules/mfa-messages";
import { useT } from "../ui/i18n";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineStack, Layout, List, Page, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { confirmEnrollment, disableFactor, factorView, getPolicy, regenerateRecoveryCodes, startEnrollment, stepUpRefusal, verifyStepUp } from "../modules/mfa/mfa.server";
import { MFA_ERROR_STATUS, MfaError } from "../modules/mfa/rules/errors";
import { StepUpError } from "../modules/mfa/rules/policy";
import { requireStaff } from "../modules/team/staff.server";
import { readForm } from "../platform/http/form.server";
import { useFormatDate } from "../ui/format";
import { StepUpGate } from "../ui/step-up";
import { pageMessages } from "../modules/admin-i18n/page-messages.server";

// Every role manages its own authenticator: viewers read personal data too.
export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const staff = await requireStaff(request, "read", context);
  const policy = await getPolicy(staff.shop);
  return json({ factor: await factorView(staff, new Date()), requireEnrollment: policy.requireEnrollment, stepUpMinutes: policy.stepUpMinutes, pageMessages: await pageMessages({ request, context }, staff, ["mfa"]) }, { headers: { "Cache-Control": "no-store" } });
};

// Messages are catalog keys, said in the staff member's language by the action.
const CODE = z.string("mfa.error.enterCode").trim().min(1, "mfa.error.enterCode").max(64, "mfa.error.notACode");
const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("start") }),
  z.object({ intent: z.literal("confirm"), code: CODE }),
  z.object({ intent: z.literal("step_up"), code: CODE }),
  z.object({ intent: z.literal("regenerate") }),
  z.object({ intent: z.literal("disable") }),
]);

interface Answer {
  ok: boolean;
  intent?: string;
  message: string;
  recoveryCodes?: string[];
  stepUp?: "step_up_required" | "enrollment_required";
}

export const action = async ({ request }: ActionFunctionArgs) => {
  const staff = await requireStaff(request, "read");
  const form = Object.fromEntries(await readForm(request));
  const parsed = ActionSchema.safeParse(form);
  const t = await staffTranslator(request, staff);
  const intent = typeof form.intent === "string" ? form.intent.slice(0, 32) : undefined;
  if (!parsed.success) {
    const message = parsed.error.issues.some((i) => i.path[0] === "intent") ? t("mfa.error.notAvailable") : [...new Set(parsed.error.issues.map((i) => t(i.message)))].join(" ");
    return json<Answer>({ ok: false, intent, message }, { status: 400 });
  }
  const now = new Date();
  try {
    switch (parsed.data.intent) {
      case "start":
        await startEnrollment(staff, now);
        return json<Answer>({ ok: true, intent, message: t("mfa.result.start") });
      case "confirm": {
        const { recoveryCodes } = await confirmEnrollment(staff, parsed.data.code, now);
        return json<Answer>({ ok: true, intent, message: t("mfa.result.confirm"), recoveryCodes });
      }
      case "step_up": {
        const { verifiedUntil } = await verifyStepUp(staff, parsed.data.code, now);
        return json<Answer & { verifiedUntil: string }>({ ok: true, intent, message: t("mfa.result.step_up"), verifiedUntil: verifiedUntil.toISOString() });
      }
      case "regenerate": {
        const { recoveryCodes } = await regenerateRecoveryCodes(staff, now);
        return json<Answer>({ ok: true, intent, message: t("mfa.result.regenerate"), recoveryCodes });
      }
      case "disable":
        await disableFactor(staff, now);
        return json<Answer>({ ok: true, intent, message: t("mfa.result.disable") });
    }
  } catch (error) {
    if (error instanceof StepUpError) return stepUpRefusal(error, { intent, say: t });
    if (error instanceof MfaError) {
      const headers: Record<string, string> = error.retryAfterSeconds ? { "Retry-After": String(error.retryAfterSeconds) } : {};
      return json<Answer>({ ok: false, intent, message: mfaErrorMessage(t, error) }, { status: MFA_ERROR_STATUS[error.code], headers });
    }
    throw error;
  }
};

function RecoveryCodes({ codes }: { codes: string[] }) {
  const t = useT();
  return (
    <Banner tone="warning" title={t("mfa.codesTitle")}>
      <BlockStack gap="200">
        <p>{t("mfa.codesBody")}</p>
        <div data-recovery-codes>
          <List type="number">
            {codes.map((c) => (
              <List.Item key={c}>
                <code>{c}</code>
              </List.Item>
            ))}
          </List>
        </div>
      </BlockStack>
    </Banner>
  );
}

export default function Mfa() {
  const { factor, requireEnrollment, stepUpMinutes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Answer | undefined;
  const busy = useNavigation().state !== "idle";
  const formatDate = useFormatDate();
  const [code, setCode] = useState("");
  const t = useT();
  const failed = result && !result.ok && !result.stepUp ? result.message : null;
  return (
    <Page title={t("mfa.title")} subtitle={t("mfa.subtitle")}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {result?.recoveryCodes ? <RecoveryCodes codes={result.recoveryCodes} /> : null}
            {result?.ok && !result.recoveryCodes ? <Banner tone="success">{result.message}</Banner> : null}
            {failed ? <Banner tone="critical">{failed}</Banner> : null}
            <StepUpGate result={result} />
            {factor.state === "none" ? (
              <Card>
                <BlockStack gap="300">
                  <Text as="p">
                    {requireEnrollment ? t("mfa.required") : t("mfa.intro")}
                  </Text>
                  <Form method="post">
                    <input type="hidden" name="intent" value="start" />
                    <Button submit variant="primary" loading={busy}>
                      {t("mfa.setUp")}
                    </Button>
                  </Form>
                </BlockStack>
              </Card>
            ) : null}
            {factor.state === "pending" && factor.setup ? (
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    {t("mfa.scan")}
                  </Text>
                  <img src={factor.setup.qrDataUrl} alt={t("mfa.qrAlt")} width={200} height={200} data-mfa-qr />
                  <Text as="p">
                    {t("mfa.typeKey")} <code data-mfa-secret>{factor.setup.secret}</code>
                  </Text>
                  <Form method="post">
                    <input type="hidden" name="intent" value="confirm" />
                    <InlineStack gap="200" blockAlign="end">
                      <TextField label={t("mfa.codeFromApp")} name="code" value={code} onChange={setCode} autoComplete="one-time-code" inputMode="numeric" />
                      <Button submit variant="primary" loading={busy}>
                        {t("mfa.confirm")}
                      </Button>
                    </InlineStack>
                  </Form>
                  <Form method="post">
                    <input type="hidden" name="intent" value="disable" />
                    <Button submit variant="plain">
                      {t("mfa.cancelSetup")}
                    </Button>
                  </Form>
                </BlockStack>
              </Card>
            ) : null}
            {factor.state === "enrolled" ? (
              <Card>
                <BlockStack gap="300">
                  <Text as="p">
                    {t("mfa.enrolled", { count: factor.recoveryCodesLeft })}{" "}
                    {factor.verifiedUntil ? t("mfa.verifiedUntil", { date: formatDate(factor.verifiedUntil) }) : t("mfa.lasts", { count: stepUpMinutes })}
                  </Text>
                  {factor.lockedForSeconds > 0 ? <Banner tone="critical">{t("mfa.locked", { count: Math.ceil(factor.lockedForSeconds / 60) })}</Banner> : null}
                  <InlineStack gap="200">
                    <Form method="post">
                      <input type="hidden" name="intent" value="regenerate" />
                      <Button submit>{t("mfa.newCodes")}</Button>
                    </Form>
                    <Form method="post">
                      <input type="hidden" name="intent" value="disable" />
                      <Button submit tone="critical">
                        {t("mfa.remove")}
                      </Button>
                    </Form>
                  </InlineStack>
                </BlockStack>
              </Card>
            ) : null}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
