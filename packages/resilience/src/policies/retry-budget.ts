/** Retry budget settings, validated. */
export interface RetryBudgetSettings {
  readonly ratio: number;
  readonly windowMs: number;
  readonly minConcurrentRetries: number;
}

const BUCKETS = 10;

/** Counts events over a sliding window with {@link BUCKETS} buckets (memory is constant whatever the traffic). */
class WindowCounter {
  readonly #bucketMs: number;
  readonly #counts = new Array<number>(BUCKETS).fill(0);
  readonly #epochs = new Array<number>(BUCKETS).fill(-1);

  constructor(windowMs: number) {
    this.#bucketMs = windowMs / BUCKETS;
  }

  add(now: number): void {
    const epoch = Math.floor(now / this.#bucketMs);
    const index = epoch % BUCKETS;
    if (this.#epochs[index] !== epoch) {
      this.#epochs[index] = epoch;
      this.#counts[index] = 0;
    }
    this.#counts[index] = (this.#counts[index] ?? 0) + 1;
  }

  sum(now: number): number {
    const epoch = Math.floor(now / this.#bucketMs);
    let total = 0;
    for (let i = 0; i < BUCKETS; i += 1) {
      const bucketEpoch = this.#epochs[i] ?? -1;
      if (bucketEpoch > epoch - BUCKETS) total += this.#counts[i] ?? 0;
    }
    return total;
  }
}

/**
 * A per-downstream retry budget after Envoy's `retry_budget` and Finagle's RetryBudget: a retry is allowed while
 * fewer than `minConcurrentRetries` retries are in progress, or while the retries of the last `windowMs` stay
 * within `ratio` × the requests (first attempts) of that window. So an outage adds at most ~20% load instead of
 * multiplying it by `maxAttempts`.
 */
export class RetryBudget {
  readonly #settings: RetryBudgetSettings;
  readonly #now: () => number;
  readonly #requests: WindowCounter;
  readonly #retries: WindowCounter;
  #activeRetries = 0;

  constructor(settings: RetryBudgetSettings, now: () => number = Date.now) {
    this.#settings = settings;
    this.#now = now;
    this.#requests = new WindowCounter(settings.windowMs);
    this.#retries = new WindowCounter(settings.windowMs);
  }

  /** Records a request (a logical call's first attempt). */
  recordRequest(): void {
    this.#requests.add(this.#now());
  }

  /** Retries currently in progress. */
  get activeRetries(): number {
    return this.#activeRetries;
  }

  /** Asks for one retry; returns its release function, or undefined when the budget is exhausted. */
  tryAcquireRetry(): (() => void) | undefined {
    const now = this.#now();
    const underFloor = this.#activeRetries < this.#settings.minConcurrentRetries;
    const withinRatio = this.#retries.sum(now) + 1 <= this.#settings.ratio * this.#requests.sum(now);
    if (!underFloor && !withinRatio) return undefined;
    this.#retries.add(now);
    this.#activeRetries += 1;
    let released = false;
    return () => {
      if (!released) {
        released = true;
        this.#activeRetries -= 1;
      }
    };
  }
}
