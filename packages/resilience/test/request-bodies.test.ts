/**
 * Request bodies by media type through a generated-style client on real 127.0.0.1 servers, asserting the exact bytes
 * on the wire: Stripe-style form bodies (bracket notation at depth 3, repeated keys, arrays per style), multipart
 * with two files and a JSON part (parsed with busboy, SHA-256 of each file), raw bytes, text, the media type choice,
 * bodies refused before any I/O, a replayable body resent byte-identical after a 503, and a stream body not resent
 * after the connection is reset mid-send.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import busboy from "busboy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BinaryValue,
  createOperationClient,
  createTransport,
  defineOperations,
  type IdempotentCallOptions,
  isInvalidRequestError,
  isNetworkError,
  type KeyedCallOptions,
} from "./support/runtime.js";
import { json, type SeenRequest, startTestServer, type TestServer } from "./support/test-server.js";

type Form = Record<string, unknown>;
interface paths {
  "/customers": {
    post: {
      requestBody: { content: { "application/x-www-form-urlencoded": Form } };
      responses: { 200: { content: { "application/json": { id: string } } } };
    };
  };
  "/tags": {
    post: {
      requestBody: { content: { "application/x-www-form-urlencoded": Form } };
      responses: { 200: { content: { "application/json": { id: string } } } };
    };
  };
  "/files": {
    post: {
      requestBody: { content: { "multipart/form-data": Form } };
      responses: { 200: { content: { "application/json": { id: string } } } };
    };
  };
  "/blobs/{id}": {
    put: {
      parameters: { path: { id: string } };
      requestBody: { content: { "application/octet-stream": BinaryValue } };
      responses: { 200: { content: { "application/json": { id: string } } } };
    };
  };
  "/notes": {
    post: {
      requestBody: {
        content: { "application/json": { text: string }; "text/plain": string; "application/xml": string };
      };
      responses: { 200: { content: { "application/json": { id: string } } } };
    };
  };
}

interface Ops {
  readonly createCustomer: {
    readonly path: "/customers";
    readonly method: "post";
    readonly options: KeyedCallOptions;
    readonly body: "application/x-www-form-urlencoded";
  };
  readonly createTags: {
    readonly path: "/tags";
    readonly method: "post";
    readonly options: KeyedCallOptions;
    readonly body: "application/x-www-form-urlencoded";
  };
  readonly postFiles: {
    readonly path: "/files";
    readonly method: "post";
    readonly options: KeyedCallOptions;
    readonly body: "multipart/form-data";
  };
  readonly putBlob: {
    readonly path: "/blobs/{id}";
    readonly method: "put";
    readonly options: IdempotentCallOptions;
    readonly body: "application/octet-stream";
  };
  readonly createNote: {
    readonly path: "/notes";
    readonly method: "post";
    readonly options: KeyedCallOptions;
    readonly body: "application/json";
  };
}

const operations = defineOperations({
  createCustomer: {
    operationId: "PostCustomers",
    method: "POST",
    path: "/customers",
    class: "keyed",
    idempotencyHeader: "Idempotency-Key",
    body: [
      {
        type: "application/x-www-form-urlencoded",
        encoding: {
          metadata: { style: "deepObject", explode: true },
          expand: { style: "deepObject", explode: true },
          shipping: { style: "deepObject", explode: true },
        },
      },
    ],
  },
  createTags: {
    operationId: "createTags",
    method: "POST",
    path: "/tags",
    class: "keyed",
    idempotencyHeader: "Idempotency-Key",
    body: [
      {
        type: "application/x-www-form-urlencoded",
        encoding: {
          csv: { style: "form", explode: false },
          spaced: { style: "spaceDelimited", explode: false },
          piped: { style: "pipeDelimited", explode: false },
          filter: { contentType: "application/json" },
        },
      },
    ],
  },
  postFiles: {
    operationId: "PostFiles",
    method: "POST",
    path: "/files",
    class: "keyed",
    idempotencyHeader: "Idempotency-Key",
    body: [
      {
        type: "multipart/form-data",
        encoding: {
          file_link_data: { style: "deepObject", explode: true },
          scan: { contentType: "image/png" },
        },
      },
    ],
  },
  putBlob: {
    operationId: "putBlob",
    method: "PUT",
    path: "/blobs/{id}",
    class: "idempotent",
    body: [{ type: "application/octet-stream" }],
  },
  createNote: {
    operationId: "createNote",
    method: "POST",
    path: "/notes",
    class: "keyed",
    idempotencyHeader: "Idempotency-Key",
    body: [{ type: "text/plain" }, { type: "application/json" }, { type: "application/xml" }],
  },
});

/** 64 KiB of every byte value, not valid UTF-8: any text conversion would change it. */
const BYTES = Buffer.from(Array.from({ length: 65_536 }, (_, i) => (i * 7919) % 256));
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const transport = createTransport();
let server: TestServer;
/** When set, every first attempt of a call is answered 503 (the server alternates 503, 200). */
let answer503First = false;
let alternate = 0;

beforeAll(async () => {
  server = await startTestServer((_req, res) => {
    if (answer503First && alternate++ % 2 === 0) {
      res.writeHead(503, { "content-type": "application/json" });
      res.end("{}");
      return;
    }
    json(res, 200, { id: "ok" });
  });
});
afterAll(async () => {
  await server.close();
  await transport.close();
});

function client(url = server.url, maxAttempts = 1) {
  return createOperationClient<paths, Ops>(
    { baseUrl: url, transport, retry: { maxAttempts, initialDelayMs: 1, maxDelayMs: 1 } },
    { name: "bodies", auth: [] },
    operations,
  );
}

/** The request the server saw last. */
function last(): SeenRequest {
  const seen = server.requests.at(-1);
  if (seen === undefined) throw new Error("no request seen");
  return seen;
}

describe("application/x-www-form-urlencoded", () => {
  it("sends Stripe's bracket notation at depth 3, arrays indexed, as stripe-node does", async () => {
    const { data } = await client().createCustomer({
      body: {
        email: "jenny@example.com",
        metadata: { order_id: "6735", note: "a&b=c" },
        expand: ["tax", "invoice_settings.default_payment_method"],
        shipping: { address: { line1: "1 Main St", lines: ["x", "y"] }, name: "Jenny Rosen" },
        description: "",
        phone: null,
        name: undefined,
      },
    });
    expect(data).toEqual({ id: "ok" });
    const seen = last();
    expect(seen.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(seen.body.toString()).toBe(
      [
        "email=jenny%40example.com",
        "metadata[order_id]=6735",
        "metadata[note]=a%26b%3Dc",
        "expand[0]=tax",
        "expand[1]=invoice_settings.default_payment_method",
        "shipping[address][line1]=1%20Main%20St",
        "shipping[address][lines][0]=x",
        "shipping[address][lines][1]=y",
        "shipping[name]=Jenny%20Rosen",
        "description=",
      ].join("&"),
    );
  });

  it("sends arrays per style and explode: repeated keys by default, comma, space, pipe; JSON by contentType", async () => {
    await client().createTags({
      body: {
        tag: ["a b", "c"],
        csv: ["x", "y"],
        spaced: ["1", "2"],
        piped: [true, false],
        filter: { status: "open" },
        when: new Date("2026-01-02T03:04:05.000Z"),
        items: [{ price: "p_1", quantity: 2 }],
      },
    });
    expect(last().body.toString()).toBe(
      [
        "tag=a%20b",
        "tag=c",
        "csv=x,y",
        "spaced=1%202",
        "piped=true|false",
        "filter=%7B%22status%22%3A%22open%22%7D",
        "when=2026-01-02T03%3A04%3A05.000Z",
        "items[0][price]=p_1",
        "items[0][quantity]=2",
      ].join("&"),
    );
  });

  it("refuses a Map in a form field and a Blob, before any I/O, naming the JSON pointer and what to pass", async () => {
    const before = server.requests.length;
    const refusals = await Promise.all([
      client()
        .createCustomer({ body: { metadata: { nested: new Map([["a", "b"]]) } } })
        .catch((error: unknown) => error),
      client()
        .createCustomer({ body: { file: new Blob(["x"]) } })
        .catch((error: unknown) => error),
    ]);
    expect(server.requests.length).toBe(before);
    expect(refusals.map((e) => (isInvalidRequestError(e) ? [e.location, e.parameter, e.attempts] : e))).toEqual([
      ["body", "/metadata/nested", 0],
      ["body", "/file", 0],
    ]);
    expect(String((refusals[0] as Error).message)).toContain("got a Map; convert it to a plain object or a string");
    expect(String((refusals[1] as Error).message)).toContain("send files with multipart/form-data");
  });
});

/** Each part busboy parsed: its name, headers as busboy reports them, and its bytes. */
interface Part {
  readonly name: string;
  readonly filename: string | undefined;
  readonly mimeType: string;
  readonly bytes: Buffer;
}

function parseMultipart(seen: SeenRequest): Promise<Part[]> {
  return new Promise((resolve, reject) => {
    const parts: Part[] = [];
    const parser = busboy({ headers: seen.headers as IncomingMessage["headers"] });
    parser.on("file", (name, stream, info) => {
      // Parts are kept in wire order: a file's slot is taken when its headers arrive, filled when it ends.
      const chunks: Buffer[] = [];
      const at = parts.length;
      parts.push({ name, filename: info.filename, mimeType: info.mimeType, bytes: Buffer.alloc(0) });
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        parts[at] = { name, filename: info.filename, mimeType: info.mimeType, bytes: Buffer.concat(chunks) };
      });
    });
    parser.on("field", (name, value, info) =>
      parts.push({ name, filename: undefined, mimeType: info.mimeType, bytes: Buffer.from(value) }),
    );
    parser.on("close", () => resolve(parts));
    parser.on("error", reject);
    parser.end(seen.body);
  });
}

describe("multipart/form-data", () => {
  it("sends two files (File, bytes, a Node stream), repeated parts, a JSON part and bracket-named fields", async () => {
    const second = BYTES.subarray(0, 1000);
    await client().postFiles({
      body: {
        purpose: "dispute_evidence",
        file: new File([BYTES], "evidence.pdf", { type: "application/pdf" }),
        scan: Readable.from([second.subarray(0, 500), second.subarray(500)]),
        pages: [new Uint8Array([1, 2, 3]), new Uint8Array([4])],
        details: { reason: "fraud", amounts: [1, 2] },
        file_link_data: { create: true, metadata: { case: "42" } },
      },
    });
    const seen = last();
    expect(seen.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=\S+$/);
    const parts = await parseMultipart(seen);
    expect(
      parts.map((p) => [p.name, p.filename, p.mimeType, p.bytes.length > 64 ? sha256(p.bytes) : p.bytes.toString()]),
    ).toEqual([
      ["purpose", undefined, "text/plain", "dispute_evidence"],
      ["file", "evidence.pdf", "application/pdf", sha256(BYTES)],
      ["scan", "scan", "image/png", sha256(second)],
      ["pages", "pages", "application/octet-stream", "\u0001\u0002\u0003"],
      ["pages", "pages", "application/octet-stream", "\u0004"],
      ["details", "blob", "application/json", '{"reason":"fraud","amounts":[1,2]}'],
      ["file_link_data[create]", undefined, "text/plain", "true"],
      ["file_link_data[metadata][case]", undefined, "text/plain", "42"],
    ]);
  });

  it("refuses a string where a part cannot be sent and a class instance, before any I/O", async () => {
    const before = server.requests.length;
    const error = await client()
      .postFiles({ body: { details: { at: new URL("http://x.test") } } })
      .catch((e: unknown) => e);
    expect(server.requests.length).toBe(before);
    expect(isInvalidRequestError(error) ? [error.location, error.parameter] : error).toEqual(["body", "/details/at"]);
  });
});

describe("binary and text bodies", () => {
  it("sends bytes, a Blob and a web stream as they are, with the spec's Content-Type", async () => {
    const c = client();
    await c.putBlob({ params: { path: { id: "a" } }, body: BYTES });
    const fromBuffer = last();
    await c.putBlob({ params: { path: { id: "b" } }, body: new Blob([BYTES], { type: "image/png" }) });
    const fromBlob = last();
    await c.putBlob({ params: { path: { id: "c" } }, body: Readable.toWeb(Readable.from([BYTES])) as ReadableStream });
    const fromStream = last();
    expect([fromBuffer, fromBlob, fromStream].map((s) => [s.headers["content-type"], s.body.length, s.sha256])).toEqual(
      [
        ["application/octet-stream", 65_536, sha256(BYTES)],
        ["application/octet-stream", 65_536, sha256(BYTES)],
        ["application/octet-stream", 65_536, sha256(BYTES)],
      ],
    );
  });

  it("refuses a string for a binary body before any I/O, saying what to pass", async () => {
    const before = server.requests.length;
    const error = await client()
      // @ts-expect-error a binary body never takes a string
      .putBlob({ params: { path: { id: "a" } }, body: "text" })
      .catch((e: unknown) => e);
    expect(server.requests.length).toBe(before);
    expect(isInvalidRequestError(error) ? [error.location, error.parameter] : error).toEqual(["body", ""]);
    expect(String((error as Error).message)).toContain(
      "pass a Uint8Array, Buffer, Blob, web ReadableStream or Node readable stream, got a string",
    );
  });

  it("sends JSON by default where offered, text or XML when the call chooses, and refuses a type not offered", async () => {
    const c = client();
    await c.createNote({ body: { text: "hé" } });
    const asJson = last();
    await c.createNote({ contentType: "text/plain", body: "héllo\n" });
    const asText = last();
    await c.createNote({ contentType: "application/xml", body: "<note/>" });
    const asXml = last();
    expect([asJson, asText, asXml].map((s) => [s.headers["content-type"], s.body.toString()])).toEqual([
      ["application/json", '{"text":"hé"}'],
      ["text/plain", "héllo\n"],
      ["application/xml", "<note/>"],
    ]);
    const error = await c
      // @ts-expect-error not a media type of the operation
      .createNote({ contentType: "text/csv", body: "a,b" })
      .catch((e: unknown) => e);
    expect(isInvalidRequestError(error) ? [error.location, error.parameter] : error).toEqual(["body", "contentType"]);
  });
});

describe("path-based calls (raw)", () => {
  it("encode the body by the operation's media type too", async () => {
    await client().raw.POST("/customers", { body: { metadata: { order_id: "6735" }, expand: ["tax"] } });
    const seen = last();
    expect([seen.headers["content-type"], seen.body.toString()]).toEqual([
      "application/x-www-form-urlencoded",
      "metadata[order_id]=6735&expand[0]=tax",
    ]);
  });
});

describe("replay", () => {
  it("resends a replayable body byte-identical after a 503 (form, multipart, bytes)", async () => {
    answer503First = true;
    const start = server.requests.length;
    try {
      const c = client(server.url, 3);
      await c.createCustomer({ body: { metadata: { order_id: "6735" }, expand: ["tax"] } });
      await c.postFiles({ body: { purpose: "x", file: new Blob([BYTES], { type: "application/pdf" }) } });
      await c.putBlob({ params: { path: { id: "r" } }, body: BYTES });
    } finally {
      answer503First = false;
    }
    const seen = server.requests.slice(start);
    expect(seen.length).toBe(6);
    const pairs = [0, 2, 4].map((i) => [seen[i]?.sha256, seen[i]?.headers["content-type"]]);
    expect([1, 3, 5].map((i) => [seen[i]?.sha256, seen[i]?.headers["content-type"]])).toEqual(pairs);
    expect(seen[1]?.body.toString()).toBe("metadata[order_id]=6735&expand[0]=tax");
    expect(seen[5]?.sha256).toBe(sha256(BYTES));
  });

  it("never retries a stream body, even when the connection was refused before any byte (reason recorded)", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const reasons: string[] = [];
    const c = createOperationClient<paths, Ops>(
      {
        baseUrl: url,
        transport,
        retry: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 1 },
        hooks: { onGiveUp: (event) => reasons.push(event.reason) },
      },
      { name: "bodies", auth: [] },
      operations,
    );
    const error = await c
      .putBlob({ params: { path: { id: "s" } }, body: Readable.toWeb(Readable.from([BYTES])) as ReadableStream })
      .catch((e: unknown) => e);
    expect(isNetworkError(error) ? [error.networkCode, error.attempts, error.retryable] : error).toEqual([
      "ECONNREFUSED",
      1,
      false,
    ]);
    expect(reasons).toEqual(["non-replayable-body"]);
  });

  it("never resends a stream body once bytes went out: the reset mid-send ends the call, one request seen", async () => {
    let requests = 0;
    let received = 0;
    const resetting = createServer((req) => {
      requests += 1;
      req.on("data", (chunk: Buffer) => {
        received += chunk.length;
        req.socket.destroy();
      });
    });
    await new Promise<void>((resolve) => resetting.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(resetting.address() as AddressInfo).port}`;
    try {
      let pulls = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          pulls += 1;
          if (pulls > 64) controller.close();
          else controller.enqueue(BYTES);
        },
      });
      const error = await client(url, 3)
        .putBlob({ params: { path: { id: "s" } }, body })
        .catch((e: unknown) => e);
      expect(isNetworkError(error)).toBe(true);
      expect(requests).toBe(1);
      expect(received).toBeGreaterThan(0);
      expect(isNetworkError(error) ? [error.attempts, error.retryable] : error).toEqual([1, false]);
    } finally {
      await new Promise<void>((resolve) => resetting.close(() => resolve()));
    }
  });
});
