import { createHash } from "node:crypto";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../src/index.js";
import { fixture } from "./helpers.js";

let servers: TestServer[] = [];
async function start(options: { compression?: ("gzip" | "br" | "deflate")[] } = {}): Promise<TestServer> {
  const server = await startTestServer({ spec: fixture("media-bodies.yaml"), ...options });
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

interface BytesResult {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** One request with exact body bytes; the answer's bytes as they came off the wire (no decoding). */
function send(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: Buffer | string,
): Promise<BytesResult> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const FORM = "application/x-www-form-urlencoded";

describe("form bodies (application/x-www-form-urlencoded)", () => {
  it("decodes Stripe's bracket notation at depth 3, repeated keys, a[] and an unexploded array, coercing to the schema's types", async () => {
    const server = await start();
    const body =
      "email=ada%40example.com&balance=-250&tax_exempt=true&expand[]=tax&expand[]=sources" +
      "&tags=vip,beta&metadata[order_id]=6735&shipping[address][line1]=1+Main+St&shipping[address][postal_code]=10115";
    const answer = await send(`${server.url}/customers`, "POST", { "content-type": FORM }, body);
    expect(answer.status).toBe(200);
    const [record] = server.requestsFor("createCustomer");
    expect(record?.validationErrors).toEqual([]);
    expect(record?.bodyMediaType).toBe(FORM);
    expect(record?.decodedBody).toEqual({
      email: "ada@example.com",
      balance: -250,
      tax_exempt: true,
      expand: ["tax", "sources"],
      tags: ["vip", "beta"],
      metadata: { order_id: "6735" },
      shipping: { address: { line1: "1 Main St", postal_code: "10115" } },
    });
    // Fields the answer's schema declares are copied from the decoded form.
    expect(JSON.parse(answer.body.toString("utf8"))).toMatchObject({ email: "ada@example.com" });
  });

  it("accepts repeated keys (style form, explode true: OpenAPI's default) as an array", async () => {
    const server = await start();
    const answer = await send(
      `${server.url}/customers`,
      "POST",
      { "content-type": FORM },
      "email=a%40b.co&expand=x&expand=y",
    );
    expect(answer.status).toBe(200);
    expect(server.requests[0]?.decodedBody).toEqual({ email: "a@b.co", expand: ["x", "y"] });
  });

  it("answers 400 with every violation: a comma-joined object, a non-integer, a missing required field", async () => {
    const server = await start();
    const answer = await send(
      `${server.url}/customers`,
      "POST",
      { "content-type": FORM },
      "metadata=%5Bobject+Object%5D&balance=ten",
    );
    expect(answer.status).toBe(400);
    expect(server.requests[0]?.validationErrors).toEqual([
      "body must have required property 'email'",
      "body/balance must be integer",
      "body/metadata must be object",
    ]);
    expect(JSON.parse(answer.body.toString("utf8"))).toEqual({
      type: "about:blank",
      title: "Bad Request",
      status: 400,
      detail: server.requests[0]?.validationErrors.join("; "),
    });
  });
});

function multipart(boundary: string, parts: { headers: string[]; body: Buffer | string }[]): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\n${part.headers.join("\r\n")}\r\n\r\n`));
    chunks.push(Buffer.isBuffer(part.body) ? part.body : Buffer.from(part.body));
    chunks.push(Buffer.from("\r\n"));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]);
const PDF = Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "latin1");

describe("multipart/form-data bodies", () => {
  it("reads two files and a JSON part, checks each part's Content-Type against the encoding, keeps the bytes", async () => {
    const server = await start();
    const body = multipart("b0undary", [
      { headers: ['Content-Disposition: form-data; name="purpose"'], body: "dispute_evidence" },
      {
        headers: ['Content-Disposition: form-data; name="files"; filename="a.png"', "Content-Type: image/png"],
        body: PNG,
      },
      {
        headers: ['Content-Disposition: form-data; name="files"; filename="b.pdf"', "Content-Type: application/pdf"],
        body: PDF,
      },
      {
        headers: [
          'Content-Disposition: form-data; name="attributes"',
          "Content-Type: application/json",
          "X-Schema-Version: 2",
        ],
        body: '{"name":"evidence","size":2}',
      },
    ]);
    const answer = await send(
      `${server.url}/files`,
      "POST",
      { "content-type": "multipart/form-data; boundary=b0undary" },
      body,
    );
    expect(answer.status).toBe(201);
    const [record] = server.requestsFor("uploadFiles");
    expect(record?.validationErrors).toEqual([]);
    expect(record?.parts?.map((p) => [p.name, p.filename, p.contentType, p.bytes.length])).toEqual([
      ["purpose", undefined, "text/plain", 16],
      ["files", "a.png", "image/png", 10],
      ["files", "b.pdf", "application/pdf", 15],
      ["attributes", undefined, "application/json", 28],
    ]);
    expect(record?.parts?.[3]?.headers).toEqual({
      "content-disposition": 'form-data; name="attributes"',
      "content-type": "application/json",
      "x-schema-version": "2",
    });
    const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
    expect(record?.parts?.slice(1, 3).map((p) => sha(p.bytes))).toEqual([sha(PNG), sha(PDF)]);
    expect(record?.decodedBody).toEqual({
      purpose: "dispute_evidence",
      files: [PNG, PDF],
      attributes: { name: "evidence", size: 2 },
    });
  });

  it("nests bracket-named parts as Stripe sends them (file_link_data[metadata][k], deepObject)", async () => {
    const server = await start();
    const body = multipart("s7", [
      { headers: ['Content-Disposition: form-data; name="purpose"'], body: "identity_document" },
      {
        headers: ['Content-Disposition: form-data; name="files"; filename="a.png"', "Content-Type: image/png"],
        body: PNG,
      },
      { headers: ['Content-Disposition: form-data; name="file_link_data[create]"'], body: "true" },
      { headers: ['Content-Disposition: form-data; name="file_link_data[metadata][order]"'], body: "6735" },
    ]);
    const answer = await send(
      `${server.url}/files`,
      "POST",
      { "content-type": "multipart/form-data; boundary=s7" },
      body,
    );
    expect(answer.status).toBe(201);
    expect(server.requests[0]?.validationErrors).toEqual([]);
    expect(server.requests[0]?.decodedBody).toEqual({
      purpose: "identity_document",
      files: [PNG],
      file_link_data: { create: "true", metadata: { order: "6735" } },
    });
  });

  it("reports a part header its encoding requires but lacks, and one outside its enum", async () => {
    const server = await start();
    const part = (version: string[]) => ({
      headers: ['Content-Disposition: form-data; name="attributes"', "Content-Type: application/json", ...version],
      body: '{"name":"n"}',
    });
    const files = {
      headers: ['Content-Disposition: form-data; name="files"; filename="a.png"', "Content-Type: image/png"],
      body: PNG,
    };
    const purpose = { headers: ['Content-Disposition: form-data; name="purpose"'], body: "dispute_evidence" };
    for (const version of [[], ["X-Schema-Version: 3"]])
      await send(
        `${server.url}/files`,
        "POST",
        { "content-type": "multipart/form-data; boundary=pq" },
        multipart("pq", [purpose, files, part(version)]),
      );
    expect(server.requests.map((r) => [r.status, r.validationErrors])).toEqual([
      [400, ['body part "attributes" lacks the header X-Schema-Version its encoding requires']],
      [400, ['body part "attributes" has X-Schema-Version: 3; its encoding allows 1, 2']],
    ]);
  });

  it("reports a part whose Content-Type the encoding does not allow, a file sent as JSON text and a bad enum", async () => {
    const server = await start();
    const body = multipart("xyz", [
      { headers: ['Content-Disposition: form-data; name="purpose"'], body: "selfie" },
      {
        headers: ['Content-Disposition: form-data; name="files"; filename="a.gif"', "Content-Type: image/gif"],
        body: PNG,
      },
      { headers: ['Content-Disposition: form-data; name="attributes"', "Content-Type: application/json"], body: "{}" },
    ]);
    const answer = await send(
      `${server.url}/files`,
      "POST",
      { "content-type": "multipart/form-data; boundary=xyz" },
      body,
    );
    expect(answer.status).toBe(400);
    expect(server.requests[0]?.validationErrors).toEqual([
      'body part "files" has content-type image/gif; the spec\'s encoding allows image/png, application/pdf',
      'body part "attributes" lacks the header X-Schema-Version its encoding requires',
      'body/purpose must be one of ["dispute_evidence","identity_document"]',
      "body/attributes must have required property 'name'",
    ]);
  });
});

describe("binary and text bodies, 415 and 406", () => {
  it("takes any bytes for application/octet-stream and records them exactly", async () => {
    const server = await start();
    const bytes = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 7) % 256));
    const answer = await send(`${server.url}/blobs/x`, "PUT", { "content-type": "application/octet-stream" }, bytes);
    expect(answer.status).toBe(204);
    const [record] = server.requests;
    expect(record?.validationErrors).toEqual([]);
    expect(record?.body.equals(bytes)).toBe(true);
    expect(record?.decodedBody).toEqual(bytes);
  });

  it("validates a text body against its string schema and answers text", async () => {
    const server = await start();
    const ok = await send(`${server.url}/notes`, "POST", { "content-type": "text/plain; charset=utf-8" }, "hello");
    expect([ok.status, ok.headers["content-type"], ok.body.toString("utf8")]).toEqual([200, "text/plain", "noted"]);
    const long = await send(`${server.url}/notes`, "POST", { "content-type": "text/plain" }, "far too long a note");
    expect(long.status).toBe(400);
    expect(server.requests.map((r) => [r.decodedBody, r.validationErrors])).toEqual([
      ["hello", []],
      ["far too long a note", ["body must NOT have more than 10 characters"]],
    ]);
  });

  it("answers 415 naming the accepted media types for an undeclared Content-Type", async () => {
    const server = await start();
    const answer = await send(
      `${server.url}/customers`,
      "POST",
      { "content-type": "application/json" },
      '{"email":"a@b.co"}',
    );
    expect(answer.status).toBe(415);
    const detail = 'content-type "application/json" is not accepted; expected application/x-www-form-urlencoded';
    expect(JSON.parse(answer.body.toString("utf8"))).toEqual({
      type: "about:blank",
      title: "Unsupported Media Type",
      status: 415,
      detail,
    });
    expect(server.requests[0]?.validationErrors).toEqual([detail]);
  });

  it("answers 406 when Accept matches none of the operation's response media types", async () => {
    const server = await start();
    const answer = await send(`${server.url}/blobs/x`, "GET", { accept: "application/json, image/*" });
    expect(answer.status).toBe(406);
    expect(server.requests[0]?.validationErrors).toEqual([
      'accept "application/json, image/*" matches none of the operation\'s response media types: application/pdf, text/plain',
    ]);
  });

  it("does not require readOnly properties in a request (OpenAPI 3.0 Schema Object, readOnly)", async () => {
    const server = await start();
    const answer = await send(
      `${server.url}/accounts`,
      "POST",
      { "content-type": "application/json" },
      '{"name":"Ada"}',
    );
    expect(answer.status).toBe(200);
    expect(server.requests[0]?.validationErrors).toEqual([]);
  });
});

describe("answers by media type and compression", () => {
  it("answers the media type Accept asks for: deterministic bytes for a binary type without example, text from the example", async () => {
    const server = await start();
    await send(`${server.url}/blobs/x`, "PUT", { "content-type": "application/octet-stream" }, Buffer.from([1]));
    const pdf = await send(`${server.url}/blobs/x`, "GET", { accept: "application/pdf" });
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect(pdf.body).toEqual(Buffer.from(Array.from({ length: 256 }, (_, i) => i)));
    const text = await send(`${server.url}/blobs/x`, "GET", { accept: "text/*" });
    expect([text.headers["content-type"], text.body.toString("utf8")]).toEqual(["text/plain", "%PDF as text"]);
    const any = await send(`${server.url}/blobs/x`, "GET", {});
    expect(any.headers["content-type"]).toBe("application/pdf");
  });

  it("compresses with the first coding offered that Accept-Encoding allows, and not without the option", async () => {
    const plain = await start();
    const compressing = await start({ compression: ["br", "gzip"] });
    const body = '{"name":"Ada"}';
    const headers = { "content-type": "application/json", "accept-encoding": "gzip, deflate" };
    const uncompressed = await send(`${plain.url}/accounts`, "POST", headers, body);
    expect(uncompressed.headers["content-encoding"]).toBeUndefined();
    const gzip = await send(`${compressing.url}/accounts`, "POST", headers, body);
    expect([gzip.headers["content-encoding"], gzip.headers.vary]).toEqual(["gzip", "accept-encoding"]);
    expect(gunzipSync(gzip.body).equals(uncompressed.body)).toBe(true);
    const br = await send(
      `${compressing.url}/accounts`,
      "POST",
      { ...headers, "accept-encoding": "br;q=1, gzip;q=0.5" },
      body,
    );
    expect(br.headers["content-encoding"]).toBe("br");
    expect(brotliDecompressSync(br.body).equals(uncompressed.body)).toBe(true);
    const refused = await send(
      `${compressing.url}/accounts`,
      "POST",
      { ...headers, "accept-encoding": "identity" },
      body,
    );
    expect(refused.headers["content-encoding"]).toBeUndefined();
  });

  it("compresses a respond fault's body with its contentEncoding whatever Accept-Encoding says", async () => {
    const server = await start();
    const text = "a".repeat(1_000_000);
    server.setFaultPlan("createNote", {
      mode: "script",
      steps: [{ kind: "respond", status: 200, bodyText: text, contentEncoding: "gzip" }],
    });
    const answer = await send(`${server.url}/notes`, "POST", { "content-type": "text/plain" }, "hi");
    expect(answer.headers["content-encoding"]).toBe("gzip");
    expect(answer.body.length).toBeLessThan(text.length / 100);
    expect(Number(answer.headers["content-length"])).toBe(answer.body.length);
    expect(gunzipSync(answer.body).toString("utf8")).toBe(text);
  });
});
