// Consent banner, and the release half of the tracker blocker. The build
// (scripts/build-extension.mjs) minifies it into extensions/privacy-consent/assets/consent.js.
// Why-notes live in ../../extensions/privacy-consent/README.md: this file is on every first view.
(() => {
  // The blocker inlined in <head> (consent-blocker.js) holds trackers; on Shopify's
  // visitorConsentCollected event the held ones of an allowed category start, without a reload.
  // Withdrawing a category whose trackers already ran reloads the page, where they are held again.
  const KEYS = ['analytics', 'marketing', 'preferences', 'sale_of_data'];
  const B = window.privacyBlocker;
  if (B) {
    document.addEventListener('visitorConsentCollected', (e) => {
      const x = e.detail || {};
      const now = B.allowed;
      const was = { ...now };
      Object.assign(now, {
        analytics: !!x.analyticsAllowed,
        marketing: !!x.marketingAllowed && !(B.sod && x.saleOfDataAllowed === false),
        preferences: !!x.preferencesAllowed,
        sale_of_data: !!x.saleOfDataAllowed,
      });
      if (Object.keys(B.ran).some((k) => was[k] && !now[k])) return setTimeout(() => location.reload(), 300);
      const keep = B.held.filter((el) => !now[el.__c] || B.run(el));
      B.held.splice(0, B.held.length, ...keep);
    });
  }

  const tpl = document.getElementById('pc-tpl');
  if (!tpl) return;
  const cfg = tpl.dataset;
  const gpc = navigator.globalPrivacyControl === true;
  const $ = (sel, root) => (root || document).querySelector(sel);
  const shown = (el) => el?.getClientRects().length > 0;
  const attempt = (f) => new Promise((ok) => ok(f())).catch(() => null);
  let cp, banner, prefs, fab, sod, optIn, opener, vid;

  function boot() {
    const S = window.Shopify;
    if (S && S.loadFeatures) S.loadFeatures([{ name: 'consent-tracking-api', version: '0.1' }], start);
    else addEventListener('load', boot);
  }

  function start(err) {
    cp = window.Shopify.customerPrivacy;
    if (err || !cp) return;
    document.body.appendChild(tpl.content.cloneNode(true));
    banner = $('#pc-b');
    prefs = $('#pc-p');
    fab = $('#pc-f');
    sod = cp.saleOfDataRegion();
    optIn = cp.shouldShowBanner();
    $('[data-sod]', prefs).hidden = !sod;
    document.querySelectorAll('.pc-g').forEach((el) => { el.hidden = !gpc; });
    document.addEventListener('click', onClick);
    prefs.addEventListener('keydown', trap);
    prefs.addEventListener('close', () => restore(opener));
    const now = cp.currentVisitorConsent() || {};
    const known = KEYS.some((k) => now[k]);
    if (known) consentMode(toBools(now));
    if (optIn) {
      banner.hidden = false;
      banner.focus();
    } else if (known || sod) showFab();
  }

  function toBools(v) {
    const c = {};
    KEYS.forEach((k) => { c[k] = v[k] === 'yes'; });
    return c;
  }

  function box(k) {
    return $('input[name="' + k + '"]', prefs);
  }

  function showFab() {
    if (fab) fab.hidden = false;
  }

  function onClick(e) {
    const el = e.target.closest?.('[data-pc],[data-privacy-preferences]');
    if (!el) return;
    const a = el.dataset.pc;
    if (!a || a === 'prefs') {
      e.preventDefault();
      openPrefs(el);
    } else if (a === 'close') prefs.close();
    else if (a === 'accept') {
      decide('accept_all', { analytics: true, marketing: !gpc, preferences: true, sale_of_data: !gpc });
    } else if (a === 'reject') decide('reject_all', toBools({}));
    else {
      const c = {};
      KEYS.forEach((k) => { c[k] = box(k).checked; });
      c.sale_of_data = sod && c.sale_of_data;
      decide('custom', c);
    }
  }

  function openPrefs(el) {
    opener = el;
    const now = cp.currentVisitorConsent() || {};
    KEYS.forEach((k) => {
      box(k).checked = now[k] ? now[k] === 'yes' : !optIn && !(gpc && (k === 'marketing' || k === 'sale_of_data'));
    });
    if (!prefs.open) prefs.showModal();
    box(KEYS[0]).focus();
  }

  function trap(e) {
    if (e.key !== 'Tab') return;
    const f = [].filter.call(prefs.querySelectorAll('input:not(:disabled),button'), shown);
    const first = f[0];
    const last = f.at(-1);
    const at = document.activeElement;
    if (e.shiftKey ? at === first || at === prefs : at === last) {
      e.preventDefault();
      (e.shiftKey ? last : first).focus();
    }
  }

  function restore(el) {
    (shown(el) ? el : shown(fab) ? fab : null)?.focus();
  }

  function decide(action, c) {
    banner.hidden = true;
    showFab();
    if (prefs.open) prefs.close();
    else restore(null);
    cp.setTrackingConsent(c, () => send(action, c));
    consentMode(c);
  }

  function consentMode(c) {
    if (!('gcm' in cfg) || !window.gtag) return;
    const g = (v) => (v ? 'granted' : 'denied');
    const ads = c.marketing && (!sod || c.sale_of_data);
    window.gtag('consent', 'update', {
      ad_storage: g(c.marketing),
      ad_user_data: g(ads),
      ad_personalization: g(ads),
      analytics_storage: g(c.analytics),
    });
    window.uetq?.push('consent', 'update', { ad_storage: g(c.marketing) });
  }

  function send(action, categories) {
    const url = cfg.proxy + '/consent';
    attempt(() => vid || localStorage.getItem('privacy_vid')).then((id) => {
      vid = id || [].map.call(crypto.getRandomValues(new Uint8Array(16)), (b) => (b + 256).toString(16).slice(1)).join('');
      attempt(() => localStorage.setItem('privacy_vid', vid));
      const body = JSON.stringify({
        visitorId: vid,
        noticeVersion: cfg.v || '1',
        categories,
        region: cp.getRegion?.() || '',
        gpc,
        action,
        locale: document.documentElement.lang || '',
      });
      attempt(() => navigator.sendBeacon(url, new Blob([body], { type: 'application/json' }))).then((queued) => {
        if (!queued) fetch(url, { method: 'POST', body, keepalive: true, headers: { 'Content-Type': 'application/json' } }).catch(() => {});
      });
    });
  }

  boot();
})();
