/** Things a test server saw, in order, with a way to wait until one matching a condition arrives. */
export class Recorder<T> {
  readonly items: T[] = [];
  readonly #waiters = new Set<() => void>();

  constructor(private readonly what: string) {}

  push(item: T): void {
    this.items.push(item);
    for (const wake of this.#waiters) wake();
  }

  clear(): void {
    this.items.length = 0;
  }

  waitFor(match: (item: T) => boolean, timeoutMs: number): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.items.find(match);
        if (!found) return;
        clearTimeout(timer);
        this.#waiters.delete(check);
        resolve(found);
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`no matching ${this.what} within ${timeoutMs} ms; got ${JSON.stringify(this.items).slice(0, 2000)}`));
      }, timeoutMs);
      this.#waiters.add(check);
      check();
    });
  }
}
