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
  return `${PAINT_GATE}\nconst [${names}] = await Promise.all([${loads}]);\n${rest}`;
}
