import { createHmac } from "node:crypto";
import type { KeyRing } from "./key-ring";

export type IdentifierKind = "email" | "phone" | "customer";

export function normaliseEmail(email: string): string {
  return email.normalize("NFKC").trim().toLowerCase();
}

/** Digits with a leading + kept; "00" international prefix becomes "+". Formatting is dropped. */
export function normalisePhone(phone: string): string {
  const trimmed = phone.normalize("NFKC").trim();
  const digits = trimmed.replace(/\D/g, "");
  if (trimmed.startsWith("+")) return `+${digits}`;
  if (digits.startsWith("00")) return `+${digits.slice(2)}`;
  return digits;
}

function normalise(kind: IdentifierKind, value: string): string {
  switch (kind) {
    case "email":
      return normaliseEmail(value);
    case "phone":
      return normalisePhone(value);
    case "customer":
      return value.trim();
  }
}

/**
 * HMAC-SHA256 under a key kept apart from the encryption keys, scoped per shop so the same person in
 * two shops yields unrelated values. Equality lookups only; the value cannot be reversed.
 */
export function blindIndex(ring: KeyRing, shop: string, kind: IdentifierKind, value: string): string {
  return createHmac("sha256", ring.blindIndexKey)
    .update(`${shop.toLowerCase()}\0${kind}\0${normalise(kind, value)}`, "utf8")
    .digest("hex");
}
