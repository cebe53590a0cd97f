import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A throwaway CA and a server certificate it signed, for 127.0.0.1 and localhost (openssl CLI). */
export function makeTestCa(dir: string): { caPem: string; caFile: string; certFile: string; keyFile: string } {
  const run = (...args: string[]) => {
    const r = spawnSync("openssl", args, { cwd: dir, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`openssl ${args[0]} failed: ${r.stderr}`);
  };
  run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Privacy Desk test CA");
  run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost");
  writeFileSync(join(dir, "san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
  run("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "san.ext");
  return { caPem: readFileSync(join(dir, "ca.pem"), "utf8"), caFile: join(dir, "ca.pem"), certFile: join(dir, "server.pem"), keyFile: join(dir, "server.key") };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

export interface Rsyslog {
  port: number;
  caPem: string;
  /** The file rsyslog writes every received message to (RSYSLOG_FileFormat). */
  file: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  lines(): string[];
  dispose(): Promise<void>;
}

/**
 * Debian's rsyslogd as a private process: its own config, pid file, work directory and port under
 * a temp dir, a TLS imtcp listener (openssl driver, anonymous client auth) with a certificate from a
 * CA made for the test, writing what it receives to a file.
 */
export async function startRsyslog(): Promise<Rsyslog> {
  const dir = mkdtempSync(join(tmpdir(), "rsyslog-"));
  mkdirSync(join(dir, "work"));
  const ca = makeTestCa(dir);
  const port = await freePort();
  const file = join(dir, "received.log");
  const conf = join(dir, "rsyslog.conf");
  writeFileSync(
    conf,
    `global(workDirectory="${dir}/work" defaultNetstreamDriver="ossl" defaultNetstreamDriverCAFile="${ca.caFile}" defaultNetstreamDriverCertFile="${ca.certFile}" defaultNetstreamDriverKeyFile="${ca.keyFile}" maxMessageSize="64k")
module(load="imtcp" streamDriver.name="ossl" streamDriver.mode="1" streamDriver.authMode="anon")
input(type="imtcp" port="${port}" address="127.0.0.1")
action(type="omfile" file="${file}" template="RSYSLOG_FileFormat")
`,
  );
  let child: ChildProcess | null = null;
  const pidFile = join(dir, "rsyslogd.pid");
  const listening = async () => {
    for (let i = 0; i < 200; i++) {
      const up = await new Promise<boolean>((resolve) => {
        const socket = new Socket();
        socket.once("connect", () => (socket.destroy(), resolve(true)));
        socket.once("error", () => resolve(false));
        socket.connect(port, "127.0.0.1");
      });
      if (up) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error("rsyslogd did not start listening");
  };
  const rsyslog: Rsyslog = {
    port,
    caPem: ca.caPem,
    file,
    async start() {
      child = spawn("rsyslogd", ["-n", "-f", conf, "-i", pidFile], { stdio: ["ignore", "ignore", "pipe"] });
      let stderr = "";
      child.stderr?.on("data", (c: Buffer) => (stderr += c.toString()));
      child.once("exit", (code) => {
        if (code && code !== 0) console.error(`rsyslogd exited ${code}: ${stderr}`);
      });
      await listening();
    },
    async stop() {
      const running = child;
      child = null;
      if (!running || running.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        running.once("exit", () => resolve());
        running.kill("SIGTERM");
      });
    },
    lines() {
      return existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : [];
    },
    async dispose() {
      await rsyslog.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await rsyslog.start();
  return rsyslog;
}
