import { CryptoError, decryptField, type KeyRing } from "../crypto";
import { log } from "../logger.server";

import { UNREADABLE, type Unreadable } from "./unreadable";

/**
 * Decrypts a stored value for display. A value that cannot be decrypted (its key was removed, or
 * the row was edited or moved) is an error: logged with where it is, and returned as UNREADABLE so
 * the page says so instead of showing an empty field. Never a silent null.
 */
export function openProtected(ring: KeyRing, token: string | null, context: string, where: { model: string; id: string; column: string }): string | null | Unreadable {
  if (token === null) return null;
  try {
    return decryptField(ring, token, context);
  } catch (error) {
    if (!(error instanceof CryptoError)) throw error;
    log.error("stored value cannot be decrypted", { model: where.model, id: where.id, column: where.column, errorCode: error.code });
    return UNREADABLE;
  }
}
