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

// Every role manages its own authenticator: viewers read personal data too.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const staff = await requireStaff(request, "read");
  const policy = await getPolicy(staff.shop);
  return json({ factor: await factorView(staff, new Date()), requireEnrollment: policy.requireEnrollment, stepUpMinutes: policy.stepUpMinutes }, { headers: { "Cache-Control": "no-store" } });
};

const CODE = z.string("Enter the code.").trim().min(1, "Enter the code.").max(64, "That is not a code.");
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
  const intent = typeof form.intent === "string" ? form.intent.slice(0, 32) : undefined;
  if (!parsed.success) {
    const message = parsed.error.issues.some((i) => i.path[0] === "intent") ? "This action is not available on this page." : [...new Set(parsed.error.issues.map((i) => i.message))].join(" ");
    return json<Answer>({ ok: false, intent, message }, { status: 400 });
  }
  const now = new Date();
  try {
    switch (parsed.data.intent) {
      case "start":
        await startEnrollment(staff, now);
        return json<Answer>({ ok: true, intent, message: "Scan the QR code with your authenticator app, then enter the code it shows." });
      case "confirm": {
        const { recoveryCodes } = await confirmEnrollment(staff, parsed.data.code, now);
        return json<Answer>({ ok: true, intent, message: "Your authenticator app is set up.", recoveryCodes });
      }
      case "step_up": {
        const { verifiedUntil } = await verifyStepUp(staff, parsed.data.code, now);
        return json<Answer & { verifiedUntil: string }>({ ok: true, intent, message: "Verified.", verifiedUntil: verifiedUntil.toISOString() });
      }
      case "regenerate": {
        const { recoveryCodes } = await regenerateRecoveryCodes(staff, now);
        return json<Answer>({ ok: true, intent, message: "New recovery codes replace the old ones.", recoveryCodes });
      }
      case "disable":
        await disableFactor(staff, now);
        return json<Answer>({ ok: true, intent, message: "Your authenticator app was removed." });
    }
  } catch (error) {
    if (error instanceof StepUpError) return stepUpRefusal(error, { intent });
    if (error instanceof MfaError) {
      const headers: Record<string, string> = error.retryAfterSeconds ? { "Retry-After": String(error.retryAfterSeconds) } : {};
      return json<Answer>({ ok: false, intent, message: error.message }, { status: MFA_ERROR_STATUS[error.code], headers });
    }
    throw error;
  }
};

function RecoveryCodes({ codes }: { codes: string[] }) {
  return (
    <Banner tone="warning" title="Your recovery codes: save them now">
      <BlockStack gap="200">
        <p>Each code works once, instead of a code from the app, if you lose your phone. They are not shown again.</p>
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
  const failed = result && !result.ok && !result.stepUp ? result.message : null;
  return (
    <Page title="Two-step verification" subtitle="An authenticator app confirms it is you before sensitive actions">
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
                    {requireEnrollment
                      ? "An owner requires two-step verification: until you set up an authenticator app, you cannot erase, download personal data or change protected settings."
                      : "Set up an authenticator app (Google Authenticator, 1Password, Authy, Microsoft Authenticator…). Once it is set up, actions an owner protects ask for a code from it."}
                  </Text>
                  <Form method="post">
                    <input type="hidden" name="intent" value="start" />
                    <Button submit variant="primary" loading={busy}>
                      Set up an authenticator app
                    </Button>
                  </Form>
                </BlockStack>
              </Card>
            ) : null}
            {factor.state === "pending" && factor.setup ? (
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    Scan this QR code with your authenticator app
                  </Text>
                  <img src={factor.setup.qrDataUrl} alt="QR code to add Privacy Desk to your authenticator app" width={200} height={200} data-mfa-qr />
                  <Text as="p">
                    Or type this key into the app: <code data-mfa-secret>{factor.setup.secret}</code>
                  </Text>
                  <Form method="post">
                    <input type="hidden" name="intent" value="confirm" />
                    <InlineStack gap="200" blockAlign="end">
                      <TextField label="Code from the app" name="code" value={code} onChange={setCode} autoComplete="one-time-code" inputMode="numeric" />
                      <Button submit variant="primary" loading={busy}>
                        Confirm
                      </Button>
                    </InlineStack>
                  </Form>
                  <Form method="post">
                    <input type="hidden" name="intent" value="disable" />
                    <Button submit variant="plain">
                      Cancel set-up
                    </Button>
                  </Form>
                </BlockStack>
              </Card>
            ) : null}
            {factor.state === "enrolled" ? (
              <Card>
                <BlockStack gap="300">
                  <Text as="p">
                    Your authenticator app is set up. {factor.recoveryCodesLeft} of 10 recovery codes left.{" "}
                    {factor.verifiedUntil ? `Verified until ${formatDate(factor.verifiedUntil)}.` : `A verified code lasts ${stepUpMinutes} minutes.`}
                  </Text>
                  {factor.lockedForSeconds > 0 ? <Banner tone="critical">Too many wrong codes: verification is locked for {Math.ceil(factor.lockedForSeconds / 60)} minute(s).</Banner> : null}
                  <InlineStack gap="200">
                    <Form method="post">
                      <input type="hidden" name="intent" value="regenerate" />
                      <Button submit>New recovery codes</Button>
                    </Form>
                    <Form method="post">
                      <input type="hidden" name="intent" value="disable" />
                      <Button submit tone="critical">
                        Remove authenticator app
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
