// The sandbox's own web server, on loopback only. It plays the storefront (the theme app extension's
// real blocks rendered with liquidjs, Shopify's Customer Privacy API emulated, `/apps/privacy/*`
// forwarded to the app signed like Shopify's app proxy) and hosts the sandbox pages: an index, the
// mailbox and a webhook trigger. Every page says it is the sandbox.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Mailbox } from "./mailbox/mailbox";
import { forwardToAppProxy, isAppProxyPath, isExtensionAssetPath, serveExtensionAsset } from "./storefront/app-proxy-forwarder";
import { buildPage, escapeHtml, storefrontLocales, type PrivacyEmulation } from "./storefront/render";
import { trackerPageHtml } from "./storefront/trackers";
import { encodeTrackingConsent, TRACKING_CONSENT_COOKIE } from "./storefront/tracking-consent";
import { deliverSandboxWebhook, isSandboxTopic, sandboxCustomers, SANDBOX_TOPICS, type DeliveryResult } from "./webhooks/deliver";

export interface SandboxServerOptions {
  port?: number;
  appUrl: string;
  appSecret: string;
  shop: string;
  storeName: string;
  mailbox: Mailbox;
  /** Where the admin shell serves the embedded admin. */
  adminUrl: string;
  adminApiUrl: string;
  /** Shown on the index. */
  notes?: string[];
}

export interface SandboxServer {
  url: string;
  close(): Promise<void>;
}

export const SHOPPER_COOKIE = "sandbox_shopper";
/** The visitor's consent lives where Shopify keeps it: its `_tracking_consent` cookie. */
export const CONSENT_COOKIE = TRACKING_CONSENT_COOKIE;

/** Shopper regions the storefront can pretend to be in, with what Shopify's API reports there. */
export const REGIONS: Record<string, { label: string; privacy: PrivacyEmulation }> = {
  DE: { label: "Germany (GDPR: banner shown)", privacy: { region: "DE", shouldShowBanner: true, saleOfDataRegion: false } },
  GB: { label: "United Kingdom (UK GDPR: banner shown)", privacy: { region: "GB", shouldShowBanner: true, saleOfDataRegion: false } },
  USCA: { label: "California (CCPA: no banner, sale-of-data opt-out)", privacy: { region: "USCA", shouldShowBanner: false, saleOfDataRegion: true } },
  BRSP: { label: "Brazil (LGPD: banner shown)", privacy: { region: "BRSP", shouldShowBanner: true, saleOfDataRegion: false } },
  USNY: { label: "New York (no banner required)", privacy: { region: "USNY", shouldShowBanner: false, saleOfDataRegion: false } },
  CH: { label: "Switzerland (FADP: banner shown)", privacy: { region: "CH", shouldShowBanner: true, saleOfDataRegion: false } },
  USVA: { label: "Virginia (VCDPA: sale-of-data opt-out)", privacy: { region: "USVA", shouldShowBanner: false, saleOfDataRegion: true } },
  USCO: { label: "Colorado (CPA: sale-of-data opt-out)", privacy: { region: "USCO", shouldShowBanner: false, saleOfDataRegion: true } },
  USCT: { label: "Connecticut (CTDPA: sale-of-data opt-out)", privacy: { region: "USCT", shouldShowBanner: false, saleOfDataRegion: true } },
  USUT: { label: "Utah (UCPA: sale-of-data opt-out)", privacy: { region: "USUT", shouldShowBanner: false, saleOfDataRegion: true } },
  USTX: { label: "Texas (TDPSA: sale-of-data opt-out)", privacy: { region: "USTX", shouldShowBanner: false, saleOfDataRegion: true } },
  USOR: { label: "Oregon (OCPA: sale-of-data opt-out)", privacy: { region: "USOR", shouldShowBanner: false, saleOfDataRegion: true } },
  CAON: { label: "Ontario (PIPEDA)", privacy: { region: "CAON", shouldShowBanner: false, saleOfDataRegion: false } },
  CAQC: { label: "Quebec (Law 25: banner shown)", privacy: { region: "CAQC", shouldShowBanner: true, saleOfDataRegion: false } },
  JP: { label: "Japan (the shop's default law)", privacy: { region: "JP", shouldShowBanner: false, saleOfDataRegion: false } },
  UNKNOWN: { label: "Unknown (getRegion() answers \"\")", privacy: { region: "", shouldShowBanner: true, saleOfDataRegion: false } },
};

interface Shopper {
  customerId: number | null;
  region: string;
  gpc: boolean;
  locale: string;
}

const DEFAULT_SHOPPER: Shopper = { customerId: null, region: "DE", gpc: false, locale: "en" };
const MAX_FORM_BYTES = 16 * 1024;

function cookies(req: IncomingMessage): Map<string, string> {
  const jar = new Map<string, string>();
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0) jar.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return jar;
}

function readShopper(req: IncomingMessage, customerIds: Set<number>, locales: Set<string>): Shopper {
  const raw = cookies(req).get(SHOPPER_COOKIE);
  if (!raw) return DEFAULT_SHOPPER;
  return parseShopper(new URLSearchParams(decodeURIComponent(raw)), customerIds, locales);
}

function parseShopper(form: URLSearchParams, customerIds: Set<number>, locales: Set<string>): Shopper {
  const customerId = Number(form.get("customer"));
  const region = form.get("region") ?? "";
  const locale = form.get("locale") ?? "";
  return {
    customerId: customerIds.has(customerId) ? customerId : null,
    region: region in REGIONS ? region : DEFAULT_SHOPPER.region,
    gpc: form.get("gpc") === "on",
    locale: locales.has(locale) ? locale : DEFAULT_SHOPPER.locale,
  };
}

function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_FORM_BYTES) reject(new Error("form too large"));
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(new URLSearchParams(Buffer.concat(chunks).toString("utf8"))));
    req.on("error", reject);
  });
}

const BANNER_STYLE =
  "position:sticky;top:0;z-index:2147483000;background:#3d1d6e;color:#fff;font:14px/1.4 system-ui,sans-serif;padding:8px 12px;display:flex;gap:12px;flex-wrap:wrap;align-items:center";

function sandboxBanner(): string {
  return `<div role="note" data-sandbox-banner style="${BANNER_STYLE}"><strong>Sandbox: not a real Shopify store</strong>
<a style="color:#fff" href="/sandbox">Sandbox home</a><a style="color:#fff" href="/">Storefront</a><a style="color:#fff" href="/sandbox/mailbox">Mailbox</a><a style="color:#fff" href="/sandbox/webhooks">Webhooks</a></div>`;
}

function layout(title: string, body: string, head = ""): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Privacy Desk sandbox</title>${head}
<style>body{margin:0;font:15px/1.5 system-ui,sans-serif;color:#1f1f1f}main{max-width:860px;margin:0 auto;padding:16px}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:6px;text-align:left;vertical-align:top}
pre{white-space:pre-wrap;word-break:break-word;background:#f6f6f7;padding:12px;border-radius:6px}
label{display:block;margin:8px 0 4px}button{padding:6px 14px}</style></head>
<body>${sandboxBanner()}<main>${body}</main></body></html>`;
}

function send(res: ServerResponse, status: number, html: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "X-Frame-Options": "DENY", ...headers });
  res.end(html);
}

function redirect(res: ServerResponse, location: string, headers: Record<string, string> = {}): void {
  res.writeHead(303, { Location: location, ...headers });
  res.end();
}

/** Turns escaped text's URLs into links (emails carry download and status links). */
function linkify(escaped: string): string {
  return escaped.replace(/https?:\/\/[^\s<>"']+/g, (url) => `<a href="${url}">${url}</a>`);
}

export async function startSandboxServer(options: SandboxServerOptions): Promise<SandboxServer> {
  const customers = sandboxCustomers(options.shop);
  const customerIds = new Set(customers.map((c) => c.id));
  const locales = new Set(storefrontLocales());
  let origin = "";

  function storefrontControls(shopper: Shopper): string {
    const customerOptions = [`<option value="">Guest (not signed in)</option>`]
      .concat(customers.map((c) => `<option value="${c.id}"${c.id === shopper.customerId ? " selected" : ""}>Signed in as ${escapeHtml(c.name)}</option>`))
      .join("");
    const regionOptions = Object.entries(REGIONS)
      .map(([code, r]) => `<option value="${code}"${code === shopper.region ? " selected" : ""}>${escapeHtml(r.label)}</option>`)
      .join("");
    const localeOptions = [...locales].map((l) => `<option${l === shopper.locale ? " selected" : ""}>${escapeHtml(l)}</option>`).join("");
    return `${sandboxBanner()}
<form method="post" action="/sandbox/shopper" data-sandbox-controls style="background:#f1ecf9;font:14px system-ui,sans-serif;padding:8px 12px;display:flex;gap:12px;flex-wrap:wrap;align-items:center">
<label style="margin:0">Shopper <select name="customer">${customerOptions}</select></label>
<label style="margin:0">Region <select name="region">${regionOptions}</select></label>
<label style="margin:0">Language <select name="locale">${localeOptions}</select></label>
<label style="margin:0"><input type="checkbox" name="gpc"${shopper.gpc ? " checked" : ""}> Global Privacy Control</label>
<button type="submit">Apply</button>
<button type="submit" formaction="/sandbox/consent/reset">Forget my consent</button>
</form>`;
  }

  async function storefront(req: IncomingMessage, res: ServerResponse, trackers?: { headHtml: string; mainHtml: string }): Promise<void> {
    const shopper = readShopper(req, customerIds, locales);
    const customer = customers.find((c) => c.id === shopper.customerId);
    const privacy = REGIONS[shopper.region]?.privacy ?? {};
    const html = await buildPage({
      storeName: options.storeName,
      locale: shopper.locale,
      customer: customer ? { id: customer.id, email: customer.email ?? "", default_address: customer.countryCode ? { country_code: customer.countryCode, province_code: customer.provinceCode } : null } : null,
      embed: trackers ? { consent_mode: true } : {},
      blocks: trackers ? [] : [{ file: "privacy-request-form" }],
      privacy: { ...privacy, trackingConsentCookie: true },
      gpc: shopper.gpc,
      bodyPrefixHtml: storefrontControls(shopper),
      headHtml: trackers?.headHtml,
      mainHtml: trackers?.mainHtml,
    });
    // Shopify answers the first page view with the visitor's (undecided) consent cookie.
    const headers: Record<string, string> = { "X-Frame-Options": "SAMEORIGIN" };
    if (!cookies(req).has(CONSENT_COOKIE)) {
      const value = encodeTrackingConsent({
        consent: { analytics: "", marketing: "", preferences: "", sale_of_data: "" },
        region: privacy.region ?? "DE",
        displayBanner: privacy.shouldShowBanner ?? true,
        saleOfDataRegion: privacy.saleOfDataRegion ?? false,
      });
      headers["Set-Cookie"] = `${CONSENT_COOKIE}=${value}; Path=/; Max-Age=31536000; SameSite=Lax`;
    }
    send(res, 200, html, headers);
  }

  function index(res: ServerResponse): void {
    const notes = (options.notes ?? []).map((n) => `<li>${escapeHtml(n)}</li>`).join("");
    send(
      res,
      200,
      layout(
        "Sandbox",
        `<h1>Privacy Desk sandbox</h1>
<p>The whole product on this machine, without a Shopify store. Shop: <code>${escapeHtml(options.shop)}</code>.</p>
<ol>
<li><a href="/">Storefront</a>: the consent banner and the privacy-request form (the theme app extension's real blocks). Pick a shopper, region and GPC at the top.</li>
<li><a href="/trackers">Trackers</a>: the same storefront with twelve common tracker snippets pasted into the theme (Google, Meta, TikTok, Pinterest, Snapchat, Hotjar, Clarity, Microsoft Ads, Klaviyo, YouTube, Vimeo); the banner's blocker holds them until you consent. Their hosts only resolve in the leak test's Chromium.</li>
<li><a href="/sandbox/mailbox">Mailbox</a>: the emails the app sent (verification codes, notices).</li>
<li><a href="${escapeHtml(options.adminUrl)}" data-admin-link>Admin</a>: the embedded admin pages with a sandbox session for the seeded shop (requests, exports, erasure, audit log).</li>
<li><a href="/sandbox/webhooks">Webhooks</a>: deliver a signed webhook (or <code>npm run webhook -- customers/redact --customer 7000000001</code>).</li>
</ol>
<h2>Running</h2>
<table>
<tr><th>App</th><td><a href="${escapeHtml(options.appUrl)}/healthz">${escapeHtml(options.appUrl)}</a></td></tr>
<tr><th>Admin API stand-in</th><td><code>${escapeHtml(options.adminApiUrl)}</code> (Shopify's real 2026-07 Admin schema, seeded customers and orders)</td></tr>
<tr><th>SMTP</th><td><code>${escapeHtml(options.mailbox.url)}</code></td></tr>
</table>
${notes ? `<ul>${notes}</ul>` : ""}`,
      ),
    );
  }

  function mailboxPage(res: ServerResponse): void {
    const rows = [...options.mailbox.messages]
      .reverse()
      .map(
        (m) =>
          `<tr><td>${escapeHtml(m.receivedAt.toISOString().replace("T", " ").slice(0, 19))}</td><td>${escapeHtml(m.to.join(", "))}</td><td><a href="/sandbox/mailbox/${m.id}">${escapeHtml(m.subject)}</a></td></tr>`,
      )
      .join("");
    send(
      res,
      200,
      layout(
        "Mailbox",
        `<h1>Mailbox</h1><p>Every email the app sent through the sandbox's SMTP server (kept in memory, newest first). This page refreshes every 5 seconds.</p>
<table data-mailbox><thead><tr><th>Received (UTC)</th><th>To</th><th>Subject</th></tr></thead><tbody>${rows || `<tr><td colspan="3">No email yet.</td></tr>`}</tbody></table>`,
        `<meta http-equiv="refresh" content="5">`,
      ),
    );
  }

  function messagePage(res: ServerResponse, id: number): void {
    const m = options.mailbox.messages.find((x) => x.id === id);
    if (!m) return send(res, 404, layout("Not found", `<h1>No such email</h1><p><a href="/sandbox/mailbox">Back to the mailbox</a></p>`));
    send(
      res,
      200,
      layout(
        m.subject,
        `<p><a href="/sandbox/mailbox">← Mailbox</a></p><h1>${escapeHtml(m.subject)}</h1>
<table><tr><th>From</th><td>${escapeHtml(m.from)}</td></tr><tr><th>To</th><td>${escapeHtml(m.to.join(", "))}</td></tr><tr><th>Received</th><td>${escapeHtml(m.receivedAt.toISOString())}</td></tr></table>
<pre data-message-body>${linkify(escapeHtml(m.text))}</pre>`,
      ),
    );
  }

  function webhooksPage(res: ServerResponse, result?: DeliveryResult | { error: string }, status = 200): void {
    const topics = SANDBOX_TOPICS.map((t) => `<option>${escapeHtml(t)}</option>`).join("");
    const people = customers.map((c) => `<option value="${c.id}">${c.id}: ${escapeHtml(c.name)}</option>`).join("");
    const outcome = !result
      ? ""
      : "error" in result
        ? `<p role="alert" data-webhook-result>Not delivered: ${escapeHtml(result.error)}</p>`
        : `<p role="status" data-webhook-result>Delivered <code>${escapeHtml(result.topic)}</code>: the app answered HTTP ${result.status} (webhook id <code>${escapeHtml(result.webhookId)}</code>).</p>`;
    send(
      res,
      status,
      layout(
        "Webhooks",
        `<h1>Deliver a webhook</h1>
<p>Signed with the app's secret exactly as Shopify signs deliveries, with payloads in Shopify's documented shapes for the seeded shop. The same as <code>npm run webhook -- &lt;topic&gt; --customer &lt;id&gt;</code>.</p>
${outcome}
<form method="post" action="/sandbox/webhooks">
<label for="topic">Topic</label><select id="topic" name="topic">${topics}</select>
<label for="customer">Customer (for customers/* topics)</label><select id="customer" name="customer">${people}</select>
<p><button type="submit">Deliver</button></p></form>
<p>Erasures the admin asks Shopify for (<code>customerRequestDataErasure</code>) are answered by the sandbox's Shopify with a <code>customers/redact</code> delivery a few seconds later.</p>`,
      ),
    );
  }

  /** Back to the storefront page the control bar was used on (the home page or a trackers page). */
  function backTo(req: IncomingMessage): string {
    try {
      const from = new URL(req.headers.referer ?? "", origin);
      return from.origin === origin && trackerPageHtml(from.pathname) ? from.pathname : "/";
    } catch {
      return "/";
    }
  }

  // Forms post only from the sandbox's own pages.
  function sameOrigin(req: IncomingMessage): boolean {
    const from = req.headers.origin ?? req.headers.referer ?? "";
    const own = [origin, origin.replace("127.0.0.1", "localhost")];
    return own.some((o) => from === o || from.startsWith(`${o}/`));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", origin);
    const method = req.method ?? "GET";
    if (isAppProxyPath(url.pathname)) {
      const shopper = readShopper(req, customerIds, locales);
      await forwardToAppProxy({ appUrl: options.appUrl, secret: options.appSecret, shop: options.shop }, shopper.customerId === null ? null : String(shopper.customerId), req, res, url);
      return;
    }
    if (isExtensionAssetPath(url.pathname)) return serveExtensionAsset(res, url.pathname);
    if (method === "POST" && !sameOrigin(req)) return send(res, 403, layout("Refused", "<h1>Refused</h1><p>Sandbox forms only accept posts from the sandbox's own pages.</p>"));
    const route = `${method} ${url.pathname}`;
    switch (route) {
      case "GET /":
        return storefront(req, res);
      case "GET /sandbox":
        return index(res);
      case "GET /sandbox/mailbox":
        return mailboxPage(res);
      case "GET /sandbox/webhooks":
        return webhooksPage(res);
      case "POST /sandbox/shopper": {
        const shopper = parseShopper(await readForm(req), customerIds, locales);
        const value = new URLSearchParams({ customer: shopper.customerId === null ? "" : String(shopper.customerId), region: shopper.region, locale: shopper.locale, ...(shopper.gpc ? { gpc: "on" } : {}) });
        return redirect(res, backTo(req), { "Set-Cookie": `${SHOPPER_COOKIE}=${encodeURIComponent(value.toString())}; Path=/; SameSite=Lax; HttpOnly` });
      }
      case "POST /sandbox/consent/reset":
        return redirect(res, backTo(req), { "Set-Cookie": `${CONSENT_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax` });
      case "POST /sandbox/webhooks": {
        const form = await readForm(req);
        const topic = form.get("topic") ?? "";
        if (!isSandboxTopic(topic)) return webhooksPage(res, { error: "unknown topic" }, 400);
        try {
          const result = await deliverSandboxWebhook(options.appUrl, options.appSecret, topic, { shop: options.shop, customerId: Number(form.get("customer")) });
          return webhooksPage(res, result);
        } catch (error) {
          return webhooksPage(res, { error: error instanceof Error ? error.message : String(error) }, 502);
        }
      }
    }
    const trackers = method === "GET" ? trackerPageHtml(url.pathname) : null;
    if (trackers) return storefront(req, res, trackers);
    const message = /^GET \/sandbox\/mailbox\/(\d+)$/.exec(route);
    if (message) return messagePage(res, Number(message[1]));
    if (url.pathname === "/favicon.ico") {
      res.writeHead(204).end();
      return;
    }
    send(res, 404, layout("Not found", `<h1>Not found</h1><p><a href="/sandbox">Sandbox home</a></p>`));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, layout("Error", `<h1>Sandbox error</h1><pre>${escapeHtml(error instanceof Error ? error.message : String(error))}</pre>`));
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
