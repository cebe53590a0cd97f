import type { Page } from "playwright-core";

/**
 * Waits until React has hydrated the admin page (app/root.tsx marks `<html data-hydrated>`). The
 * server's HTML shows buttons before their handlers exist: a menu or modal opened earlier never opens.
 */
export async function untilHydrated(page: Page): Promise<void> {
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
}
