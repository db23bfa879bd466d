import type { BreakerState } from "@outbound/resilience";

/** One phase of the demo on the report's time axis (seconds since the start). */
export interface ReportPhase {
  readonly name: string;
  readonly label: string;
  readonly startS: number;
  readonly endS: number;
}

/** Latency percentiles of one downstream's logical calls, per time bucket (ms; null where a bucket had no call). */
export interface LatencySeries {
  /** Bucket start, seconds since the start. */
  readonly bucketStartS: readonly number[];
  readonly p50: readonly (number | null)[];
  readonly p95: readonly (number | null)[];
  readonly p99: readonly (number | null)[];
}

/** One invariant the demo checks, with its figure. */
export interface ReportInvariant {
  readonly name: string;
  readonly value: number;
  readonly ok: boolean;
  /** How the figure was obtained, or why a non-zero figure is expected. */
  readonly note: string;
}

/** One span of the span tree, times relative to the root span's start. */
export interface ReportSpan {
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  readonly name: string;
  readonly startMs: number;
  readonly durationMs: number;
  readonly status: "ok" | "error" | "unset";
  readonly attributes: Readonly<Record<string, string | number | boolean>>;
  readonly events: readonly { readonly name: string; readonly atMs: number }[];
}

/** Everything the HTML report shows. Plain JSON: it is embedded in the page as is. */
export interface ReportData {
  readonly title: string;
  readonly generatedAt: string;
  readonly seed: number;
  readonly durationS: number;
  readonly ratePerS: number;
  readonly phases: readonly ReportPhase[];
  readonly downstreams: readonly string[];
  readonly latency: Readonly<Record<string, LatencySeries>>;
  /** Per downstream: number of logical calls by attempts made (key "0" = refused before any attempt). */
  readonly attemptsPerCall: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Per downstream: breaker state changes, seconds since the start (the first entry is the initial state). */
  readonly breaker: Readonly<Record<string, readonly { readonly atS: number; readonly state: BreakerState }[]>>;
  /** Orders per second by answer (`201`, `402`, `503` ...): bucket start in s → status → count. */
  readonly ordersByStatus: {
    readonly bucketStartS: readonly number[];
    readonly series: Readonly<Record<string, readonly number[]>>;
  };
  /** The summary table: one row per downstream. */
  readonly summary: readonly Readonly<Record<string, string | number>>[];
  readonly invariants: readonly ReportInvariant[];
  /** The span tree of one order that needed retries, if one did and spans were recorded. */
  readonly spanTree:
    | { readonly orderId: string; readonly requestId: string; readonly spans: readonly ReportSpan[] }
    | undefined;
}
