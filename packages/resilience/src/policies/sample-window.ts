/**
 * The breaker's sliding window: the last `windowSize` attempt outcomes, each with its time (epoch ms), oldest
 * first, and how many were failures. A fixed ring of typed arrays: recording an outcome allocates nothing (an
 * array with `push` + `shift` costs a few hundred ns per attempt).
 */
export class SampleWindow {
  readonly #at: Float64Array;
  readonly #failure: Uint8Array;
  readonly #windowSize: number;
  #start = 0;
  #size = 0;
  #failures = 0;

  constructor(windowSize: number) {
    this.#windowSize = windowSize;
    this.#at = new Float64Array(windowSize + 1);
    this.#failure = new Uint8Array(windowSize + 1);
  }

  /** Samples held. */
  get size(): number {
    return this.#size;
  }

  /** Failures among them. */
  get failures(): number {
    return this.#failures;
  }

  /** Forgets every sample. */
  clear(): void {
    this.#start = 0;
    this.#size = 0;
    this.#failures = 0;
  }

  /** Adds a sample at `at`; the oldest leaves when more than `windowSize` would be held. */
  push(at: number, failure: boolean): void {
    if (this.#size === this.#at.length) this.#dropOldest();
    const index = (this.#start + this.#size) % this.#at.length;
    this.#at[index] = at;
    this.#failure[index] = failure ? 1 : 0;
    this.#size += 1;
    if (failure) this.#failures += 1;
  }

  /** Drops every sample at or before `oldest` (wherever it sits: the clock may have stepped back), then keeps the last `windowSize`. */
  prune(oldest: number): void {
    const capacity = this.#at.length;
    let stale = false;
    for (let i = 0; i < this.#size && !stale; i += 1) stale = (this.#at[(this.#start + i) % capacity] ?? 0) <= oldest;
    if (stale) this.#compact(oldest);
    while (this.#size > this.#windowSize) this.#dropOldest();
  }

  #compact(oldest: number): void {
    const capacity = this.#at.length;
    const at: number[] = [];
    const failure: number[] = [];
    for (let i = 0; i < this.#size; i += 1) {
      const index = (this.#start + i) % capacity;
      const time = this.#at[index] ?? 0;
      if (time > oldest) {
        at.push(time);
        failure.push(this.#failure[index] ?? 0);
      }
    }
    this.clear();
    for (let i = 0; i < at.length; i += 1) this.push(at[i] ?? 0, failure[i] === 1);
  }

  #dropOldest(): void {
    if (this.#failure[this.#start] === 1) this.#failures -= 1;
    this.#start = (this.#start + 1) % this.#at.length;
    this.#size -= 1;
  }
}
