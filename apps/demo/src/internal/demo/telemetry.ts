import { context, metrics, propagation, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPMetricExporter } from "@opentelemetry/exporter-metrics-otlp-http";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  type MetricReader,
  PeriodicExportingMetricReader,
  type ResourceMetrics,
} from "@opentelemetry/sdk-metrics";
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanProcessor,
} from "@opentelemetry/sdk-trace-base";

/** The demo's OpenTelemetry SDK: spans and metrics in memory for the report, and over OTLP when configured. */
export interface DemoTelemetry {
  /** Whether OTLP export is on (an `OTEL_EXPORTER_OTLP_*ENDPOINT` variable is set). */
  readonly otlp: boolean;
  /** Every span finished so far. */
  spans(): readonly ReadableSpan[];
  /** Collects the metrics recorded so far (cumulative). */
  collectMetrics(): Promise<readonly ResourceMetrics[]>;
  /** Flushes the exporters, closes the providers and unregisters them. */
  shutdown(): Promise<void>;
}

type Env = Readonly<Record<string, string | undefined>>;

/** True when the standard OTLP endpoint variables ask for export of `signal`. */
function otlpWanted(env: Env, signal: "TRACES" | "METRICS"): boolean {
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || env[`OTEL_EXPORTER_OTLP_${signal}_ENDPOINT`]?.trim());
}

/**
 * Registers the OpenTelemetry SDK globally. The OTLP/HTTP exporters read the standard variables themselves
 * (`OTEL_EXPORTER_OTLP_ENDPOINT`, `..._TRACES_ENDPOINT`, `..._HEADERS`, `..._TIMEOUT` ...); the service name is
 * `OTEL_SERVICE_NAME` or `outbound-demo`.
 */
export function startTelemetry(env: Env = process.env): DemoTelemetry {
  const resource = resourceFromAttributes({ "service.name": env.OTEL_SERVICE_NAME?.trim() || "outbound-demo" });
  const memorySpans = new InMemorySpanExporter();
  const spanProcessors: SpanProcessor[] = [new SimpleSpanProcessor(memorySpans)];
  if (otlpWanted(env, "TRACES")) spanProcessors.push(new BatchSpanProcessor(new OTLPTraceExporter()));
  const tracerProvider = new BasicTracerProvider({ resource, spanProcessors });

  const memoryMetrics = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const memoryReader = new PeriodicExportingMetricReader({ exporter: memoryMetrics, exportIntervalMillis: 3_600_000 });
  const readers: MetricReader[] = [memoryReader];
  if (otlpWanted(env, "METRICS"))
    readers.push(
      new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter(), exportIntervalMillis: 5_000 }),
    );
  const meterProvider = new MeterProvider({ resource, readers });

  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);

  return {
    otlp: otlpWanted(env, "TRACES") || otlpWanted(env, "METRICS"),
    spans: () => memorySpans.getFinishedSpans(),
    async collectMetrics() {
      await memoryReader.forceFlush();
      return memoryMetrics.getMetrics();
    },
    async shutdown() {
      await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
      trace.disable();
      metrics.disable();
      propagation.disable();
      context.disable();
    },
  };
}
