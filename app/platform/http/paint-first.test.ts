import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { describe, expect, it } from "vitest";
import { ACTIVATE_MODULEPRELOADS, INERT_MODULEPRELOAD_OPEN, MODULE_SCRIPT_OPEN, MODULEPRELOAD_OPEN, PAINT_GATE, paintFirst } from "./paint-first";
import { PaintFirstStream } from "./paint-first-stream.server";

// The shape Remix 2 renders (fog of war on: no manifest import, the manifest inline).
const REMIX_SCRIPT = `;
import * as route0 from "/build/root-MDRXZM62.js";
import * as route1 from "/build/routes/app-J7EKVW6C.js";
window.__remixManifest = {"routes":{}};
window.__remixRouteModules = {"root":route0,"routes/app":route1};

import("/build/entry.client-EL7DKMR3.js");`;

describe("paintFirst", () => {
  it("loads the route modules behind the paint gate, keeping everything else in order", () => {
    const out = paintFirst(REMIX_SCRIPT);
    // The preloads are switched on first (the parser is past the stylesheet), then the gate waits.
    expect(out.startsWith(`${ACTIVATE_MODULEPRELOADS}\n${PAINT_GATE}`)).toBe(true);
    expect(out).not.toMatch(/^import \* as/m);
    expect(out).toContain('const [route0, route1] = await Promise.all([import("/build/root-MDRXZM62.js"), import("/build/routes/app-J7EKVW6C.js")]);');
    const order = ["const [route0", "window.__remixManifest", "window.__remixRouteModules", 'import("/build/entry.client'].map((s) => out.indexOf(s));
    expect(order.every((at, i) => at >= 0 && (i === 0 || at > order[i - 1]!))).toBe(true);
  });

  it("leaves a script it does not recognise exactly as it was", () => {
    expect(paintFirst('import "/x.js";')).toBe('import "/x.js";');
    expect(paintFirst('import * as route0 from "/r.js";\nconsole.log(route0);')).toBe('import * as route0 from "/r.js";\nconsole.log(route0);');
  });
});

describe("PaintFirstStream", () => {
  const PRELOADS = '<link rel="modulepreload" href="/build/entry.client-EL7DKMR3.js"/><link rel="modulepreload" href="/build/root-MDRXZM62.js"/>';
  const document = `<!DOCTYPE html><html><head><link rel="stylesheet" href="/build/styles.css"/></head><body><p>é ü 日本</p>${PRELOADS}<script>window.__remixContext = {};</script>${MODULE_SCRIPT_OPEN}${REMIX_SCRIPT}</script><script type="module" async="">import * as route9 from "/later.js";
window.__remixRouteModules = {};</script></body></html>`;

  it.each([1, 2, 7, 64, 100_000])("rewrites the first module script whatever the chunk size (%i bytes)", async (size) => {
    const bytes = Buffer.from(document);
    const chunks: Buffer[] = [];
    for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
    const out = await text(Readable.from(chunks).pipe(new PaintFirstStream()));
    expect(out).toBe(document.replace(REMIX_SCRIPT, paintFirst(REMIX_SCRIPT)).replaceAll(MODULEPRELOAD_OPEN, INERT_MODULEPRELOAD_OPEN));
    expect(out).not.toContain(MODULEPRELOAD_OPEN);
    expect(out.split(INERT_MODULEPRELOAD_OPEN)).toHaveLength(3);
    expect(out).toContain('<link rel="stylesheet" href="/build/styles.css"/>');
    expect(out).toContain("<p>é ü 日本</p>");
    expect(out).toContain('import * as route9 from "/later.js"'); // only the first is Remix's
  });

  it("passes a document without a module script through unchanged", async () => {
    const plain = "<!DOCTYPE html><html><body><h1>Refused</h1></body></html>";
    expect(await text(Readable.from([Buffer.from(plain)]).pipe(new PaintFirstStream()))).toBe(plain);
  });
});
