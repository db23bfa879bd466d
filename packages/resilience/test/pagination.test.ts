/**
 * `.pages()` and `.all()` of a paginated operation on real servers: every item once over cursor, offset and Link
 * pages; a page failing for good carries a resume point from which the rest comes exactly once; limits stop
 * without another request; a next URL on another origin is refused before anything is sent there.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type AuthScheme,
  createOperationClient,
  createTransport,
  defineOperations,
  type IdempotentCallOptions,
  isInvalidOptionsError,
  isOutboundError,
  type PageFailedError,
  type PageResume,
} from "./support/runtime.js";
import { json, startTestServer, type TestServer } from "./support/test-server.js";

interface Item {
  readonly id: string;
  readonly n: number;
}

interface paths {
  "/charges": {
    get: {
      parameters: { query?: { starting_after?: string; limit?: number } };
      responses: { 200: { content: { "application/json": { data: Item[]; has_more: boolean } } } };
    };
  };
  "/rows": {
    get: {
      parameters: { query?: { offset?: number; limit?: number } };
      responses: { 200: { content: { "application/json": { rows: Item[]; total: number } } } };
    };
  };
  "/repos/{owner}/issues": {
    get: {
      parameters: { path: { owner: string }; query?: { page?: number; per_page?: number } };
      responses: { 200: { content: { "application/json": Item[] } } };
    };
  };
}

interface Ops {
  readonly listCharges: {
    readonly path: "/charges";
    readonly method: "get";
    readonly options: IdempotentCallOptions;
    readonly items: Item;
  };
  readonly listRows: {
    readonly path: "/rows";
    readonly method: "get";
    readonly options: IdempotentCallOptions;
    readonly items: Item;
  };
  readonly listIssues: {
    readonly path: "/repos/{owner}/issues";
    readonly method: "get";
    readonly options: IdempotentCallOptions;
    readonly items: Item;
  };
}

const operations = defineOperations({
  listCharges: {
    operationId: "listCharges",
    method: "GET",
    path: "/charges",
    class: "idempotent",
    pagination: {
      kind: "cursor",
      items: "/data",
      cursorParam: "starting_after",
      nextCursor: { from: "lastItem", pointer: "/id" },
      hasMore: "/has_more",
    },
  },
  listRows: {
    operationId: "listRows",
    method: "GET",
    path: "/rows",
    class: "idempotent",
    pagination: { kind: "offset", items: "/rows", offsetParam: "offset", limitParam: "limit", total: "/total" },
  },
  listIssues: {
    operationId: "listIssues",
    method: "GET",
    path: "/repos/{owner}/issues",
    class: "idempotent",
    pagination: { kind: "link", items: "" },
  },
});

const AUTH: readonly AuthScheme[] = [{ field: "token", kind: "bearer" }];
const ALL = Array.from({ length: 1000 }, (_, i): Item => ({ id: `ch_${String(i).padStart(4, "0")}`, n: i }));
const PAGE = 100;
const transport = createTransport();
let server: TestServer;
/** Request numbers (0-based) the server answers 503. */
let failing = new Set<number>();

function stripeLike(url: URL, res: ServerResponse): void {
  const after = url.searchParams.get("starting_after");
  const from = after === null ? 0 : ALL.findIndex((c) => c.id === after) + 1;
  const data = ALL.slice(from, from + PAGE);
  json(res, 200, { data, has_more: from + PAGE < ALL.length });
}

function offsetLike(url: URL, res: ServerResponse): void {
  const offset = Number(url.searchParams.get("offset") ?? 0);
  const limit = Number(url.searchParams.get("limit") ?? 250);
  json(res, 200, { rows: ALL.slice(offset, offset + limit), total: ALL.length });
}

function githubLike(url: URL, res: ServerResponse, origin: string): void {
  const page = Number(url.searchParams.get("page") ?? 1);
  const perPage = 300;
  const last = Math.ceil(ALL.length / perPage);
  const link = (p: number, rel: string) => `<${origin}${url.pathname}?page=${p}&per_page=${perPage}>; rel="${rel}"`;
  const links = [...(page < last ? [link(page + 1, "next"), link(last, "last")] : []), link(1, "first")];
  json(res, 200, ALL.slice((page - 1) * perPage, page * perPage), { link: links.join(", ") });
}

beforeAll(async () => {
  server = await startTestServer((req: IncomingMessage, res, _seen, index) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (failing.has(index)) return json(res, 503, { error: "busy" });
    if (url.pathname === "/charges") return stripeLike(url, res);
    if (url.pathname === "/rows") return offsetLike(url, res);
    return githubLike(url, res, server.url);
  });
});
afterEach(() => {
  failing = new Set();
});
afterAll(async () => {
  await server.close();
  await transport.close();
});

const client = () =>
  createOperationClient<paths, Ops>(
    {
      baseUrl: server.url,
      transport,
      auth: { token: "t0k" },
      retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 1, jitter: "none" },
    },
    { name: "shop", auth: AUTH },
    operations,
  );

/** Requests the server saw from `first` on, as path and query. */
const seenSince = (first: number) => server.requests.slice(first).map((r) => r.url);

async function collect<T>(iterator: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of iterator) out.push(value);
  return out;
}

describe("cursor pagination (has_more + starting_after + data)", () => {
  it("yields 1,000 items over 10 pages, each once, and the method still returns one page", async () => {
    const shop = client();
    const first = server.requests.length;
    const items = await collect(shop.listCharges.all());
    expect(items.map((c) => c.n)).toEqual(ALL.map((c) => c.n));
    expect(new Set(items.map((c) => c.id)).size).toBe(1000);
    const seen = seenSince(first);
    expect(seen).toHaveLength(10);
    expect(seen[0]).toBe("/charges");
    expect(seen[1]).toBe("/charges?starting_after=ch_0099");
    expect(server.requests.slice(first).every((r) => r.headers.authorization === "Bearer t0k")).toBe(true);
    const { data } = await shop.listCharges();
    expect(data?.data).toHaveLength(100);
  });

  it("a page failing for good carries the failed page as resume point; resuming yields the rest exactly once", async () => {
    const shop = client();
    const first = server.requests.length;
    // The 4th page fails on both of its attempts (the operation's retries are spent).
    failing = new Set([first + 3, first + 4]);
    const delivered: Item[] = [];
    let failure: PageFailedError | undefined;
    try {
      for await (const item of shop.listCharges.all({ params: { query: { limit: 100 } } })) delivered.push(item);
    } catch (error) {
      if (isOutboundError(error) && error.code === "PAGE_FAILED") failure = error;
      else throw error;
    }
    expect(delivered).toHaveLength(300);
    expect(failure?.status).toBe(503);
    expect(failure?.retryable).toBe(true);
    expect([failure?.pagesDelivered, failure?.itemsDelivered]).toEqual([3, 300]);
    const resume = JSON.parse(JSON.stringify(failure?.resume)) as PageResume;
    expect(resume).toEqual({ operationId: "listCharges", position: { kind: "cursor", cursor: "ch_0299" } });
    const rest = await collect(shop.listCharges.all({ params: { query: { limit: 100 } } }, { resumeFrom: resume }));
    expect([...delivered, ...rest].map((c) => c.n)).toEqual(ALL.map((c) => c.n));
    expect(seenSince(first + 5)[0]).toBe("/charges?limit=100&starting_after=ch_0299");
  });

  it("maxItems and maxPages stop without another request; break ends the iteration", async () => {
    const shop = client();
    let first = server.requests.length;
    expect(await collect(shop.listCharges.all(undefined, { maxItems: 150 }))).toHaveLength(150);
    expect(seenSince(first)).toHaveLength(2);
    first = server.requests.length;
    const pages = await collect(shop.listCharges.pages(undefined, { maxPages: 3 }));
    expect(pages.map((p) => p.items.length)).toEqual([100, 100, 100]);
    expect(pages[2]?.next).toEqual({ operationId: "listCharges", position: { kind: "cursor", cursor: "ch_0299" } });
    expect(seenSince(first)).toHaveLength(3);
    first = server.requests.length;
    for await (const item of shop.listCharges.all()) if (item.n === 5) break;
    expect(seenSince(first)).toHaveLength(1);
  });

  it("refuses invalid limits and a resume point of another operation before any request", () => {
    const shop = client();
    const first = server.requests.length;
    const refused = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return isInvalidOptionsError(error) ? error.option : "other";
      }
      return "accepted";
    };
    expect(refused(() => shop.listCharges.all(undefined, { maxPages: 0 }))).toBe("maxPages");
    expect(refused(() => shop.listCharges.pages(undefined, { maxItems: 1.5 }))).toBe("maxItems");
    const other: PageResume = { operationId: "listRows", position: { kind: "offset", offset: 10 } };
    expect(refused(() => shop.listCharges.all(undefined, { resumeFrom: other }))).toBe("resumeFrom");
    expect(seenSince(first)).toEqual([]);
  });

  it("an overall iteration deadline already spent fails the next page with DEADLINE_EXCEEDED, nothing sent", async () => {
    const shop = client();
    const first = server.requests.length;
    const iterator = shop.listCharges.pages(undefined, { iterationTimeoutMs: 1 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const failure = await iterator.next().then(
      () => undefined,
      (error: unknown) => error as PageFailedError,
    );
    expect(failure?.code).toBe("PAGE_FAILED");
    expect(isOutboundError(failure?.cause) && failure.cause.code).toBe("DEADLINE_EXCEEDED");
    expect(failure?.resume.position).toEqual({ kind: "start" });
    expect(seenSince(first)).toEqual([]);
  });
});

describe("offset pagination", () => {
  it("walks offsets to the total and resumes at the offset of the next undelivered item", async () => {
    const shop = client();
    const first = server.requests.length;
    failing = new Set([first + 2, first + 3]);
    const delivered: Item[] = [];
    let resume: PageResume | undefined;
    try {
      for await (const row of shop.listRows.all({ params: { query: { limit: 250 } } })) delivered.push(row);
    } catch (error) {
      resume = (error as PageFailedError).resume;
    }
    expect(delivered).toHaveLength(500);
    expect(resume).toEqual({ operationId: "listRows", position: { kind: "offset", offset: 500 } });
    if (resume === undefined) return;
    const rest = await collect(shop.listRows.all({ params: { query: { limit: 250 } } }, { resumeFrom: resume }));
    expect([...delivered, ...rest].map((r) => r.n)).toEqual(ALL.map((r) => r.n));
    // Ends at `total`: no request for an empty page.
    expect(seenSince(first + 4)).toEqual(["/rows?limit=250&offset=500", "/rows?limit=250&offset=750"]);
  });
});

describe("RFC 8288 Link pagination", () => {
  it("follows rel=next to the end, with the credentials on every page", async () => {
    const shop = client();
    const first = server.requests.length;
    const items = await collect(shop.listIssues.all({ params: { path: { owner: "octo" } } }));
    expect(items.map((i) => i.n)).toEqual(ALL.map((i) => i.n));
    expect(seenSince(first)).toEqual([
      "/repos/octo/issues",
      "/repos/octo/issues?page=2&per_page=300",
      "/repos/octo/issues?page=3&per_page=300",
      "/repos/octo/issues?page=4&per_page=300",
    ]);
    expect(server.requests.slice(first).map((r) => r.headers.authorization)).toEqual(Array(4).fill("Bearer t0k"));
  });

  it("refuses a next URL on another origin: the page fails INVALID_REQUEST and nothing is sent there", async () => {
    const other = await startTestServer((_req, res) => json(res, 200, []));
    try {
      const shop = client();
      const first = server.requests.length;
      const resumeFrom: PageResume = {
        operationId: "listIssues",
        position: { kind: "url", url: `${other.url}/repos/octo/issues?page=2` },
      };
      const failure = await collect(shop.listIssues.all({ params: { path: { owner: "octo" } } }, { resumeFrom })).then(
        () => undefined,
        (error: unknown) => error as PageFailedError,
      );
      expect(failure?.code).toBe("PAGE_FAILED");
      expect(isOutboundError(failure?.cause) && failure.cause.code).toBe("INVALID_REQUEST");
      expect(other.requests).toHaveLength(0);
      expect(seenSince(first)).toEqual([]);
    } finally {
      await other.close();
    }
  });
});
