/**
 * Counters in fixed time windows, per key, in bounded memory: the request rate limit's memory
 * store and the wrong-key throttle both count with it. Expired windows are swept as new ones
 * open; when every slot holds a live window, the oldest key's window is dropped.
 *
 * @example
 * const windows = new FixedWindows(100_000);
 * windows.add('ip:1.2.3.4', 60_000, Date.now()); // { count: 1, resetAt }
 * windows.peek('ip:1.2.3.4', Date.now());        // the live window, or undefined
 */
export interface Window {
  count: number;
  /** When the window ends, ms since the epoch. */
  resetAt: number;
}

export class FixedWindows {
  private readonly windows = new Map<string, Window>();
  private nextSweep = 0;

  constructor(private readonly maxKeys: number) {}

  /** The live window of `key`, if any (an expired one is forgotten). */
  peek(key: string, now: number): Window | undefined {
    const w = this.windows.get(key);
    if (w !== undefined && w.resetAt <= now) this.windows.delete(key);
    return w !== undefined && w.resetAt > now ? w : undefined;
  }

  /** Counts one event of `key` in its live window, opening a window of `windowMs` if none is. */
  add(key: string, windowMs: number, now: number): Window {
    if (now >= this.nextSweep || this.windows.size >= this.maxKeys) this.sweep(now);
    let w = this.peek(key, now);
    if (w === undefined) {
      if (this.windows.size >= this.maxKeys) this.windows.delete(this.windows.keys().next().value as string);
      w = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, w);
    }
    w.count += 1;
    return w;
  }

  clear(): void {
    this.windows.clear();
  }

  get size(): number {
    return this.windows.size;
  }

  private sweep(now: number): void {
    for (const [key, w] of this.windows) if (w.resetAt <= now) this.windows.delete(key);
    this.nextSweep = now + 1_000;
  }
}
