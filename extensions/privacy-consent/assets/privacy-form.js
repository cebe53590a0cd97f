// Progressive enhancement for the privacy request block: the forms work without this file
// (plain POST/GET to the app proxy); with it they submit with fetch, show errors inline and
// continue to the email-code step in place. Hand-written ES2018.
(() => {
  const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

  document.querySelectorAll('[data-privacy-form]:not([data-ready])').forEach((root) => {
    root.setAttribute('data-ready', '');
    const d = root.dataset;
    const $ = (sel) => root.querySelector(sel);
    const req = $('.pf-req');
    const code = $('.pf-code');
    const look = $('.pf-look');
    const done = $('.pf-done');

    const setRefs = (ref) => root.querySelectorAll('.pf-ref').forEach((el) => { el.textContent = ref; });
    const message = (form, text) => { form.querySelector('.pf-msg').textContent = text || ''; };

    function fieldError(el, text) {
      const p = document.getElementById(el.id + '-err');
      p.textContent = text || '';
      p.hidden = !text;
      if (text) el.setAttribute('aria-invalid', 'true');
      else el.removeAttribute('aria-invalid');
    }

    function validate(form) {
      let bad = null;
      form.querySelectorAll('[data-err]').forEach((el) => {
        const v = el.value.trim();
        const ok = !el.getClientRects().length
          || (el.checkValidity() && (!el.hasAttribute('data-need') || v) && (el.type !== 'email' || EMAIL.test(v)));
        fieldError(el, ok ? '' : el.dataset.err);
        if (!ok && !bad) bad = el;
      });
      if (bad) bad.focus();
      return !bad;
    }

    async function call(form, url, init) {
      const button = form.querySelector('[type=submit]');
      const label = button.textContent;
      button.disabled = true;
      button.textContent = d.sending;
      message(form, '');
      const res = await fetch(url, Object.assign({ headers: { Accept: 'application/json' }, credentials: 'same-origin' }, init))
        .catch(() => null);
      const body = res ? await res.json().catch(() => ({})) : {};
      button.disabled = false;
      button.textContent = label;
      return { status: res ? res.status : 0, body: body || {} };
    }

    // Shopify's Customer Privacy API says where the shopper is ("DE", "USCA"); "" when it cannot.
    const region = () => new Promise((done) => {
      const S = window.Shopify;
      const read = () => {
        try { done((S.customerPrivacy && S.customerPrivacy.getRegion && S.customerPrivacy.getRegion()) || ''); } catch { done(''); }
      };
      if (!S) return done('');
      if (S.customerPrivacy) return read();
      if (!S.loadFeatures) return done('');
      S.loadFeatures([{ name: 'consent-tracking-api', version: '0.1' }], read);
      setTimeout(() => done(''), 2000);
    });

    const post = (form, url) => call(form, url, { method: 'POST', body: new URLSearchParams(new FormData(form)) });

    function fail(form, r, fallback) {
      const fields = r.body.fields || {};
      let handled = false;
      Object.keys(fields).forEach((name) => {
        const el = form.querySelector('[name="' + name + '"][data-err]');
        if (el) {
          fieldError(el, el.dataset.err);
          if (!handled) el.focus();
          handled = true;
        }
      });
      if (!handled) message(form, r.status === 429 ? d.eRate : fallback || d.eGeneric);
    }

    function show(el, focusEl) {
      [req, code, done].forEach((x) => { x.hidden = x !== el; });
      focusEl.focus();
    }

    const base = (ref) => d.proxy + '/requests/' + encodeURIComponent(ref);

    function submitted(body) {
      setRefs(body.reference);
      if (body.status === 'awaiting_verification') {
        code.action = base(body.reference) + '/verify';
        code.dataset.ref = body.reference;
        show(code, code.querySelector('[name=code]'));
      } else show(done, done);
    }

    [req, code, look].forEach((form) => { form.noValidate = true; });

    req.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (!validate(req)) return;
      const where = req.querySelector('[name=region]');
      if (where) where.value = await region();
      const r = await post(req, req.action);
      if (r.status >= 200 && r.status < 300 && r.body.reference) submitted(r.body);
      else fail(req, r);
    });

    code.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (!validate(code)) return;
      const r = await post(code, code.action);
      if (r.status >= 200 && r.status < 300) show(done, done);
      else if (r.status === 422 || r.status === 410) fieldError(code.querySelector('[name=code]'), d.eCode);
      else fail(code, r);
    });

    // A new code (the old one stops working); the server limits how many.
    code.querySelector('.pf-resend').addEventListener('click', async () => {
      const r = await call(code, base(code.dataset.ref) + '/resend', { method: 'POST' });
      if (r.status === 200) message(code, d.resent);
      else fail(code, r);
    });

    look.addEventListener('submit', async (e) => {
      e.preventDefault();
      const out = look.querySelector('.pf-out');
      out.textContent = '';
      if (!validate(look)) return;
      const ref = look.querySelector('[name=reference]').value.trim();
      const r = await call(look, d.proxy + '/requests/' + encodeURIComponent(ref));
      const st = look.querySelector('.pf-st').content;
      const label = (s) => {
        const el = [].find.call(st.querySelectorAll('[data-s]'), (x) => x.dataset.s === s);
        return el ? el.textContent : s;
      };
      if (r.status === 200 && r.body.status === 'awaiting_verification') submitted(r.body);
      else if (r.status === 200 && r.body.status) out.textContent = label('') + ' ' + label(r.body.status);
      else fail(look, r, r.status === 404 ? d.eMissing : '');
    });
  });
})();
