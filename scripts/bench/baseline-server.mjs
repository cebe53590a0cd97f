// The bare baseline the webhook benches compare the app against: node:http, the same HMAC check
// (timingSafeEqual), ONE durable insert, 200. BASELINE_DB is a SQLite file (better-sqlite3, WAL,
// synchronous=FULL) or a postgres:// URL (node-postgres, a 10-connection pool, fsync on).
// Prints the app's "listening" log line so the benches start it the same way.
import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";

const PATH = "/webhooks/compliance";
const secret = process.env.BASELINE_SECRET ?? "";
const target = process.env.BASELINE_DB ?? "";

async function store() {
  if (target.startsWith("postgres")) {
    const { default: pg } = await import("pg");
    const pool = new pg.Pool({ connectionString: target, max: 10 });
    await pool.query(`CREATE TABLE IF NOT EXISTS delivery ("webhookId" TEXT PRIMARY KEY, shop TEXT NOT NULL, topic TEXT NOT NULL, "receivedAt" TIMESTAMP(3) NOT NULL, body TEXT NOT NULL)`);
    return {
      insert: async (row) => {
        try {
          await pool.query(`INSERT INTO delivery ("webhookId", shop, topic, "receivedAt", body) VALUES ($1, $2, $3, $4, $5)`, row);
        } catch (error) {
          if (error?.code !== "23505") throw error;
        }
      },
      close: () => pool.end(),
    };
  }
  const { default: Database } = await import("better-sqlite3");
  const db = new Database(target);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.pragma("busy_timeout = 10000");
  db.exec(`CREATE TABLE IF NOT EXISTS delivery (webhookId TEXT NOT NULL PRIMARY KEY, shop TEXT NOT NULL, topic TEXT NOT NULL, receivedAt TEXT NOT NULL, body TEXT NOT NULL)`);
  const statement = db.prepare("INSERT INTO delivery (webhookId, shop, topic, receivedAt, body) VALUES (?, ?, ?, ?, ?)");
  return {
    insert: async (row) => {
      try {
        statement.run(...row);
      } catch (error) {
        if (error?.code !== "SQLITE_CONSTRAINT_PRIMARYKEY") throw error;
      }
    },
    close: async () => db.close(),
  };
}

const db = await store();
const server = http.createServer((req, res) => {
  if (req.method !== "POST" || req.url !== PATH) {
    res.writeHead(404).end();
    return;
  }
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    const body = Buffer.concat(chunks);
    const given = Buffer.from(String(req.headers["x-shopify-hmac-sha256"] ?? ""), "base64");
    const expected = createHmac("sha256", secret).update(body).digest();
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      res.writeHead(401, { "Content-Type": "text/plain" }).end("Unauthorized");
      return;
    }
    const row = [String(req.headers["x-shopify-webhook-id"]), String(req.headers["x-shopify-shop-domain"]), String(req.headers["x-shopify-topic"]), new Date().toISOString(), body.toString("utf8")];
    db.insert(row).then(
      () => res.writeHead(200, { "Content-Type": "text/plain" }).end("Received"),
      () => res.writeHead(503, { "Content-Type": "text/plain" }).end("Temporarily unavailable"),
    );
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, "127.0.0.1", () => {
  console.info(JSON.stringify({ level: "info", message: "listening", url: `http://127.0.0.1:${server.address().port}` }));
});
const stop = async () => {
  server.close();
  server.closeIdleConnections?.();
  await db.close();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
