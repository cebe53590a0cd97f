import { describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import {
  StreamComparison,
  bulkLines,
  checkpointDue,
  checkpointSignatureValid,
  destinationSchema,
  hecEvent,
  parseStreamLine,
  signCheckpoint,
  splitDestination,
  streamLag,
  streamRetryDelayMs,
  streamedEntry,
  syslogFrame,
  type StreamedEntry,
} from ".";

const h = (c: string) => c.repeat(64);
const key = { id: "k1", key: randomBytes(32) };
const entry = (seq: number, hash = h(String(seq % 10)), prev = h(String((seq - 1) % 10))): StreamedEntry =>
  streamedEntry({ shopDomain: "s.myshopify.com", seq, hash, prevHash: prev, action: "request.created", actorType: "staff", actorId: "7", occurredAt: new Date("2026-12-01T10:00:00.123Z") });

describe("streamed records", () => {
  it("frames an RFC 5424 message with its octet count and ASCII-only JSON", () => {
    const record = { ...entry(1), action: "café" };
    const frame = syslogFrame(record);
    const [count, ...rest] = frame.split(" ");
    const message = rest.join(" ");
    expect(Number(count)).toBe(Buffer.byteLength(message));
    expect(message).toMatch(/^<110>1 2026-12-01T10:00:00\.123Z s\.myshopify\.com privacy-desk - audit_entry - \{/);
    expect(message).toContain("caf\\u00e9");
    expect(/^[\x20-\x7e]+$/.test(message)).toBe(true);
    expect(parseStreamLine(`Dec  1 10:00:00 s.myshopify.com privacy-desk ${message.slice(message.indexOf("{"))}`, 1)).toMatchObject({ kind: "record", record: { action: "café", seq: 1 } });
  });

  it("reads back HEC events and _bulk bodies, skipping action lines", () => {
    const e = entry(2);
    expect(parseStreamLine(hecEvent(e, { index: "main" }), 1)).toEqual({ kind: "record", line: 1, record: e });
    const [action, doc] = bulkLines(e, "audit").trimEnd().split("\n");
    expect(parseStreamLine(action!, 1)).toEqual({ kind: "skipped", line: 1 });
    expect(parseStreamLine(doc!, 2)).toMatchObject({ kind: "record", record: { seq: 2, hash: e.hash } });
    expect(parseStreamLine("not json {", 3)).toEqual({ kind: "unreadable", line: 3 });
  });

  it("signs checkpoints so that any change or another key fails", () => {
    const c = signCheckpoint(key, { shop: "s.myshopify.com", seq: 5, hash: h("a") }, new Date());
    expect(checkpointSignatureValid(key, c)).toBe(true);
    expect(checkpointSignatureValid(key, { ...c, hash: h("b") })).toBe(false);
    expect(checkpointSignatureValid(key, { ...c, seq: 6 })).toBe(false);
    expect(checkpointSignatureValid({ id: "k1", key: randomBytes(32) }, c)).toBe(false);
    expect(checkpointSignatureValid(key, { ...c, signature: "zz" })).toBe(false);
  });
});

describe("comparing a stream with the database chain", () => {
  const chain = new Map([1, 2, 3].map((seq) => [seq, { hash: h(String(seq)), prevHash: h(String(seq - 1)) }]));
  const lookup = (_shop: string, seq: number) => chain.get(seq);

  it("finds nothing in a faithful stream, duplicates included", () => {
    const cmp = new StreamComparison(lookup, key);
    for (const seq of [1, 2, 2, 3]) cmp.push(seq, entry(seq));
    cmp.push(9, signCheckpoint(key, { shop: "s.myshopify.com", seq: 3, hash: h("3") }, new Date()));
    expect(cmp.findings).toEqual([]);
  });

  it("names an edited entry, a missing one, conflicting copies and bad or unknown checkpoints", () => {
    const cmp = new StreamComparison(lookup, key);
    cmp.push(1, entry(1));
    cmp.push(2, entry(2, h("x")));
    cmp.push(3, entry(4));
    cmp.push(4, entry(1, h("y")));
    cmp.push(5, signCheckpoint(key, { shop: "s.myshopify.com", seq: 2, hash: h("x") }, new Date()));
    cmp.push(6, signCheckpoint({ id: "k1", key: randomBytes(32) }, { shop: "s.myshopify.com", seq: 3, hash: h("3") }, new Date()));
    expect(cmp.findings.map((f) => [f.line, f.problem])).toEqual([
      [2, "entry_differs"],
      [3, "entry_not_in_database"],
      [4, "conflicting_copies"],
      [4, "entry_differs"],
      [5, "checkpoint_not_in_chain"],
      [6, "checkpoint_signature_invalid"],
    ]);
  });
});

describe("destination settings", () => {
  const pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
  it("accepts each kind and keeps credentials apart from the plain settings", () => {
    const hec = destinationSchema(false).parse({ kind: "splunk_hec", name: "Splunk", url: "https://splunk.example.com:8088/", token: "abc-123" });
    expect(splitDestination(hec)).toEqual({ name: "Splunk", config: { kind: "splunk_hec", url: "https://splunk.example.com:8088", index: null, sourcetype: null }, secret: { token: "abc-123" } });
    const syslog = destinationSchema(false).parse({ kind: "syslog", name: "S", host: "siem.example.com", port: "6514", caPem: pem });
    expect(splitDestination(syslog).config).toMatchObject({ host: "siem.example.com", port: 6514, clientCertPem: null });
  });

  it("refuses what a merchant could get wrong, in words they understand", () => {
    const messages = (input: unknown, local = false) => {
      const r = destinationSchema(local).safeParse(input);
      return r.success ? [] : r.error.issues.map((i) => i.message);
    };
    expect(messages({ kind: "splunk_hec", name: "x", url: "http://splunk.example.com", token: "t" })).toEqual(["The address must start with https:// so that entries travel encrypted"]);
    expect(messages({ kind: "splunk_hec", name: "x", url: "https://10.0.0.5", token: "t" })).toEqual(["The address must be reachable on the internet (not a private or local address)"]);
    expect(messages({ kind: "splunk_hec", name: "x", url: "http://127.0.0.1:9", token: "t" }, true)).toEqual([]);
    expect(messages({ kind: "syslog", name: "x", host: "siem.example.com", port: "70000", caPem: "nope" })).toEqual(["Enter a port between 1 and 65535", "Paste the CA certificate in PEM form (-----BEGIN CERTIFICATE----- ...)"]);
    expect(messages({ kind: "elasticsearch", name: "x", url: "https://es.example.com", index: "Audit Log", username: "u" })).toContain("Index names are lowercase letters, digits, dots, dashes and underscores");
    expect(messages({ kind: "elasticsearch", name: "x", url: "https://es.example.com", index: "audit", username: "u" })).toEqual(["Basic authentication needs both a user name and a password"]);
  });
});

describe("lag and retries", () => {
  it("counts entries and seconds behind", () => {
    const now = new Date("2026-12-01T10:00:10Z");
    expect(streamLag(10, 10, null, now)).toEqual({ entries: 0, seconds: 0 });
    expect(streamLag(10, 4, new Date("2026-12-01T10:00:03Z"), now)).toEqual({ entries: 6, seconds: 7 });
  });
  it("backs off from 2 s to at most 5 minutes", () => {
    expect(streamRetryDelayMs(1, () => 0.5)).toBe(2_000);
    expect(streamRetryDelayMs(4, () => 0.5)).toBe(16_000);
    expect(streamRetryDelayMs(40, () => 1)).toBe(360_000);
  });
  it("checkpoints after a delivering flush and at least every five minutes", () => {
    const now = new Date("2026-12-01T10:00:00Z");
    expect(checkpointDue(3, now, now)).toBe(true);
    expect(checkpointDue(0, new Date(now.getTime() - 60_000), now)).toBe(false);
    expect(checkpointDue(0, new Date(now.getTime() - 300_000), now)).toBe(true);
  });
});
