// Pure constants shared by the consent log's server code and its page in the browser. A page may not
// take values from a *.server.ts module: Remix strips those from the client bundle, so they would be
// undefined there (the consent log's export buttons once crashed for exactly that reason).

export const CONSENT_ACTIONS = ["accept_all", "reject_all", "custom"] as const;
export type ConsentAction = (typeof CONSENT_ACTIONS)[number];

export const CONSENT_EXPORT_FORMATS = ["csv", "ndjson"] as const;
export type ConsentExportFormat = (typeof CONSENT_EXPORT_FORMATS)[number];
