/**
 * Telemetry without a tracer SDK (the no-op tracer) but with a context manager and the W3C propagator, as a service
 * that only forwards trace context has: every attempt carries the inbound trace context unchanged, and nothing is
 * sent when there is none.
 */
import { context, propagation, ROOT_CONTEXT, type SpanContext, TraceFlags, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { looseClient } from "./support/client.js";
import { op } from "./support/operations.js";
import { createDownstream, createTransport } from "./support/runtime.js";
import { json, startTestServer, type TestServer } from "./support/test-server.js";

const transport = createTransport();
const getCharge = op("getCharge", "GET", "/charges/{chargeId}", "idempotent");
const inbound: SpanContext = {
  traceId: "0af7651916cd43dd8448eb211c80319c",
  spanId: "b7ad6b7169203331",
  traceFlags: TraceFlags.SAMPLED,
  isRemote: true,
};
let server: TestServer;

beforeAll(async () => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  server = await startTestServer((_req, res, _seen, index) => {
    if (index % 2 === 0) json(res, 503, { error: "busy" }, { "retry-after": "0" });
    else json(res, 200, { id: "ch_1" });
  });
});
afterAll(async () => {
  await server.close();
  await transport.close();
  context.disable();
  propagation.disable();
});

it("forwards the inbound trace context on every attempt, and sends none without one", async () => {
  const downstream = createDownstream({ name: "payments", transport }, [getCharge]);
  const client = looseClient(server.url);
  const before = server.requests.length;
  let seenInside: SpanContext | undefined;
  const result = await context.with(trace.setSpanContext(ROOT_CONTEXT, inbound), () =>
    downstream.call(getCharge, undefined, (fetch) => {
      seenInside = trace.getActiveSpan()?.spanContext();
      return client.GET("/charges/ch_1", { fetch });
    }),
  );
  expect(result.response.status).toBe(200);
  expect(seenInside).toEqual(inbound);
  const forwarded = server.requests.slice(before).map((r) => r.headers.traceparent);
  expect(forwarded).toEqual([
    "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
    "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
  ]);

  const bare = server.requests.length;
  const second = await downstream.call(getCharge, undefined, (fetch) => client.GET("/charges/ch_2", { fetch }));
  expect(second.response.status).toBe(200);
  expect(server.requests.slice(bare).map((r) => r.headers.traceparent)).toEqual([undefined, undefined]);
});
