import { type AnyOutboundError, isOutboundError, OutboundError } from "../errors.js";

/**
 * Where a paged iteration stands, as a plain JSON value (it can be stored and read back): the first request as the
 * caller's arguments give it (`start`), or the cursor, offset, page number or URL of one page.
 */
export type PagePosition =
  | { readonly kind: "start" }
  | { readonly kind: "cursor"; readonly cursor: string }
  | { readonly kind: "offset"; readonly offset: number }
  | { readonly kind: "page"; readonly page: number }
  | { readonly kind: "url"; readonly url: string };

/**
 * A point to resume a paged iteration from: pass it as `resumeFrom` to `.all()` or `.pages()` of the same operation,
 * with the same arguments, and the iteration continues exactly after the last item delivered (none twice, none
 * skipped). A JSON value: it survives `JSON.stringify` / `JSON.parse`.
 */
export interface PageResume {
  /** The operationId it belongs to; a resume point of another operation is refused. */
  readonly operationId: string;
  /** The page to request next. */
  readonly position: PagePosition;
}

/** Statuses a later try may succeed on (RFC 9110 §15.5.9, §15.6; RFC 6585 §4). */
const TRANSIENT_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/**
 * A page of a paged iteration (`.all()` / `.pages()`) failed for good: its call threw (`cause`, an OutboundError
 * after the page's own retries), or the downstream answered with a non-2xx status (`status`, `response` and the
 * parsed error `body`), or the page's body has no items array. Every item before it was delivered; `resume` is the
 * failed page, so `.all(args, { resumeFrom: err.resume })` continues exactly after the last item delivered.
 * `attempts` is the failed page's attempts when it threw, 1 for an answer (its retries are on its span and hooks).
 */
export class PageFailedError extends OutboundError {
  readonly code = "PAGE_FAILED" as const;
  override readonly name = "PageFailedError";
  readonly retryable: boolean;
  /** The page to resume from: the failed one. */
  readonly resume: PageResume;
  /** Pages and items delivered by this iteration before the failure (a resumed iteration counts from 0). */
  readonly pagesDelivered: number;
  readonly itemsDelivered: number;
  /** The HTTP status of a page answered with a non-2xx status; undefined otherwise. */
  readonly status: number | undefined;
  /** That answer's response (body already read) and its parsed error body. */
  readonly response: Response | undefined;
  readonly body: unknown;

  constructor(context: {
    readonly downstream: string;
    readonly resume: PageResume;
    readonly pagesDelivered: number;
    readonly itemsDelivered: number;
    readonly cause?: unknown;
    readonly answer?: { readonly response: Response; readonly body: unknown };
    readonly problem?: string;
  }) {
    const { downstream, resume, cause, answer } = context;
    const thrown = isOutboundError(cause) ? (cause as AnyOutboundError) : undefined;
    const why =
      context.problem ?? (answer !== undefined ? `HTTP ${answer.response.status}` : (thrown?.code ?? "failed"));
    super(
      `${downstream} ${resume.operationId}: page ${context.pagesDelivered + 1} failed (${why}) after ${context.itemsDelivered} items; resume from err.resume`,
      {
        downstream,
        operationId: resume.operationId,
        attempts: thrown?.attempts ?? 1,
        ...(cause === undefined ? {} : { cause }),
        outcome: thrown?.outcome ?? (answer !== undefined || context.problem !== undefined ? "answered" : "unknown"),
      },
      "answered",
    );
    this.resume = resume;
    this.pagesDelivered = context.pagesDelivered;
    this.itemsDelivered = context.itemsDelivered;
    this.status = answer?.response.status;
    this.response = answer?.response;
    this.body = answer?.body;
    this.retryable =
      thrown?.retryable ?? (answer !== undefined ? TRANSIENT_STATUSES.has(answer.response.status) : false);
  }
}

/** True for a {@link PageFailedError} (code `PAGE_FAILED`) from any copy of this package. */
export function isPageFailedError(value: unknown): value is PageFailedError {
  return isOutboundError(value) && value.code === "PAGE_FAILED";
}
