// The audit-stream module's English field errors (destination form, rules/destinations.ts; kept for
// logs and the module's tests) -> the catalog key staff read. Server-side only (the streaming page's
// action, through answers.server.ts); `streamingAnswer.*` is never sent to the browser.
// stream-messages.test.ts reads every message the destination schema gives and fails on one not listed. Pure.
type Say = (key: string, values?: Record<string, string | number>) => string;

export const STREAM_MESSAGE_KEYS: Record<string, string> = {
  "Enter the collector's address, such as https://splunk.example.com:8088": "streamingAnswer.urlNeeded",
  "is too long": "streamingAnswer.urlTooLong",
  "Enter a full address starting with https://": "streamingAnswer.urlNotFull",
  "The address must start with https:// so that entries travel encrypted": "streamingAnswer.urlNotHttps",
  "Put credentials in their own fields, not in the address": "streamingAnswer.urlCredentials",
  "The address must be reachable on the internet (not a private or local address)": "streamingAnswer.urlInternal",
  "Give the destination a name": "streamingAnswer.nameNeeded",
  "Enter the syslog server's host name": "streamingAnswer.hostNeeded",
  "Enter a host name such as siem.example.com": "streamingAnswer.hostInvalid",
  "Enter a port number": "streamingAnswer.portNeeded",
  "Enter a port between 1 and 65535": "streamingAnswer.portRange",
  "The certificate is too long": "streamingAnswer.certTooLong",
  "Paste the CA certificate in PEM form (-----BEGIN CERTIFICATE----- ...)": "streamingAnswer.caPem",
  "Paste the client certificate in PEM form, or leave it empty": "streamingAnswer.clientCertPem",
  "Paste the client key in PEM form (-----BEGIN PRIVATE KEY----- ...), or leave it empty": "streamingAnswer.clientKeyPem",
  "A client certificate needs its key, and a key its certificate": "streamingAnswer.certNeedsKey",
  "The host must be reachable on the internet (not a private or local address)": "streamingAnswer.hostInternal",
  "Enter the HEC token": "streamingAnswer.tokenNeeded",
  "A HEC token has letters, digits and dashes only": "streamingAnswer.tokenInvalid",
  "Enter the index name": "streamingAnswer.indexNeeded",
  "Index names are lowercase letters, digits, dots, dashes and underscores": "streamingAnswer.indexInvalid",
  "Basic authentication needs both a user name and a password": "streamingAnswer.basicAuthPair",
  "Use either an API key or a user name and password, not both": "streamingAnswer.apiKeyOrBasic",
  "Choose a kind of destination from the list": "streamingAnswer.kindUnknown",
};

/** A destination field error in the staff member's language; a text the table does not know stays as written. */
export function streamMessage(t: Say, english: string): string {
  const key = STREAM_MESSAGE_KEYS[english];
  if (key) return t(key);
  const max = /^must be at most (\d+) characters$/.exec(english)?.[1];
  return max ? t("streamingAnswer.tooLong", { max: Number(max) }) : english;
}
