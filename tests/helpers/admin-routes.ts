// The admin's pages, read from app/routes (files under /app with a default export), as Remix's flat
// routes name them (the walk, the pseudo-locale walk and the hostile-input suite's page list).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./app-server";

export interface AdminRoute {
  file: string;
  /** URL path with `:param` placeholders. */
  pattern: string;
}

export function adminPageRoutes(): AdminRoute[] {
  const dir = join(ROOT, "app", "routes");
  return readdirSync(dir)
    .filter((file) => /^app(\..+)?\.tsx$/.test(file) && /export default function/.test(readFileSync(join(dir, file), "utf8")))
    .map((file) => {
      const segments = file.replace(/\.tsx$/, "").split(".");
      const path = segments
        .filter((s) => s !== "_index")
        // A trailing "_" opts a segment out of nesting (app.settings_.emails): not part of the URL.
        .map((s) => (s === "$" ? "*" : s.startsWith("$") ? `:${s.slice(1)}` : s.replace(/_$/, "")))
        .join("/");
      return { file, pattern: `/${path}` };
    });
}
