import { context, propagation, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";

/** W3C Trace Context `traceparent` (version 00): trace-id, parent-id, flags. */
export const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;

/** The real OpenTelemetry SDK, registered globally, exporting finished spans to memory. */
export interface Tracing {
  /** Finished spans of one trace. */
  spansOf(traceId: string): ReadableSpan[];
  shutdown(): Promise<void>;
}

/** Registers the W3C propagator, an async-hooks context manager and an SDK tracer provider for this worker. */
export function startTracing(): Tracing {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  return {
    spansOf: (traceId) => exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId),
    shutdown: async () => {
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}
