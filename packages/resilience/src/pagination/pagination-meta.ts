/**
 * How a paginated operation pages, as `@outbound/codegen` emits it into `OperationMeta.pagination` from
 * `x-outbound.pagination` (spec, overlay or `outbound.config.yaml`). Fields of a response body are JSON pointers
 * into the parsed JSON body (RFC 6901; `""` is the body itself, e.g. a body that is the array of items).
 */
export type PaginationMeta = CursorPagination | OffsetPagination | PagePagination | NextUrlPagination | LinkPagination;

/** Where the next cursor of a cursor-paged list is read. */
export type NextCursorSource =
  /** A body field holding the next cursor (e.g. `/next_cursor`); absent, null or `""` means the last page. */
  | { readonly from: "body"; readonly pointer: string }
  /** A response header holding the next cursor; absent or empty means the last page. */
  | { readonly from: "header"; readonly name: string }
  /** A field of the last item of the page (Stripe: `starting_after` = the `id` of the last item, `/id`). */
  | { readonly from: "lastItem"; readonly pointer: string };

/**
 * Cursor pagination: the request sends the cursor in query parameter `cursorParam`; the response gives the next
 * one ({@link NextCursorSource}); `hasMore`, when declared, is a boolean body field that ends the list when false.
 * The list ends when `hasMore` is false, the next cursor is missing, or a page has no items.
 */
export interface CursorPagination {
  readonly kind: "cursor";
  /** JSON pointer of the items array in the body. */
  readonly items: string;
  /** Query parameter that carries the cursor. */
  readonly cursorParam: string;
  readonly nextCursor: NextCursorSource;
  /** JSON pointer of a boolean body field: `false` means this is the last page. */
  readonly hasMore?: string;
}

/**
 * Offset/limit pagination: query parameter `offsetParam` is the index of the first item wanted (0-based); each next
 * page starts after the items received. The list ends at a page with no items, when `hasMore` (a boolean body
 * field) is false, or when the offset reaches `total` (an integer body field).
 */
export interface OffsetPagination {
  readonly kind: "offset";
  readonly items: string;
  readonly offsetParam: string;
  /** Query parameter of the page size; the caller's value is kept on every page. */
  readonly limitParam?: string;
  readonly hasMore?: string;
  readonly total?: string;
}

/**
 * Page-number pagination: query parameter `pageParam`, starting at `firstPage` (or the caller's value), one more
 * per page. The list ends at a page with no items, when `hasMore` is false, or after page `totalPages` (an integer
 * body field).
 */
export interface PagePagination {
  readonly kind: "page";
  readonly items: string;
  readonly pageParam: string;
  /** @default 1 */
  readonly firstPage?: number;
  readonly hasMore?: string;
  readonly totalPages?: string;
}

/**
 * Next-URL pagination: body field `nextUrl` holds the URL of the next page (absolute, or relative to the page's URL);
 * absent, null or `""` means the last page.
 */
export interface NextUrlPagination {
  readonly kind: "nextUrl";
  readonly items: string;
  readonly nextUrl: string;
}

/** RFC 8288 `Link` header pagination: the target of the link with `rel="next"` is the next page (GitHub). */
export interface LinkPagination {
  readonly kind: "link";
  readonly items: string;
}
