import { parseKeyRing, type KeyRing } from "../../app/platform/crypto";

/** The key ring an app started with `env` uses, so tests can compute blind indexes and decrypt. */
export function keyRingOf(env: Record<string, string>): KeyRing {
  return parseKeyRing(env.DATA_ENCRYPTION_KEYS!, env.DATA_ENCRYPTION_ACTIVE_KEY_ID!, env.BLIND_INDEX_KEY!);
}
