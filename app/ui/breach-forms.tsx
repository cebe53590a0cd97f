// The breach page's forms: each posts one intent and shows its own errors beside its fields.
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, FormLayout, InlineStack, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useT } from "./i18n";
import { toInstant } from "./breach-ui";

/** What the breach page's action answers (app/routes/app.breaches.$id.tsx). */
export type BreachActionResult = { ok: true; intent: string; message: string } | { ok: false; intent: string; error: string; fieldErrors: Record<string, string> };

function useResult(intent: string) {
  const data = useActionData<BreachActionResult>();
  const navigation = useNavigation();
  const mine = data?.intent === intent ? data : undefined;
  return {
    errors: mine && !mine.ok ? mine.fieldErrors : ({} as Record<string, string>),
    error: mine && !mine.ok ? mine.error : undefined,
    submitting: navigation.state === "submitting" && navigation.formData?.get("intent") === intent,
  };
}

export function NotificationForm({ intent, label, button }: { intent: "authority_notified" | "people_notified"; label: string; button: string }) {
  const { errors, error, submitting } = useResult(intent);
  const [local, setLocal] = useState("");
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="at" value={toInstant(local)} />
      <FormLayout>
        {error ? <Banner tone="critical">{error}</Banner> : null}
        <TextField label={label} type="datetime-local" value={local} onChange={setLocal} autoComplete="off" error={errors.at} />
        <Button submit loading={submitting}>
          {button}
        </Button>
      </FormLayout>
    </Form>
  );
}

export function NotNeededForm({ maxReason }: { maxReason: number }) {
  const { errors, error, submitting } = useResult("not_needed");
  const [reason, setReason] = useState("");
  const t = useT();
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="not_needed" />
      <FormLayout>
        {error ? <Banner tone="critical">{error}</Banner> : null}
        <TextField
          label={t("breach.form.notNeeded")}
          name="reason"
          value={reason}
          onChange={setReason}
          multiline={2}
          maxLength={maxReason}
          autoComplete="off"
          helpText={t("breach.form.notNeededHelp")}
          error={errors.reason}
        />
        <Button submit loading={submitting}>
          {t("breach.form.notNeededSubmit")}
        </Button>
      </FormLayout>
    </Form>
  );
}

export function ContainmentForm({ current, maxText, disabled }: { current: string; maxText: number; disabled: boolean }) {
  const { errors, error, submitting } = useResult("containment");
  const [containment, setContainment] = useState(current);
  const t = useT();
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="containment" />
      <FormLayout>
        {error ? <Banner tone="critical">{error}</Banner> : null}
        <TextField
          label={t("breach.form.containment")}
          name="containment"
          value={containment}
          onChange={setContainment}
          multiline={4}
          maxLength={maxText}
          showCharacterCount
          autoComplete="off"
          disabled={disabled}
          error={errors.containment}
        />
        <Button submit loading={submitting} disabled={disabled}>
          {t("breach.form.containmentSubmit")}
        </Button>
      </FormLayout>
    </Form>
  );
}

export function CloseForm({ decided }: { decided: boolean }) {
  const { error, submitting } = useResult("close");
  const t = useT();
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="close" />
      <BlockStack gap="200">
        {error ? <Banner tone="critical">{error}</Banner> : null}
        {decided ? null : (
          <Text as="p" tone="subdued">
            {t("breach.form.closeHint")}
          </Text>
        )}
        <InlineStack>
          <Button submit loading={submitting} disabled={!decided}>
            {t("breach.form.close")}
          </Button>
        </InlineStack>
      </BlockStack>
    </Form>
  );
}
