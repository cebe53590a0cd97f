import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}`)));
}

function send(res: ServerResponse, status: number, value: unknown) {
  res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(value));
}

/** What a receiver does with one request, in order of arrival; once the plan is used up, it takes everything. */
export type HecFault = "busy" | { rejectAt: number };
export type BulkFault = "busy" | { failItems: number[] };

export interface HecReceiver {
  url: string;
  token: string;
  /** Every event Splunk would have indexed, in arrival order. */
  events: Record<string, unknown>[];
  requests: number;
  faults: HecFault[];
  close(): Promise<void>;
}

/**
 * Splunk HTTP Event Collector as far as a client sees it: `POST /services/collector/event` with
 * `Authorization: Splunk <token>`, events concatenated in the body, indexed in order up to the
 * first bad one; answers `{"text":"Success","code":0}`, 401 code 2 (no token), 403 code 4 (bad
 * token), 400 code 6/12 with `invalid-event-number`, 503 code 9 (busy).
 */
export async function startHecReceiver(token = "11111111-2222-3333-4444-555555555555"): Promise<HecReceiver> {
  const receiver = { token, events: [] as Record<string, unknown>[], requests: 0, faults: [] as HecFault[] } as HecReceiver;
  const server = createServer(async (req, res) => {
    const text = await body(req);
    if (req.method !== "POST" || req.url !== "/services/collector/event") return send(res, 404, { text: "The requested URL was not found on this server.", code: 404 });
    receiver.requests += 1;
    const auth = req.headers.authorization;
    if (!auth) return send(res, 401, { text: "Token is required", code: 2 });
    if (auth !== `Splunk ${token}`) return send(res, 403, { text: "Invalid token", code: 4 });
    const fault = receiver.faults.shift();
    if (fault === "busy") return send(res, 503, { text: "Server is busy", code: 9 });
    const lines = text.split("\n").filter((l) => l.trim() !== "");
    for (let i = 0; i < lines.length; i++) {
      if (typeof fault === "object" && fault.rejectAt === i) return send(res, 400, { text: "Invalid data format", code: 6, "invalid-event-number": i });
      let event: Record<string, unknown>;
      try {
        event = JSON.parse(lines[i]!) as Record<string, unknown>;
      } catch {
        return send(res, 400, { text: "Invalid data format", code: 6, "invalid-event-number": i });
      }
      if (!("event" in event)) return send(res, 400, { text: "Event field is required", code: 12, "invalid-event-number": i });
      receiver.events.push(event);
    }
    send(res, 200, { text: "Success", code: 0 });
  });
  receiver.url = await listen(server);
  receiver.close = () => new Promise((resolve) => server.close(() => resolve()));
  return receiver;
}

export interface BulkReceiver {
  url: string;
  apiKey: string;
  /** Documents by index and id (a re-sent document overwrites). */
  docs: Map<string, Record<string, unknown>>;
  /** Every successful write, in order: `index/id`. */
  writes: string[];
  requests: number;
  faults: BulkFault[];
  close(): Promise<void>;
}

/**
 * Elasticsearch/OpenSearch `_bulk`: NDJSON action and document lines; per-item results with
 * `errors: true` when any item failed (429 es_rejected_execution_exception for the items the plan
 * names); 503 for the whole request when busy; 401 without the API key.
 */
export async function startBulkReceiver(apiKey = "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw=="): Promise<BulkReceiver> {
  const receiver = { apiKey, docs: new Map(), writes: [] as string[], requests: 0, faults: [] as BulkFault[] } as BulkReceiver;
  const server = createServer(async (req, res) => {
    const text = await body(req);
    if (req.method !== "POST" || req.url !== "/_bulk") return send(res, 404, { error: { type: "resource_not_found_exception" }, status: 404 });
    receiver.requests += 1;
    if (req.headers.authorization !== `ApiKey ${apiKey}`) return send(res, 401, { error: { type: "security_exception", reason: "missing authentication credentials" }, status: 401 });
    if (!String(req.headers["content-type"]).startsWith("application/x-ndjson")) return send(res, 406, { error: { type: "media_type_header_exception" }, status: 406 });
    const fault = receiver.faults.shift();
    if (fault === "busy") return send(res, 503, { error: { type: "unavailable_shards_exception", reason: "primary shard is not active" }, status: 503 });
    const lines = text.split("\n").filter((l) => l !== "");
    if (lines.length % 2 !== 0) return send(res, 400, { error: { type: "illegal_argument_exception", reason: "The bulk request must be terminated by a newline" }, status: 400 });
    const items = [];
    let errors = false;
    for (let i = 0; i < lines.length; i += 2) {
      const action = (JSON.parse(lines[i]!) as { index: { _index: string; _id: string } }).index;
      const n = i / 2;
      if (typeof fault === "object" && fault.failItems.includes(n)) {
        errors = true;
        items.push({ index: { _index: action._index, _id: action._id, status: 429, error: { type: "es_rejected_execution_exception", reason: "rejected execution" } } });
        continue;
      }
      const key = `${action._index}/${action._id}`;
      const existed = receiver.docs.has(key);
      receiver.docs.set(key, JSON.parse(lines[i + 1]!) as Record<string, unknown>);
      receiver.writes.push(key);
      items.push({ index: { _index: action._index, _id: action._id, _version: 1, result: existed ? "updated" : "created", status: existed ? 200 : 201 } });
    }
    send(res, 200, { took: 1, errors, items });
  });
  receiver.url = await listen(server);
  receiver.close = () => new Promise((resolve) => server.close(() => resolve()));
  return receiver;
}
