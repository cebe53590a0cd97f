import { createRequire } from "node:module";
import type { AppProviderProps } from "@shopify/polaris";
import { LoginErrorType } from "@shopify/shopify-app-remix/server";
import { login } from "../../platform/shopify/shopify.server";

const MESSAGES: Record<LoginErrorType, string> = {
  [LoginErrorType.MissingShop]: "Enter your shop domain to log in.",
  [LoginErrorType.InvalidShop]: "Enter a shop domain such as example.myshopify.com.",
};

const MAX_SHOP_INPUT = 255;

/**
 * Starts the install for the shop typed into the login form: throws the library's redirect to the
 * shop's admin, or returns the message to show. The library reads `shop` from the query (it would
 * call request.formData() itself, which throws on a body that is not a form), so it is given a
 * GET with the one value already read and checked for length.
 */
export async function startLogin(appUrl: string, shopInput: string | null): Promise<{ shop?: string }> {
  const shop = (shopInput ?? "").trim();
  if (!shop) return { shop: MESSAGES[LoginErrorType.MissingShop] };
  if (shop.length > MAX_SHOP_INPUT) return { shop: MESSAGES[LoginErrorType.InvalidShop] };
  const url = new URL("/auth/login", appUrl);
  url.searchParams.set("shop", shop);
  const result = await login(new Request(url, { method: "GET" }));
  return result.shop ? { shop: MESSAGES[result.shop] } : {};
}

/** Polaris's English strings for the login page (read at run time: the build keeps JSON external). */
export function polarisTranslations(): AppProviderProps["i18n"] {
  return createRequire(import.meta.url)("@shopify/polaris/locales/en.json") as AppProviderProps["i18n"];
}
