import { context, metrics, propagation, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { type ExportResult, ExportResultCode, W3CTraceContextPropagator } from "@opentelemetry/core";
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from "@opentelemetry/sdk-metrics";
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
} from "@opentelemetry/sdk-trace-base";

/** A span exporter that counts what it receives and keeps nothing: the SDK does all its recording work, no I/O. */
class CountingSpanExporter implements SpanExporter {
  exported = 0;
  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.exported += spans.length;
    done({ code: ExportResultCode.SUCCESS });
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** A registered OpenTelemetry SDK: tracer and meter providers, async-hooks context, W3C propagation. */
export interface RecordingSdk {
  /** Spans handed to the exporter so far. */
  exportedSpans(): number;
  shutdown(): Promise<void>;
}

/**
 * Registers a real OpenTelemetry SDK globally, as a service would: BatchSpanProcessor (default queue and batch
 * sizes) into a counting exporter, a MeterProvider with a periodic reader (delta temporality, exported every
 * second), AsyncLocalStorage context and the W3C trace-context propagator.
 */
export function registerRecordingSdk(): RecordingSdk {
  const spans = new CountingSpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(spans)] });
  const meterProvider = new MeterProvider({
    readers: [
      new PeriodicExportingMetricReader({
        exporter: new InMemoryMetricExporter(AggregationTemporality.DELTA),
        exportIntervalMillis: 1_000,
      }),
    ],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
  return {
    exportedSpans: () => spans.exported,
    shutdown: async () => {
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
    },
  };
}
