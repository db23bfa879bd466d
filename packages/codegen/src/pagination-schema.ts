import type { SchemaNode } from "./policy-schema.js";

const pointer = (title: string, description: string): SchemaNode => ({
  title,
  description,
  problem: `\`pagination.${title}\` must be a JSON pointer into the response body (RFC 6901).`,
  fix: `write e.g. \`${title}: /data\` (\`""\` is the body itself).`,
  type: "string",
  pattern: "^(/.*)?$",
});

const queryParam = (title: string, description: string): SchemaNode => ({
  title,
  description,
  problem: `\`pagination.${title}\` must name a query parameter of the operation.`,
  fix: `write the parameter's name, e.g. \`${title}: cursor\`.`,
  type: "string",
  pattern: "^.+$",
});

/**
 * `x-outbound.pagination`: how a list operation pages. A `preset` names a common shape (its keys can be overridden);
 * otherwise `kind` and the keys of that kind. Which keys each kind needs, and whether the names exist in the
 * operation and its response schema, is checked after the schema (see read-pagination.ts).
 */
export const PAGINATION_SCHEMA: SchemaNode = {
  title: "pagination",
  description: "How the list pages: a preset, or a kind with its request parameters and response fields.",
  fix: "write e.g. `pagination: { preset: stripe }` or `pagination: { kind: cursor, items: /data, cursorParam: cursor, nextCursor: { field: /next_cursor } }`.",
  type: "object",
  additionalProperties: false,
  properties: {
    preset: {
      title: "preset",
      description: "A common shape: `stripe`, `github` (RFC 8288 Link rel=next) or `offset-limit`.",
      problem: "`pagination.preset` must be `stripe`, `github` or `offset-limit`.",
      fix: "write one of them, or declare `kind` and its keys instead.",
      type: "string",
      enum: ["stripe", "github", "offset-limit"],
    },
    kind: {
      title: "kind",
      description: "`cursor`, `offset`, `page`, `nextUrl` or `link`.",
      problem: "`pagination.kind` must be `cursor`, `offset`, `page`, `nextUrl` or `link`.",
      fix: "write one of them.",
      type: "string",
      enum: ["cursor", "offset", "page", "nextUrl", "link"],
    },
    items: pointer("items", "The items array of the body."),
    cursorParam: queryParam("cursorParam", "The query parameter that carries the cursor."),
    nextCursor: {
      title: "nextCursor",
      description: "Where the next cursor is: a body `field`, a response `header`, or a field of the `lastItem`.",
      fix: "write one of `nextCursor: { field: /next_cursor }`, `{ header: X-Next-Cursor }` or `{ lastItem: /id }`.",
      type: "object",
      additionalProperties: false,
      properties: {
        field: pointer("nextCursor.field", "A body field holding the next cursor."),
        header: {
          title: "nextCursor.header",
          problem: "`pagination.nextCursor.header` must be an HTTP header name.",
          fix: "write e.g. `header: X-Next-Cursor`.",
          type: "string",
          pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$",
        },
        lastItem: pointer("nextCursor.lastItem", "A field of the last item (Stripe: `/id`)."),
      },
    },
    hasMore: pointer("hasMore", "A boolean body field: false on the last page."),
    offsetParam: queryParam("offsetParam", "The query parameter of the offset (0-based)."),
    limitParam: queryParam("limitParam", "The query parameter of the page size."),
    total: pointer("total", "An integer body field: the number of items in the whole list."),
    pageParam: queryParam("pageParam", "The query parameter of the page number."),
    firstPage: {
      title: "firstPage",
      description: "The number of the first page.",
      type: "integer",
      minimum: 0,
      maximum: 1,
    },
    totalPages: pointer("totalPages", "An integer body field: the number of pages."),
    nextUrl: pointer("nextUrl", "A body field holding the URL of the next page."),
  },
};
