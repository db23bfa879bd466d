import { context, propagation, type Span, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";

const tracer = () => trace.getTracer("@outbound/checkout-service", "0.1.0");

/**
 * Runs `handle` inside a SERVER span for one inbound request (OpenTelemetry HTTP server conventions:
 * `{METHOD} {http.route}`, `http.request.method`, `http.route`, `http.response.status_code`), continuing the
 * caller's trace from its `traceparent`. Every outbound call made inside becomes a child of this span. A no-op
 * without an OpenTelemetry SDK.
 */
export async function withServerSpan(
  request: Request,
  route: string,
  handle: (span: Span) => Promise<Response>,
): Promise<Response> {
  const carrier = Object.fromEntries(request.headers);
  const parent = propagation.extract(context.active(), carrier);
  const span = tracer().startSpan(
    `${request.method} ${route}`,
    {
      kind: SpanKind.SERVER,
      attributes: {
        "http.request.method": request.method,
        "http.route": route,
        "url.path": new URL(request.url).pathname,
      },
    },
    parent,
  );
  try {
    const response = await context.with(trace.setSpan(parent, span), () => handle(span));
    span.setAttribute("http.response.status_code", response.status);
    if (response.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    return response;
  } catch (error) {
    span.setAttribute("error.type", error instanceof Error ? error.name : "_OTHER");
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw error;
  } finally {
    span.end();
  }
}
