import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDeclaration } from "../modules/scanner/scanner.server";
import { jsonAnswer, methodNotAllowed, proxyEndpoint } from "../modules/storefront/proxy.server";

// GET {proxy}/declaration: the cookie declaration (latest scan plus the merchant's edits) for the
// cookie-declaration app block. Names of cookies and what they are for; nothing about any visitor.
export const loader = ({ request }: LoaderFunctionArgs) =>
  proxyEndpoint(request, "lookup", async (ctx) => {
    const declaration = await getDeclaration(ctx.shop);
    return jsonAnswer(200, { scannedAt: declaration.scannedAt, entries: declaration.entries.map(({ name, kind, category, provider, purpose, retention }) => ({ name, kind, category, provider, purpose, retention })) });
  });

export const action = () => methodNotAllowed("GET");
