import { createServer } from "node:net";
import { inspect } from "node:util";
import { context, metrics, propagation, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from "@opentelemetry/sdk-metrics";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import createClient from "openapi-fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { op } from "./support/operations.js";
import {
  type AnyCallOptions,
  createDownstream,
  createOperationClient,
  createTransport,
  type DownstreamOptions,
  defineOperations,
  type IdempotentCallOptions,
  isOutboundError,
  type OutboundErrorCode,
} from "./support/runtime.js";
import { delay, json, startTestServer, type TestServer } from "./support/test-server.js";

/**
 * Issue 8, secrets: with a canary bearer token, API key and secret query value configured the way a generated
 * client configures them, every path (errors of every code, spans, span events, metrics, hooks, console output,
 * `toString()` / `JSON.stringify` / `util.inspect` of every error and its causes) is run, and the canaries appear
 * nowhere. The server must have received them, so the test proves they were in play.
 */

const TOKEN = "canary-bearer-3f9a1c7e";
const API_KEY = "canary-apikey-51e0d2b8";
const QUERY_SECRET = "canary-query-9b47aa10";
/** The canaries, and their last 8 characters (a partial leak, e.g. a quoted snippet, counts too). */
const CANARIES = [TOKEN, API_KEY, QUERY_SECRET].flatMap((canary) => [canary, canary.slice(-8)]);

const spans = new InMemorySpanExporter();
const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 60_000 });
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
const meterProvider = new MeterProvider({ readers: [reader] });
const transport = createTransport({ connectTimeoutMs: 500 });
const getCharge = op("getCharge", "GET", "/charges/{scenario}", "idempotent");
const createCharge = op("createCharge", "POST", "/charges/{scenario}", "keyed");
const hookEvents: unknown[] = [];
const consoleLines: string[] = [];
const errors: unknown[] = [];
let server: TestServer;
let closedPort = 0;

beforeAll(async () => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
  server = await startTestServer((req, res) => {
    const scenario = new URL(req.url ?? "/", "http://x").pathname.split("/")[2] ?? "";
    if (scenario === "hang") return;
    if (scenario === "reset") req.socket.destroy();
    else if (scenario === "busy") json(res, 503, { error: "busy" });
    else if (scenario === "later") json(res, 429, { error: "later" }, { "retry-after": "3600" });
    else if (scenario === "bad-json") {
      res.writeHead(200, { "content-type": "application/json" });
      // A body that quotes the credential where JSON.parse fails: V8 quotes ~10 characters around the error.
      res.end(`["${String(req.headers.authorization)}",x]`);
    } else json(res, 200, { id: "ch_1" });
  });
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  closedPort = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
});
afterAll(async () => {
  await server.close();
  await transport.close();
  await tracerProvider.shutdown();
  await meterProvider.shutdown();
});

/** A client wired as generated code wires it: auth in a middleware, secret headers and query params declared. */
function client(options: Partial<DownstreamOptions> = {}, baseUrl = server.url) {
  const downstream = createDownstream(
    {
      name: "payments",
      transport,
      secretHeaders: ["authorization", "x-api-key"],
      secretQueryParams: ["token"],
      retry: { initialDelayMs: 1, maxDelayMs: 2 },
      hooks: {
        onAttempt: (e) => hookEvents.push(e),
        onRetry: (e) => hookEvents.push(e),
        onGiveUp: (e) => hookEvents.push(e),
        onBreak: (e) => hookEvents.push(e),
        onHalfOpen: (e) => hookEvents.push(e),
        onReset: (e) => hookEvents.push(e),
      },
      ...options,
    },
    [getCharge, createCharge],
  );
  const raw = createClient({ baseUrl });
  raw.use({
    onRequest: ({ request }) => {
      request.headers.set("authorization", `Bearer ${TOKEN}`);
      request.headers.set("x-api-key", API_KEY);
      return request;
    },
  });
  const loose = raw as unknown as {
    request: (method: string, path: string, init: Record<string, unknown>) => Promise<{ response: Response }>;
  };
  const call = (scenario: string, callOptions?: AnyCallOptions, keyed = false) =>
    downstream
      .call(keyed ? createCharge : getCharge, callOptions, (fetch) =>
        loose.request(keyed ? "POST" : "GET", "/charges/{scenario}", {
          fetch,
          pathSerializer: downstream.operation(keyed ? createCharge : getCharge).pathSerializer,
          params: { path: { scenario }, query: { token: QUERY_SECRET, expand: "fee" } },
          ...(keyed ? { body: { amount: 1 } } : {}),
        }),
      )
      .then(
        (result) => result,
        (error: unknown) => {
          errors.push(error);
          return error;
        },
      );
  return { downstream, call };
}

function codeOf(value: unknown): OutboundErrorCode | "value" {
  return isOutboundError(value) ? value.code : "value";
}

/** Every rendering of an error a log line could hold, its cause chain included. */
function renderings(error: unknown): string[] {
  const out: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 10; depth += 1) {
    out.push(String(current), JSON.stringify(current) ?? "", inspect(current, { depth: null, showHidden: true }));
    if (current instanceof Error) out.push(current.stack ?? "", current.message);
    current = current instanceof Error ? current.cause : undefined;
  }
  return out;
}

describe("canary secrets never leave the request", () => {
  it("run through every error code, hooks, spans, events, metrics and console", async () => {
    const original = { log: console.log, warn: console.warn, error: console.error, debug: console.debug };
    for (const name of ["log", "warn", "error", "debug", "info"] as const) {
      console[name] = (...args: unknown[]) => consoleLines.push(args.map((a) => inspect(a)).join(" "));
    }
    const codes: string[] = [];
    try {
      const plain = client();
      codes.push(codeOf(await plain.call("ok")));
      codes.push(codeOf(await client({ attemptTimeoutMs: 100, retry: { maxAttempts: 1 } }).call("hang")));
      codes.push(codeOf(await client({ totalTimeoutMs: 150, attemptTimeoutMs: 1_000 }).call("hang")));
      codes.push(codeOf(await plain.call("reset", undefined, true)));
      codes.push(codeOf(await client({}, `http://127.0.0.1:${closedPort}`).call("ok")));
      codes.push(codeOf(await client({ retryBudget: { ratio: 0, minConcurrentRetries: 0 } }).call("busy")));
      codes.push(codeOf(await plain.call("later")));
      codes.push(codeOf(await plain.call("bad-json")));
      codes.push(codeOf(await plain.call("..")));
      const controller = new AbortController();
      const aborted = plain.call("hang", { signal: controller.signal });
      setTimeout(() => controller.abort(new Error("caller gave up")), 50);
      codes.push(codeOf(await aborted));
      const bulk = client({ bulkhead: { maxConcurrent: 1, maxQueue: 0 }, attemptTimeoutMs: 200 });
      const holding = bulk.call("hang");
      await delay(30);
      codes.push(codeOf(await bulk.call("ok")));
      await holding;
      const breaker = client({
        breaker: { windowSize: 2, minimumCalls: 2, failureRatio: 0.5, halfOpenAfterMs: 50 },
        retry: { maxAttempts: 1 },
      });
      await breaker.call("busy");
      await breaker.call("busy");
      codes.push(codeOf(await breaker.call("ok")));
      await delay(60);
      codes.push(codeOf(await breaker.call("ok")));
    } finally {
      Object.assign(console, original);
    }
    expect(codes).toEqual([
      "value",
      "TIMEOUT",
      "DEADLINE_EXCEEDED",
      "NETWORK",
      "NETWORK",
      "RETRY_BUDGET_EXHAUSTED",
      "RETRY_AFTER_TOO_LONG",
      "RESPONSE_PARSE",
      "INVALID_REQUEST",
      "ABORTED",
      "BULKHEAD_FULL",
      "CIRCUIT_OPEN",
      "value",
    ]);
    // HTTP_STATUS appears as a cause (the budget refused to retry a 503).
    expect(errors.some((e) => isOutboundError(e) && isOutboundError(e.cause) && e.cause.code === "HTTP_STATUS")).toBe(
      true,
    );
    // The canaries were on the wire: the server saw every one of them.
    const seen = JSON.stringify(server.requests.map((r) => [r.url, r.headers]));
    for (const canary of CANARIES) expect(seen).toContain(canary);

    await reader.forceFlush();
    const finished = spans.getFinishedSpans();
    const places: Record<string, string> = {
      errors: errors.flatMap(renderings).join("\n"),
      hooks: JSON.stringify(hookEvents),
      spans: inspect(
        finished.map((s) => [s.name, s.attributes, s.events, s.status, s.links]),
        { depth: null },
      ),
      metrics: JSON.stringify(metricExporter.getMetrics()),
      console: consoleLines.join("\n"),
    };
    expect(finished.length).toBeGreaterThan(20);
    expect((hookEvents as { state?: string }[]).filter((e) => e.state !== undefined).map((e) => e.state)).toEqual([
      "open",
      "half-open",
      "closed",
    ]);
    expect(places.metrics).toContain("http.client.request.duration");
    expect(places.spans).toContain("outbound.retry");
    expect(places.spans).toContain("REDACTED");
    for (const [where, text] of Object.entries(places)) {
      for (const canary of CANARIES) expect({ where, leaked: text.includes(canary) }).toEqual({ where, leaked: false });
    }
  });

  it("token providers and OAuth client credentials: the client secret and issued tokens reach only the wire", async () => {
    const CLIENT_SECRET = "canary-secret-7c21e9d4";
    const ISSUED = "canary-access-0e6b3f58";
    const PROVIDED = "canary-provided-a41d77c2";
    const canaries = [CLIENT_SECRET, ISSUED, PROVIDED].flatMap((canary) => [canary, canary.slice(-8)]);
    spans.reset();
    const seenHooks: unknown[] = [];
    const seenErrors: unknown[] = [];
    let tokenScenario = "busy-then-ok";
    let issued = 0;
    const tokens = await startTestServer((_req, res) => {
      issued += 1;
      if (tokenScenario === "busy-then-ok" && issued === 1) return json(res, 503, { error: CLIENT_SECRET });
      if (tokenScenario === "refused") return json(res, 401, { error: "invalid_client", echo: CLIENT_SECRET });
      if (tokenScenario === "garbage") {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(`{"access_token": "${ISSUED}-${issued}", oops`);
        return;
      }
      return json(res, 200, { access_token: `${ISSUED}-${issued}`, expires_in: 3600 });
    });
    let revoked = "";
    const api = await startTestServer((req, res) => {
      const auth = req.headers.authorization ?? "";
      if (auth === revoked) return json(res, 401, { error: `invalid_token ${auth}` });
      return json(res, 200, { n: 1, echo: auth });
    });
    const hooks = {
      onAttempt: (e: unknown) => seenHooks.push(e),
      onRetry: (e: unknown) => seenHooks.push(e),
      onGiveUp: (e: unknown) => seenHooks.push(e),
    };
    const operations = defineOperations({
      getCharge: { operationId: "getCharge", method: "GET", path: "/charge", class: "idempotent" },
    });
    type Paths = { "/charge": { get: { responses: { 200: { content: { "application/json": unknown } } } } } };
    type Ops = { getCharge: { path: "/charge"; method: "get"; options: IdempotentCallOptions } };
    const make = (auth: object, scopes: string[]) =>
      createOperationClient<Paths, Ops>(
        { baseUrl: api.url, transport, retry: { initialDelayMs: 1, maxDelayMs: 2 }, hooks, auth },
        {
          name: "payments",
          auth: [
            { field: "oauth", kind: "bearer", oauth2: { tokenUrl: `${tokens.url}/token`, scopes } },
            { field: "key", kind: "apiKey", in: "query", name: "token" },
          ],
        },
        operations,
      );
    const oauth = { clientId: "shop", clientSecret: CLIENT_SECRET };
    const settle = (promise: Promise<unknown>) => promise.catch((error: unknown) => seenErrors.push(error));
    try {
      const shop = make({ oauth, key: async () => PROVIDED }, ["a"]);
      await settle(shop.getCharge());
      revoked = `Bearer ${ISSUED}-2`;
      await settle(shop.getCharge());
      tokenScenario = "refused";
      await settle(make({ oauth }, ["b"]).getCharge());
      tokenScenario = "garbage";
      await settle(make({ oauth }, ["c"]).getCharge());
    } finally {
      await Promise.all([tokens.close(), api.close()]);
    }
    expect(seenErrors.map(codeOf)).toEqual(["HTTP_STATUS", "RESPONSE_PARSE"]);
    const wire = JSON.stringify(
      [...tokens.requests, ...api.requests].map((r) => [r.url, r.headers, r.body.toString()]),
    );
    for (const canary of [ISSUED, PROVIDED, Buffer.from(`shop:${CLIENT_SECRET}`).toString("base64")])
      expect(wire).toContain(canary);
    const finished = spans.getFinishedSpans();
    expect(finished.map((s) => s.name)).toContain("POST /token");
    const places: Record<string, string> = {
      errors: seenErrors.flatMap(renderings).join("\n"),
      hooks: JSON.stringify(seenHooks),
      spans: inspect(
        finished.map((s) => [s.name, s.attributes, s.events, s.status, s.links]),
        { depth: null },
      ),
    };
    for (const [where, text] of Object.entries(places)) {
      for (const canary of canaries) expect({ where, leaked: text.includes(canary) }).toEqual({ where, leaked: false });
    }
  });
});
