// Cookie declaration block: fetches the declaration from the app proxy and renders one table per
// category, with the block's translated labels (data-l-*). Hand-written ES2018, no build.
(() => {
  const ORDER = ['necessary', 'analytics', 'marketing', 'preferences', 'sale_of_data', 'unclassified'];
  document.querySelectorAll('[data-cookie-declaration]').forEach((root) => {
    const l = root.dataset;
    const body = root.querySelector('[data-declaration-body]');
    const el = (tag, text) => {
      const e = document.createElement(tag);
      if (text !== undefined) e.textContent = text;
      return e;
    };
    fetch(l.proxy + '/declaration', { headers: { Accept: 'application/json' } })
      .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
      .then((d) => {
        body.textContent = '';
        if (!d.entries.length) return body.appendChild(el('p', l.lEmpty));
        ORDER.forEach((cat) => {
          const rows = d.entries.filter((e) => (ORDER.indexOf(e.category) < 0 ? 'unclassified' : e.category) === cat);
          if (!rows.length) return;
          body.appendChild(el('h3', root.getAttribute('data-l-' + cat) || cat));
          const table = el('table');
          table.dataset.category = cat;
          const head = table.appendChild(el('thead')).appendChild(el('tr'));
          [l.lName, l.lProvider, l.lPurpose, l.lRetention].forEach((h) => head.appendChild(el('th', h)).setAttribute('scope', 'col'));
          const tb = table.appendChild(el('tbody'));
          rows.forEach((e) => {
            const tr = tb.appendChild(el('tr'));
            [e.name, e.provider, e.purpose, e.retention].forEach((v) => tr.appendChild(el('td', v)));
          });
          body.appendChild(table);
        });
        if (d.scannedAt) body.appendChild(el('p', l.lScanned + ' ' + new Date(d.scannedAt).toLocaleDateString(document.documentElement.lang || undefined)));
      })
      .catch(() => {
        body.textContent = '';
        body.appendChild(el('p', l.lEmpty));
      });
  });
})();
