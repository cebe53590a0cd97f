// How busy this process is serving HTTP. The job worker yields to it: acknowledging Shopify within
// its 5 s timeout matters more than acting on a delivery this very second (the law allows 30 days).
let inFlight = 0;
let lastActivity = 0;

export function requestStarted(): void {
  inFlight += 1;
  lastActivity = Date.now();
}

export function requestEnded(): void {
  inFlight = Math.max(0, inFlight - 1);
  lastActivity = Date.now();
}

/** True while requests are being served or were served in the last `quietMs`. */
export function isServing(quietMs = 20): boolean {
  return inFlight > 0 || Date.now() - lastActivity < quietMs;
}

/**
 * True while more requests are in flight than a paced stream of deliveries ever has at once: the
 * process is saturated (a burst, a load test) and background work should step back (PostgreSQL
 * worker, ADR 0014). At 200 deliveries/s answered in ~2 ms about one is in flight.
 */
export function isSaturated(threshold = 4): boolean {
  return inFlight >= threshold;
}
