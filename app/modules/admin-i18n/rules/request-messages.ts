// The request module's English refusals (RequestError texts and refusalOf's reasons, kept for logs
// and the module's tests) and its do-not-sell outcomes -> the catalog key staff read, with the values
// the text carries (statuses and laws by code, shown in the admin's words). Server-side only: the
// request page's action translates with staffTranslator; `requestAnswer.*` is never sent to the browser.
// request-messages.test.ts reads every literal the module throws and fails on one not listed. Pure.
import { REGULATION_RULES, REGULATIONS } from "../../requests/rules/regulations";

type Say = (key: string, values?: Record<string, string | number>) => string;

export const REQUEST_MESSAGE_KEYS: Record<string, string> = {
  "no such request in this shop": "requestAnswer.notFound",
  "this request is closed": "requestAnswer.closed",
  "the requester is already verified": "requestAnswer.alreadyVerified",
  "only access and portability requests are exported": "requestAnswer.onlyExported",
  "verify the requester before exporting": "requestAnswer.verifyBeforeExport",
  "only erasure requests are erased": "requestAnswer.onlyErasure",
  "verify the requester before erasing": "requestAnswer.verifyBeforeErase",
  "no erasure is pending for this request": "requestAnswer.noErasurePending",
  "only rectification requests change the customer record": "requestAnswer.onlyRectification",
  "verify the requester before changing their record": "requestAnswer.verifyBeforeRectify",
  "only do-not-sell requests set the sale-of-data opt-out": "requestAnswer.onlyDoNotSell",
  "the law that applies allows no extension": "requestAnswer.noExtension",
  "the deadline was already extended once": "requestAnswer.alreadyExtended",
  "the original deadline has passed; it can no longer be extended": "requestAnswer.deadlinePassed",
  "this request can no longer be completed": "requestAnswer.noLongerCompleted",
  "verify the requester before completing": "requestAnswer.verifyBeforeComplete",
  "this request can no longer be rejected": "requestAnswer.noLongerRejected",
  "this request can no longer be cancelled": "requestAnswer.noLongerCancelled",
  "an export of this request is already running": "requestAnswer.exportRunning",
  "this request is not ready to be carried out": "requestAnswer.notReady",
  "this request has no email address to opt out": "requestAnswer.noEmail",
  "a closed request keeps its regulation": "requestAnswer.closedKeepsRegulation",
  "this request changed while the change was being made; reload and try again": "requestAnswer.conflict",
  "this request is not linked to a Shopify customer; find the customer in Shopify admin": "requestAnswer.notLinked",
  "Opted out of data sale in Shopify, recorded in the consent log; the requester is told.": "requestAnswer.optedOut",
  "No Shopify customer has this email: the opt-out is recorded and the requester is told.": "requestAnswer.optOutRecorded",
};

/** The request page's own form checks (request-actions.server.ts's zod messages) -> key; request-route.server.ts translates them. */
export const REQUEST_FIELD_KEYS: Record<string, string> = {
  "First name can be at most 255 characters.": "requestAnswer.field.firstNameTooLong",
  "Last name can be at most 255 characters.": "requestAnswer.field.lastNameTooLong",
  "Enter the whole email address, like name@example.com.": "requestAnswer.field.emailInvalid",
  "Email can be at most 320 characters.": "requestAnswer.field.emailTooLong",
  "Enter the phone number with its country code, like +15550100100.": "requestAnswer.field.phoneInvalid",
  "Keep the reason under 1,000 characters.": "requestAnswer.field.reasonTooLong",
  "Choose the law that applies.": "requestAnswer.field.chooseLaw",
  "A note can be at most 5,000 characters.": "requestAnswer.field.noteTooLong",
};

const lawByName = (name: string) => REGULATIONS.find((code) => REGULATION_RULES[code].name === name);

/** The texts built from values: the law or the statuses are named in the admin's language. */
const PATTERNS: { pattern: RegExp; say: (t: Say, match: RegExpExecArray) => string | null }[] = [
  {
    pattern: /^this request is already under (.+)$/,
    say: (t, m) => {
      const code = lawByName(m[1]!);
      return code ? t("requestAnswer.alreadyUnder", { name: t(`regulation.${code}`) }) : null;
    },
  },
  // deadlines.ts names the law and right ("GDPR art. 17 …: the law allows no extension"): the page shows both already.
  { pattern: /^.+: the law allows no extension$/, say: (t) => t("requestAnswer.noExtension") },
  { pattern: /^a request cannot go from (\w+) to (\w+)$/, say: (t, m) => t("requestAnswer.cannotMove", { from: t(`requestStatus.${m[1]}`), to: t(`requestStatus.${m[2]}`) }) },
  { pattern: /^moving a request to (\w+) needs a reason$/, say: (t, m) => t("requestAnswer.reasonNeeded", { status: t(`requestStatus.${m[1]}`) }) },
];

const sentence = (text: string) => (text ? `${text[0]!.toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? "" : "."}` : text);

/** A refusal or outcome of the request module in the staff member's language; an unknown text as an English sentence. */
export function requestMessage(t: Say, english: string): string {
  const key = REQUEST_MESSAGE_KEYS[english];
  if (key) return t(key);
  for (const { pattern, say } of PATTERNS) {
    const match = pattern.exec(english);
    const said = match ? say(t, match) : null;
    if (said) return said;
  }
  return sentence(english);
}
