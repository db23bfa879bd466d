/**
 * The Encoding Object fields beyond style (OpenAPI 3.1 §4.8.15) on the wire, through a generated-style client on a
 * real 127.0.0.1 server, exact bytes asserted: `allowReserved` of a form property and of a query parameter
 * (reserved expansion, `[]#&=+` still encoded), and the declared `headers` of multipart parts (a call's values, a
 * fixed and a default one), with the refusals before any I/O.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOperationClient,
  createTransport,
  defineOperations,
  type IdempotentCallOptions,
  isInvalidRequestError,
  type KeyedCallOptions,
  type PartHeaderValue,
} from "./support/runtime.js";
import { json, type SeenRequest, startTestServer, type TestServer } from "./support/test-server.js";

type Form = Record<string, unknown>;
interface paths {
  "/links": {
    post: {
      requestBody: { content: { "application/x-www-form-urlencoded": Form } };
      responses: { 200: { content: { "application/json": { id: string } } } };
    };
  };
  "/library": {
    get: {
      parameters: { query: { enable?: string[] | string; sync?: string } };
      responses: { 200: { content: { "application/json": { id: string } } } };
    };
  };
  "/scans": {
    post: {
      requestBody: { content: { "multipart/form-data": Form; "application/x-www-form-urlencoded": Form } };
      responses: { 200: { content: { "application/json": { id: string } } } };
    };
  };
}

interface Ops {
  readonly createLink: {
    readonly path: "/links";
    readonly method: "post";
    readonly options: KeyedCallOptions;
    readonly body: "application/x-www-form-urlencoded";
  };
  readonly getLibrary: { readonly path: "/library"; readonly method: "get"; readonly options: IdempotentCallOptions };
  readonly uploadScan: {
    readonly path: "/scans";
    readonly method: "post";
    readonly options: KeyedCallOptions;
    readonly body: "multipart/form-data";
    readonly partHeaders: {
      readonly "multipart/form-data": {
        readonly image?: { readonly "X-Checksum"?: PartHeaderValue };
        readonly pages?: { readonly "X-Page-Kind"?: PartHeaderValue };
      };
    };
  };
}

const operations = defineOperations({
  createLink: {
    operationId: "createLink",
    method: "POST",
    path: "/links",
    class: "keyed",
    idempotencyHeader: "Idempotency-Key",
    body: [
      {
        type: "application/x-www-form-urlencoded",
        encoding: {
          target: { style: "form", explode: true, allowReserved: true },
          paths: { style: "form", explode: false, allowReserved: true },
          meta: { style: "deepObject", explode: true, allowReserved: true },
        },
      },
    ],
  },
  getLibrary: {
    operationId: "getLibrary",
    method: "GET",
    path: "/library",
    class: "idempotent",
    query: { sync: { style: "form", explode: true }, enable: { style: "form", explode: false, allowReserved: true } },
  },
  uploadScan: {
    operationId: "uploadScan",
    method: "POST",
    path: "/scans",
    class: "keyed",
    idempotencyHeader: "Idempotency-Key",
    body: [
      {
        type: "multipart/form-data",
        encoding: {
          image: {
            contentType: "image/png",
            headers: { "X-Checksum": { required: true }, "Content-ID": { value: "<scan@example.test>", fixed: true } },
          },
          pages: { headers: { "X-Page-Kind": { value: "raw" } } },
        },
      },
      { type: "application/x-www-form-urlencoded" },
    ],
  },
});

const transport = createTransport();
let server: TestServer;
/** When set, every first attempt of a call is answered 503 (the server alternates 503, 200). */
let answer503First = false;
let alternate = 0;

beforeAll(async () => {
  server = await startTestServer((_req, res) => {
    if (answer503First && alternate++ % 2 === 0) json(res, 503, {});
    else json(res, 200, { id: "ok" });
  });
});
afterAll(async () => {
  await server.close();
  await transport.close();
});

const client = (maxAttempts = 1) =>
  createOperationClient<paths, Ops>(
    { baseUrl: server.url, transport, retry: { maxAttempts, initialDelayMs: 1, maxDelayMs: 1 } },
    { name: "encoding", auth: [] },
    operations,
  );

function last(): SeenRequest {
  const seen = server.requests.at(-1);
  if (seen === undefined) throw new Error("no request seen");
  return seen;
}

describe("allowReserved", () => {
  it("sends a form property's reserved characters as they are, []#&=+ and a lone % encoded, triples kept", async () => {
    await client().createLink({
      body: {
        target: "https://example.test/a?b=c&d=e+f#top",
        paths: ["/x:y", "/[z]"],
        meta: { src: "s3://bucket/key;v=1", pct: "100% %2F" },
        plain: "a/b",
      },
    });
    const seen = last();
    expect(seen.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(seen.body.toString()).toBe(
      [
        "target=https://example.test/a?b%3Dc%26d%3De%2Bf%23top",
        "paths=/x:y,/%5Bz%5D",
        "meta[src]=s3://bucket/key;v%3D1",
        "meta[pct]=100%25%20%2F",
        "plain=a%2Fb",
      ].join("&"),
    );
  });

  it("sends a query parameter's reserved characters as they are (Overseerr's comma list `enable`)", async () => {
    await client().getLibrary({ params: { query: { sync: "a,b", enable: ["1", "2/3", "4&5"] } } });
    expect(last().url).toBe("/library?sync=a%2Cb&enable=1,2/3,4%265");
  });
});

/** The multipart body as text, its bytes read as latin1 (one char per byte). */
const wire = (seen: SeenRequest) => seen.body.toString("latin1");

describe("multipart part headers", () => {
  it("writes a part's declared headers: the call's value, the fixed one, a default, on each item of an array", async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    await client().uploadScan({
      body: {
        note: "line1\nline2",
        image: new File([png], "scan.png"),
        pages: [new Uint8Array([1, 2]), new Uint8Array([3])],
      },
      partHeaders: { image: { "X-Checksum": "sha-256=3q2+7w==" } },
    });
    const seen = last();
    const boundary = /^multipart\/form-data; boundary=(\S+)$/.exec(seen.headers["content-type"] ?? "")?.[1];
    expect(boundary).toMatch(/^-{26}[0-9a-f]{24}$/);
    const b = `--${boundary}`;
    expect(wire(seen)).toBe(
      [
        `${b}\r\nContent-Disposition: form-data; name="note"\r\n\r\nline1\r\nline2\r\n`,
        `${b}\r\nContent-Disposition: form-data; name="image"; filename="scan.png"\r\nContent-Type: image/png\r\n`,
        "X-Checksum: sha-256=3q2+7w==\r\nContent-ID: <scan@example.test>\r\n\r\n",
        `${Buffer.from(png).toString("latin1")}\r\n`,
        `${b}\r\nContent-Disposition: form-data; name="pages"; filename="pages"\r\n`,
        "Content-Type: application/octet-stream\r\nX-Page-Kind: raw\r\n\r\n\u0001\u0002\r\n",
        `${b}\r\nContent-Disposition: form-data; name="pages"; filename="pages"\r\n`,
        "Content-Type: application/octet-stream\r\nX-Page-Kind: raw\r\n\r\n\u0003\r\n",
        `${b}--\r\n`,
      ].join(""),
    );
    expect(seen.headers["content-length"]).toBe(String(seen.body.length));
  });

  it("resends a framed body byte-identical, boundary included, after a 503", async () => {
    answer503First = true;
    const start = server.requests.length;
    try {
      await client(2).uploadScan({
        body: { image: new Uint8Array([7, 8]) },
        partHeaders: { image: { "X-Checksum": "c" } },
      });
    } finally {
      answer503First = false;
    }
    const seen = server.requests.slice(start);
    expect(seen.length).toBe(2);
    const [first, second] = seen;
    expect(second?.sha256).toBe(first?.sha256);
    expect(second?.headers["content-type"]).toBe(first?.headers["content-type"]);
    expect(wire(second as SeenRequest)).toContain("X-Checksum: c\r\n");
  });

  it("matches a given header name case-insensitively and writes it as the spec spells it", async () => {
    await client().uploadScan({
      body: { image: new Uint8Array([1]) },
      partHeaders: { image: { "x-checksum": "a" } } as never,
    });
    expect(wire(last())).toContain("\r\nX-Checksum: a\r\nContent-ID: <scan@example.test>\r\n\r\n\u0001\r\n");
  });

  it("keeps the platform's FormData when no part has a header to write", async () => {
    await client().uploadScan({ body: { note: "n" } });
    expect(last().headers["content-type"]).toMatch(/^multipart\/form-data; boundary=----formdata-undici-\d+$/);
    expect(wire(last())).toMatch(/^--\S+\r\nContent-Disposition: form-data; name="note"\r\n\r\nn\r\n--\S+--\r\n$/);
  });

  it.each<[string, Record<string, unknown>, unknown, string]>([
    ["a required header left out", { image: new Uint8Array(1) }, undefined, "requires the header X-Checksum"],
    ["an undeclared header", { image: new Uint8Array(1) }, { image: { "X-Other": "1" } }, "declares no header X-Other"],
    ["a part without headers", { note: "n" }, { note: { "X-A": "1" } }, "the part note declares no headers"],
    ["CR LF in a value", { image: new Uint8Array(1) }, { image: { "X-Checksum": "a\r\nX-Injected: 1" } }, "control"],
    [
      "another fixed value",
      { image: new Uint8Array(1) },
      { image: { "X-Checksum": "a", "Content-ID": "<b>" } },
      "only",
    ],
    ["an object value", { image: new Uint8Array(1) }, { image: { "X-Checksum": { a: 1 } } }, "takes text"],
  ])("refuses %s before any I/O, naming partHeaders", async (_name, body, partHeaders, reason) => {
    const before = server.requests.length;
    const failure = await client()
      .uploadScan({ body, partHeaders: partHeaders as never })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(isInvalidRequestError(failure) && [failure.location, failure.parameter]).toEqual(["body", "partHeaders"]);
    expect(isInvalidRequestError(failure) && failure.reason).toContain(reason);
    expect(server.requests.length).toBe(before);
  });

  it("refuses partHeaders on a form body and on a FormData body", async () => {
    const asForm = await client()
      .uploadScan({ contentType: "application/x-www-form-urlencoded", body: { note: "n" }, partHeaders: {} as never })
      .catch((error: unknown) => error);
    const form = new FormData();
    form.append("note", "n");
    const asFormData = await client()
      .uploadScan({ body: form as never, partHeaders: { image: { "X-Checksum": "a" } } })
      .catch((error: unknown) => error);
    expect([asForm, asFormData].map((e) => isInvalidRequestError(e) && e.parameter)).toEqual([
      "partHeaders",
      "partHeaders",
    ]);
  });
});
