import { performance } from "node:perf_hooks";
import { quantileSorted } from "./stats.js";

/** One call of the system under test; rejects or returns false when the call did not succeed. */
export type BenchCall = (index: number) => Promise<boolean>;

/** What a load run measured. */
export interface LoadResult {
  /** Successful calls per second over the run. */
  readonly throughput: number;
  /** Latency percentiles of one call, in µs. */
  readonly p50Us: number;
  readonly p99Us: number;
  readonly calls: number;
  /** Calls that rejected or returned false. */
  readonly failures: number;
  /** Wall time of the run, in ms. */
  readonly wallMs: number;
}

/**
 * Runs `calls` calls with `concurrency` callers, each starting its next call as soon as its previous one settles
 * (a closed loop: no coordinated omission from a fixed rate, and the latencies are the callers' own).
 */
export async function driveLoad(call: BenchCall, calls: number, concurrency: number): Promise<LoadResult> {
  const latencies = new Float64Array(calls);
  let next = 0;
  let failures = 0;
  const caller = async () => {
    for (let index = next++; index < calls; index = next++) {
      const started = performance.now();
      let ok = false;
      try {
        ok = await call(index);
      } catch {
        ok = false;
      }
      latencies[index] = performance.now() - started;
      if (!ok) failures++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, caller));
  const wallMs = performance.now() - started;
  latencies.sort();
  return {
    throughput: ((calls - failures) * 1_000) / wallMs,
    p50Us: quantileSorted(latencies, 0.5) * 1_000,
    p99Us: quantileSorted(latencies, 0.99) * 1_000,
    calls,
    failures,
    wallMs,
  };
}
