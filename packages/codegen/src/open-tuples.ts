import {
  createRef,
  type SchemaObject,
  type TransformNodeOptions,
  transformSchemaObject,
  UNKNOWN,
} from "openapi-typescript";
import ts from "typescript";
import { isRecord } from "./internal/json-pointer.js";

/**
 * An OpenAPI 3.1 tuple is open unless it says otherwise (JSON Schema 2020-12 §10.3.1.1-2): `prefixItems` types the
 * first items, and later items are allowed, typed by `items` (absent or `true`: anything). So
 * `{ prefixItems: [number, string] }` is `[number, string, ...unknown[]]` and with `items: boolean` it is
 * `[number, string, ...boolean[]]`; it is closed (`[number, string]`) only with `items: false`,
 * `unevaluatedItems: false`, or a `maxItems` no greater than the number of prefix items.
 *
 * openapi-typescript types every `prefixItems` array as a closed tuple; this is its `transform` hook for
 * `type: array` schemas with `prefixItems`, returning the open tuple (and `undefined` for anything else, which
 * openapi-typescript then types as usual). The prefix items stay required, as openapi-typescript has them.
 */
export function openTuples(schema: SchemaObject, options: TransformNodeOptions): ts.TypeNode | undefined {
  const s = schema as Record<string, unknown>;
  if (s.type !== "array" || !Array.isArray(s.prefixItems)) return undefined;
  const prefix = s.prefixItems as SchemaObject[];
  const closed =
    s.items === false ||
    s.unevaluatedItems === false ||
    (typeof s.maxItems === "number" && s.maxItems <= prefix.length);
  if (closed) return undefined;
  const at = (...segments: string[]) => ({ ...options, path: createRef([options.path, ...segments]) });
  const rest = isRecord(s.items) ? transformSchemaObject(s.items as SchemaObject, at("items")) : UNKNOWN;
  return ts.factory.createTupleTypeNode([
    ...prefix.map((item, i) => transformSchemaObject(item, at("prefixItems", String(i)))),
    ts.factory.createRestTypeNode(ts.factory.createArrayTypeNode(rest)),
  ]);
}
