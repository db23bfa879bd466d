import { context, metrics, propagation, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from "@opentelemetry/sdk-metrics";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { looseClient } from "./support/client.js";
import { op } from "./support/operations.js";
import { createDownstream, createTransport } from "./support/runtime.js";
import { json, startTestServer, type TestServer } from "./support/test-server.js";

const SECRET = "sk_live_SECRET_token_123";
const spans = new InMemorySpanExporter();
const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 60_000 });
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
const meterProvider = new MeterProvider({ readers: [reader] });
const transport = createTransport();
let server: TestServer;

const createCharge = op("createCharge", "POST", "/charges/{chargeId}", "keyed");
const getCharge = op("getCharge", "GET", "/charges/{chargeId}", "idempotent");

beforeAll(async () => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
  server = await startTestServer((req, res, _seen, index) => {
    if (req.url?.startsWith("/charges/down")) json(res, 503, { error: "down" });
    else if (index % 2 === 0) json(res, 503, { error: "busy" }, { "retry-after": "0" });
    else json(res, 200, { id: "ch_1" });
  });
});
afterAll(async () => {
  await server.close();
  await transport.close();
  await tracerProvider.shutdown();
  await meterProvider.shutdown();
});
beforeEach(() => spans.reset());

async function metricPoints(name: string) {
  await reader.forceFlush();
  const all =
    metricExporter
      .getMetrics()
      .at(-1)
      ?.scopeMetrics.flatMap((s) => s.metrics) ?? [];
  return all.filter((m) => m.descriptor.name === name);
}

describe("telemetry with the real OpenTelemetry SDK", () => {
  it("records a logical span named after the operationId with one CLIENT span per attempt, and propagates context", async () => {
    const downstream = createDownstream({ name: "payments", transport, secretQueryParams: ["session"] }, [
      createCharge,
    ]);
    const client = looseClient(server.url);
    const before = server.requests.length;
    const result = await downstream.call(createCharge, { requestId: "req-42" }, (fetch) =>
      client.POST("/charges/ch_1?session=abc&expand=fee&api_key=k", {
        fetch,
        body: { amount: 100 },
        headers: { authorization: `Bearer ${SECRET}` },
      }),
    );
    expect(result.response.status).toBe(200);
    const finished = spans.getFinishedSpans();
    const logical = finished.find((s) => s.name === "createCharge");
    const attempts = finished.filter((s) => s.name === "POST /charges/{chargeId}");
    expect(logical?.kind).toBe(SpanKind.INTERNAL);
    expect(attempts.map((s) => s.kind)).toEqual([SpanKind.CLIENT, SpanKind.CLIENT]);
    expect(attempts.map((s) => s.parentSpanContext?.spanId)).toEqual([
      logical?.spanContext().spanId,
      logical?.spanContext().spanId,
    ]);
    const url = `${server.url}/charges/ch_1?session=REDACTED&expand=fee&api_key=REDACTED`;
    expect(attempts.map((s) => s.attributes)).toEqual([
      {
        "http.request.method": "POST",
        "url.template": "/charges/{chargeId}",
        "server.address": "127.0.0.1",
        "server.port": server.port,
        "url.full": url,
        "outbound.downstream": "payments",
        "http.response.status_code": 503,
        "error.type": "503",
      },
      {
        "http.request.method": "POST",
        "url.template": "/charges/{chargeId}",
        "server.address": "127.0.0.1",
        "server.port": server.port,
        "url.full": url,
        "outbound.downstream": "payments",
        "http.request.resend_count": 1,
        "http.response.status_code": 200,
      },
    ]);
    expect(attempts.map((s) => s.status.code)).toEqual([SpanStatusCode.ERROR, SpanStatusCode.UNSET]);
    expect(logical?.events.map((e) => [e.name, e.attributes])).toEqual([
      [
        "outbound.retry",
        {
          "outbound.attempt": 1,
          "outbound.retry.delay_ms": 0,
          "outbound.retry.delay_source": "retry-after",
          "error.type": "503",
        },
      ],
      ["outbound.retry_after.wait", { "outbound.retry_after_ms": 0, "http.response.status_code": 503 }],
    ]);

    // Each attempt carries its own span as traceparent (same trace), the same request id and idempotency key.
    const seen = server.requests.slice(before);
    const traceId = logical?.spanContext().traceId;
    expect(seen.map((r) => r.headers.traceparent)).toEqual(
      attempts.map((s) => `00-${traceId}-${s.spanContext().spanId}-01`),
    );
    expect(seen.map((r) => r.headers["x-request-id"])).toEqual(["req-42", "req-42"]);
    expect(new Set(seen.map((r) => r.headers["idempotency-key"])).size).toBe(1);

    // Secrets never reach a span.
    expect(JSON.stringify(finished.map((s) => [s.name, s.attributes, s.events]))).not.toContain(SECRET);
    expect(JSON.stringify(finished.map((s) => s.attributes))).not.toContain("abc");
  });

  it("records http.client.request.duration in seconds per attempt, and counts retries and breaker transitions", async () => {
    const downstream = createDownstream(
      {
        name: "ledger",
        transport,
        retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 1, jitter: "none" },
        breaker: { windowSize: 2, minimumCalls: 2, failureRatio: 1, halfOpenAfterMs: 60_000 },
      },
      [getCharge],
    );
    const started = performance.now();
    const result = await downstream.call(getCharge, undefined, (fetch) =>
      looseClient(server.url).GET("/charges/down", { fetch }),
    );
    const elapsedS = (performance.now() - started) / 1_000;
    expect(result.response.status).toBe(503);
    expect(downstream.breakerState()).toBe("open");
    const logical = spans.getFinishedSpans().find((s) => s.name === "getCharge");
    expect(logical?.events.map((e) => [e.name, e.attributes])).toEqual([
      [
        "outbound.retry",
        {
          "outbound.attempt": 1,
          "outbound.retry.delay_ms": 1,
          "outbound.retry.delay_source": "backoff",
          "error.type": "503",
        },
      ],
      ["outbound.breaker.transition", { "outbound.downstream": "ledger", "outbound.breaker.state": "open" }],
    ]);

    const [duration] = await metricPoints("http.client.request.duration");
    expect(duration?.descriptor.unit).toBe("s");
    const ledgerPoints = (duration?.dataPoints ?? []).filter((p) => p.attributes["outbound.downstream"] === "ledger");
    expect(ledgerPoints.map((p) => p.attributes)).toEqual([
      {
        "http.request.method": "GET",
        "url.template": "/charges/{chargeId}",
        "server.address": "127.0.0.1",
        "server.port": server.port,
        "http.response.status_code": 503,
        "error.type": "503",
        "outbound.downstream": "ledger",
      },
    ]);
    const histogram = ledgerPoints[0]?.value as { count: number; sum: number };
    expect(histogram.count).toBe(2);
    expect(histogram.sum).toBeGreaterThan(0);
    expect(histogram.sum).toBeLessThan(elapsedS);

    const [retries] = await metricPoints("outbound.client.retries");
    expect(
      retries?.dataPoints
        .filter((p) => p.attributes["outbound.downstream"] === "ledger")
        .map((p) => [p.attributes["outbound.retry.delay_source"], p.value]),
    ).toEqual([["backoff", 1]]);
    const [transitions] = await metricPoints("outbound.client.breaker.transitions");
    expect(
      transitions?.dataPoints
        .filter((p) => p.attributes["outbound.downstream"] === "ledger")
        .map((p) => [p.attributes["outbound.breaker.state"], p.value]),
    ).toEqual([["open", 1]]);
  });

  it("marks the logical span as an error with the error code, never the message", async () => {
    const downstream = createDownstream(
      { name: "payments", transport, attemptTimeoutMs: 50, retry: { maxAttempts: 1 } },
      [getCharge],
    );
    const hang = await startTestServer(() => undefined);
    await downstream
      .call(getCharge, undefined, (fetch) => looseClient(hang.url).GET("/charges/x", { fetch }))
      .catch(() => undefined);
    await hang.close();
    const logical = spans.getFinishedSpans().find((s) => s.name === "getCharge");
    expect([logical?.status.code, logical?.attributes["error.type"]]).toEqual([SpanStatusCode.ERROR, "TIMEOUT"]);
    const attempt = spans.getFinishedSpans().find((s) => s.name === "GET /charges/{chargeId}");
    expect(attempt?.attributes["error.type"]).toBe("timeout");
  });
});
