import {
  type Attributes,
  type Context,
  type Counter,
  context,
  type Histogram,
  INVALID_SPAN_CONTEXT,
  type MeterProvider,
  metrics,
  propagation,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  type TracerProvider,
  trace,
} from "@opentelemetry/api";
import { isOutboundError } from "../errors.js";
import type { OperationMeta } from "../operation.js";
import type { Verdict } from "./verdict.js";

const SCOPE = "@outbound/resilience";
const SCOPE_VERSION = "0.1.0";
/** Bucket boundaries (s) the OpenTelemetry HTTP conventions recommend for `http.client.request.duration`. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

interface Instruments {
  readonly duration: Histogram;
  readonly retries: Counter;
  readonly breakerTransitions: Counter;
}

const instrumentsByProvider = new WeakMap<MeterProvider, Instruments>();

/** Instruments of the current global MeterProvider (no-op without an SDK), created once per provider. */
function instruments(): Instruments {
  const provider = metrics.getMeterProvider();
  let found = instrumentsByProvider.get(provider);
  if (found === undefined) {
    const meter = provider.getMeter(SCOPE, SCOPE_VERSION);
    found = {
      duration: meter.createHistogram("http.client.request.duration", {
        unit: "s",
        description: "Duration of HTTP client requests (one per attempt).",
        advice: { explicitBucketBoundaries: DURATION_BUCKETS },
      }),
      retries: meter.createCounter("outbound.client.retries", {
        unit: "{retry}",
        description: "Retries scheduled, by downstream, operation and delay source.",
      }),
      breakerTransitions: meter.createCounter("outbound.client.breaker.transitions", {
        unit: "{transition}",
        description: "Circuit breaker state changes, by the state entered.",
      }),
    };
    instrumentsByProvider.set(provider, found);
  }
  return found;
}

const tracersByProvider = new WeakMap<TracerProvider, Tracer>();

/**
 * The tracer of the current global TracerProvider, created once per provider (`trace.getTracer` would make a new
 * ProxyTracer on every call). The API's proxy provider stays the same object when an SDK registers later, and its
 * tracer then delegates to the SDK's; `trace.disable()` replaces the proxy, so the cache follows.
 */
function tracer(): Tracer {
  const provider = trace.getTracerProvider();
  let found = tracersByProvider.get(provider);
  if (found === undefined) {
    found = provider.getTracer(SCOPE, SCOPE_VERSION);
    tracersByProvider.set(provider, found);
  }
  return found;
}

/** The span of one logical call, named after the operationId. */
export interface CallTelemetry {
  /** OpenTelemetry context holding the call span (parent of every attempt span). */
  readonly context: Context;
  /** Adds an event to the call span. */
  event(name: string, attributes: Attributes): void;
  /** Ends the call span, recording `error` (type only, never its message with possible secrets) if given. */
  end(error?: unknown): void;
}

/**
 * `parent` with `span` set on it, or `parent` itself when that changes nothing anyone can see: a non-recording span
 * (no SDK: the no-op tracer hands back the parent's own span context) under a parent span that does not record
 * either. Children and injected headers then read the very same span context; a context copy per span is saved.
 */
function withSpan(parent: Context, span: Span): Context {
  if (
    !span.isRecording() &&
    span.spanContext() === (trace.getSpanContext(parent) ?? INVALID_SPAN_CONTEXT) &&
    trace.getSpan(parent)?.isRecording() !== true
  )
    return parent;
  return trace.setSpan(parent, span);
}

/** Starts the logical call span as a child of the active context. */
export function startCallTelemetry(downstream: string, operation: OperationMeta): CallTelemetry {
  const active = context.active();
  const span = tracer().startSpan(
    operation.operationId,
    {
      kind: SpanKind.INTERNAL,
      attributes: {
        "outbound.downstream": downstream,
        "outbound.operation_id": operation.operationId,
        "outbound.operation_class": operation.class,
        "url.template": operation.path,
      },
    },
    active,
  );
  return {
    context: withSpan(active, span),
    event: (name, attributes) => span.addEvent(name, attributes),
    end: (error) => {
      if (error !== undefined) {
        span.setAttribute(
          "error.type",
          isOutboundError(error) ? error.code : error instanceof Error ? error.name : "_OTHER",
        );
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
    },
  };
}

/** One attempt's span: a CLIENT span `{METHOD} {url.template}` under the call span. */
export interface AttemptTelemetry {
  /** `traceparent` / `tracestate` for this attempt, from the global propagator (empty without one). */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * Ends the span and records `http.client.request.duration`; `extra` attributes are set on the span first (a
   * stream's events counted, its time to first event).
   */
  end(status: number | undefined, verdict: Verdict, extra?: Attributes): void;
}

/** What an attempt span is about. `fullUrl` must already be redacted. */
export interface AttemptInfo {
  readonly downstream: string;
  readonly operation: OperationMeta;
  readonly method: string;
  readonly url: URL;
  readonly fullUrl: string;
  readonly attempt: number;
}

/**
 * Starts an attempt span and injects the trace context for it. Attributes are built by assignment, not object
 * spread: on Node 20 a spread followed by more keys costs microseconds per object. The span's result attributes
 * are only built while it records; the duration metric is always recorded.
 */
export function startAttemptTelemetry(call: CallTelemetry, info: AttemptInfo): AttemptTelemetry {
  const port = info.url.port === "" ? (info.url.protocol === "https:" ? 443 : 80) : Number(info.url.port);
  const host = info.url.hostname;
  const template = info.operation.path;
  const attributes: Attributes = {
    "http.request.method": info.method,
    "url.template": template,
    "server.address": host,
    "server.port": port,
    "url.full": info.fullUrl,
    "outbound.downstream": info.downstream,
  };
  if (info.attempt > 1) attributes["http.request.resend_count"] = info.attempt - 1;
  const span: Span = tracer().startSpan(
    `${info.method} ${template}`,
    { kind: SpanKind.CLIENT, attributes },
    call.context,
  );
  const headers: Record<string, string> = {};
  propagation.inject(withSpan(call.context, span), headers);
  const started = performance.now();
  return {
    headers,
    end: (status, verdict, extra) => {
      const errorType = verdict.errorType;
      if (span.isRecording()) {
        const result: Attributes = extra === undefined ? {} : { ...extra };
        if (status !== undefined) result["http.response.status_code"] = status;
        if (errorType !== undefined) result["error.type"] = errorType;
        span.setAttributes(result);
        if (errorType !== undefined) span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
      const metric: Attributes = {
        "http.request.method": info.method,
        "url.template": template,
        "server.address": host,
        "server.port": port,
      };
      if (status !== undefined) metric["http.response.status_code"] = status;
      if (errorType !== undefined) metric["error.type"] = errorType;
      metric["outbound.downstream"] = info.downstream;
      instruments().duration.record((performance.now() - started) / 1_000, metric);
    },
  };
}

/** Counts a scheduled retry. */
export function countRetry(downstream: string, operationId: string, source: string): void {
  instruments().retries.add(1, {
    "outbound.downstream": downstream,
    "outbound.operation_id": operationId,
    "outbound.retry.delay_source": source,
  });
}

/** Counts a breaker transition and adds an event to the active span (the call during which it happened). */
export function recordBreakerTransition(downstream: string, operationId: string | undefined, state: string): void {
  const attributes: Attributes = {
    "outbound.downstream": downstream,
    "outbound.breaker.state": state,
    ...(operationId === undefined ? {} : { "outbound.operation_id": operationId }),
  };
  instruments().breakerTransitions.add(1, attributes);
  trace.getActiveSpan()?.addEvent("outbound.breaker.transition", attributes);
}
