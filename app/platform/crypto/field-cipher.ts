import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { CryptoError } from "./errors";
import type { KeyRing } from "./key-ring";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM with the key id in the token (`v1.<keyId>.<iv>.<ciphertext>.<tag>`, base64url), so keys
 * can rotate while old rows stay readable. `context` is authenticated but not stored: it binds a
 * ciphertext to where it belongs (e.g. "webhook_event.payload:<id>"), so a value copied into another
 * row or column fails to decrypt instead of leaking someone else's data.
 */
export function encryptBytes(ring: KeyRing, plaintext: Buffer, context: string): string {
  const key = ring.keys.get(ring.activeKeyId);
  if (!key) throw new CryptoError("UNKNOWN_KEY_ID", `active key id "${ring.activeKeyId}" is not in the key ring`);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(`${ring.activeKeyId}\0${context}`, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, ring.activeKeyId, iv.toString("base64url"), ciphertext.toString("base64url"), tag.toString("base64url")].join(".");
}

interface ParsedToken {
  keyId: string;
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

function parseToken(token: string): ParsedToken {
  const parts = token.split(".");
  if (parts.length !== 5 || parts[0] !== VERSION) {
    throw new CryptoError("CIPHERTEXT_MALFORMED", "not an encrypted field value");
  }
  const [, keyId = "", iv = "", ciphertext = "", tag = ""] = parts;
  const parsed = {
    keyId,
    iv: Buffer.from(iv, "base64url"),
    ciphertext: Buffer.from(ciphertext, "base64url"),
    tag: Buffer.from(tag, "base64url"),
  };
  if (parsed.iv.length !== IV_BYTES || parsed.tag.length !== TAG_BYTES) {
    throw new CryptoError("CIPHERTEXT_MALFORMED", "encrypted field value has a bad nonce or tag");
  }
  return parsed;
}

export function decryptBytes(ring: KeyRing, token: string, context: string): Buffer {
  const { keyId, iv, ciphertext, tag } = parseToken(token);
  const key = ring.keys.get(keyId);
  if (!key) throw new CryptoError("UNKNOWN_KEY_ID", `value was encrypted under key "${keyId}", which is not in the key ring`);
  const decipher = createDecipheriv("aes-256-gcm", key, iv);
  decipher.setAAD(Buffer.from(`${keyId}\0${context}`, "utf8"));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    throw new CryptoError("CIPHERTEXT_FORGED", "encrypted field value failed authentication");
  }
}

export function encryptField(ring: KeyRing, plaintext: string, context: string): string {
  return encryptBytes(ring, Buffer.from(plaintext, "utf8"), context);
}

export function decryptField(ring: KeyRing, token: string, context: string): string {
  return decryptBytes(ring, token, context).toString("utf8");
}

export function keyIdOf(token: string): string {
  return parseToken(token).keyId;
}

export function needsRotation(ring: KeyRing, token: string): boolean {
  return keyIdOf(token) !== ring.activeKeyId;
}

/** Decrypts under whatever key the value names and encrypts again under the active key. */
export function reencryptField(ring: KeyRing, token: string, context: string): string {
  return encryptBytes(ring, decryptBytes(ring, token, context), context);
}
