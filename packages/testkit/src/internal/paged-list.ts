import { TestkitError } from "../testkit-error.js";
import { getByPointer, isRecord } from "./json-pointer.js";
import { outcomeOf } from "./outcome.js";
import { problemOutcome } from "./problem-response.js";
import { type OperationResult, processOperation } from "./process-operation.js";
import { normalisePath } from "./resource-store.js";
import type { Route } from "./route-table.js";
import type { ServerState } from "./server-state.js";
import { documentedResponse, successStatus } from "./spec-responses.js";

/** Page size when the request gives none and the limit parameter's schema has no `default`. */
export const DEFAULT_PAGE_SIZE = 10;

/** Query parameter names read as the page size of a cursor or page list that declares no `limitParam`. */
const LIMIT_NAMES = ["limit", "per_page", "page_size", "pageSize"];

/**
 * How the test server pages one list operation, read from the operation's `x-outbound.pagination` in the spec
 * (the same declaration `@outbound/codegen` reads; presets `stripe` and `offset-limit` filled in). Fields are JSON
 * pointers into the response body (RFC 6901, `""` is the body itself).
 */
type Paging =
  | {
      readonly kind: "cursor";
      readonly items: string;
      readonly cursorParam: string;
      readonly nextCursor: { readonly field?: string; readonly header?: string; readonly lastItem?: string };
      readonly hasMore?: string;
      readonly limitParam?: string;
    }
  | {
      readonly kind: "offset";
      readonly items: string;
      readonly offsetParam: string;
      readonly limitParam?: string;
      readonly hasMore?: string;
      readonly total?: string;
    }
  | {
      readonly kind: "page";
      readonly items: string;
      readonly pageParam: string;
      readonly firstPage?: number;
      readonly hasMore?: string;
      readonly totalPages?: string;
      readonly limitParam?: string;
    };

const PRESETS: Readonly<Record<string, Record<string, unknown>>> = {
  stripe: {
    kind: "cursor",
    items: "/data",
    cursorParam: "starting_after",
    nextCursor: { lastItem: "/id" },
    hasMore: "/has_more",
  },
  "offset-limit": { kind: "offset", offsetParam: "offset", limitParam: "limit" },
};

/** Resources a server holds from its start (and again after `reset()`) in one collection. */
export interface SeedCollection {
  /** How many resources to create. */
  readonly count: number;
  /**
   * Fields of resource `index` (0-based) laid over the creating operation's example, as a request body would be
   * (top-level fields the response schema declares; `id` and timestamps are the server's). @default none
   */
  readonly fields?: (index: number) => Record<string, unknown>;
}

/** The paging of each list route, per server (kept here so the server's own state stays as it is). */
const pagingOf = new WeakMap<ServerState, Map<Route, Paging>>();

/**
 * Reads the `x-outbound.pagination` of every GET route of `state`'s spec (kinds `cursor`, `offset`, `page`; `link`
 * and `nextUrl` lists keep the example answer).
 * @throws TestkitError `SPEC_INVALID` naming the JSON pointer, for an unknown preset or kind or a missing key.
 */
export function readPagedLists(state: ServerState): void {
  const table = new Map<Route, Paging>();
  for (const route of state.routes) {
    if (route.method !== "GET") continue;
    const operation = getByPointer(state.document, route.pointer);
    const ext = isRecord(operation) ? operation["x-outbound"] : undefined;
    const declared = isRecord(ext) ? ext.pagination : undefined;
    if (declared === undefined) continue;
    const at = `${route.pointer}/x-outbound/pagination`;
    if (!isRecord(declared)) throw invalid(at, "is not an object", "write e.g. `pagination: { preset: stripe }`");
    const preset = declared.preset;
    if (preset !== undefined && preset !== "github" && (typeof preset !== "string" || !(preset in PRESETS)))
      throw invalid(`${at}/preset`, `is ${JSON.stringify(preset)}`, "use `stripe`, `github` or `offset-limit`");
    const merged = { ...(typeof preset === "string" ? PRESETS[preset] : {}), ...declared };
    if (preset === "github" || merged.kind === "link" || merged.kind === "nextUrl") continue;
    const missing = requiredKeys(merged.kind).filter((key) => merged[key] === undefined);
    if (missing.length > 0)
      throw invalid(at, `lacks ${missing.join(", ")}`, `add ${missing.map((k) => `\`${k}\``).join(", ")}`);
    table.set(route, merged as unknown as Paging);
  }
  pagingOf.set(state, table);
}

function requiredKeys(kind: unknown): string[] {
  if (kind === "cursor") return ["items", "cursorParam", "nextCursor"];
  if (kind === "offset") return ["items", "offsetParam"];
  if (kind === "page") return ["items", "pageParam"];
  return ["kind"];
}

function invalid(pointer: string, problem: string, fix: string): TestkitError {
  return new TestkitError("SPEC_INVALID", `${pointer} ${problem}: the test server cannot page this list; ${fix}.`);
}

/**
 * Creates the seeded resources of `state`: for each collection path (e.g. `/charges`), `count` resources as the
 * spec's creating operation (`POST /charges`) would create them, with sequential ids (`ch_000001` …) in order.
 * They are readable, listable and can be acted on like created ones; the ledger records none of them.
 * @throws TestkitError `ROUTE_UNKNOWN` for a path no creating `POST` of the spec serves.
 */
export function seedResources(state: ServerState, seed: Readonly<Record<string, SeedCollection>>): void {
  for (const [path, collection] of Object.entries(seed)) {
    const creator = state.routes.find(
      (r) => r.method === "POST" && r.pattern.test(path) && state.semantics.get(r)?.behaviour === "create",
    );
    const semantics = creator === undefined ? undefined : state.semantics.get(creator);
    if (creator === undefined || semantics === undefined) {
      throw new TestkitError(
        "ROUTE_UNKNOWN",
        `seed[${JSON.stringify(path)}]: no POST of the spec creates resources at ${path}. Key seed by a collection path whose POST answers 201 with an id (e.g. "/charges").`,
      );
    }
    const match = creator.pattern.exec(path);
    const pathParams = Object.fromEntries(creator.pathParamNames.map((name, i) => [name, match?.[i + 1] ?? ""]));
    for (let index = 0; index < collection.count; index++) {
      const json = collection.fields?.(index);
      processOperation(state.document, { route: creator, semantics, path, pathParams, json }, state.store);
    }
  }
}

/** The resources stored directly below `collection` (`/charges/ch_000001`, not its refunds), in creation order. */
function itemsBelow(state: ServerState, collection: string): unknown[] {
  const prefix = `${normalisePath(collection)}/`;
  return state.store
    .paths()
    .filter((p) => p.startsWith(prefix) && !p.slice(prefix.length).includes("/"))
    .map((p) => state.store.get(p));
}

/** Sets the value at a JSON pointer (RFC 6901) inside `target`, creating objects on the way. */
function setAt(target: Record<string, unknown>, pointer: string, value: unknown): void {
  const tokens = pointer
    .split("/")
    .slice(1)
    .map((t) => t.replaceAll("~1", "/").replaceAll("~0", "~"));
  let node = target;
  for (const token of tokens.slice(0, -1)) {
    if (!isRecord(node[token])) node[token] = {};
    node = node[token] as Record<string, unknown>;
  }
  const last = tokens[tokens.length - 1];
  if (last !== undefined) node[last] = value;
}

/** The value at a JSON pointer inside a JSON value. */
function getAt(value: unknown, pointer: string): unknown {
  return pointer === "" ? value : getByPointer(value, `#${pointer}`);
}

/** The page size of a request: the limit parameter's value, else its schema's `default`, else {@link DEFAULT_PAGE_SIZE}. */
function pageSize(state: ServerState, route: Route, paging: Paging, query: URLSearchParams): number {
  const name =
    paging.limitParam ?? LIMIT_NAMES.find((n) => route.parameters.some((p) => p.in === "query" && p.name === n));
  const parameter = route.parameters.find((p) => p.in === "query" && p.name === name);
  const raw = name === undefined ? null : query.get(name);
  if (raw !== null && /^\d+$/.test(raw) && Number(raw) > 0) return Number(raw);
  const schema =
    parameter?.schemaPointer === undefined ? undefined : getByPointer(state.document, parameter.schemaPointer);
  const fallback = isRecord(schema) ? schema.default : undefined;
  return typeof fallback === "number" && fallback > 0 ? fallback : DEFAULT_PAGE_SIZE;
}

/**
 * Answers a GET of a list that declares `x-outbound.pagination` with a real page of the resources stored below the
 * request path (seeded and created ones, in creation order), or undefined when the route declares none.
 * - `cursor`: the page starts after the item whose `nextCursor.lastItem` field equals the cursor parameter (an
 *   unknown cursor is a 400); with `nextCursor.field` or `.header` the cursor is the index of the next item
 *   (decimal), set in that field (null on the last page) or header (absent on the last page).
 * - `offset`: items from `offsetParam` (0-based); `total` set to the number of items.
 * - `page`: page `pageParam` (from `firstPage`, default 1); `totalPages` set.
 * `hasMore` is set on every kind; the page holds at most the page size ({@link pageSize}) items. The rest of the
 * body is the spec's example (or a body derived from the schema).
 */
export function pagedListResult(
  state: ServerState,
  route: Route,
  path: string,
  url: string,
): OperationResult | undefined {
  const paging = pagingOf.get(state)?.get(route);
  if (paging === undefined) return undefined;
  const query = new URL(url, "http://127.0.0.1").searchParams;
  const all = itemsBelow(state, path);
  const size = pageSize(state, route, paging, query);
  let start = 0;
  if (paging.kind === "cursor") {
    const cursor = query.get(paging.cursorParam);
    const by = paging.nextCursor.lastItem;
    if (cursor !== null && by !== undefined) {
      const at = all.findIndex((item) => String(getAt(item, by)) === cursor);
      if (at === -1) {
        const detail = `${paging.cursorParam} ${JSON.stringify(cursor)} names no item of ${path}.`;
        return { outcome: problemOutcome(state.document, route, 400, detail), resourcePath: undefined };
      }
      start = at + 1;
    } else if (cursor !== null) start = /^\d+$/.test(cursor) ? Number(cursor) : all.length;
  } else if (paging.kind === "offset") {
    const raw = query.get(paging.offsetParam);
    start = raw !== null && /^\d+$/.test(raw) ? Number(raw) : 0;
  } else {
    const first = paging.firstPage ?? 1;
    const raw = query.get(paging.pageParam);
    start = (raw !== null && /^-?\d+$/.test(raw) ? Math.max(Number(raw) - first, 0) : 0) * size;
  }
  const page = all.slice(start, start + size);
  const more = start + page.length < all.length;
  const response = documentedResponse(state.document, route, successStatus(state.document, route));
  const body: Record<string, unknown> = isRecord(response?.body) ? response.body : {};
  const headers: Record<string, string> = {};
  if (paging.hasMore !== undefined) setAt(body, paging.hasMore, more);
  if (paging.kind === "cursor" && paging.nextCursor.field !== undefined)
    setAt(body, paging.nextCursor.field, more ? String(start + page.length) : null);
  if (paging.kind === "cursor" && paging.nextCursor.header !== undefined && more)
    headers[paging.nextCursor.header.toLowerCase()] = String(start + page.length);
  if (paging.kind === "offset" && paging.total !== undefined) setAt(body, paging.total, all.length);
  if (paging.kind === "page" && paging.totalPages !== undefined)
    setAt(body, paging.totalPages, Math.ceil(all.length / size));
  if (paging.items !== "") setAt(body, paging.items, page);
  const answer = paging.items === "" ? page : body;
  return {
    outcome: outcomeOf(response?.status ?? 200, response?.mediaType ?? "application/json", answer, headers),
    resourcePath: undefined,
  };
}
