import { getByPointer, isRecord, resolveLocalRef } from "./internal/json-pointer.js";
import type { OperationModel } from "./operation-model.js";

/** A preset an unpaginated list operation looks like, as `outbound add` reports it (never applied). */
export interface PaginationSuggestion {
  readonly operationId: string;
  /** The `x-outbound` value to write, as YAML flow text, e.g. `{ pagination: { preset: stripe } }`. */
  readonly declaration: string;
  /** What it was recognised by. */
  readonly because: string;
}

/**
 * The GET operations without `x-outbound.pagination` whose shape matches a preset: `stripe` (query parameter
 * `starting_after`, body fields `data` and `has_more`), `github` (a `Link` response header, or `page` and `per_page`
 * query parameters, and a body that is an array), `offset-limit` (query parameters `offset` and `limit`, with the
 * body's first array field as `items`). Suggestions only: a shape can match by accident, so a person decides.
 */
export function suggestPagination(
  document: Readonly<Record<string, unknown>>,
  operations: readonly OperationModel[],
): PaginationSuggestion[] {
  return operations.flatMap((op) => {
    if (op.method !== "GET" || op.pagination !== undefined) return [];
    const query = new Set(op.parameters.filter((p) => p.in === "query").map((p) => p.name));
    const success = op.responses.find((r) => /^2/.test(r.status));
    const schema = resolve(document, success?.content.find((m) => /json/i.test(m.mediaType))?.schemaPointer);
    const properties = propertiesOf(document, schema);
    const suggest = (declaration: string, because: string) => [{ operationId: op.operationId, declaration, because }];
    if (query.has("starting_after") && "data" in properties && "has_more" in properties)
      return suggest("{ pagination: { preset: stripe } }", "`starting_after`, `data` and `has_more`");
    const link = success?.headers.some((h) => h.toLowerCase() === "link") ?? false;
    if (schema?.type === "array" && (link || (query.has("page") && query.has("per_page"))))
      return suggest(
        "{ pagination: { preset: github } }",
        link ? "a `Link` response header" : "`page` and `per_page` and an array body",
      );
    const arrayField = Object.entries(properties).find(([, v]) => resolve(document, v)?.type === "array")?.[0];
    if (query.has("offset") && query.has("limit") && arrayField !== undefined)
      return suggest(
        `{ pagination: { preset: offset-limit, items: /${arrayField.replaceAll("~", "~0").replaceAll("/", "~1")} } }`,
        "`offset` and `limit`",
      );
    return [];
  });
}

/** The properties of `schema` and of its `allOf` members. */
function propertiesOf(
  document: Readonly<Record<string, unknown>>,
  schema: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const members = Array.isArray(schema?.allOf) ? schema.allOf.map((m) => resolve(document, m)) : [];
  return Object.assign({}, ...[schema, ...members].map((s) => (isRecord(s?.properties) ? s.properties : {}))) as Record<
    string,
    unknown
  >;
}

/** The schema at `pointerOrSchema` (a JSON pointer string, or a schema object), `$ref`s followed. */
function resolve(
  document: Readonly<Record<string, unknown>>,
  pointerOrSchema: unknown,
): Record<string, unknown> | undefined {
  const raw = typeof pointerOrSchema === "string" ? getByPointer(document, pointerOrSchema) : pointerOrSchema;
  const schema = resolveLocalRef(document as Record<string, unknown>, raw);
  return isRecord(schema) ? schema : undefined;
}
