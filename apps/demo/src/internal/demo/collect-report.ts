import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import type { ResourceMetrics } from "@opentelemetry/sdk-metrics";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import type { LatencySeries, ReportData, ReportInvariant, ReportSpan } from "../report/report-data.js";
import { DOWNSTREAM_NAMES, type Stack } from "../start-stack.js";
import type { DriverState } from "./load-driver.js";
import type { ScheduledPhase } from "./phases.js";

/** What the report is built from. */
export interface ReportInputs {
  readonly stack: Stack;
  readonly state: DriverState;
  readonly phases: readonly ScheduledPhase[];
  readonly spans: readonly ReadableSpan[];
  /** Epoch ms of the run's start (t = 0 on every time axis). */
  readonly startedAtMs: number;
  readonly seed: number;
  readonly ratePerS: number;
  readonly durationMs: number;
  readonly summary: readonly Record<string, string | number>[];
  readonly invariants: readonly ReportInvariant[];
}

const hrMs = (time: readonly [number, number]) => time[0] * 1000 + time[1] / 1e6;

/** The p-th percentile (0..100) of sorted values, nearest-rank. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
}

function bucketCount(durationMs: number, bucketMs: number): number {
  return Math.max(1, Math.ceil(durationMs / bucketMs));
}

/** Latency percentiles per bucket of the logical call spans (`outbound.downstream` set), by start time. */
function latencyOf(
  spans: readonly ReadableSpan[],
  downstream: string,
  inputs: ReportInputs,
  bucketMs: number,
): LatencySeries {
  const buckets: number[][] = Array.from({ length: bucketCount(inputs.durationMs + 5_000, bucketMs) }, () => []);
  for (const span of spans) {
    if (
      span.attributes["outbound.downstream"] !== downstream ||
      span.attributes["outbound.operation_id"] === undefined ||
      span.kind !== SpanKind.INTERNAL
    )
      continue;
    const at = hrMs(span.startTime) - inputs.startedAtMs;
    buckets[Math.max(0, Math.floor(at / bucketMs))]?.push(hrMs(span.duration));
  }
  while (buckets.length > 1 && buckets[buckets.length - 1]?.length === 0) buckets.pop();
  const sorted = buckets.map((b) => [...b].sort((x, y) => x - y));
  const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
  return {
    bucketStartS: sorted.map((_, i) => (i * bucketMs) / 1000),
    p50: sorted.map((b) => round(percentile(b, 50))),
    p95: sorted.map((b) => round(percentile(b, 95))),
    p99: sorted.map((b) => round(percentile(b, 99))),
  };
}

function ordersByStatus(state: DriverState, durationMs: number): ReportData["ordersByStatus"] {
  const series: Record<string, number[]> = {};
  const count = bucketCount(durationMs, 1000);
  for (const order of state.orders) {
    const last = order.answers[order.answers.length - 1];
    if (last === undefined) continue;
    const key = String(last.status);
    series[key] ??= new Array<number>(count).fill(0);
    const bucket = Math.min(count - 1, Math.floor(order.sentAtMs / 1000));
    series[key][bucket] = (series[key][bucket] ?? 0) + 1;
  }
  return { bucketStartS: Array.from({ length: count }, (_, i) => i), series };
}

/** The span tree of an order that needed retries (a confirmed one with a retried charge if any), if spans were recorded. */
function spanTreeOf(inputs: ReportInputs): ReportData["spanTree"] {
  const calls = inputs.stack.journal.calls.filter((c) => c.retries.length > 0);
  const preferred = (c: (typeof calls)[number]) => c.downstream === "payments" && c.gaveUp === undefined;
  const retried = [...calls.filter(preferred), ...calls.filter((c) => !preferred(c))];
  for (const call of retried) {
    const server = inputs.spans.find(
      (s) => s.attributes["outbound.request_id"] === call.requestId && s.name === "POST /orders",
    );
    if (server === undefined) continue;
    const traceId = server.spanContext().traceId;
    const origin = hrMs(server.startTime);
    const spans: ReportSpan[] = inputs.spans
      .filter((s) => s.spanContext().traceId === traceId)
      .map((s) => ({
        spanId: s.spanContext().spanId,
        parentSpanId: s.parentSpanContext?.spanId,
        name: s.name,
        startMs: hrMs(s.startTime) - origin,
        durationMs: hrMs(s.duration),
        status: s.status.code === SpanStatusCode.ERROR ? "error" : s.status.code === SpanStatusCode.OK ? "ok" : "unset",
        attributes: Object.fromEntries(
          Object.entries(s.attributes).filter((e): e is [string, string | number | boolean] =>
            ["string", "number", "boolean"].includes(typeof e[1]),
          ),
        ),
        events: s.events.map((e) => ({ name: e.name, atMs: hrMs(e.time) - origin })),
      }));
    const orderId = String(server.attributes["outbound.order_id"] ?? "");
    return { orderId, requestId: call.requestId ?? "", spans };
  }
  return undefined;
}

/** Counts `http.client.request.duration` data points (one per attempt) per downstream, from the OTel metrics. */
export function attemptsFromMetrics(resourceMetrics: readonly ResourceMetrics[]): Record<string, number> {
  const counts: Record<string, number> = {};
  const last = resourceMetrics[resourceMetrics.length - 1];
  for (const scope of last?.scopeMetrics ?? []) {
    for (const metric of scope.metrics) {
      if (metric.descriptor.name !== "http.client.request.duration") continue;
      for (const point of metric.dataPoints) {
        const downstream = String(point.attributes["outbound.downstream"] ?? "");
        counts[downstream] = (counts[downstream] ?? 0) + ((point.value as { count?: number }).count ?? 0);
      }
    }
  }
  return counts;
}

/** Builds the report's data from the run. */
export function collectReport(inputs: ReportInputs): ReportData {
  const bucketMs = Math.max(1000, Math.round(inputs.durationMs / 60 / 1000) * 1000);
  const attemptsPerCall: Record<string, Record<string, number>> = {};
  const breaker: Record<string, { atS: number; state: "closed" | "open" | "half-open" }[]> = {};
  for (const name of DOWNSTREAM_NAMES) {
    const histogram: Record<string, number> = {};
    for (const call of inputs.stack.journal.calls.filter((c) => c.downstream === name))
      histogram[String(call.attempts)] = (histogram[String(call.attempts)] ?? 0) + 1;
    attemptsPerCall[name] = histogram;
    breaker[name] = [
      { atS: 0, state: "closed" },
      ...inputs.stack.journal.breakerEvents
        .filter((e) => e.downstream === name)
        .map((e) => ({ atS: (e.at - inputs.startedAtMs) / 1000, state: e.state })),
    ];
  }
  return {
    title: "Outbound demo: checkout-service under a failing downstream",
    generatedAt: new Date().toISOString(),
    seed: inputs.seed,
    durationS: inputs.durationMs / 1000,
    ratePerS: inputs.ratePerS,
    phases: inputs.phases.map((p) => ({
      name: p.name,
      label: p.label,
      startS: p.startMs / 1000,
      endS: p.endMs / 1000,
    })),
    downstreams: [...DOWNSTREAM_NAMES],
    latency: Object.fromEntries(
      DOWNSTREAM_NAMES.map((name) => [name, latencyOf(inputs.spans, name, inputs, bucketMs)]),
    ),
    attemptsPerCall,
    breaker,
    ordersByStatus: ordersByStatus(inputs.state, inputs.durationMs),
    summary: inputs.summary,
    invariants: inputs.invariants,
    spanTree: spanTreeOf(inputs),
  };
}
