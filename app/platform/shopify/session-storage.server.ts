import { Session } from "@shopify/shopify-api";
import { cipherContext, type SessionCipherField } from "../protected-data/registry";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import type { Session as SessionRow } from "@prisma/client";
import { decryptField, encryptField, type KeyRing } from "../crypto";
import type { Db } from "../db.server";
import { errorFields, log } from "../logger.server";

/**
 * Shopify sessions in the Prisma `Session` table, with access tokens, refresh tokens and staff
 * names/emails encrypted at rest. A stolen database file yields no usable token.
 */
export class EncryptedSessionStorage implements SessionStorage {
  constructor(
    private readonly db: () => Db,
    private readonly ring: () => KeyRing,
  ) {}

  #seal(id: string, field: SessionCipherField, value: string | undefined | null): string | null {
    return value ? encryptField(this.ring(), value, cipherContext.session(id, field)) : null;
  }

  #open(id: string, field: SessionCipherField, value: string | null): string | undefined {
    return value ? decryptField(this.ring(), value, cipherContext.session(id, field)) : undefined;
  }

  async storeSession(session: Session): Promise<boolean> {
    const user = session.onlineAccessInfo?.associated_user;
    const data = {
      shop: session.shop,
      state: session.state,
      isOnline: session.isOnline,
      scope: session.scope ?? null,
      expires: session.expires ?? null,
      accessToken: this.#seal(session.id, "accessToken", session.accessToken) ?? "",
      refreshToken: this.#seal(session.id, "refreshToken", session.refreshToken),
      refreshTokenExpires: session.refreshTokenExpires ?? null,
      userId: user ? BigInt(user.id) : null,
      firstName: this.#seal(session.id, "firstName", user?.first_name),
      lastName: this.#seal(session.id, "lastName", user?.last_name),
      email: this.#seal(session.id, "email", user?.email),
      accountOwner: user?.account_owner ?? false,
      locale: user?.locale ?? null,
      collaborator: user?.collaborator ?? false,
      emailVerified: user?.email_verified ?? false,
    };
    await this.db().session.upsert({ where: { id: session.id }, create: { id: session.id, ...data }, update: data });
    return true;
  }

  #toSession(row: SessionRow): Session {
    const session = new Session({
      id: row.id,
      shop: row.shop,
      state: row.state,
      isOnline: row.isOnline,
      scope: row.scope ?? undefined,
      expires: row.expires ?? undefined,
      accessToken: this.#open(row.id, "accessToken", row.accessToken),
      refreshToken: this.#open(row.id, "refreshToken", row.refreshToken),
      refreshTokenExpires: row.refreshTokenExpires ?? undefined,
    });
    if (row.userId !== null) {
      session.onlineAccessInfo = {
        associated_user: {
          id: Number(row.userId),
          first_name: this.#open(row.id, "firstName", row.firstName) ?? "",
          last_name: this.#open(row.id, "lastName", row.lastName) ?? "",
          email: this.#open(row.id, "email", row.email) ?? "",
          account_owner: row.accountOwner,
          locale: row.locale ?? "",
          collaborator: row.collaborator ?? false,
          email_verified: row.emailVerified ?? false,
        },
        associated_user_scope: row.scope ?? "",
        expires_in: 0,
      };
    }
    return session;
  }

  async loadSession(id: string): Promise<Session | undefined> {
    const row = await this.db().session.findUnique({ where: { id } });
    if (!row) return undefined;
    try {
      return this.#toSession(row);
    } catch (error) {
      // Sealed under a key no longer in the ring, or tampered with: unusable, so the library
      // treats the shop as unauthenticated and runs token exchange again.
      log.warn("session could not be decrypted", { shop: row.shop, ...errorFields(error) });
      return undefined;
    }
  }

  async deleteSession(id: string): Promise<boolean> {
    await this.db().session.deleteMany({ where: { id } });
    return true;
  }

  async deleteSessions(ids: string[]): Promise<boolean> {
    await this.db().session.deleteMany({ where: { id: { in: ids } } });
    return true;
  }

  async findSessionsByShop(shop: string): Promise<Session[]> {
    const rows = await this.db().session.findMany({ where: { shop }, take: 25 });
    const sessions: Session[] = [];
    for (const row of rows) {
      const session = await this.loadSession(row.id);
      if (session) sessions.push(session);
    }
    return sessions;
  }
}
