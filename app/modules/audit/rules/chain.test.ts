import { describe, expect, it } from "vitest";
import { GENESIS_HASH, canonicalJson, contentOf, entryHash, verifyChain, type AuditContent, type ChainedEntry } from "./index";

function chain(n: number): ChainedEntry[] {
  const out: ChainedEntry[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const content: AuditContent = {
      shopDomain: "a.myshopify.com",
      seq,
      actorType: "system",
      actorId: null,
      action: "test.action",
      subjectType: "request",
      subjectId: `r${seq}`,
      subjectRef: null,
      reason: null,
      metadata: { n: seq, nested: { b: 1, a: [1, "x"] } },
      occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)),
    };
    const hash = entryHash(prev, content);
    out.push({ ...content, id: `e${seq}`, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

describe("canonical JSON", () => {
  it("sorts keys at every depth and drops undefined", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: undefined }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"z":1}]},"b":1}');
    expect(() => canonicalJson({ x: Number.NaN })).toThrow();
  });
});

describe("entry content", () => {
  it("the field-by-field encoder gives exactly canonicalJson's bytes", () => {
    for (const entry of [...chain(3), { ...chain(1)[0]!, actorId: 'quote " and \\ backslash', reason: "ünïcödé \u2028", subjectRef: null, metadata: { z: [1, { b: null, a: "x" }], a: true } }]) {
      const { id: _id, prevHash: _p, hash: _h, ...content } = entry;
      expect(contentOf(content)).toBe(canonicalJson({ ...content, occurredAt: content.occurredAt.toISOString() }));
    }
  });
});

describe("hash chain", () => {
  it("verifies an intact chain", async () => {
    const entries = chain(50);
    expect(await verifyChain(entries)).toEqual({ ok: true, entries: 50, headHash: entries[49]?.hash });
    expect(await verifyChain([])).toEqual({ ok: true, entries: 0, headHash: GENESIS_HASH });
  });

  it("names the first edited entry", async () => {
    const entries = chain(10);
    entries[6] = { ...entries[6]!, reason: "edited afterwards" };
    expect(await verifyChain(entries)).toMatchObject({ ok: false, brokenAt: { seq: 7, id: "e7" }, reason: "hash_mismatch", entries: 6 });
  });

  it("detects a recomputed entry by its successor, a deletion and a reordering", async () => {
    const edited = chain(10);
    const forged = { ...edited[3]!, action: "forged" };
    forged.hash = entryHash(forged.prevHash, forged);
    edited[3] = forged;
    expect(await verifyChain(edited)).toMatchObject({ ok: false, brokenAt: { seq: 5 }, reason: "prev_hash_mismatch" });

    const deleted = chain(10).filter((e) => e.seq !== 4);
    expect(await verifyChain(deleted)).toMatchObject({ ok: false, brokenAt: { seq: 5 }, reason: "sequence_gap" });
  });

  it("covers every field of the content", async () => {
    const base = chain(1)[0]!;
    const variants: Partial<AuditContent>[] = [
      { shopDomain: "b.myshopify.com" }, { actorType: "staff" }, { actorId: "1" }, { action: "x" }, { subjectType: "y" },
      { subjectId: "z" }, { subjectRef: "r" }, { reason: "why" }, { metadata: { n: 2 } }, { occurredAt: new Date(0) },
    ];
    for (const change of variants) {
      expect(entryHash(GENESIS_HASH, { ...base, ...change })).not.toBe(base.hash);
    }
  });
});
