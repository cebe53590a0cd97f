import { CryptoError } from "./errors";

export const KEY_BYTES = 32;

/** Encryption keys by id; `activeKeyId` encrypts, every key in `keys` can decrypt. */
export interface KeyRing {
  readonly activeKeyId: string;
  readonly keys: ReadonlyMap<string, Buffer>;
  readonly blindIndexKey: Buffer;
}

const KEY_ID = /^[a-z0-9][a-z0-9_-]{0,31}$/;

function decodeKey(label: string, base64: string): Buffer {
  const key = Buffer.from(base64, "base64");
  if (key.length !== KEY_BYTES || key.toString("base64").replace(/=+$/, "") !== base64.replace(/=+$/, "")) {
    throw new CryptoError("KEY_RING_INVALID", `${label} must be ${KEY_BYTES} bytes encoded as base64`);
  }
  return key;
}

/**
 * Parses `id:base64,id:base64` (the format of DATA_ENCRYPTION_KEYS). Messages name the key id,
 * never the key material.
 */
export function parseKeyRing(spec: string, activeKeyId: string, blindIndexKeyBase64: string): KeyRing {
  const keys = new Map<string, Buffer>();
  for (const part of spec.split(",").map((p) => p.trim()).filter(Boolean)) {
    const separator = part.indexOf(":");
    if (separator <= 0) throw new CryptoError("KEY_RING_INVALID", "each key must look like id:base64");
    const id = part.slice(0, separator);
    if (!KEY_ID.test(id)) throw new CryptoError("KEY_RING_INVALID", `key id "${id.slice(0, 32)}" must match ${KEY_ID}`);
    if (keys.has(id)) throw new CryptoError("KEY_RING_INVALID", `key id "${id}" appears twice`);
    keys.set(id, decodeKey(`key "${id}"`, part.slice(separator + 1)));
  }
  if (keys.size === 0) throw new CryptoError("KEY_RING_INVALID", "at least one key is required");
  if (!keys.has(activeKeyId)) {
    throw new CryptoError("KEY_RING_INVALID", `active key id "${activeKeyId.slice(0, 32)}" is not in the key ring`);
  }
  const blindIndexKey = decodeKey("the blind index key", blindIndexKeyBase64);
  for (const [id, key] of keys) {
    if (key.equals(blindIndexKey)) {
      throw new CryptoError("KEY_RING_INVALID", `the blind index key must differ from encryption key "${id}"`);
    }
  }
  return { activeKeyId, keys, blindIndexKey };
}
