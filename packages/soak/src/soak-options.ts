/** What a soak run does; every field optional, defaults in {@link DEFAULT_SOAK_OPTIONS}. */
export interface SoakOptions {
  /** Logical calls to make. @default 100000 */
  readonly calls?: number;
  /** Calls started per second (open loop, as requests reach a service). @default 600 */
  readonly ratePerSecond?: number;
  /**
   * Most calls in flight at once; at the cap the next call waits for one to settle (back-pressure). Kept below what
   * the in-process servers answer within the attempt timeout on a 2-core machine. @default 32
   */
  readonly concurrency?: number;
  /** Calls per batch; between batches the servers' records are counted and forgotten (bounded memory). @default 5000 */
  readonly batchSize?: number;
  /** Seed of the servers' fault draws (testkit `random` plans). @default 8 */
  readonly seed?: number;
  /** Deadline of every call in ms (`totalTimeoutMs` call option). @default 2000 */
  readonly totalTimeoutMs?: number;
  /** Per-attempt timeout in ms (`attemptTimeoutMs` call option); hangs are cut here. @default 500 */
  readonly attemptTimeoutMs?: number;
  /** Keep-alive connections per origin of the run's transport (the pool). @default 64 */
  readonly poolConnections?: number;
  /** Every n-th call gets its own AbortSignal, aborted after `abortAfterMs` (a caller giving up). 0: none. @default 200 */
  readonly abortEvery?: number;
  /** @default 30 */
  readonly abortAfterMs?: number;
  /** No new call starts after this many ms; the report then says how many ran. @default 300000 */
  readonly maxDurationMs?: number;
  /** Called after each batch with the calls done so far (progress output). */
  readonly onBatch?: (done: number, total: number) => void;
}

/** Every {@link SoakOptions} field resolved. */
export type ResolvedSoakOptions = Required<Omit<SoakOptions, "onBatch">> & Pick<SoakOptions, "onBatch">;

/** Defaults of a soak run: 100 000 calls, no new call after 5 minutes. */
export const DEFAULT_SOAK_OPTIONS = Object.freeze({
  calls: 100_000,
  ratePerSecond: 600,
  concurrency: 32,
  batchSize: 5_000,
  seed: 8,
  totalTimeoutMs: 2_000,
  attemptTimeoutMs: 500,
  poolConnections: 64,
  abortEvery: 200,
  abortAfterMs: 30,
  maxDurationMs: 300_000,
});

/** Overlays `options` on the defaults and checks each number. @throws RangeError naming the option and the fix. */
export function resolveSoakOptions(options: SoakOptions = {}): ResolvedSoakOptions {
  const resolved = { ...DEFAULT_SOAK_OPTIONS, ...options };
  for (const key of Object.keys(DEFAULT_SOAK_OPTIONS) as (keyof typeof DEFAULT_SOAK_OPTIONS)[]) {
    const value = resolved[key];
    const min = key === "abortEvery" ? 0 : 1;
    if (!Number.isInteger(value) || value < min) {
      throw new RangeError(
        `soak option ${key}: expected an integer >= ${min}, got ${String(value)}. Fix the value or leave it out.`,
      );
    }
  }
  return resolved;
}
