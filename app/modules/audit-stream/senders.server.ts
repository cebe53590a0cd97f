import { connect, type TLSSocket } from "node:tls";
import { bulkLines, hecEvent, syslogFrame, type DestinationConfig, type DestinationSecret, type StreamRecord } from "./rules";

/**
 * What a receiver took: the first `accepted` records, in order. `error` says, in words an operator
 * can act on and without credentials, why the rest was not taken (they are sent again later).
 */
export interface SendResult {
  accepted: number;
  error: string | null;
}

export type Sender = (records: readonly StreamRecord[]) => Promise<SendResult>;

const TIMEOUT_MS = 15_000;

export function senderFor(config: DestinationConfig, secret: DestinationSecret): Sender {
  switch (config.kind) {
    case "syslog":
      return (records) => sendSyslog(config, "clientKeyPem" in secret ? secret.clientKeyPem : null, records);
    case "splunk_hec":
      return (records) => sendHec(config, "token" in secret ? secret.token : "", records);
    case "elasticsearch":
      return (records) => sendBulk(config, "apiKey" in secret ? secret : { apiKey: null, password: null }, records);
  }
}

/**
 * Syslog over TLS (RFC 5425) has no application acknowledgment. A batch counts as taken once the
 * receiver has read it to the end: we write it, half-close, and wait for the receiver to close its
 * side, which it does only after reading everything we sent. A connection that fails before that
 * takes nothing, and the batch is sent again (at least once).
 */
function sendSyslog(config: Extract<DestinationConfig, { kind: "syslog" }>, clientKeyPem: string | null, records: readonly StreamRecord[]): Promise<SendResult> {
  const where = `${config.host}:${config.port}`;
  return new Promise((resolve) => {
    let settled = false;
    const done = (result: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    let socket: TLSSocket;
    try {
      socket = connect({
        host: config.host,
        port: config.port,
        ca: config.caPem,
        ...(config.clientCertPem && clientKeyPem ? { cert: config.clientCertPem, key: clientKeyPem } : {}),
        servername: /^\d+\.\d+\.\d+\.\d+$/.test(config.host) ? undefined : config.host,
        rejectUnauthorized: true,
      });
    } catch {
      // A PEM block whose content is not a certificate or key: createSecureContext throws at once.
      settled = true;
      resolve({ accepted: 0, error: "The CA certificate, client certificate or client key could not be read; paste them again" });
      return;
    }
    const timer = setTimeout(() => done({ accepted: 0, error: `The syslog server ${where} did not answer in time` }), TIMEOUT_MS);
    let ended = false;
    socket.once("secureConnect", () => {
      socket.write(records.map(syslogFrame).join(""));
      socket.end();
    });
    socket.on("data", () => undefined);
    socket.once("end", () => (ended = true));
    socket.once("close", (hadError) => done(ended && !hadError ? { accepted: records.length, error: null } : { accepted: 0, error: `The syslog server ${where} closed the connection before taking the entries` }));
    socket.once("error", (error: NodeJS.ErrnoException) => done({ accepted: 0, error: syslogError(where, error) }));
  });
}

function syslogError(where: string, error: NodeJS.ErrnoException): string {
  if (error.code === "ECONNREFUSED") return `The syslog server ${where} refused the connection (is it listening with TLS?)`;
  if (error.code === "ENOTFOUND" || error.code === "EAI_AGAIN") return `The host name of ${where} could not be resolved`;
  if (error.code === "ETIMEDOUT" || error.code === "EHOSTUNREACH" || error.code === "ENETUNREACH") return `The syslog server ${where} could not be reached`;
  if (error.code && /CERT|SELF_SIGNED|UNABLE_TO|ERR_TLS|HOSTNAME/.test(error.code)) return `The syslog server ${where} presented a certificate the CA certificate does not trust, or for another host name (${error.code})`;
  return `The connection to the syslog server ${where} failed (${error.code ?? "TLS error"})`;
}

async function post(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; json: unknown } | { error: string }> {
  try {
    const response = await fetch(url, { method: "POST", headers, body, redirect: "error", signal: AbortSignal.timeout(TIMEOUT_MS) });
    const text = await response.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    return { status: response.status, json };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { error: `${new URL(url).host} could not be reached (${cause ?? (error as Error).name})` };
  }
}

/**
 * Splunk HEC takes events in order and stops at the first bad one: a 400 with
 * `invalid-event-number` means the events before it were indexed. 503 (busy) and 5xx take nothing.
 */
async function sendHec(config: Extract<DestinationConfig, { kind: "splunk_hec" }>, token: string, records: readonly StreamRecord[]): Promise<SendResult> {
  const body = records.map((r) => hecEvent(r, { index: config.index ?? undefined, sourcetype: config.sourcetype ?? undefined })).join("\n");
  const result = await post(`${config.url}/services/collector/event`, { Authorization: `Splunk ${token}`, "Content-Type": "application/json" }, body);
  if ("error" in result) return { accepted: 0, error: `The collector at ${result.error}` };
  const answer = (result.json ?? {}) as { code?: unknown; text?: unknown; "invalid-event-number"?: unknown };
  if (result.status === 200 && answer.code === 0) return { accepted: records.length, error: null };
  const text = typeof answer.text === "string" ? answer.text.slice(0, 200) : "no reason given";
  const invalid = answer["invalid-event-number"];
  if (result.status === 400 && typeof invalid === "number" && Number.isInteger(invalid) && invalid >= 0 && invalid < records.length) {
    return { accepted: invalid, error: `Splunk refused event ${invalid + 1} of the batch: ${text}` };
  }
  if (result.status === 401 || result.status === 403) return { accepted: 0, error: `Splunk refused the token (HTTP ${result.status}: ${text})` };
  return { accepted: 0, error: `Splunk answered HTTP ${result.status}: ${text}` };
}

/**
 * _bulk answers per item. Delivery is in order, so the cursor stops before the first item that
 * failed; items after it that did succeed are sent again, and their document id makes that an
 * overwrite, not a copy.
 */
async function sendBulk(config: Extract<DestinationConfig, { kind: "elasticsearch" }>, secret: { apiKey: string | null; password: string | null }, records: readonly StreamRecord[]): Promise<SendResult> {
  const headers: Record<string, string> = { "Content-Type": "application/x-ndjson" };
  if (secret.apiKey) headers.Authorization = `ApiKey ${secret.apiKey}`;
  else if (config.username && secret.password) headers.Authorization = `Basic ${Buffer.from(`${config.username}:${secret.password}`).toString("base64")}`;
  const result = await post(`${config.url}/_bulk`, headers, records.map((r) => bulkLines(r, config.index)).join(""));
  if ("error" in result) return { accepted: 0, error: `The cluster at ${result.error}` };
  const answer = (result.json ?? {}) as { errors?: unknown; items?: unknown; error?: { type?: unknown; reason?: unknown } };
  if (result.status !== 200) {
    const reason = typeof answer.error?.type === "string" ? answer.error.type : "no reason given";
    return { accepted: 0, error: result.status === 401 || result.status === 403 ? `The cluster refused the credentials (HTTP ${result.status})` : `The cluster answered HTTP ${result.status} (${reason})` };
  }
  if (answer.errors === false) return { accepted: records.length, error: null };
  const items = Array.isArray(answer.items) ? (answer.items as { index?: { status?: unknown; error?: { type?: unknown; reason?: unknown } } }[]) : [];
  let accepted = 0;
  while (accepted < records.length && accepted < items.length) {
    const status = items[accepted]?.index?.status;
    if (typeof status !== "number" || status < 200 || status >= 300) break;
    accepted += 1;
  }
  const failed = items[accepted]?.index;
  const type = typeof failed?.error?.type === "string" ? failed.error.type : "unknown error";
  return { accepted, error: accepted === records.length ? null : `The cluster refused entry ${accepted + 1} of the batch (${typeof failed?.status === "number" ? failed.status : "?"} ${type})` };
}
