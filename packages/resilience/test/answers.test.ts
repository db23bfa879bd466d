/**
 * Answers by media type through a generated-style client on a real server: JSON, text, XML as text, binary as a
 * Blob by default and as each `parseAs` asks, empty answers, error statuses with text and binary bodies, the
 * `Accept` header per operation, and a JSON operation answered with HTML as a typed RESPONSE_PARSE.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOperationClient,
  createTransport,
  defineOperations,
  type IdempotentCallOptions,
  isResponseParseError,
} from "./support/runtime.js";
import { startTestServer, type TestServer } from "./support/test-server.js";

interface paths {
  "/report": {
    get: {
      responses: {
        200: { content: { "application/pdf": string } };
        404: { content: { "text/plain": string } };
        500: { content: { "application/octet-stream": string } };
      };
    };
  };
  "/note": { get: { responses: { 200: { content: { "text/plain": string } } } } };
  "/feed": { get: { responses: { 200: { content: { "application/atom+xml": string } } } } };
  "/thing": {
    get: {
      responses: { 200: { content: { "application/json": { id: string }; "text/csv": string } } };
    };
    delete: { responses: { 204: { content?: never } } };
  };
}

interface Ops {
  readonly getReport: {
    readonly path: "/report";
    readonly method: "get";
    readonly options: IdempotentCallOptions;
    readonly answer: "blob";
  };
  readonly getNote: {
    readonly path: "/note";
    readonly method: "get";
    readonly options: IdempotentCallOptions;
    readonly answer: "text";
  };
  readonly getFeed: {
    readonly path: "/feed";
    readonly method: "get";
    readonly options: IdempotentCallOptions;
    readonly answer: "text";
  };
  readonly getThing: { readonly path: "/thing"; readonly method: "get"; readonly options: IdempotentCallOptions };
  readonly deleteThing: { readonly path: "/thing"; readonly method: "delete"; readonly options: IdempotentCallOptions };
}

const operations = defineOperations({
  getReport: {
    operationId: "getReport",
    method: "GET",
    path: "/report",
    class: "idempotent",
    accept: "application/pdf, text/plain, application/octet-stream",
    answers: { "200": "blob", "404": "text", "500": "blob" },
  },
  getNote: {
    operationId: "getNote",
    method: "GET",
    path: "/note",
    class: "idempotent",
    accept: "text/plain",
    answers: { "200": "text" },
  },
  getFeed: {
    operationId: "getFeed",
    method: "GET",
    path: "/feed",
    class: "idempotent",
    accept: "application/atom+xml",
    answers: { "200": "text" },
  },
  getThing: {
    operationId: "getThing",
    method: "GET",
    path: "/thing",
    class: "idempotent",
    accept: "application/json, text/csv",
  },
  deleteThing: { operationId: "deleteThing", method: "DELETE", path: "/thing", class: "idempotent" },
});

/** 64 KiB of every byte value, not valid UTF-8: a text read would change it. */
const PDF = Buffer.from(Array.from({ length: 65_536 }, (_, i) => (i * 7919) % 256));
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const NOTE = "héllo, wörld\nline two";
const FEED = '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>';
const transport = createTransport();
let server: TestServer;
let mode = "ok";

beforeAll(async () => {
  server = await startTestServer((req, res) => {
    const send = (status: number, type: string | undefined, body: string | Buffer) => {
      res.writeHead(status, type === undefined ? {} : { "content-type": type });
      res.end(body);
    };
    if (req.url === "/report") {
      if (mode === "404") return send(404, "text/plain; charset=utf-8", "no such report");
      if (mode === "500") return send(500, "application/octet-stream", PDF.subarray(0, 300));
      return send(200, "application/pdf", PDF);
    }
    if (req.url === "/note") return send(200, "text/plain; charset=utf-8", NOTE);
    if (req.url === "/feed") return send(200, "application/atom+xml", FEED);
    if (req.method === "DELETE") return send(204, undefined, "");
    if (mode === "html") return send(200, "text/html", "<html><body>Sign in</body></html>");
    return send(200, "application/json", JSON.stringify({ id: "t1" }));
  });
});
afterAll(async () => {
  await server.close();
  await transport.close();
});

function client() {
  return createOperationClient<paths, Ops>(
    { baseUrl: server.url, transport, retry: { maxAttempts: 1 } },
    { name: "answers", auth: [] },
    operations,
  );
}

describe("answers by media type", () => {
  it("reads a binary answer as a Blob by default, bytes exact, typed by its Content-Type", async () => {
    mode = "ok";
    const { data, response } = await client().getReport();
    expect(data).toBeInstanceOf(Blob);
    expect([data?.type, data?.size, sha256(new Uint8Array((await data?.arrayBuffer()) ?? new ArrayBuffer(0)))]).toEqual(
      ["application/pdf", PDF.length, sha256(PDF)],
    );
    expect(response.status).toBe(200);
  });

  it("reads the same answer as each parseAs asks, bytes exact", async () => {
    mode = "ok";
    const asBuffer = await client().getReport({ parseAs: "arrayBuffer" });
    expect(sha256(new Uint8Array(asBuffer.data ?? new ArrayBuffer(0)))).toBe(sha256(PDF));
    const asStream = await client().getReport({ parseAs: "stream" });
    const streamed = new Uint8Array(await new Response(asStream.data).arrayBuffer());
    expect(sha256(streamed)).toBe(sha256(PDF));
    const asBlob = await client().getReport({ parseAs: "blob" });
    expect(sha256(new Uint8Array((await asBlob.data?.arrayBuffer()) ?? new ArrayBuffer(0)))).toBe(sha256(PDF));
  });

  it("reads text and XML as strings, exactly", async () => {
    expect((await client().getNote()).data).toBe(NOTE);
    expect((await client().getFeed()).data).toBe(FEED);
  });

  it("reads JSON as JSON, and an empty 204 as nothing", async () => {
    mode = "ok";
    expect((await client().getThing()).data).toEqual({ id: "t1" });
    const deleted = await client().deleteThing();
    expect([deleted.data, deleted.error, deleted.response.status]).toEqual([undefined, undefined, 204]);
  });

  it("reads an error status's text body as a string and its binary body as a Blob", async () => {
    mode = "404";
    const missing = await client().getReport();
    expect([missing.data, missing.error, missing.response.status]).toEqual([undefined, "no such report", 404]);
    mode = "500";
    const failed = await client().getReport();
    const blob = failed.error as unknown as Blob;
    expect(blob).toBeInstanceOf(Blob);
    expect([blob.type, sha256(new Uint8Array(await blob.arrayBuffer()))]).toEqual([
      "application/octet-stream",
      sha256(PDF.subarray(0, 300)),
    ]);
    expect(failed.response.status).toBe(500);
  });

  it("sends the operation's Accept, unless the caller set one", async () => {
    mode = "ok";
    await client().getReport();
    expect(server.requests.at(-1)?.headers.accept).toBe("application/pdf, text/plain, application/octet-stream");
    await client().getThing();
    expect(server.requests.at(-1)?.headers.accept).toBe("application/json, text/csv");
    await client().getThing(undefined, { headers: { Accept: "text/csv" } });
    expect(server.requests.at(-1)?.headers.accept).toBe("text/csv");
    await client().getThing({ headers: { accept: "application/json" } });
    expect(server.requests.at(-1)?.headers.accept).toBe("application/json");
    await client().deleteThing();
    expect(server.requests.at(-1)?.headers.accept).toBeUndefined();
  });

  it("fails a JSON operation answered text/html with RESPONSE_PARSE naming text/html and the way out", async () => {
    mode = "html";
    const error: unknown = await client()
      .getThing()
      .catch((e: unknown) => e);
    expect(isResponseParseError(error) && [error.status, error.contentType, error.attempts]).toEqual([
      200,
      "text/html",
      1,
    ]);
    expect((error as Error).message).toBe(
      'answers getThing: response body could not be parsed (HTTP 200, content-type text/html): the operation is read as JSON but the answer is text/html; pass parseAs "text" or "blob" to read it, or check the base URL (an HTML page often comes from a proxy or a wrong host)',
    );
    const asText = await client().getThing({ parseAs: "text" });
    expect(asText.data).toBe("<html><body>Sign in</body></html>");
  });
});
