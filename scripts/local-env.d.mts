export const root: string;
export function readScopesFromToml(): string;
/** The local app environment (.local/dev.env secrets plus defaults; explicit process env wins). */
export function localEnv(): Record<string, string> & { PORT: string; SHOPIFY_API_SECRET: string };
