import { db, type Db } from "../../platform/db.server";
import { appendAudit } from "../audit/audit.server";

/** Called after OAuth/token exchange: a reinstall before shop/redact continues where it was. */
export async function recordInstall(shopDomain: string, now = new Date(), client: Db = db()): Promise<void> {
  await client.$transaction(async (tx) => {
    const existing = await tx.shop.findUnique({ where: { domain: shopDomain } });
    if (existing?.status === "installed") return;
    await tx.shop.upsert({
      where: { domain: shopDomain },
      create: { domain: shopDomain, status: "installed", installedAt: now },
      update: { status: "installed", installedAt: now, uninstalledAt: null },
    });
    await appendAudit(tx, {
      shopDomain,
      actorType: "shopify",
      action: existing ? "shop.reinstalled" : "shop.installed",
      occurredAt: now,
    });
  });
}
