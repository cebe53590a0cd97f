import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import { db } from "../db.server";
import { env } from "../env.server";
import { EncryptedSessionStorage } from "./session-storage.server";
import { recordInstall } from "../../modules/settings/shops.server";

/** Keep equal to `[webhooks] api_version` in shopify.app.toml (a test checks). */
export const SHOPIFY_API_VERSION = ApiVersion.July26;

const config = env();

const shopify = shopifyApp({
  apiKey: config.SHOPIFY_API_KEY,
  apiSecretKey: config.SHOPIFY_API_SECRET,
  apiVersion: SHOPIFY_API_VERSION,
  scopes: config.SCOPES,
  appUrl: config.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  sessionStorage: new EncryptedSessionStorage(db, () => env().keyRing),
  distribution: AppDistribution.AppStore,
  isEmbeddedApp: true,
  future: {
    unstable_newEmbeddedAuthStrategy: true,
    expiringOfflineAccessTokens: true,
  },
  hooks: {
    afterAuth: async ({ session }) => {
      await recordInstall(session.shop);
    },
  },
  logger: { level: 0 }, // errors only: the library's debug lines include shop payloads
});

export default shopify;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const sessionStorage = shopify.sessionStorage;
// The shop-domain form for installs that start outside Shopify admin (app/routes/auth.login.tsx).
export const login = shopify.login;
