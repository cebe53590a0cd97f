// What the admin's actions answer in the staff member's language, for the routes: kept behind a
// server module so that the answer tables (and their keys) stay out of the pages' code and catalogs.
export { alertMessage } from "./rules/alert-messages";
export { breachFieldErrors, breachMessage } from "./rules/breach-messages";
export { consentFilterMessage } from "./rules/consent-messages";
export { requestMessage } from "./rules/request-messages";
export { exportProblemMessage, shopifyMessage } from "./rules/shopify-messages";
export { streamMessage } from "./rules/stream-messages";
