import type { AnyCallOptions } from "../call-options.js";
import { InvalidOptionsError } from "../invalid-options-error.js";
import { runWithRequestContext } from "../request-context.js";
import { nextPosition } from "./next-position.js";
import { PageFailedError, type PagePosition, type PageResume } from "./page-failed-error.js";
import type { PaginationMeta } from "./pagination-meta.js";
import { readPointer } from "./read-pointer.js";

/** Limits and resume point of one paged iteration; every field optional. */
export interface PaginateOptions {
  /** Pages requested at most; the iteration stops after that many without asking for another. @default 10000 */
  readonly maxPages?: number;
  /** Items delivered at most; no page is requested once that many were received. @default unlimited (see maxPages) */
  readonly maxItems?: number;
  /**
   * Deadline of the whole iteration in ms, every page included; each page keeps its own deadline too and stops at
   * the nearer one (`DEADLINE_EXCEEDED`, as the page's cause). @default none: each page is bounded by its own
   */
  readonly iterationTimeoutMs?: number;
  /** A {@link PageFailedError}'s `resume` (or a page's `next`): start there instead of at the first page. */
  readonly resumeFrom?: PageResume;
}

/** Options of `.pages()` / `.all()`: the operation's call options (applied to every page) plus {@link PaginateOptions}. */
export type PageOptions<CallOptions> = CallOptions & PaginateOptions;

/** The defaults of {@link PaginateOptions}. */
export const DEFAULT_PAGINATE_OPTIONS = Object.freeze({ maxPages: 10_000 });

/** One page of a paged iteration. */
export interface Page<Item, Data = unknown> {
  /** The page's items (the body's items field). */
  readonly items: Item[];
  /** The whole parsed body. */
  readonly data: Data;
  /** The response (body already read). */
  readonly response: Response;
  /** Where the next page starts, as a resume point (store it to continue later); undefined on the last page. */
  readonly next: PageResume | undefined;
}

/** openapi-fetch's result of one page's call, and the URL it was sent to. */
export interface SentPage {
  readonly data: unknown;
  readonly error: unknown;
  readonly response: Response;
  readonly url: string;
}

/** Sends one page: the init with the position's query parameter, or (`target`) the same call sent to that URL. */
export type PageSender = (
  init: object | undefined,
  callOptions: AnyCallOptions | undefined,
  target: string | undefined,
) => Promise<SentPage>;

/** A paginated operation as the iterators drive it. */
export interface PagedOperation {
  readonly downstream: string;
  readonly operationId: string;
  readonly pagination: PaginationMeta;
  readonly send: PageSender;
}

interface Limits {
  readonly maxPages: number;
  readonly maxItems: number;
  readonly deadlineAt: number | undefined;
}

/**
 * The pages of `operation` from `init`, one logical call each (own retries by class, deadline and span), in order.
 * Stops after the last page (see `nextPosition`), at `maxPages` or `maxItems` without another request, or when the
 * consumer stops (`break`).
 * @throws InvalidOptionsError at once for invalid limits or a `resumeFrom` of another operation.
 * @throws PageFailedError (from the iterator) when a page fails for good; its `resume` is that page.
 */
export function paginate(
  operation: PagedOperation,
  init: object | undefined,
  options: PageOptions<AnyCallOptions> | undefined,
): AsyncGenerator<Page<unknown>, void, undefined> {
  const { maxPages, maxItems, iterationTimeoutMs, resumeFrom, ...callOptions } = options ?? {};
  const limits: Limits = {
    maxPages: positiveInteger("maxPages", maxPages) ?? DEFAULT_PAGINATE_OPTIONS.maxPages,
    maxItems: positiveInteger("maxItems", maxItems) ?? Number.POSITIVE_INFINITY,
    deadlineAt:
      iterationTimeoutMs === undefined
        ? undefined
        : Date.now() + (positiveInteger("iterationTimeoutMs", iterationTimeoutMs) ?? 0),
  };
  if (resumeFrom !== undefined && resumeFrom.operationId !== operation.operationId) {
    throw new InvalidOptionsError(
      "resumeFrom",
      `it resumes operation ${resumeFrom.operationId}, not ${operation.operationId}`,
      "Pass the resume point of an iteration of this operation",
    );
  }
  const start: PagePosition = resumeFrom?.position ?? { kind: "start" };
  return pagesFrom(operation, init, callOptions, limits, start);
}

/** The items of `pages`, at most `maxItems`. */
export async function* itemsOf<Item>(
  pages: AsyncIterable<Page<Item>>,
  maxItems: number | undefined,
): AsyncGenerator<Item, void, undefined> {
  let delivered = 0;
  const limit = maxItems ?? Number.POSITIVE_INFINITY;
  for await (const page of pages) {
    for (const item of page.items) {
      if (delivered >= limit) return;
      delivered += 1;
      yield item;
    }
  }
}

async function* pagesFrom(
  operation: PagedOperation,
  init: object | undefined,
  callOptions: AnyCallOptions,
  limits: Limits,
  start: PagePosition,
): AsyncGenerator<Page<unknown>, void, undefined> {
  let position: PagePosition | undefined = start;
  let pages = 0;
  let items = 0;
  while (position !== undefined && pages < limits.maxPages && items < limits.maxItems) {
    const page = await fetchPage(operation, init, callOptions, limits.deadlineAt, position, { pages, items });
    pages += 1;
    items += page.items.length;
    yield page;
    position = page.next?.position;
  }
}

/** Sends the page at `position` and reads it; every failure becomes a {@link PageFailedError} resuming there. */
async function fetchPage(
  operation: PagedOperation,
  init: object | undefined,
  callOptions: AnyCallOptions,
  deadlineAt: number | undefined,
  position: PagePosition,
  delivered: { readonly pages: number; readonly items: number },
): Promise<Page<unknown>> {
  const { downstream, operationId, pagination } = operation;
  const fail = (detail: { cause?: unknown; answer?: { response: Response; body: unknown }; problem?: string }) =>
    new PageFailedError({
      downstream,
      resume: { operationId, position },
      pagesDelivered: delivered.pages,
      itemsDelivered: delivered.items,
      ...detail,
    });
  const target = position.kind === "url" ? position.url : undefined;
  const send = () => operation.send(initAt(init, pagination, position), callOptions, target);
  let sent: SentPage;
  try {
    sent = await (deadlineAt === undefined ? send() : runWithRequestContext({ deadlineAt }, send));
  } catch (cause) {
    throw fail({ cause });
  }
  const { response, data } = sent;
  if (!response.ok) throw fail({ answer: { response, body: sent.error } });
  const items = readPointer(data, pagination.items);
  if (!Array.isArray(items)) {
    throw fail({
      problem: `the body has no items array at JSON pointer "${pagination.items}" (x-outbound.pagination)`,
    });
  }
  const query = queryOf(init);
  const next = nextPosition(pagination, { position, query, data, items, headers: response.headers, url: sent.url });
  return { items, data, response, next: next === undefined ? undefined : { operationId, position: next } };
}

/** The caller's `params.query`, or an empty object. */
function queryOf(init: object | undefined): Readonly<Record<string, unknown>> {
  const params = (init as { params?: { query?: Record<string, unknown> } } | undefined)?.params;
  return params?.query ?? {};
}

/** The init of the page at `position`: the caller's, with the cursor, offset or page number in its query. */
function initAt(init: object | undefined, pagination: PaginationMeta, position: PagePosition): object | undefined {
  const param =
    position.kind === "cursor" && pagination.kind === "cursor"
      ? ([pagination.cursorParam, position.cursor] as const)
      : position.kind === "offset" && pagination.kind === "offset"
        ? ([pagination.offsetParam, position.offset] as const)
        : position.kind === "page" && pagination.kind === "page"
          ? ([pagination.pageParam, position.page] as const)
          : undefined;
  if (param === undefined) return init;
  const given = init as { params?: Record<string, unknown> } | undefined;
  const query = { ...queryOf(init), [param[0]]: param[1] };
  return { ...given, params: { ...given?.params, query } };
}

function positiveInteger(option: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value < 1)
    throw new InvalidOptionsError(option, `expected a positive integer, got ${String(value)}`, "Pass an integer ≥ 1");
  return value;
}
