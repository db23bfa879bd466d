import LinkHeader from "http-link-header";
import type { PagePosition } from "./page-failed-error.js";
import type { PaginationMeta } from "./pagination-meta.js";
import { readPointer } from "./read-pointer.js";

/** What the next position is read from: the page just received. */
export interface ReceivedPage {
  /** The position this page was requested at. */
  readonly position: PagePosition;
  /** The query parameters the caller's arguments give (read for the first offset or page number). */
  readonly query: Readonly<Record<string, unknown>>;
  readonly data: unknown;
  readonly items: readonly unknown[];
  readonly headers: Headers;
  /** The URL the page was requested from (relative next URLs resolve against it). */
  readonly url: string;
}

/**
 * The position of the page after `page` under `pagination`, or undefined when `page` is the last one. A page with
 * no items is always the last (it cannot move an offset, and a cursor API that sends an empty page with a cursor
 * would loop).
 */
export function nextPosition(pagination: PaginationMeta, page: ReceivedPage): PagePosition | undefined {
  if (page.items.length === 0) return undefined;
  const { data } = page;
  if ("hasMore" in pagination && pagination.hasMore !== undefined && readPointer(data, pagination.hasMore) === false)
    return undefined;
  switch (pagination.kind) {
    case "cursor": {
      const cursor = nextCursor(pagination, page);
      return cursor === undefined ? undefined : { kind: "cursor", cursor };
    }
    case "offset": {
      const offset = startOf(page, "offset", pagination.offsetParam, 0) + page.items.length;
      const total = pagination.total === undefined ? undefined : readPointer(data, pagination.total);
      return typeof total === "number" && offset >= total ? undefined : { kind: "offset", offset };
    }
    case "page": {
      const number = startOf(page, "page", pagination.pageParam, pagination.firstPage ?? 1);
      const totalPages = pagination.totalPages === undefined ? undefined : readPointer(data, pagination.totalPages);
      return typeof totalPages === "number" && number >= totalPages ? undefined : { kind: "page", page: number + 1 };
    }
    case "nextUrl": {
      const next = readPointer(data, pagination.nextUrl);
      return typeof next === "string" && next !== "" ? { kind: "url", url: new URL(next, page.url).href } : undefined;
    }
    case "link": {
      const next = nextLink(page.headers.get("link"));
      return next === undefined ? undefined : { kind: "url", url: new URL(next, page.url).href };
    }
  }
}

/** The next cursor as a string (numbers are accepted and written in decimal); undefined for none. */
function nextCursor(pagination: Extract<PaginationMeta, { kind: "cursor" }>, page: ReceivedPage): string | undefined {
  const source = pagination.nextCursor;
  const value =
    source.from === "header"
      ? page.headers.get(source.name)
      : source.from === "body"
        ? readPointer(page.data, source.pointer)
        : readPointer(page.items[page.items.length - 1], source.pointer);
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** The offset or page number `page` was requested at: its position's, else the caller's query value, else `first`. */
function startOf(page: ReceivedPage, kind: "offset" | "page", param: string, first: number): number {
  const { position } = page;
  if (position.kind === "offset" && kind === "offset") return position.offset;
  if (position.kind === "page" && kind === "page") return position.page;
  const given = Number(page.query[param]);
  return Number.isInteger(given) && given >= 0 ? given : first;
}

/**
 * The target of the first link with relation type `next` in a `Link` header (RFC 8288 §3, §3.3: `rel` holds
 * space-separated relation types, compared case-insensitively), parsed by `http-link-header`.
 */
export function nextLink(header: string | null): string | undefined {
  if (header === null || header.trim() === "") return undefined;
  try {
    return LinkHeader.parse(header).rel("next")[0]?.uri;
  } catch {
    return undefined;
  }
}
