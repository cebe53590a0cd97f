import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  CryptoError,
  blindIndex,
  decryptField,
  encryptField,
  keyIdOf,
  needsRotation,
  normaliseEmail,
  normalisePhone,
  parseKeyRing,
  reencryptField,
} from "./index";

const k = () => randomBytes(32).toString("base64");
const [k1, k2, bi] = [k(), k(), k()];

describe("key ring", () => {
  it("parses ids and keys and names the problem without echoing key material", () => {
    const ring = parseKeyRing(`k1:${k1}, k2:${k2}`, "k2", bi);
    expect([...ring.keys.keys()]).toEqual(["k1", "k2"]);
    expect(() => parseKeyRing(`k1:${k1}`, "k9", bi)).toThrow(/active key id "k9"/);
    expect(() => parseKeyRing("k1:c2hvcnQ=", "k1", bi)).toThrow(/32 bytes/);
    expect(() => parseKeyRing(`k1:${k1},k1:${k2}`, "k1", bi)).toThrow(/twice/);
    expect(() => parseKeyRing(`k1:${k1}`, "k1", k1)).toThrow(/must differ/);
    try {
      parseKeyRing("k1:not-base64-at-all!!", "k1", bi);
    } catch (error) {
      expect(String(error)).not.toContain("not-base64-at-all");
    }
  });
});

describe("field cipher", () => {
  const ring = parseKeyRing(`k1:${k1}`, "k1", bi);

  it("round-trips and never contains the plaintext", () => {
    const token = encryptField(ring, "shopper@example.com", "ctx");
    expect(token).not.toContain("shopper");
    expect(decryptField(ring, token, "ctx")).toBe("shopper@example.com");
    expect(encryptField(ring, "same", "ctx")).not.toBe(encryptField(ring, "same", "ctx"));
  });

  it("refuses a value moved to another context or tampered with", () => {
    const token = encryptField(ring, "secret", "row:1");
    expect(() => decryptField(ring, token, "row:2")).toThrow(CryptoError);
    const parts = token.split(".");
    const body = Buffer.from(parts[3] ?? "", "base64url");
    body[0] = (body[0] ?? 0) ^ 1;
    parts[3] = body.toString("base64url");
    expect(() => decryptField(ring, parts.join("."), "row:1")).toThrow(/failed authentication/);
    expect(() => decryptField(ring, "plain text", "row:1")).toThrow(/not an encrypted/);
  });

  it("rotates: old values stay readable and re-encrypt under the new active key", () => {
    const old = encryptField(ring, "value", "c");
    const rotated = parseKeyRing(`k1:${k1},k2:${k2}`, "k2", bi);
    expect(needsRotation(rotated, old)).toBe(true);
    const fresh = reencryptField(rotated, old, "c");
    expect(keyIdOf(fresh)).toBe("k2");
    expect(decryptField(parseKeyRing(`k2:${k2}`, "k2", bi), fresh, "c")).toBe("value");
    expect(() => decryptField(parseKeyRing(`k2:${k2}`, "k2", bi), old, "c")).toThrow(/key "k1"/);
  });
});

describe("blind index", () => {
  const ring = parseKeyRing(`k1:${k1}`, "k1", bi);

  it("normalises emails and phone numbers", () => {
    expect(normaliseEmail("  Shopper@Example.COM ")).toBe("shopper@example.com");
    expect(normalisePhone("+1 (555) 010-0199")).toBe("+15550100199");
    expect(normalisePhone("0044 20 7946 0000")).toBe("+442079460000");
  });

  it("matches equal identifiers, separates shops and kinds", () => {
    const a = blindIndex(ring, "a.myshopify.com", "email", "Shopper@Example.com");
    expect(blindIndex(ring, "a.myshopify.com", "email", " shopper@example.com")).toBe(a);
    expect(blindIndex(ring, "b.myshopify.com", "email", "shopper@example.com")).not.toBe(a);
    expect(blindIndex(ring, "a.myshopify.com", "phone", "shopper@example.com")).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });
});
