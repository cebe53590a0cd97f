import { Form, useFetcher } from "@remix-run/react";
import { StepUpModal, stepUpReasonOf } from "./step-up";
import { BlockStack, Button, Card, FormLayout, InlineGrid, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { useT } from "./i18n";
import { useLawLabel, useLawNotice } from "./law-label";

// The request page's panels for the law that applies and the requester's own words. Every value is
// rendered as React text (escaped); nothing here is HTML.

export interface RightsPanelData {
  id: string;
  type: string;
  status: string;
  rights: {
    regulation: { code: string; name: string; rule: string; rightExists: boolean; verify: boolean; extendable: boolean; extensionNotice: string | null };
    regulations: { value: string; label: string }[];
    correction: string | null;
    message: string | null;
  } | null;
}

interface CurrentValues {
  found: boolean;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  dataSaleOptOut: boolean | null;
}

type CurrentAnswer = { ok: true; values: CurrentValues } | { ok: false; message: string };

export function RegulationCard({ r, canAct }: { r: RightsPanelData; canAct: boolean }) {
  const [regulation, setRegulation] = useState(r.rights?.regulation.code ?? "gdpr");
  const [reason, setReason] = useState("");
  const t = useT();
  const lawLabel = useLawLabel();
  const lawNotice = useLawNotice();
  if (!r.rights) return null;
  const law = r.rights.regulation;
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          {t("rights.law", { name: t(`regulation.${law.code}`) })}
        </Text>
        <Text as="p">{lawLabel(law.code, r.type)}.</Text>
        {!law.rightExists ? <Text as="p" tone="caution">{t("rights.noSuchRight")}</Text> : null}
        <Text as="p" tone="subdued">
          {law.verify ? t("rights.verify") : t("rights.noVerify")} {law.extendable ? t("rights.extendable", { notice: law.extensionNotice ? lawNotice(law.extensionNotice) : "" }) : t("rights.notExtendable")}
        </Text>
        {canAct ? (
          <Form method="post">
            <input type="hidden" name="intent" value="set_regulation" />
            <input type="hidden" name="regulation" value={regulation} />
            <FormLayout>
              <FormLayout.Group>
                <Select label={t("rights.change")} options={r.rights.regulations.map((o) => ({ value: o.value, label: t(`regulation.${o.value}`) }))} value={regulation} onChange={setRegulation} />
                <TextField label={t("rights.changeReason")} name="reason" value={reason} onChange={setReason} autoComplete="off" />
              </FormLayout.Group>
              <Button submit>{t("rights.changeSubmit")}</Button>
            </FormLayout>
          </Form>
        ) : null}
      </BlockStack>
    </Card>
  );
}

function Field({ label, value }: { label: string; value: string | null }) {
  return (
    <BlockStack gap="100">
      <Text as="h3" variant="headingSm">
        {label}
      </Text>
      <Text as="p" breakWord>
        {value ?? "—"}
      </Text>
    </BlockStack>
  );
}

function RectifyForm({ initial }: { initial: CurrentValues | null }) {
  const start = { firstName: initial?.firstName ?? "", lastName: initial?.lastName ?? "", email: initial?.email ?? "", phone: initial?.phone ?? "" };
  const [fields, setFields] = useState(start);
  const t = useT();
  const set = (key: keyof typeof fields) => (value: string) => setFields((f) => ({ ...f, [key]: value }));
  return (
    <Form method="post" data-rectify-form>
      <input type="hidden" name="intent" value="rectify" />
      <FormLayout>
        <FormLayout.Group>
          <TextField label={t("rights.field.firstName")} name="firstName" value={fields.firstName} onChange={set("firstName")} autoComplete="off" />
          <TextField label={t("rights.field.lastName")} name="lastName" value={fields.lastName} onChange={set("lastName")} autoComplete="off" />
        </FormLayout.Group>
        <FormLayout.Group>
          <TextField label={t("rights.field.email")} name="email" type="email" value={fields.email} onChange={set("email")} autoComplete="off" />
          <TextField label={t("rights.field.phone")} name="phone" value={fields.phone} onChange={set("phone")} autoComplete="off" />
        </FormLayout.Group>
        <Button submit variant="primary">
          {t("rights.applyCorrection")}
        </Button>
      </FormLayout>
    </Form>
  );
}

/**
 * The requester's message and requested correction beside the customer's current values in
 * Shopify (fetched when asked), with the correction form prefilled from those values.
 */
export function RequesterWordsCard({ r, canAct, verified }: { r: RightsPanelData; canAct: boolean; verified: boolean }) {
  const fetcher = useFetcher<CurrentAnswer>();
  const [loadedAt, setLoadedAt] = useState(0);
  const t = useT();
  const answer = fetcher.data;
  const [stepUp, setStepUp] = useState<ReturnType<typeof stepUpReasonOf>>(null);
  useEffect(() => {
    if (answer?.ok) setLoadedAt((n) => n + 1);
    // The customer's current values are personal data: a fresh second factor may be asked first.
    else setStepUp(stepUpReasonOf(answer));
  }, [answer]);
  const fetchCurrent = () => fetcher.load(`/app/requests/${r.id}/customer`);
  if (!r.rights) return null;
  const isRectification = r.type === "rectification";
  if (!r.rights.message && !r.rights.correction && !isRectification) return null;
  const current = answer?.ok ? answer.values : null;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("rights.wrote")}
        </Text>
        <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
          <BlockStack gap="300">
            <Field label={t("rights.correction")} value={r.rights.correction} />
            <Field label={t("rights.message")} value={r.rights.message} />
          </BlockStack>
          {isRectification ? (
            <BlockStack gap="300" data-current-values>
              {current ? (
                current.found ? (
                  <>
                    <Field label={t("rights.current.firstName")} value={current.firstName} />
                    <Field label={t("rights.current.lastName")} value={current.lastName} />
                    <Field label={t("rights.current.email")} value={current.email} />
                    <Field label={t("rights.current.phone")} value={current.phone} />
                  </>
                ) : (
                  <Text as="p">{t("rights.current.none")}</Text>
                )
              ) : (
                <Text as="p" tone="subdued">
                  {answer && !answer.ok ? answer.message : t("rights.current.onRequest")}
                </Text>
              )}
              {canAct ? (
                <InlineStack>
                  <Button loading={fetcher.state !== "idle"} onClick={fetchCurrent}>
                    {current ? t("rights.current.again") : t("rights.current.show")}
                  </Button>
                </InlineStack>
              ) : null}
            </BlockStack>
          ) : null}
        </InlineGrid>
        {isRectification && canAct && verified ? <RectifyForm key={loadedAt} initial={current?.found ? current : null} /> : null}
        {stepUp ? (
          <StepUpModal
            reason={stepUp}
            onClose={() => setStepUp(null)}
            onVerified={() => {
              setStepUp(null);
              fetchCurrent();
            }}
          />
        ) : null}
      </BlockStack>
    </Card>
  );
}

/** The do-not-sell action: Shopify's sale-of-data opt-out, the consent log, completion and the email, in one step. */
