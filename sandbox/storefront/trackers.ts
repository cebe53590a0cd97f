// The sandbox storefront's "trackers" page set: the public snippets of the blocker's presets as a
// merchant pastes them into a theme (real hostnames), and a fake tracker server on loopback that
// plays every one of those hosts over HTTPS (a self-signed certificate; Chromium maps the real
// hostnames to it with --host-resolver-rules). The fake scripts do what the real ones do at the
// level a consent test can see: set their first-party cookies, call their collection endpoint,
// which answers with its third-party cookie.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TrackerCategory } from "../../app/modules/trackers/presets";

export interface PlantedTracker {
  preset: string;
  category: TrackerCategory;
  /** Where the snippet goes: the theme's <head> or the page body. */
  place: "head" | "body";
  snippet: string;
  /** First-party cookies its script sets. */
  cookies: string[];
  /** Third-party cookies its collection endpoint or iframe sets (name@domain). */
  thirdPartyCookies: string[];
}

const js = (cookies: string[], beacon: string) =>
  `${cookies.map((c) => `document.cookie=${JSON.stringify(`${c}=sandbox.${Date.now()}; path=/; max-age=31536000; SameSite=Lax`)};`).join("")}new Image().src=${JSON.stringify(beacon)}+"?t="+Date.now();`;

/** path -> script body, keyed by host. */
const SCRIPTS: Record<string, Record<string, string>> = {
  "www.googletagmanager.com": {
    "/gtm.js": "window.dataLayer=window.dataLayer||[];dataLayer.push({event:'gtm.load'});",
    "/gtag/js": js(["_ga", "_ga_SANDBOX1"], "https://www.google-analytics.com/g/collect"),
  },
  "connect.facebook.net": { "/en_US/fbevents.js": js(["_fbp"], "https://www.facebook.com/tr") },
  "analytics.tiktok.com": { "/i18n/pixel/events.js": js(["_ttp"], "https://analytics.tiktok.com/api/v2/pixel") },
  "s.pinimg.com": { "/ct/core.js": js(["_pin_unauth"], "https://ct.pinterest.com/v3/") },
  "sc-static.net": { "/scevent.min.js": js(["_scid"], "https://tr.snapchat.com/p") },
  "static.hotjar.com": { "/c/hotjar-3901234.js": js(["_hjSessionUser_3901234"], "https://in.hotjar.com/api/v2/client/sites/3901234/visit-data") },
  "www.clarity.ms": { "/tag/sbx1clarity": js(["_clck"], "https://k.clarity.ms/collect") },
  "bat.bing.com": { "/bat.js": js(["_uetsid", "_uetvid"], "https://bat.bing.com/action/0") },
  "static.klaviyo.com": { "/onsite/js/klaviyo.js": js(["__kla_id"], "https://a.klaviyo.com/client/events/") },
};

/** Third-party cookie set by each collection endpoint or embed. */
const THIRD_PARTY: Record<string, string> = {
  "www.google-analytics.com": "",
  "www.facebook.com": "fr",
  "analytics.tiktok.com": "_ttp",
  "ct.pinterest.com": "_pinterest_ct_ua",
  "tr.snapchat.com": "sc_at",
  "in.hotjar.com": "",
  "k.clarity.ms": "MUID",
  "bat.bing.com": "MUID",
  "a.klaviyo.com": "",
  "www.youtube.com": "VISITOR_INFO1_LIVE",
  "player.vimeo.com": "vuid",
};

export const TRACKER_HOSTS = [...new Set([...Object.keys(SCRIPTS), ...Object.keys(THIRD_PARTY)])];

export const PLANTED_TRACKERS: PlantedTracker[] = [
  {
    preset: "gtm",
    category: "analytics",
    place: "head",
    snippet: `<!-- Google Tag Manager -->
<script>(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':
new Date().getTime(),event:'gtm.js'});var f=d.getElementsByTagName(s)[0],
j=d.createElement(s),dl=l!='dataLayer'?'&l='+l:'';j.async=true;j.src=
'https://www.googletagmanager.com/gtm.js?id='+i+dl;f.parentNode.insertBefore(j,f);
})(window,document,'script','dataLayer','GTM-SBX1234');</script>
<!-- End Google Tag Manager -->`,
    cookies: [],
    thirdPartyCookies: [],
  },
  {
    preset: "ga4",
    category: "analytics",
    place: "head",
    snippet: `<!-- Google tag (gtag.js) -->
<script async src="https://www.googletagmanager.com/gtag/js?id=G-SANDBOX1"></script>
<script>
  window.dataLayer = window.dataLayer || [];
  function gtag(){dataLayer.push(arguments);}
  gtag('js', new Date());
  gtag('config', 'G-SANDBOX1');
</script>`,
    cookies: ["_ga", "_ga_SANDBOX1"],
    thirdPartyCookies: [],
  },
  {
    preset: "meta-pixel",
    category: "marketing",
    place: "head",
    snippet: `<!-- Meta Pixel Code -->
<script>
!function(f,b,e,v,n,t,s)
{if(f.fbq)return;n=f.fbq=function(){n.callMethod?
n.callMethod.apply(n,arguments):n.queue.push(arguments)};
if(!f._fbq)f._fbq=n;n.push=n;n.loaded=!0;n.version='2.0';
n.queue=[];t=b.createElement(e);t.async=!0;
t.src=v;s=b.getElementsByTagName(e)[0];
s.parentNode.insertBefore(t,s)}(window, document,'script',
'https://connect.facebook.net/en_US/fbevents.js');
fbq('init', '1234567890123456');
fbq('track', 'PageView');
</script>
<noscript><img height="1" width="1" style="display:none"
src="https://www.facebook.com/tr?id=1234567890123456&ev=PageView&noscript=1"
/></noscript>
<!-- End Meta Pixel Code -->`,
    cookies: ["_fbp"],
    thirdPartyCookies: ["fr@.facebook.com"],
  },
  {
    preset: "tiktok-pixel",
    category: "marketing",
    place: "head",
    snippet: `<script>
!function (w, d, t) {
  w.TiktokAnalyticsObject=t;var ttq=w[t]=w[t]||[];ttq.methods=["page","track","identify","instances","debug","on","off","once","ready","alias","group","enableCookie","disableCookie"],ttq.setAndDefer=function(t,e){t[e]=function(){t.push([e].concat(Array.prototype.slice.call(arguments,0)))}};for(var i=0;i<ttq.methods.length;i++)ttq.setAndDefer(ttq,ttq.methods[i]);ttq.instance=function(t){for(var e=ttq._i[t]||[],n=0;n<ttq.methods.length;n++)ttq.setAndDefer(e,ttq.methods[n]);return e},ttq.load=function(e,n){var i="https://analytics.tiktok.com/i18n/pixel/events.js";ttq._i=ttq._i||{},ttq._i[e]=[],ttq._i[e]._u=i,ttq._t=ttq._t||{},ttq._t[e]=+new Date,ttq._o=ttq._o||{},ttq._o[e]=n||{};var o=document.createElement("script");o.type="text/javascript",o.async=!0,o.src=i+"?sdkid="+e+"&lib="+t;var a=document.getElementsByTagName("script")[0];a.parentNode.insertBefore(o,a)};
  ttq.load('CSANDBOX0TIKTOK');
  ttq.page();
}(window, document, 'ttq');
</script>`,
    cookies: ["_ttp"],
    thirdPartyCookies: ["_ttp@.tiktok.com"],
  },
  {
    preset: "pinterest-tag",
    category: "marketing",
    place: "head",
    snippet: `<!-- Pinterest Tag -->
<script>
!function(e){if(!window.pintrk){window.pintrk = function () {
window.pintrk.queue.push(Array.prototype.slice.call(arguments))};var
  n=window.pintrk;n.queue=[],n.version="3.0";var
  t=document.createElement("script");t.async=!0,t.src=e;var
  r=document.getElementsByTagName("script")[0];
  r.parentNode.insertBefore(t,r)}}("https://s.pinimg.com/ct/core.js");
pintrk('load', '2612345678901');
pintrk('page');
</script>
<!-- end Pinterest Tag -->`,
    cookies: ["_pin_unauth"],
    thirdPartyCookies: ["_pinterest_ct_ua@.pinterest.com"],
  },
  {
    preset: "snap-pixel",
    category: "marketing",
    place: "head",
    snippet: `<!-- Snap Pixel Code -->
<script type='text/javascript'>
(function(e,t,n){if(e.snaptr)return;var a=e.snaptr=function()
{a.handleRequest?a.handleRequest.apply(a,arguments):a.queue.push(arguments)};
a.queue=[];var s='script';r=t.createElement(s);r.async=!0;
r.src=n;var u=t.getElementsByTagName(s)[0];
u.parentNode.insertBefore(r,u);})(window,document,
'https://sc-static.net/scevent.min.js');
snaptr('init', 'a1b2c3d4-sand-box0-snap-000000000001', {});
snaptr('track', 'PAGE_VIEW');
</script>
<!-- End Snap Pixel Code -->`,
    cookies: ["_scid"],
    thirdPartyCookies: ["sc_at@.snapchat.com"],
  },
  {
    preset: "hotjar",
    category: "analytics",
    place: "head",
    snippet: `<!-- Hotjar Tracking Code -->
<script>
    (function(h,o,t,j,a,r){
        h.hj=h.hj||function(){(h.hj.q=h.hj.q||[]).push(arguments)};
        h._hjSettings={hjid:3901234,hjsv:6};
        a=o.getElementsByTagName('head')[0];
        r=o.createElement('script');r.async=1;
        r.src=t+h._hjSettings.hjid+j+h._hjSettings.hjsv;
        a.appendChild(r);
    })(window,document,'https://static.hotjar.com/c/hotjar-','.js?sv=');
</script>`,
    cookies: ["_hjSessionUser_3901234"],
    thirdPartyCookies: [],
  },
  {
    preset: "clarity",
    category: "analytics",
    place: "head",
    snippet: `<script type="text/javascript">
    (function(c,l,a,r,i,t,y){
        c[a]=c[a]||function(){(c[a].q=c[a].q||[]).push(arguments)};
        t=l.createElement(r);t.async=1;t.src="https://www.clarity.ms/tag/"+i;
        y=l.getElementsByTagName(r)[0];y.parentNode.insertBefore(t,y);
    })(window, document, "clarity", "script", "sbx1clarity");
</script>`,
    cookies: ["_clck"],
    thirdPartyCookies: ["MUID@.clarity.ms"],
  },
  {
    preset: "microsoft-uet",
    category: "marketing",
    place: "head",
    snippet: `<script>(function(w,d,t,r,u){var f,n,i;w[u]=w[u]||[],f=function(){var o={ti:"187000000", enableAutoSpaTracking: true};o.q=w[u],w[u]=new UET(o),w[u].push("pageLoad")},n=d.createElement(t),n.src=r,n.async=1,n.onload=n.onreadystatechange=function(){var s=this.readyState;s&&s!=="loaded"&&s!=="complete"||(f(),n.onload=n.onreadystatechange=null)},i=d.getElementsByTagName(t)[0],i.parentNode.insertBefore(n,i)})(window,document,"script","https://bat.bing.com/bat.js","uetq");</script>`,
    cookies: ["_uetsid", "_uetvid"],
    thirdPartyCookies: ["MUID@.bing.com"],
  },
  {
    preset: "klaviyo",
    category: "marketing",
    place: "head",
    snippet: `<script async type="text/javascript" src="https://static.klaviyo.com/onsite/js/klaviyo.js?company_id=SBX123"></script>`,
    cookies: ["__kla_id"],
    thirdPartyCookies: [],
  },
  {
    preset: "youtube",
    category: "marketing",
    place: "body",
    snippet: `<iframe width="560" height="315" src="https://www.youtube.com/embed/sandbox0001" title="YouTube video player" frameborder="0" allow="accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope; picture-in-picture; web-share" referrerpolicy="strict-origin-when-cross-origin" allowfullscreen></iframe>`,
    cookies: [],
    thirdPartyCookies: ["VISITOR_INFO1_LIVE@.youtube.com"],
  },
  {
    preset: "vimeo",
    category: "analytics",
    place: "body",
    snippet: `<iframe src="https://player.vimeo.com/video/76979871?h=sandbox" width="640" height="360" frameborder="0" allow="autoplay; fullscreen; picture-in-picture" allowfullscreen title="Vimeo video"></iframe>`,
    cookies: [],
    thirdPartyCookies: ["vuid@.vimeo.com"],
  },
];

// The UET snippet's fake bat.js must define UET for the snippet's onload.
SCRIPTS["bat.bing.com"]!["/bat.js"] = `window.UET=function(o){this.push=function(){}};${SCRIPTS["bat.bing.com"]!["/bat.js"]}`;

/** Host -> which preset a request to it belongs to. */
export function presetOfHost(host: string): string | undefined {
  const map: Record<string, string> = {
    "www.google-analytics.com": "ga4",
    "connect.facebook.net": "meta-pixel",
    "www.facebook.com": "meta-pixel",
    "analytics.tiktok.com": "tiktok-pixel",
    "s.pinimg.com": "pinterest-tag",
    "ct.pinterest.com": "pinterest-tag",
    "sc-static.net": "snap-pixel",
    "tr.snapchat.com": "snap-pixel",
    "static.hotjar.com": "hotjar",
    "in.hotjar.com": "hotjar",
    "www.clarity.ms": "clarity",
    "k.clarity.ms": "clarity",
    "bat.bing.com": "microsoft-uet",
    "static.klaviyo.com": "klaviyo",
    "a.klaviyo.com": "klaviyo",
    "www.youtube.com": "youtube",
    "player.vimeo.com": "vimeo",
  };
  return map[host];
}

/** Which preset a request belongs to (GTM and GA4 share a host; the path tells them apart). */
export function presetOfRequest(host: string, path: string): string | undefined {
  if (host === "www.googletagmanager.com") return path.startsWith("/gtm.js") ? "gtm" : "ga4";
  return presetOfHost(host);
}

export interface TrackerRequest {
  host: string;
  path: string;
  at: number;
}

export interface FakeTrackerServer {
  port: number;
  requests: TrackerRequest[];
  /** Chromium flag value mapping every tracker host to this server. */
  hostResolverRules: string;
  close(): Promise<void>;
}

function selfSignedCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), "fake-trackers-"));
  try {
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=fake-trackers", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")], { stdio: "ignore" });
    return { key: readFileSync(join(dir, "key.pem"), "utf8"), cert: readFileSync(join(dir, "cert.pem"), "utf8") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function startFakeTrackers(): Promise<FakeTrackerServer> {
  const requests: TrackerRequest[] = [];
  const server: Server = createServer(selfSignedCertificate(), (req, res) => {
    const host = (req.headers.host ?? "").replace(/:\d+$/, "");
    const url = new URL(req.url ?? "/", "https://x");
    requests.push({ host, path: url.pathname + url.search, at: Date.now() });
    const script = SCRIPTS[host]?.[url.pathname];
    const third = THIRD_PARTY[host];
    const domain = host.split(".").slice(-2).join(".");
    const setCookie = third ? { "Set-Cookie": `${third}=sandbox${requests.length}; Domain=.${domain}; Path=/; Max-Age=31536000; Secure; SameSite=None` } : {};
    if (script) {
      res.writeHead(200, { "Content-Type": "text/javascript", "Cache-Control": "no-store", "Access-Control-Allow-Origin": "*" });
      res.end(script);
    } else if (host === "www.youtube.com" || host === "player.vimeo.com") {
      res.writeHead(200, { "Content-Type": "text/html", "Cache-Control": "no-store", ...setCookie });
      res.end("<!doctype html><title>video</title><p>video player</p>");
    } else {
      res.writeHead(200, { "Content-Type": "image/gif", "Cache-Control": "no-store", ...setCookie });
      res.end(Buffer.from("R0lGODlhAQABAAAAACw=", "base64"));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    requests,
    hostResolverRules: TRACKER_HOSTS.map((h) => `MAP ${h} 127.0.0.1:${port}`).join(", "),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The page set's paths under the storefront, as a scanner walks a Shopify store. */
export const TRACKER_PAGES = {
  home: "/trackers",
  collection: "/trackers/collections/all",
  product: "/trackers/products/sandbox-tee",
  cart: "/trackers/cart",
  privacy: "/trackers/policies/privacy-policy",
} as const;

/** The home page again with every snippet that loads a script or frame from HTML marked the README's way. */
export const MARKED_PAGE = "/trackers/marked";

/**
 * A `<script src>` or `<iframe src>` written into the HTML is seen by Chromium's preload scanner (scripts)
 * or starts navigating on insertion (frames) before any script can look at it. The blocker stops it
 * from running; to keep the browser from even asking the tracker's host, the merchant marks it.
 */
export function markForConsent(snippet: string, category: TrackerCategory): string {
  return snippet
    .replace(/<script async (type="text\/javascript" )?src=/g, `<script type="text/plain" data-consent-category="${category}" async src=`)
    .replace(/<iframe ([^>]*?)src=/g, `<iframe data-consent-category="${category}" $1data-src=`);
}

/** Script URLs written as `<script src>` in the HTML (what a preload scanner may fetch). */
export const PRELOADABLE_SCRIPTS = PLANTED_TRACKERS.flatMap((t) =>
  [...t.snippet.matchAll(/<script\b[^>]*\bsrc="(https:[^"]+)"/g)].map((m) => m[1]!.replace(/^https:\/\//, "")),
);

export function trackerPageHtml(path: string): { headHtml: string; mainHtml: string } | null {
  const titles: Record<string, string> = {
    [TRACKER_PAGES.home]: "Home",
    [TRACKER_PAGES.collection]: "All products",
    [TRACKER_PAGES.product]: "Sandbox tee",
    [TRACKER_PAGES.cart]: "Cart",
    [TRACKER_PAGES.privacy]: "Privacy policy",
  };
  const marked = path === MARKED_PAGE;
  const title = marked ? "Home (tags marked)" : titles[path];
  if (!title) return null;
  const snippet = (t: PlantedTracker) => (marked ? markForConsent(t.snippet, t.category) : t.snippet);
  const nav = `<nav><a href="${TRACKER_PAGES.home}">Home</a> <a href="${TRACKER_PAGES.collection}">All products</a> <a href="${TRACKER_PAGES.cart}">Cart</a> <a href="${TRACKER_PAGES.privacy}">Privacy policy</a></nav>`;
  const products = path === TRACKER_PAGES.collection ? `<ul><li><a href="${TRACKER_PAGES.product}">Sandbox tee</a></li></ul>` : "";
  return {
    headHtml: PLANTED_TRACKERS.filter((t) => t.place === "head").map(snippet).join("\n"),
    mainHtml: `${nav}<h2>${title}</h2><p>A theme with twelve tracker snippets pasted in, as merchants do. The consent banner's blocker holds them until the shopper consents.</p>${products}
${PLANTED_TRACKERS.filter((t) => t.place === "body").map(snippet).join("\n")}`,
  };
}
