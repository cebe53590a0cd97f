/**
 * Admin LCP: Remix's `<Scripts />` ends every document with `<script type="module" async>` that
 * statically imports the matched route modules (React, Polaris, the page). An async module runs as
 * soon as its graph has loaded, which under load is often before the browser's first frame of the
 * server's HTML, and evaluating ~600 KB of modules is a long task that holds back the paint of
 * content already parsed (the LCP element). The rewrite turns the route imports into dynamic
 * imports behind a gate: the end of parsing, then one frame (a 250 ms timer for hidden tabs, which
 * get no frames). The modules are still fetched early (modulepreload), only evaluated after the
 * first paint. Anything that does not look like Remix's script is left exactly as it was.
 */
export const MODULE_SCRIPT_OPEN = '<script type="module" async="">';

/**
 * Remix's `<link rel="modulepreload">` tags (~20 files, ~600 KB) sit in the body, where the preload
 * scanner finds them at once; over HTTP/1.1 they took the stylesheet's connections and bandwidth, and
 * the page cannot paint before the stylesheet. They are written with an `rel` the browser ignores and
 * get their real `rel` back from the module script, which the parser reaches only after the
 * stylesheet has loaded (App Bridge's parser-blocking script at the top of the body waits for it).
 * The elements stay where React expects them: hydration finds the same nodes and, by then, the same
 * attributes.
 */
export const MODULEPRELOAD_OPEN = '<link rel="modulepreload"';
export const INERT_MODULEPRELOAD_OPEN = '<link rel="x-modulepreload"';
export const ACTIVATE_MODULEPRELOADS = 'for (const link of document.querySelectorAll(\'link[rel="x-modulepreload"]\')) link.rel = "modulepreload";';

const ROUTE_IMPORT = /^import \* as (route\d+) from ("[^"\n]+");$/gm;

export const PAINT_GATE =
  'await new Promise((go) => { const painted = () => { requestAnimationFrame(() => setTimeout(go, 0)); setTimeout(go, 250); }; if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", painted, { once: true }); else painted(); });';

/** The body of Remix's route-module script with its route imports evaluated after the first paint. */
export function paintFirst(script: string): string {
  const imports = [...script.matchAll(ROUTE_IMPORT)];
  if (imports.length === 0 || !script.includes("window.__remixRouteModules")) return script;
  const names = imports.map((m) => m[1]).join(", ");
  const loads = imports.map((m) => `import(${m[2]})`).join(", ");
  const rest = script.replace(ROUTE_IMPORT, "");
  return `${ACTIVATE_MODULEPRELOADS}\n${PAINT_GATE}\nconst [${names}] = await Promise.all([${loads}]);\n${rest}`;
}
