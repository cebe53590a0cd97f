// What a staff member can do next on a request, in the order the page offers it: one primary action
// for the current state, the rest in a menu. Final and destructive actions are confirmed in a modal
// that says what will happen. Pure: the server still checks every transition.

export type ActionIntent = "verify" | "export" | "erase" | "cancel_erasure" | "rectify" | "complete" | "extend" | "reject" | "note";

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

const OPEN = ["received", "awaiting_verification", "verified", "in_progress", "awaiting_shopify"];

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
  rectify: { intent: "rectify", label: "Correct in Shopify", kind: "form", destructive: false, reason: null },
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
  note: { intent: "note", label: "Add internal note", kind: "form", destructive: false, reason: null },
};

export function nextActions(state: RequestState): { primary: OfferedAction | null; more: OfferedAction[] } {
  if (!OPEN.includes(state.status)) return { primary: null, more: [A.note] };
  const verified = state.status === "verified" || state.status === "in_progress";
  const list: OfferedAction[] = [];
  if (state.status === "received" || state.status === "awaiting_verification") list.push(A.verify);
  if (verified && (state.type === "access" || state.type === "portability")) list.push(A.export);
  if (verified && state.type === "erasure") list.push(A.erase);
  if (verified && state.type === "rectification") list.push(A.rectify);
  if (state.status === "awaiting_shopify") list.push(A.cancel_erasure);
  if (verified || state.status === "awaiting_shopify") list.push(A.complete);
  if (!state.extended && state.extendable) list.push(A.extend);
  if (state.status !== "awaiting_shopify") list.push(A.reject);
  list.push(A.note);
  // Waiting for Shopify, nothing is the obvious next step: everything stays in the menu.
  if (state.status === "awaiting_shopify") return { primary: null, more: list };
  const [primary, ...more] = list;
  return { primary: primary ?? null, more };
}
