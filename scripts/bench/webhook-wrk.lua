-- wrk script: signed customers/redact deliveries to /webhooks/compliance. wrk's Lua has no HMAC, so
-- the bench writes bodies with their signatures to WRK_DELIVERIES (hmac TAB shop TAB body per line);
-- the webhook and event ids are fresh for every request (Shopify does not sign headers), prefixed
-- with WRK_PREFIX so runs and parallel wrk processes never collide. done() prints one JSON line.
local deliveries = {}
local counter = 0
local threads = {}
local next_thread = 0

function setup(thread)
  thread:set("tid", next_thread)
  next_thread = next_thread + 1
  table.insert(threads, thread)
end

function init(args)
  local file = assert(io.open(os.getenv("WRK_DELIVERIES"), "r"))
  for line in file:lines() do
    local hmac, shop, body = line:match("^([^\t]*)\t([^\t]*)\t(.*)$")
    deliveries[#deliveries + 1] = { hmac = hmac, shop = shop, body = body }
  end
  file:close()
  prefix = (os.getenv("WRK_PREFIX") or "wrk") .. "-" .. tostring(tid)
  api_version = os.getenv("WRK_API_VERSION")
  counter = tid
end

function request()
  counter = counter + 1
  local d = deliveries[(counter % #deliveries) + 1]
  local id = prefix .. "-" .. counter
  return wrk.format("POST", "/webhooks/compliance", {
    ["Content-Type"] = "application/json",
    ["X-Shopify-Topic"] = "customers/redact",
    ["X-Shopify-Hmac-Sha256"] = d.hmac,
    ["X-Shopify-Shop-Domain"] = d.shop,
    ["X-Shopify-API-Version"] = api_version,
    ["X-Shopify-Webhook-Id"] = "wh-" .. id,
    ["X-Shopify-Event-Id"] = "ev-" .. id,
    ["X-Shopify-Triggered-At"] = "2026-12-01T00:00:00.000Z",
    ["User-Agent"] = "Shopify-Captain-Hook",
  }, d.body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK_RESULT {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"max_us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
