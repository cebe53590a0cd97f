export interface BucketOptions {
  /** Maximum points (Shopify standard plans: 1000 per app and store). */
  capacity: number;
  /** Points restored per second (the stand-in defaults to 50; Shopify gives 100/s on standard plans and more on Plus). */
  restoreRate: number;
}

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

/** Shopify's leaky bucket for calculated query costs, driven by an injectable millisecond clock. */
export class LeakyBucket {
  private available: number;
  private lastRefill: number;

  constructor(
    private readonly options: BucketOptions,
    private readonly now: () => number,
  ) {
    if (!(options.capacity > 0) || !(options.restoreRate > 0)) throw new Error("bucket capacity and restoreRate must be positive");
    this.available = options.capacity;
    this.lastRefill = now();
  }

  get capacity(): number {
    return this.options.capacity;
  }

  /** Takes `cost` points when available; returns false (taking nothing) otherwise. */
  tryTake(cost: number): boolean {
    this.refill();
    if (cost > this.available) return false;
    this.available -= cost;
    return true;
  }

  /** Returns points charged up front but not used (requested cost minus actual cost). */
  refund(points: number): void {
    this.available = Math.min(this.options.capacity, this.available + Math.max(0, points));
  }

  status(): ThrottleStatus {
    this.refill();
    return {
      maximumAvailable: this.options.capacity,
      currentlyAvailable: Math.floor(this.available),
      restoreRate: this.options.restoreRate,
    };
  }

  private refill(): void {
    const now = this.now();
    const elapsedSeconds = Math.max(0, now - this.lastRefill) / 1000;
    this.lastRefill = now;
    this.available = Math.min(this.options.capacity, this.available + elapsedSeconds * this.options.restoreRate);
  }
}
