import { db } from "./platform/db.server";
import { env } from "./platform/env.server";
import { verifyShopChain } from "./modules/audit/audit.server";
import { rotateKeys } from "./platform/protected-data/key-rotation.server";
import { runRetention } from "./modules/retention/retention.server";
import { scheduleDigest } from "./modules/notices/notices.server";
import { closeNeverVerified } from "./modules/requests/unverified.server";
import { auditVerifyAgainstCommand } from "./modules/audit-stream/verify-against.server";
import { runAlertChecks } from "./modules/alerts/checks.server";

type Command = (args: string[]) => Promise<number>;

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

/** Operator commands, run against the built app by scripts/cli.mjs with the app's environment. */
export const cli: Record<string, Command> = {
  "audit:verify": async (args) => {
    const against = option(args, "against");
    if (against) return auditVerifyAgainstCommand(against);
    const shops = option(args, "shop")
      ? [option(args, "shop")!]
      : (await db().auditHead.findMany({ select: { shopDomain: true }, orderBy: { shopDomain: "asc" } })).map((h) => h.shopDomain);
    if (shops.length === 0) {
      console.info("no audit chains to verify");
      return 0;
    }
    let broken = 0;
    for (const shop of shops) {
      const result = await verifyShopChain(db(), shop);
      if (result.ok) console.info(`${shop}: intact, ${result.entries} entries`);
      else {
        broken += 1;
        console.error(`${shop}: BROKEN at entry seq ${result.brokenAt.seq} (id ${result.brokenAt.id}, ${result.reason}); ${result.entries} entries before it verified`);
      }
    }
    return broken ? 1 : 0;
  },
  "keys:rotate": async () => {
    const { skippedTampered = 0, ...counts } = await rotateKeys(env().keyRing, new Date());
    console.info(`re-encrypted under key "${env().keyRing.activeKeyId}": ${Object.entries(counts).map(([t, n]) => `${t} ${n}`).join(", ")}`);
    if (skippedTampered > 0) {
      console.error(`${skippedTampered} record(s) failed their integrity check and were left under the old key (audited as request.integrity_mismatch / breach.integrity_mismatch); keep the old key until they are resolved`);
      return 1;
    }
    return 0;
  },
  "digest:run": async () => {
    // Enqueues today's digest run for the app's worker; a second run the same day does nothing.
    await scheduleDigest(new Date(), true);
    console.info("today's digest is queued (one per shop per day)");
    return 0;
  },
  "requests:close-unverified": async () => {
    const { closed } = await closeNeverVerified(new Date());
    console.info(`closed ${closed} never-verified request(s)`);
    return 0;
  },
  "retention:run": async () => {
    const results = await runRetention(new Date());
    for (const [shop, counts] of Object.entries(results)) console.info(`${shop}: ${JSON.stringify(counts)}`);
    if (Object.keys(results).length === 0) console.info("nothing to purge");
    return 0;
  },
  "alerts:check": async (args) => {
    // What the hourly `alerts.check` job does (deadlines, access reviews); `--at <ISO time>` checks as of another time.
    const at = option(args, "at") ? new Date(option(args, "at")!) : new Date();
    if (Number.isNaN(at.getTime())) {
      console.error("--at must be an ISO date and time");
      return 2;
    }
    const { deadlines, reviews } = await runAlertChecks(at);
    console.info(`raised ${deadlines} deadline alert(s) and ${reviews} access-review alert(s)`);
    return 0;
  },
};
