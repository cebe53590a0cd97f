import { useFetcher, useNavigation, useRouteLoaderData, useSubmit } from "@remix-run/react";
import { Banner, BlockStack, Button, Modal, Text, TextField } from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";
import type { StepUpReason } from "../modules/mfa/rules/policy";
import { useT } from "./i18n";

/** The reason in an action's answer, when it is a step-up refusal. */
export function stepUpReasonOf(result: object | undefined): StepUpReason | null {
  const reason = result && "stepUp" in result ? result.stepUp : null;
  return reason === "step_up_required" || reason === "enrollment_required" ? reason : null;
}

interface VerifyAnswer {
  ok: boolean;
  message: string;
}

/**
 * Asks for a code from the authenticator app (or a recovery code) and verifies it at /app/mfa;
 * `onVerified` then retries what was refused. For "enrollment_required" it points to the set-up page.
 */
export function StepUpModal({ reason, onVerified, onClose }: { reason: StepUpReason; onVerified: () => void; onClose: () => void }) {
  const fetcher = useFetcher<VerifyAnswer>();
  const [code, setCode] = useState("");
  const done = useRef(false);
  const t = useT();
  // The verification answer is written on the server in the page's language: say which.
  const locale = useRouteLoaderData<{ i18n?: { locale: string } }>("routes/app")?.i18n?.locale;
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok && !done.current) {
      done.current = true;
      onVerified();
    }
  }, [fetcher.state, fetcher.data, onVerified]);
  const verify = () => fetcher.submit({ intent: "step_up", code }, { method: "post", action: locale ? `/app/mfa?locale=${encodeURIComponent(locale)}` : "/app/mfa" });
  if (reason === "enrollment_required") {
    return (
      <Modal open onClose={onClose} title={t("stepUp.enrollTitle")} secondaryActions={[{ content: t("stepUp.close"), onAction: onClose }]}>
        <Modal.Section>
          <BlockStack gap="300">
            <Text as="p">{t("stepUp.enrollBody")}</Text>
            <Button url="/app/mfa" variant="primary">
              {t("mfa.setUp")}
            </Button>
          </BlockStack>
        </Modal.Section>
      </Modal>
    );
  }
  const failed = fetcher.state === "idle" && fetcher.data && !fetcher.data.ok ? fetcher.data.message : null;
  return (
    <Modal
      open
      onClose={onClose}
      title={t("stepUp.title")}
      primaryAction={{ content: t("stepUp.verify"), onAction: verify, loading: fetcher.state !== "idle", disabled: code.trim() === "" }}
      secondaryActions={[{ content: t("common.cancel"), onAction: onClose }]}
    >
      <Modal.Section>
        <BlockStack gap="300">
          <Text as="p">{t("stepUp.body")}</Text>
          {failed ? (
            <Banner tone="critical">
              <p>{failed}</p>
            </Banner>
          ) : null}
          <form
            onSubmit={(e) => {
              e.preventDefault();
              verify();
            }}
          >
            <TextField label={t("stepUp.code")} name="code" value={code} onChange={setCode} autoComplete="one-time-code" inputMode="numeric" autoFocus />
          </form>
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}

/**
 * For pages whose forms post through Remix: remembers the last submission, opens the step-up modal
 * when the action answers with `stepUp`, and resubmits the same form once the code is verified.
 */
export function StepUpGate({ result }: { result: object | undefined }) {
  const navigation = useNavigation();
  const submit = useSubmit();
  const last = useRef<{ formData: FormData; action: string; method: "post" } | null>(null);
  const [reason, setReason] = useState<StepUpReason | null>(null);
  useEffect(() => {
    if (navigation.state === "submitting" && navigation.formData) last.current = { formData: navigation.formData, action: navigation.formAction, method: "post" };
  }, [navigation.state, navigation.formData, navigation.formAction]);
  useEffect(() => {
    setReason(stepUpReasonOf(result));
  }, [result]);
  if (!reason) return null;
  return (
    <StepUpModal
      reason={reason}
      onClose={() => setReason(null)}
      onVerified={() => {
        setReason(null);
        if (last.current) submit(last.current.formData, { method: last.current.method, action: last.current.action });
      }}
    />
  );
}
