// The breach page's forms: each posts one intent and shows its own errors beside its fields.
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, FormLayout, InlineStack, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
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
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="not_needed" />
      <FormLayout>
        {error ? <Banner tone="critical">{error}</Banner> : null}
        <TextField
          label="Why notifying the authority is not needed"
          name="reason"
          value={reason}
          onChange={setReason}
          multiline={2}
          maxLength={maxReason}
          autoComplete="off"
          helpText="Art. 33(1): only when the breach is unlikely to result in a risk to people's rights and freedoms. No personal data."
          error={errors.reason}
        />
        <Button submit loading={submitting}>
          Record as not needed
        </Button>
      </FormLayout>
    </Form>
  );
}

export function ContainmentForm({ current, maxText, disabled }: { current: string; maxText: number; disabled: boolean }) {
  const { errors, error, submitting } = useResult("containment");
  const [containment, setContainment] = useState(current);
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="containment" />
      <FormLayout>
        {error ? <Banner tone="critical">{error}</Banner> : null}
        <TextField
          label="Containment steps"
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
          Update containment
        </Button>
      </FormLayout>
    </Form>
  );
}

export function CloseForm({ decided }: { decided: boolean }) {
  const { error, submitting } = useResult("close");
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="close" />
      <BlockStack gap="200">
        {error ? <Banner tone="critical">{error}</Banner> : null}
        {decided ? null : (
          <Text as="p" tone="subdued">
            Record the authority&apos;s notification, or why it is not needed, before closing.
          </Text>
        )}
        <InlineStack>
          <Button submit loading={submitting} disabled={!decided}>
            Close incident
          </Button>
        </InlineStack>
      </BlockStack>
    </Form>
  );
}
