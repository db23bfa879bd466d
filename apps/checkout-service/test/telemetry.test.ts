import { context, propagation, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckoutService } from "../src/index.js";
import { type Downstreams, orderBody, postOrder, startDownstreams, startService } from "./downstreams.js";

const exporter = new InMemorySpanExporter();
const contextManager = new AsyncLocalStorageContextManager().enable();
let downstreams: Downstreams;
let service: CheckoutService;
let url: string;

beforeAll(async () => {
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  downstreams = await startDownstreams();
  ({ service, url } = await startService(downstreams));
});

afterAll(async () => {
  await service.close();
  await downstreams.close();
  trace.disable();
  context.disable();
  propagation.disable();
});

const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

describe("tracing an order (real OpenTelemetry SDK, in-memory exporter)", () => {
  it("puts every downstream call under one SERVER span per order, continuing the caller's trace", async () => {
    downstreams.payments.setFaultPlan("createCharge", {
      mode: "script",
      steps: [{ kind: "respond", status: 503, retryAfter: { ms: 50 } }],
    });
    const callerTraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const answer = await postOrder(url, orderBody("ord-trace-1"), {
      traceparent: `00-${callerTraceId}-00f067aa0ba902b7-01`,
    });
    expect(answer.status).toBe(201);

    const spans = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === callerTraceId);
    const server = spans.find((s) => s.name === "POST /orders");
    expect(server?.attributes).toMatchObject({
      "http.route": "/orders",
      "http.response.status_code": 201,
      "outbound.order_id": "ord-trace-1",
    });
    expect(parentOf(server as ReadableSpan)).toBe("00f067aa0ba902b7");

    const calls = spans.filter((s) => parentOf(s) === server?.spanContext().spanId);
    expect(calls.map((s) => s.name)).toEqual(["reserveStock", "createCharge", "sendMessage"]);
    const charge = calls[1] as ReadableSpan;
    const attempts = spans.filter((s) => parentOf(s) === charge.spanContext().spanId);
    expect(
      attempts.map((s) => [
        s.name,
        s.attributes["http.response.status_code"],
        s.attributes["http.request.resend_count"],
      ]),
    ).toEqual([
      ["POST /charges", 503, undefined],
      ["POST /charges", 201, 1],
    ]);

    const traceparents = downstreams.payments.requestsFor("createCharge").map((r) => r.headers.traceparent?.split("-"));
    expect(traceparents.map((parts) => parts?.[1])).toEqual([callerTraceId, callerTraceId]);
    expect(traceparents.map((parts) => parts?.[2])).toEqual(attempts.map((s) => s.spanContext().spanId));
  });
});
