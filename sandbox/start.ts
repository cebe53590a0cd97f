// Brings the whole product up on this machine without Shopify: the Admin API stand-in with the
// seeded shop, a mailbox (real SMTP on loopback), the built app on SQLite wired to both, an
// installed sandbox session, the admin shell and the sandbox's storefront. Everything listens on
// 127.0.0.1, and none of it is part of the app's build: production never contains the sandbox.
import { spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { ROOT, spawnApp } from "./app-process";
import { startAdminApiStandin, type AdminApiStandin } from "./admin-api/server";
import { SANDBOX_ACCESS_TOKEN, SANDBOX_SHOP_DOMAIN, createSandboxSeed } from "./admin-api/seed";
import { startAdminShell } from "./admin-shell/server";
import { installSandboxShop } from "./install";
import { startMailbox, type Mailbox } from "./mailbox/mailbox";
import { startSandboxServer } from "./server";
import { deliverSandboxWebhook } from "./webhooks/deliver";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1"]);

export class SandboxRefused extends Error {}

/** The sandbox is for one developer's machine: never production, never reachable from outside. */
export function assertSandboxAllowed(env: Record<string, string | undefined>): void {
  if (env.NODE_ENV === "production") throw new SandboxRefused("The sandbox never runs with NODE_ENV=production.");
  if (env.HOST && !LOOPBACK.has(env.HOST)) throw new SandboxRefused(`The sandbox listens on loopback only; HOST=${env.HOST} is refused.`);
  if (env.DATABASE_URL && !env.DATABASE_URL.startsWith("file:")) throw new SandboxRefused("The sandbox runs on the embedded SQLite database only (DATABASE_URL=file:...).");
}

export interface SandboxPorts {
  app?: number;
  storefront?: number;
  admin?: number;
  adminApi?: number;
  smtp?: number;
}

export interface StartSandboxOptions {
  /** The app's environment (secrets, keys, DATABASE_URL); the sandbox adds its own wiring. */
  appEnv: Record<string, string>;
  /** 0 or omitted: a free port. */
  ports?: SandboxPorts;
  /** Where the app's stdout/stderr go; default: this process's. */
  onAppOutput?: (chunk: string) => void;
  /** How long the sandbox's Shopify waits before answering customerRequestDataErasure with customers/redact. */
  redactDelayMs?: number;
}

export interface Sandbox {
  shop: string;
  appUrl: string;
  storefrontUrl: string;
  adminUrl: string;
  adminApiUrl: string;
  mailbox: Mailbox;
  standin: AdminApiStandin;
  appEnv: Record<string, string>;
  close(): Promise<void>;
}

/** Only the app's environment plus PATH: the app must not depend on the developer's shell. */
function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return { NODE_ENV: "development", PATH: process.env.PATH ?? "", ...env };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Answers the app's erasure requests the way Shopify does: with a customers/redact delivery. */
function answerErasureRequests(standin: AdminApiStandin, appUrl: string, secret: string, delayMs: number): () => void {
  let seen = 0;
  const timers = new Set<NodeJS.Timeout>();
  const poll = setInterval(() => {
    for (; seen < standin.calls.length; seen += 1) {
      const call = standin.calls[seen];
      if (!call || call.field !== "customerRequestDataErasure" || call.accessDenied) continue;
      const customerGid = String(call.args.customerId ?? "");
      const requestedAt = seen;
      const timer = setTimeout(() => {
        timers.delete(timer);
        const cancelled = standin.calls.slice(requestedAt + 1).some((c) => c.field === "customerCancelDataErasure" && String(c.args.customerId) === customerGid);
        if (cancelled) return;
        const customerId = Number(customerGid.slice(customerGid.lastIndexOf("/") + 1));
        deliverSandboxWebhook(appUrl, secret, "customers/redact", { shop: call.shop, customerId }).catch((error: unknown) => {
          console.error(`sandbox: customers/redact delivery failed: ${error instanceof Error ? error.message : String(error)}`);
        });
      }, delayMs);
      timers.add(timer);
    }
  }, 250);
  return () => {
    clearInterval(poll);
    for (const timer of timers) clearTimeout(timer);
  };
}

export async function startSandbox(options: StartSandboxOptions): Promise<Sandbox> {
  // Both: the caller's environment may say production even when the app's own settings do not.
  assertSandboxAllowed(process.env);
  assertSandboxAllowed(options.appEnv);
  const ports = options.ports ?? {};
  const cleanups: (() => Promise<void> | void)[] = [];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    const standin = await startAdminApiStandin({ port: ports.adminApi ?? 0 });
    cleanups.push(() => standin.close());
    const mailbox = await startMailbox(ports.smtp ?? 0);
    cleanups.push(() => mailbox.close());

    const appPort = ports.app || (await freePort());
    const appUrl = `http://127.0.0.1:${appPort}`;
    const appEnv: Record<string, string> = {
      ...options.appEnv,
      HOST: "127.0.0.1",
      PORT: String(appPort),
      SHOPIFY_APP_URL: appUrl,
      SHOPIFY_ADMIN_API_ORIGIN: standin.url,
      SMTP_URL: mailbox.url,
      // Placeholder secrets and plain http on loopback: the one opt-out of the production checks.
      APP_LOCAL_ONLY: "sandbox",
    };
    assertSandboxAllowed(appEnv);

    const migrated = spawnSync(process.execPath, [join(ROOT, "server", "migrate.mjs")], { cwd: ROOT, env: childEnv(appEnv), encoding: "utf8" });
    if (migrated.status !== 0) throw new Error(`migrations failed: ${migrated.stderr || migrated.stdout}`);
    await installSandboxShop(appEnv, SANDBOX_SHOP_DOMAIN, SANDBOX_ACCESS_TOKEN);

    const { process: app } = await spawnApp(childEnv(appEnv), { onOutput: options.onAppOutput ?? ((chunk) => process.stdout.write(chunk)) });
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          if (app.exitCode !== null) return resolve();
          app.once("exit", () => resolve());
          app.kill("SIGTERM");
        }),
    );
    const stopAnswering = answerErasureRequests(standin, appUrl, appEnv.SHOPIFY_API_SECRET ?? "", options.redactDelayMs ?? 3_000);
    cleanups.push(stopAnswering);

    const admin = await startAdminShell({
      appOrigin: appUrl,
      apiKey: appEnv.SHOPIFY_API_KEY ?? "",
      apiSecret: appEnv.SHOPIFY_API_SECRET ?? "",
      shop: SANDBOX_SHOP_DOMAIN,
      port: ports.admin ?? 0,
    });
    cleanups.push(() => admin.close());

    const shopName = createSandboxSeed().shops.find((s) => s.domain === SANDBOX_SHOP_DOMAIN)?.name ?? "Sandbox shop";
    const adminUrl = new URL("/app", admin.url).toString();
    const storefront = await startSandboxServer({
      port: ports.storefront ?? 0,
      appUrl,
      appSecret: appEnv.SHOPIFY_API_SECRET ?? "",
      shop: SANDBOX_SHOP_DOMAIN,
      storeName: shopName,
      mailbox,
      adminUrl,
      adminApiUrl: standin.graphqlUrl,
    });
    cleanups.push(() => storefront.close());

    return { shop: SANDBOX_SHOP_DOMAIN, appUrl, storefrontUrl: storefront.url, adminUrl, adminApiUrl: standin.graphqlUrl, mailbox, standin, appEnv, close };
  } catch (error) {
    await close();
    throw error;
  }
}
