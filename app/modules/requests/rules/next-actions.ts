// How the request page offers what a staff member can do next: one primary action for the current
// state, the rest in a menu; final and destructive actions confirmed in a modal that says what will
// happen. WHICH actions are allowed is rules/actions.ts, the rule the server enforces too.
import { availableIntents, type RequestIntent } from "./actions";

/** Offered from the menu; a correction is applied from the requester's card, the law is changed from the regulation card. */
export type ActionIntent = Exclude<RequestIntent, "rectify" | "set_regulation">;
const OFFER_ORDER: readonly ActionIntent[] = ["verify", "export", "erase", "do_not_sell", "cancel_erasure", "complete", "extend", "reject", "cancel", "note"];

export interface OfferedAction {
  intent: ActionIntent;
  label: string;
  /** confirm: a modal says what happens (and asks for a reason where `reason` is set); form: fields in a modal. */
  kind: "direct" | "confirm" | "form";
  destructive: boolean;
  reason: "required" | "optional" | null;
  /** Label of the reason field, where there is one. */
  reasonLabel?: string;
  /** What will happen, in the merchant's words (shown in the modal). */
  consequence?: string;
}

export interface RequestState {
  status: string;
  type: string;
  extended: boolean;
  /** Regulation allows an extension (none for LGPD and Shopify's webhook clock). */
  extendable: boolean;
}

// Sentences shown next to the field (by the page before sending, and by the server if it gets there).
export const REASON_NEEDED = "Enter a reason: the law asks you to give the requester one.";
export const NOTE_NEEDED = "Write the note before adding it.";
export const CORRECTION_NEEDED = "Enter at least one detail to correct.";

export const ERASURE_TIMING =
  "Shopify erases the customer's personal data from your store. It usually takes about 10 days, and up to 6 months if the customer has orders from the last 6 months that Shopify must keep until then. The request completes when Shopify confirms the erasure.";

const A: Record<ActionIntent, OfferedAction> = {
  verify: { intent: "verify", label: "Mark identity verified", kind: "direct", destructive: false, reason: null },
  export: { intent: "export", label: "Export from Shopify", kind: "direct", destructive: false, reason: null },
  erase: {
    intent: "erase",
    label: "Erase in Shopify",
    kind: "confirm",
    destructive: true,
    reason: null,
    consequence: `This cannot be undone once Shopify has acted. ${ERASURE_TIMING}`,
  },
  cancel_erasure: { intent: "cancel_erasure", label: "Cancel the Shopify erasure", kind: "confirm", destructive: false, reason: null, consequence: "Asks Shopify to stop the pending erasure. The request goes back to in progress." },
  do_not_sell: {
    intent: "do_not_sell",
    label: "Opt out of data sale in Shopify and complete",
    kind: "direct",
    destructive: false,
    reason: null,
  },
  complete: {
    intent: "complete",
    label: "Mark completed",
    kind: "confirm",
    destructive: false,
    reason: "optional",
    reasonLabel: "Note for the record (optional)",
    consequence: "Closes the request and emails the requester that it is complete (with download links if there is an export). A closed request cannot be reopened.",
  },
  extend: {
    intent: "extend",
    label: "Extend deadline",
    kind: "confirm",
    destructive: false,
    reason: "required",
    reasonLabel: "Reason for extending the deadline (sent to the requester)",
    consequence: "Moves the deadline once, as far as the law allows, and emails the requester the reason. The law requires you to tell them why within the first deadline.",
  },
  reject: {
    intent: "reject",
    label: "Reject request",
    kind: "confirm",
    destructive: true,
    reason: "required",
    reasonLabel: "Reason for rejecting (sent to the requester)",
    consequence: "Closes the request without acting on it and emails the requester your reason. The law requires a reason and that they can complain to a supervisory authority.",
  },
  cancel: {
    intent: "cancel",
    label: "Cancel request",
    kind: "confirm",
    destructive: true,
    reason: "required",
    reasonLabel: "Reason for cancelling (for example, the requester withdrew it)",
    consequence: "Closes the request without acting on it. Use it when the requester withdraws the request.",
  },
  note: { intent: "note", label: "Add internal note", kind: "form", destructive: false, reason: null },
};

export function nextActions(state: RequestState): { primary: OfferedAction | null; more: OfferedAction[] } {
  const allowed = new Set(availableIntents(state));
  const list = OFFER_ORDER.filter((intent) => allowed.has(intent)).map((intent) => A[intent]);
  // Closed, or waiting for Shopify: nothing is the obvious next step; everything stays in the menu.
  if (list.length === 1 || state.status === "awaiting_shopify") return { primary: null, more: list };
  const [primary, ...more] = list;
  return { primary: primary ?? null, more };
}
