// The part of App Bridge this app uses, for the sandbox admin shell (served at /__sandbox/app-bridge.js
// in place of https://cdn.shopify.com/shopifycloud/app-bridge.js). Plain browser JavaScript.
//
// - window.shopify: config, idToken(), toast.show/hide, loading(), environment.
// - <ui-nav-menu>: its links are hidden (as inside the real admin) and shown by the shell as a
//   navigation bar; choosing one dispatches `shopify:navigate` on the app's own link, which the
//   app's AppProvider turns into a client-side navigation.
// - A "Sandbox — not a real Shopify admin" banner on every page, with the acting staff user id.
//
// The shell's chrome lives in a shadow root on <body>: the page's own nodes stay exactly where the
// server rendered them, so React hydrates the document without a mismatch.
(() => {
  "use strict";
  if (window.shopify && window.shopify.__sandbox) return;
  const config = window.__SANDBOX_ADMIN__ || {};
  const script = document.currentScript;
  const apiKey = (script && script.getAttribute("data-api-key")) || config.apiKey || "";

  const CSS = `
    :host { display: block; }
    .chrome { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; }
    .banner { box-sizing: border-box; height: 36px; display: flex; align-items: center; gap: 12px; padding: 0 16px;
      background: #5c1a00; color: #fff; white-space: nowrap; overflow: hidden; }
    .banner strong { font-weight: 700; }
    .banner form { margin-left: auto; display: flex; gap: 6px; align-items: center; }
    .banner input { width: 9ch; font: inherit; padding: 1px 4px; }
    .banner button { font: inherit; padding: 1px 8px; cursor: pointer; }
    nav { box-sizing: border-box; height: 44px; display: flex; align-items: center; gap: 4px; padding: 0 12px;
      background: #1a1a1a; overflow-x: auto; }
    nav a { color: #e3e3e3; text-decoration: none; padding: 6px 10px; border-radius: 8px; white-space: nowrap; }
    nav a:hover, nav a:focus-visible { background: #333; color: #fff; }
    nav a[aria-current="page"] { background: #fff; color: #1a1a1a; }
    .loading { position: fixed; top: 0; left: 0; right: 0; height: 3px; background: #36c; z-index: 2147483001; }
    .loading[hidden] { display: none; }
    .toasts { position: fixed; bottom: 24px; left: 50%; transform: translateX(-50%); display: flex; flex-direction: column;
      gap: 8px; z-index: 2147483001; }
    .toast { background: #1a1a1a; color: #fff; padding: 10px 16px; border-radius: 8px; box-shadow: 0 4px 12px rgba(0,0,0,.3); }
    .toast.error { background: #8e1f0b; }
  `;

  let root = null;
  let navElement = null;
  let loadingElement = null;
  let toastsElement = null;
  const menus = new Set();
  let toastCounter = 0;
  const toastTimers = new Map();

  function element(tag, attributes, text) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function mount() {
    if (root || !document.body) return;
    root = document.body.shadowRoot || document.body.attachShadow({ mode: "open" });
    const style = element("style", {}, CSS);
    const chrome = element("div", { class: "chrome", "data-sandbox-chrome": "" });
    const banner = element("div", { class: "banner", role: "region", "aria-label": "Sandbox notice", "data-sandbox-banner": "" });
    banner.append(element("strong", {}, "Sandbox — not a real Shopify admin"));
    banner.append(element("span", {}, `${config.shop || "unknown shop"} · acting as staff user ${config.userId || "?"}`));
    const form = element("form", { method: "get", action: location.pathname });
    const label = element("label", {}, "User id ");
    const input = element("input", { name: config.userParam || "__sandbox_user", inputmode: "numeric", pattern: "\\d{1,20}", required: "", value: config.userId || "" });
    label.append(input);
    form.append(label, element("button", { type: "submit" }, "Switch user"));
    banner.append(form);
    navElement = element("nav", { "aria-label": "App navigation", "data-sandbox-nav": "" });
    chrome.append(banner, navElement);
    loadingElement = element("div", { class: "loading", role: "progressbar", "aria-label": "Loading", hidden: "" });
    toastsElement = element("div", { class: "toasts", role: "status", "aria-live": "polite", "data-sandbox-toasts": "" });
    root.append(style, chrome, loadingElement, toastsElement, document.createElement("slot"));
    renderNav();
  }

  function links() {
    const found = [];
    for (const menu of menus) for (const a of menu.querySelectorAll("a[href]")) found.push(a);
    return found;
  }

  function isCurrent(href, home) {
    const path = new URL(href, location.href).pathname.replace(/\/$/, "") || "/";
    const here = location.pathname.replace(/\/$/, "") || "/";
    return home ? here === path : here === path || here.startsWith(`${path}/`);
  }

  function renderNav() {
    if (!navElement) return;
    navElement.replaceChildren();
    for (const source of links()) {
      const href = source.getAttribute("href");
      const item = element("a", { href }, (source.textContent || href).trim());
      if (isCurrent(href, source.getAttribute("rel") === "home")) item.setAttribute("aria-current", "page");
      item.addEventListener("click", (event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        // What the real admin does: the app's AppProvider listens for this and navigates.
        source.dispatchEvent(new CustomEvent("shopify:navigate", { bubbles: true, composed: true }));
        // Before the app has hydrated nobody listens yet: fall back to a page load.
        if (!window.__remixRouter) location.assign(href);
      });
      navElement.append(item);
    }
  }

  const observer = new MutationObserver(renderNav);

  class UiNavMenu extends HTMLElement {
    constructor() {
      super();
      // No slot: the links are data for the admin chrome, not content of the app's page.
      this.attachShadow({ mode: "open" });
    }
    connectedCallback() {
      menus.add(this);
      observer.observe(this, { childList: true, subtree: true, attributes: true, characterData: true });
      renderNav();
    }
    disconnectedCallback() {
      menus.delete(this);
      renderNav();
    }
  }
  if (!customElements.get("ui-nav-menu")) customElements.define("ui-nav-menu", UiNavMenu);

  for (const method of ["pushState", "replaceState"]) {
    const original = history[method];
    history[method] = function (...args) {
      const result = original.apply(this, args);
      renderNav();
      return result;
    };
  }
  window.addEventListener("popstate", renderNav);

  function hideToast(id) {
    const node = toastsElement && toastsElement.querySelector(`[data-toast-id="${id}"]`);
    if (node) node.remove();
    clearTimeout(toastTimers.get(id));
    toastTimers.delete(id);
  }

  window.shopify = {
    __sandbox: true,
    config: { apiKey, shop: config.shop, locale: navigator.language || "en" },
    origin: location.origin,
    environment: { embedded: true, mobile: false, pos: false },
    async idToken() {
      const response = await fetch(config.tokenPath || "/__sandbox/session-token", { credentials: "same-origin", cache: "no-store" });
      if (!response.ok) throw new Error(`sandbox session token: HTTP ${response.status}`);
      const body = await response.json();
      return body.token;
    },
    toast: {
      show(message, options) {
        mount();
        toastCounter += 1;
        const id = `sandbox-toast-${toastCounter}`;
        const node = element("div", { class: options && options.isError ? "toast error" : "toast", "data-toast-id": id }, String(message));
        if (toastsElement) toastsElement.append(node);
        const duration = options && typeof options.duration === "number" ? options.duration : 5000;
        toastTimers.set(id, setTimeout(() => hideToast(id), duration));
        return id;
      },
      hide: hideToast,
    },
    loading(isLoading) {
      mount();
      if (loadingElement) loadingElement.hidden = isLoading === false;
    },
  };

  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount, { once: true });
})();
