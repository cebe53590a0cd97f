// The app's own tracker list, written from the vendors' public documentation: the presets the
// storefront blocker holds until consent (hosts; keep in step with
// extensions/privacy-consent/snippets/consent-blocker.liquid) and the cookies and storage keys
// they and Shopify set. The Open Cookie Database, when an operator has fetched it
// (scripts/refresh-cookie-database.mjs), adds to this list; see docs/decisions/0013-consent-trackers.md.
export const TRACKER_CATEGORIES = ["necessary", "analytics", "marketing", "preferences", "sale_of_data"] as const;
export type TrackerCategory = (typeof TRACKER_CATEGORIES)[number];

export interface TrackerEntry {
  /** Stable id; presets use it in the admin ("which presets are on"). */
  id: string;
  provider: string;
  category: TrackerCategory;
  /** Host suffixes: "facebook.com" matches www.facebook.com and connect.facebook.net does not. */
  hosts: string[];
  /** Cookie and storage key names; "*" is a wildcard ("_hjSession_*"). */
  cookies: string[];
  purpose: string;
  retention: string;
  /** Held by the storefront blocker until the shopper consents to `category`. */
  preset: boolean;
}

export const TRACKERS: TrackerEntry[] = [
  { id: "gtm", provider: "Google Tag Manager", category: "analytics", hosts: ["googletagmanager.com"], cookies: [], purpose: "Loads the tags configured in a Google Tag Manager container.", retention: "none (loader)", preset: true },
  { id: "ga4", provider: "Google Analytics 4", category: "analytics", hosts: ["google-analytics.com", "analytics.google.com"], cookies: ["_ga", "_ga_*", "_gid", "_gat", "_gat_*"], purpose: "Distinguishes visitors and sessions to measure how the store is used.", retention: "up to 2 years", preset: true },
  { id: "google-ads", provider: "Google Ads", category: "marketing", hosts: ["doubleclick.net", "googleadservices.com"], cookies: ["_gcl_au", "_gcl_aw", "IDE", "test_cookie", "DSID"], purpose: "Measures ad conversions and personalises Google ads.", retention: "up to 13 months", preset: true },
  { id: "meta-pixel", provider: "Meta Pixel", category: "marketing", hosts: ["connect.facebook.net", "facebook.com"], cookies: ["_fbp", "_fbc", "fr"], purpose: "Measures Facebook and Instagram ads and builds audiences.", retention: "up to 3 months", preset: true },
  { id: "tiktok-pixel", provider: "TikTok Pixel", category: "marketing", hosts: ["analytics.tiktok.com"], cookies: ["_ttp", "_tt_enable_cookie", "ttcsid", "ttcsid_*"], purpose: "Measures TikTok ads and builds audiences.", retention: "up to 13 months", preset: true },
  { id: "pinterest-tag", provider: "Pinterest Tag", category: "marketing", hosts: ["pinimg.com", "pinterest.com"], cookies: ["_pin_unauth", "_pinterest_ct_ua", "_epik", "_derived_epik"], purpose: "Measures Pinterest ads and builds audiences.", retention: "up to 1 year", preset: true },
  { id: "snap-pixel", provider: "Snap Pixel", category: "marketing", hosts: ["sc-static.net", "snapchat.com"], cookies: ["_scid", "_scid_r", "_sctr", "sc_at"], purpose: "Measures Snapchat ads and builds audiences.", retention: "up to 13 months", preset: true },
  { id: "hotjar", provider: "Hotjar", category: "analytics", hosts: ["hotjar.com", "hotjar.io"], cookies: ["_hjSessionUser_*", "_hjSession_*", "_hjid", "_hjTLDTest", "_hjIncludedInSessionSample_*"], purpose: "Records sessions and heatmaps of how visitors use the store.", retention: "up to 1 year", preset: true },
  { id: "clarity", provider: "Microsoft Clarity", category: "analytics", hosts: ["clarity.ms"], cookies: ["_clck", "_clsk", "CLID", "MUID"], purpose: "Records sessions and heatmaps of how visitors use the store.", retention: "up to 1 year", preset: true },
  { id: "microsoft-uet", provider: "Microsoft Advertising (UET)", category: "marketing", hosts: ["bat.bing.com"], cookies: ["_uetsid", "_uetvid", "_uetmsclkid"], purpose: "Measures Microsoft Advertising conversions and builds audiences.", retention: "up to 13 months", preset: true },
  { id: "klaviyo", provider: "Klaviyo", category: "marketing", hosts: ["klaviyo.com"], cookies: ["__kla_id", "__kla_viewed"], purpose: "Identifies visitors for email and SMS marketing.", retention: "up to 2 years", preset: true },
  { id: "youtube", provider: "YouTube", category: "marketing", hosts: ["youtube.com", "youtube-nocookie.com"], cookies: ["YSC", "VISITOR_INFO1_LIVE", "VISITOR_PRIVACY_METADATA", "__Secure-YEC", "yt-remote-*", "ytidb::*"], purpose: "Plays embedded videos and tracks viewers for Google advertising.", retention: "up to 6 months", preset: true },
  { id: "vimeo", provider: "Vimeo", category: "analytics", hosts: ["vimeo.com", "vimeocdn.com"], cookies: ["vuid", "player"], purpose: "Plays embedded videos and measures viewing.", retention: "up to 2 years", preset: true },
  // Shopify's own cookies (help.shopify.com "Cookies and tracking"), not blocked: Shopify gates them itself.
  { id: "shopify-necessary", provider: "Shopify", category: "necessary", hosts: [], cookies: ["_tracking_consent", "_cmp_a", "cart", "cart_sig", "cart_ts", "cart_currency", "cart_ver", "localization", "secure_customer_sig", "_secure_session_id", "_shopify_essential", "keep_alive", "storefront_digest", "shopify_pay_redirect", "_ab", "_cs", "customer_account_locale", "_pay_session"], purpose: "Keeps the cart, checkout, login, currency and the consent choice working.", retention: "session to 1 year", preset: false },
  { id: "shopify-analytics", provider: "Shopify", category: "analytics", hosts: ["monorail-edge.shopifysvc.com"], cookies: ["_shopify_y", "_shopify_s", "_shopify_sa_p", "_shopify_sa_t", "_y", "_s", "_orig_referrer", "_landing_page", "_shopify_tm", "_shopify_tw", "_shopify_d", "_shopify_fs"], purpose: "Shopify's store analytics.", retention: "session to 1 year", preset: false },
  { id: "shopify-marketing", provider: "Shopify", category: "marketing", hosts: [], cookies: ["_shopify_m", "shopify_sa_*"], purpose: "Shopify's marketing attribution.", retention: "up to 1 year", preset: false },
  { id: "privacy-desk", provider: "Privacy Desk (this app)", category: "necessary", hosts: [], cookies: ["privacy_vid"], purpose: "A random id tying the visitor's consent choices together as proof of consent (local storage).", retention: "until cleared", preset: false },
];

export const PRESETS = TRACKERS.filter((t) => t.preset);
