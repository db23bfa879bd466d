/**
 * `createOperationClient`, the body of every generated `create<Name>Client`, on a real server: one method per
 * operation of the table, credentials sent as the declarative auth schemes say (and validated at construction),
 * the class of each operation honoured (one Idempotency-Key on every attempt of a keyed call, no retry of an unsafe
 * one even when the types are bypassed), and `defineOperations` freezing the table all the way down.
 */
import { trace } from "@opentelemetry/api";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type AnyCallOptions,
  type AuthScheme,
  type ClientDescription,
  createOperationClient,
  createTransport,
  defineOperations,
  type IdempotentCallOptions,
  isAbortedError,
  isInvalidOptionsError,
  type KeyedCallOptions,
  type OperationMeta,
  type UnsafeCallOptions,
} from "./support/runtime.js";
import { json, startTestServer, type TestServer } from "./support/test-server.js";

interface paths {
  "/items": {
    get: {
      parameters: { query?: { tag?: string[] } };
      responses: { 200: { content: { "application/json": { n: number } } } };
    };
    post: {
      requestBody: { content: { "application/json": { name: string } } };
      responses: { 503: { content: { "application/json": { error: string } } } };
    };
  };
  "/messages": {
    post: { responses: { 503: { content: { "application/json": { error: string } } } } };
  };
}

interface TestOperations {
  readonly listItems: { readonly path: "/items"; readonly method: "get"; readonly options: IdempotentCallOptions };
  readonly createItem: { readonly path: "/items"; readonly method: "post"; readonly options: KeyedCallOptions };
  readonly sendMessage: { readonly path: "/messages"; readonly method: "post"; readonly options: UnsafeCallOptions };
}

const operations = defineOperations({
  listItems: {
    operationId: "listItems",
    method: "GET",
    path: "/items",
    class: "idempotent",
    retry: { on: [503] },
    query: { tag: { style: "form", explode: false } },
  },
  createItem: {
    operationId: "createItem",
    method: "POST",
    path: "/items",
    class: "keyed",
    idempotencyHeader: "Idempotency-Key",
  },
  sendMessage: { operationId: "sendMessage", method: "POST", path: "/messages", class: "unsafe" },
});

const AUTH: readonly AuthScheme[] = [
  { field: "token", kind: "bearer" },
  { field: "partner", kind: "apiKey", in: "header", name: "X-Partner-Key" },
  { field: "queryKey", kind: "apiKey", in: "query", name: "api_key" },
  { field: "session", kind: "apiKey", in: "cookie", name: "sid" },
];
const DESCRIPTION: ClientDescription = { name: "items", auth: AUTH };
const transport = createTransport();
const fast = { initialDelayMs: 1, maxDelayMs: 1, jitter: "none" } as const;
const spans = new InMemorySpanExporter();
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
let server: TestServer;

beforeAll(async () => {
  trace.setGlobalTracerProvider(tracerProvider);
  server = await startTestServer((req, res) => {
    if (req.url === "/items?tag=hang") return; // never answers
    if (req.method === "GET") json(res, 200, { n: 1 });
    else json(res, 503, { error: "busy" });
  });
});
afterAll(async () => {
  await server.close();
  await transport.close();
  await tracerProvider.shutdown();
});

const client = (auth?: object, description: ClientDescription = DESCRIPTION) =>
  createOperationClient<paths, TestOperations>(
    { baseUrl: server.url, transport, retry: { ...fast, maxAttempts: 2 }, ...(auth === undefined ? {} : { auth }) },
    description,
    operations,
  );

describe("createOperationClient", () => {
  it("has one own method per operation, in table order, then raw and downstream", () => {
    const items = client();
    expect(Object.keys(items)).toEqual(["listItems", "createItem", "sendMessage", "raw", "downstream"]);
    expect(items.downstream.name).toBe("items");
    expect(typeof items.raw.GET).toBe("function");
  });

  it("sends each credential where its scheme says, with the operation's query style", async () => {
    const items = client({ token: "t0k", partner: "p-1", queryKey: "k y", session: "s;1" });
    const first = server.requests.length;
    const { data } = await items.listItems({ params: { query: { tag: ["a", "b"] } } });
    expect(data).toEqual({ n: 1 });
    const seen = server.requests.slice(first);
    expect(seen.map((r) => [r.method, r.url])).toEqual([["GET", "/items?tag=a,b&api_key=k%20y"]]);
    expect([seen[0]?.headers.authorization, seen[0]?.headers["x-partner-key"], seen[0]?.headers.cookie]).toEqual([
      "Bearer t0k",
      "p-1",
      "sid=s%3B1",
    ]);
  });

  it("honours a querySerializer given in the method's init, instead of the operation's query style", async () => {
    const first = server.requests.length;
    const { data } = await client().listItems({
      params: { query: { tag: ["a", "b"] } },
      querySerializer: (query) => `custom=${String(query.tag)}`,
    });
    expect(data).toEqual({ n: 1 });
    expect(server.requests.slice(first).map((r) => r.url)).toEqual(["/items?custom=a,b"]);
  });

  it("ends a call at once when the init's signal aborts: ABORTED with the signal's reason, one request", async () => {
    const controller = new AbortController();
    const reason = new Error("request-level abort");
    setTimeout(() => controller.abort(reason), 50);
    const first = server.requests.length;
    const error: unknown = await client()
      .listItems({ params: { query: { tag: ["hang"] } }, signal: controller.signal })
      .catch((e: unknown) => e);
    expect(isAbortedError(error) && [error.cause, error.attempts]).toEqual([reason, 1]);
    expect(server.requests.slice(first).map((r) => r.url)).toEqual(["/items?tag=hang"]);
  });

  it("refuses two different signals in the init and the call options, nothing sent", async () => {
    const first = server.requests.length;
    const error: unknown = await client()
      .listItems({ signal: new AbortController().signal }, { signal: new AbortController().signal })
      .catch((e: unknown) => e);
    expect(isInvalidOptionsError(error) && [error.option, error.message]).toEqual([
      "signal",
      "Invalid option signal: init.signal and the call options' signal are two different signals. Give the signal once (either place), or combine them with AbortSignal.any() yourself",
    ]);
    expect(server.requests.length).toBe(first);
  });

  it("redacts the credentials its schemes carry: the query key in url.full, no header value in any span", async () => {
    const items = client({ token: "t0k", partner: "p-1", queryKey: "qk", session: "s1" });
    spans.reset();
    await items.listItems({ params: { query: { tag: ["a"] } } });
    const attributes = spans.getFinishedSpans().map((span) => span.attributes);
    expect(attributes.map((a) => a["url.full"]).filter((url) => url !== undefined)).toEqual([
      `${server.url}/items?tag=a&api_key=REDACTED`,
    ]);
    expect(JSON.stringify(attributes)).not.toMatch(/t0k|p-1|qk|s1/);
  });

  it("sends basic credentials as base64 of their UTF-8 bytes (RFC 7617 §2.1)", async () => {
    const items = client(
      { basic: { username: "zoë", password: "p:w" } },
      { name: "items", auth: [{ field: "basic", kind: "basic" }] },
    );
    const first = server.requests.length;
    await items.listItems();
    expect(server.requests.slice(first).map((r) => r.headers.authorization)).toEqual([
      `Basic ${Buffer.from("zoë:p:w", "utf8").toString("base64")}`,
    ]);
  });

  it("sends one Idempotency-Key on every attempt of a keyed call, and retries it", async () => {
    const items = client();
    const first = server.requests.length;
    const { error } = await items.createItem({ body: { name: "n" } }, { idempotencyKey: "key-1" });
    expect(error).toEqual({ error: "busy" });
    expect(server.requests.slice(first).map((r) => r.headers["idempotency-key"])).toEqual(["key-1", "key-1"]);
  });

  it("sends an unsafe call once, even with retry options that bypass the types", async () => {
    const items = client();
    const first = server.requests.length;
    const bypass = { retry: { maxAttempts: 5 } } as AnyCallOptions as UnsafeCallOptions;
    const { error } = await items.sendMessage(undefined, bypass);
    expect(error).toEqual({ error: "busy" });
    expect(server.requests.slice(first).map((r) => r.url)).toEqual(["/messages"]);
  });

  it.each([
    [
      { tokn: "x" },
      "auth.tokn",
      "Invalid option auth.tokn: no security scheme of the spec has this field. Use one of: token, partner, queryKey, session",
    ],
    [
      { token: 42 },
      "auth.token",
      "Invalid option auth.token: expected a string or a token provider function, got number. Pass the credential as a string, or () => string | Promise<string>",
    ],
    [
      { token: "a\r\nx: y" },
      "auth.token",
      "Invalid option auth.token: contains CR, LF or NUL. Pass the credential without line breaks",
    ],
  ])("refuses auth %j at construction, nothing sent", (auth, option, message) => {
    const first = server.requests.length;
    const error = (() => {
      try {
        client(auth);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(isInvalidOptionsError(error) && [error.option, error.message]).toEqual([option, message]);
    expect(server.requests.length).toBe(first);
  });

  it("refuses basic credentials that are not two strings", () => {
    expect(() =>
      client({ basic: { username: "u" } }, { name: "items", auth: [{ field: "basic", kind: "basic" }] }),
    ).toThrow("Invalid option auth.basic: expected { username, password } strings. Pass both as strings");
  });
});

describe("defineOperations", () => {
  it("freezes every nested field, whatever its name", () => {
    const table = defineOperations({
      op: {
        operationId: "op",
        method: "GET",
        path: "/x",
        class: "idempotent",
        timeout: { attemptMs: 5 },
        extra: { nested: { deeper: [1, { deepest: true }] } },
      } as OperationMeta & { extra: { nested: { deeper: [number, { deepest: boolean }] } } },
    });
    const { extra, timeout } = table.op;
    expect([
      Object.isFrozen(timeout),
      Object.isFrozen(extra),
      Object.isFrozen(extra.nested),
      Object.isFrozen(extra.nested.deeper),
      Object.isFrozen(extra.nested.deeper[1]),
    ]).toEqual([true, true, true, true, true]);
  });

  it("freezes the table, each operation and its nested policies", () => {
    const list = operations.listItems;
    expect([
      Object.isFrozen(operations),
      Object.isFrozen(list),
      Object.isFrozen(list.retry),
      Object.isFrozen(list.retry.on),
      Object.isFrozen(list.query),
      Object.isFrozen(list.query.tag),
    ]).toEqual([true, true, true, true, true, true]);
    expect(list.class).toBe("idempotent");
  });
});
