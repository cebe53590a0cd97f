// Tracker blocker: the part that must run before any other script in the page. The build
// (scripts/build-extension.mjs) minifies it into snippets/consent-blocker.liquid, which the
// consent-banner embed inlines first in <head>. Releasing held elements happens later, in the
// deferred consent.js (see its "release" part). Why-notes: ../../extensions/privacy-consent/README.md
// ("Blocking before consent"); keep HOSTS in step with app/modules/trackers/presets.ts.
((w, d) => {
  var LETTERS = { a: 'analytics', m: 'marketing', p: 'preferences', s: 'sale_of_data' };
  // category -> host suffixes
  var HOSTS = {
    analytics: 'googletagmanager.com google-analytics.com analytics.google.com clarity.ms hotjar.com hotjar.io vimeo.com vimeocdn.com',
    marketing: 'connect.facebook.net facebook.com analytics.tiktok.com pinimg.com pinterest.com sc-static.net snapchat.com bat.bing.com klaviyo.com doubleclick.net youtube.com youtube-nocookie.com googleadservices.com',
  };
  var gpc = navigator.globalPrivacyControl === true;
  var ok = {};
  var held = [];
  var ran = {};
  var E = Element.prototype;
  var setAttr = E.setAttribute;
  var getAttr = E.getAttribute;
  var CATEGORY = 'data-consent-category';
  var sod = false;

  // The visitor's stored choice, read synchronously from Shopify's _tracking_consent cookie.
  (() => {
    var m = d.cookie.match(/(?:^|;\s*)_tracking_consent=([^;]*)/);
    var choice = {};
    var purposes = '';
    var v, k, x, s;
    try {
      v = decodeURIComponent(m[1]); // no cookie throws: everything is held
      if (v[0] == '{') {
        v = JSON.parse(v);
        choice = v.con.CMP;
        for (k in v.purposes) if (v.purposes[k]) purposes += k;
        sod = !!v.sale_of_data_region;
      } else if (v[0] == '3') {
        v = v.slice(1).split('_');
        s = v[0].split('.');
        for (k in LETTERS) choice[k] = s[0].includes(k.toUpperCase()) ? '1' : s[0].includes(k) ? '0' : '';
        purposes = (s[1] || '').toLowerCase().replace('s', 't');
        sod = v[3] == 't';
      }
    } catch {
      // unreadable: everything is held
    }
    for (k in LETTERS) {
      x = choice[k];
      ok[LETTERS[k]] = x == '1' || (x !== '0' && !(gpc && (k == 'm' || k == 's')) && purposes.includes(k == 's' ? 't' : k));
    }
    ok.marketing = ok.marketing && !(sod && choice.s == '0');
  })();

  function category(el, url) {
    var c = getAttr.call(el, CATEGORY);
    var h;
    if (c) return c;
    if (!url) return;
    try {
      h = new URL(url, el.baseURI).hostname;
    } catch {
      return;
    }
    for (const k in HOSTS) if (HOSTS[k].split(' ').some((x) => h == x || h.endsWith('.' + x))) return k;
  }

  // A script or frame given a tracker URL by code: keep the URL aside unless its category is allowed.
  function hold(el, url) {
    var c = category(el, url);
    if (!c) return;
    if (ok[c]) {
      ran[c] = 1;
      return;
    }
    return keep(el, c, url);
  }

  // Held elements carry their category (__c) for the release in consent.js, their URL (__u) and type (__t).
  function mark(el, c, url) {
    el.__c = c;
    el.__u = url || el.__u;
    return el;
  }
  function keep(el, c, url) {
    return held.push(mark(el, c, url));
  }

  // Starts a held element: a script is re-created (a script element runs once), a frame gets its URL.
  function run(el) {
    var url = el.__u || getAttr.call(el, 'data-src');
    var n;
    ran[el.__c] = 1;
    el.__pc = 1;
    if (el.tagName == 'IFRAME' || !el.isConnected) {
      if (url) el.src = url;
      return;
    }
    n = d.createElement('script');
    n.__pc = 1;
    for (const a of el.attributes) if (a.name != 'type') setAttr.call(n, a.name, a.value);
    if (el.__t) n.type = el.__t;
    if (url) n.src = url;
    else n.text = el.text;
    el.replaceWith(n);
  }

  // An element the parser (or a snippet) put into the page.
  function scan(el) {
    var tag = el.tagName;
    var c, url, copy, inert;
    if (el.__pc || (tag != 'SCRIPT' && tag != 'IFRAME')) return;
    url = getAttr.call(el, 'src');
    c = category(el, url);
    if (!c) return;
    inert = el.type == 'text/plain' || (tag == 'IFRAME' && !url);
    if (ok[c]) {
      ran[c] = 1;
      if (inert) run(mark(el, c, url));
      return;
    }
    if (tag == 'IFRAME') {
      if (url) {
        copy = el.cloneNode(true);
        copy.removeAttribute('src');
        el.replaceWith(copy);
        el = copy;
      }
      return keep(el, c, url);
    }
    if (!inert) {
      el.__t = el.type;
      el.type = 'javascript/blocked';
    }
    keep(el, c, url);
  }

  for (const C of [HTMLScriptElement, HTMLIFrameElement]) {
    const p = Object.getOwnPropertyDescriptor(C.prototype, 'src');
    Object.defineProperty(C.prototype, 'src', {
      ...p,
      set(v) {
        if (this.__pc || !hold(this, v)) p.set.call(this, v);
      },
    });
  }
  E.setAttribute = function (n, v) {
    var t = this.tagName;
    if (/^src$/i.test(n) && (t == 'SCRIPT' || t == 'IFRAME') && !this.__pc && hold(this, v)) return;
    return setAttr.apply(this, arguments);
  };
  new MutationObserver((ms) => {
    for (const m of ms)
      for (const n of m.addedNodes)
        if (n.nodeType == 1) {
          scan(n);
          n.querySelectorAll('script,iframe').forEach(scan);
        }
  }).observe(d.documentElement, { childList: true, subtree: true });
  // consent.js releases held elements on Shopify's visitorConsentCollected event (it updates
  // `allowed` in place, so hold() and scan() see the new choice).
  w.privacyBlocker = { allowed: ok, held: held, ran: ran, run: run, sod: sod };
})(window, document);
