export type CryptoErrorCode =
  | "KEY_RING_INVALID"
  | "UNKNOWN_KEY_ID"
  | "CIPHERTEXT_MALFORMED"
  | "CIPHERTEXT_FORGED";

export class CryptoError extends Error {
  override readonly name = "CryptoError";
  constructor(
    readonly code: CryptoErrorCode,
    message: string,
  ) {
    super(message);
  }
}
