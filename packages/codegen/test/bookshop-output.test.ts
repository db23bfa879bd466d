import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { renderClient } from "../src/generate.js";
import { startRecordServer } from "./helpers/record-server.js";

const FIXTURE = join(import.meta.dirname, "fixtures", "bookshop");
const SNAPSHOTS = join(import.meta.dirname, "__snapshots__", "bookshop", "generated");
const options = {
  spec: join(FIXTURE, "openapi.yaml"),
  out: SNAPSHOTS,
  name: "bookshop",
  overlay: join(FIXTURE, "overlay.yaml"),
  config: join(FIXTURE, "outbound.config.yaml"),
};

describe("bookshop: whole-output snapshot (spec + overlay + config, every class and security scheme kind)", () => {
  it("renders the committed files byte for byte", async () => {
    const rendered = await renderClient(options);
    expect([...rendered.files.keys()]).toEqual([
      "client.gen.ts",
      "enums.gen.ts",
      "operations.gen.ts",
      "schema.gen.ts",
      "manifest.json",
    ]);
    for (const [file, content] of rendered.files) await expect(content).toMatchFileSnapshot(join(SNAPSHOTS, file));
  });

  it("classes, names and policies per operation (nearest x-outbound wins, config on top, overlay applied)", async () => {
    const { operations } = await renderClient(options);
    expect(
      operations.map((o) => [o.methodName, o.class, o.idempotencyHeader, o.retry?.maxAttempts, o.timeout?.attemptMs]),
    ).toEqual([
      ["listBooks", "idempotent", undefined, undefined, 2000],
      ["createBook", "keyed", "idempotency-key", undefined, 2000],
      ["getBook", "idempotent", undefined, 3, 2000],
      ["replaceBook", "idempotent", undefined, 3, 2000],
      ["updateBook", "keyed", "X-Request-Key", 3, 2000],
      ["deleteBook", "idempotent", undefined, 3, 2000],
      ["addReview", "unsafe", undefined, undefined, 500],
      ["searchBooks", "idempotent", undefined, 4, 2000],
      ["getHealth", "idempotent", undefined, undefined, 2000],
    ]);
  });
});

describe("minimal: whole-output snapshot (JSON spec, no security, no enums, reserved names, no operationIds)", () => {
  it("renders the committed files byte for byte", async () => {
    const snapshots = join(import.meta.dirname, "__snapshots__", "minimal", "generated");
    const rendered = await renderClient({
      spec: join(import.meta.dirname, "fixtures", "minimal", "openapi.json"),
      out: snapshots,
      name: "minimal",
    });
    expect(rendered.operations.map((o) => [o.methodName, o.class, o.idempotencyHeader])).toEqual([
      ["raw_", "idempotent", undefined],
      ["then_", "idempotent", undefined],
      ["postJobsByJobId", "keyed", "IDEMPOTENCY-KEY"],
      ["patchJobsByJobId", "idempotent", undefined],
    ]);
    for (const [file, content] of rendered.files) await expect(content).toMatchFileSnapshot(join(snapshots, file));
  });
});

describe("bookshop: operations.gen.ts at runtime", () => {
  it("is frozen all the way down and keyed by method name", async () => {
    const { operations } = await import("./__snapshots__/bookshop/generated/operations.gen.js");
    expect(Object.keys(operations)).toEqual([
      "listBooks",
      "createBook",
      "getBook",
      "replaceBook",
      "updateBook",
      "deleteBook",
      "addReview",
      "searchBooks",
      "getHealth",
    ]);
    expect([
      Object.isFrozen(operations),
      Object.isFrozen(operations.searchBooks),
      Object.isFrozen(operations.searchBooks.retry),
      Object.isFrozen(operations.searchBooks.retry.on),
    ]).toEqual([true, true, true, true]);
    expect(operations.updateBook).toEqual({
      operationId: "update-book",
      method: "PATCH",
      path: "/books/{bookId}",
      class: "keyed",
      idempotencyHeader: "X-Request-Key",
      retry: { maxAttempts: 3, initialDelayMs: 10, maxDelayMs: 50 },
      timeout: { attemptMs: 2000, totalMs: 6000 },
    });
  });
});

describe("bookshop: the generated client against a real server", () => {
  const servers: { close(): Promise<void> }[] = [];
  afterAll(async () => Promise.all(servers.map((s) => s.close())));

  it("sends every credential kind, one Idempotency-Key on every attempt of a keyed call, and never retries an unsafe one", async () => {
    let createAttempts = 0;
    const server = await startRecordServer((r) => {
      if (r.url.startsWith("/books?") && r.method === "POST") {
        createAttempts++;
        return createAttempts === 1
          ? { status: 503 }
          : { status: 201, body: '{"id":"b1","title":"Dune"}', headers: { "content-type": "application/json" } };
      }
      return { status: 503 };
    });
    servers.push(server);
    const { createBookshopClient } = await import("./__snapshots__/bookshop/generated/client.gen.js");
    const client = createBookshopClient({
      baseUrl: server.url,
      auth: { bearer: "tok", partnerKey: "pk", queryKey: "qk", session: "s1" },
    });
    const created = await client.createBook(
      { body: { title: "Dune" } },
      { idempotencyKey: "k1", retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 5 } },
    );
    expect([created.response.status, created.data?.id]).toEqual([201, "b1"]);
    const review = await client.addReview({ params: { path: { bookId: "b1" } }, body: { stars: 5 } });
    expect(review.response.status).toBe(503);
    expect(
      server.seen.map((r) => [
        r.method,
        r.url,
        r.headers["idempotency-key"],
        r.headers.authorization,
        r.headers["x-partner-key"],
        r.headers.cookie,
      ]),
    ).toEqual([
      ["POST", "/books?api_key=qk", "k1", "Bearer tok", "pk", "sid=s1"],
      ["POST", "/books?api_key=qk", "k1", "Bearer tok", "pk", "sid=s1"],
      ["POST", "/books/b1/reviews?api_key=qk", undefined, "Bearer tok", "pk", "sid=s1"],
    ]);
    expect(JSON.parse(server.seen[1]?.body ?? "null")).toEqual({ title: "Dune" });
  });
});
