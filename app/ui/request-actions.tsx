import { Form, useSubmit } from "@remix-run/react";
import { ActionList, Banner, BlockStack, Button, FormLayout, InlineStack, Modal, Popover, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import type { ActionIntent, OfferedAction } from "../modules/requests/rules/next-actions";
import { useT } from "./i18n";

export interface ActionResult {
  ok: boolean;
  message: string;
  intent?: string;
  /** A sentence per field, shown next to it. */
  fieldErrors?: Record<string, string>;
  /** The action needs a fresh second factor (the page's StepUpGate asks for it, then resubmits). */
  stepUp?: "step_up_required" | "enrollment_required";
}

function ActionModal({ action, result, busy, onClose }: { action: OfferedAction; result: ActionResult | undefined; busy: boolean; onClose: () => void }) {
  const submit = useSubmit();
  const t = useT();
  const [values, setValues] = useState<Record<string, string>>({});
  // What the page can tell before sending (a missing reason): no round trip, same sentence as the server's.
  const [missing, setMissing] = useState<Record<string, string>>({});
  const set = (name: string) => (value: string) => {
    setValues((v) => ({ ...v, [name]: value }));
    setMissing({});
  };
  const server = result && !result.ok && result.intent === action.intent ? (result.fieldErrors ?? {}) : {};
  const errors: Record<string, string> = { ...server, ...missing };
  const formError = result && !result.ok && result.intent === action.intent && Object.keys(server).length === 0 ? result.message : errors.form;
  const send = () => {
    const blank = (name: string) => !(values[name] ?? "").trim();
    const found: Record<string, string> = {};
    if (action.reason === "required" && blank("reason")) found.reason = t("action.reasonNeeded");
    if (action.intent === "note" && blank("text")) found.text = t("action.noteNeeded");
    setMissing(found);
    if (Object.keys(found).length === 0) submit({ intent: action.intent, ...values }, { method: "post" });
  };
  return (
    <Modal
      open
      onClose={onClose}
      title={t(`action.${action.intent}.label`)}
      primaryAction={{ content: action.kind === "form" && action.intent === "note" ? t("action.note.submit") : t(`action.${action.intent}.label`), destructive: action.destructive, loading: busy, onAction: send }}
      secondaryActions={[{ content: t("common.cancel"), onAction: onClose }]}
    >
      <Modal.Section>
        <BlockStack gap="300">
          {action.consequence ? <Text as="p">{t(`action.${action.intent}.consequence`)}</Text> : null}
          {formError ? (
            <Banner tone="critical">
              <p>{formError}</p>
            </Banner>
          ) : null}
          <FormLayout>
            {action.reason ? (
              <TextField
                label={action.reasonLabel ? t(`action.${action.intent}.reasonLabel`) : t("action.reason")}
                name="reason"
                value={values.reason ?? ""}
                onChange={set("reason")}
                autoComplete="off"
                multiline={3}
                error={errors.reason}
                requiredIndicator={action.reason === "required"}
              />
            ) : null}
            {action.intent === "note" ? <TextField label={t("action.note.field")} name="text" value={values.text ?? ""} onChange={set("text")} autoComplete="off" multiline={3} error={errors.text} /> : null}
          </FormLayout>
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}

/**
 * One primary next action and a menu of the others. Direct actions submit at once; final and
 * destructive ones open a modal that says what will happen and asks for the reason the law needs.
 */
export function RequestActions({ primary, more, result, busy }: { primary: OfferedAction | null; more: OfferedAction[]; result: ActionResult | undefined; busy: boolean }) {
  const submit = useSubmit();
  const t = useT();
  const [menuOpen, setMenuOpen] = useState(false);
  const [modal, setModal] = useState<ActionIntent | null>(null);
  const all = [...(primary ? [primary] : []), ...more];
  const open = all.find((a) => a.intent === modal);
  // A successful submission closes the modal; a refused one keeps it open with the errors beside the fields.
  useEffect(() => {
    if (result?.ok || result?.stepUp) setModal(null);
  }, [result]);
  const start = (action: OfferedAction) => {
    setMenuOpen(false);
    if (action.kind === "direct") submit({ intent: action.intent }, { method: "post" });
    else setModal(action.intent);
  };
  return (
    <>
      <InlineStack gap="200" blockAlign="center">
        {primary ? (
          primary.kind === "direct" ? (
            <Form method="post">
              <input type="hidden" name="intent" value={primary.intent} />
              <Button submit variant="primary" loading={busy}>
                {t(`action.${primary.intent}.label`)}
              </Button>
            </Form>
          ) : (
            <Button variant="primary" tone={primary.destructive ? "critical" : undefined} onClick={() => start(primary)}>
              {t(`action.${primary.intent}.label`)}
            </Button>
          )
        ) : null}
        {more.length ? (
          <Popover
            active={menuOpen}
            onClose={() => setMenuOpen(false)}
            activator={
              <Button disclosure onClick={() => setMenuOpen((v) => !v)}>
                {t("action.more")}
              </Button>
            }
          >
            <ActionList actionRole="menuitem" items={more.map((a) => ({ content: t(`action.${a.intent}.label`), destructive: a.destructive, onAction: () => start(a) }))} />
          </Popover>
        ) : null}
      </InlineStack>
      {open ? <ActionModal key={open.intent} action={open} result={result} busy={busy} onClose={() => setModal(null)} /> : null}
    </>
  );
}
