import type { PaginationMeta } from "./internal/contract-types.js";
import { GenerationError, type SourceLocation } from "./internal/generation-error.js";
import { getByPointer, isRecord, resolveLocalRef } from "./internal/json-pointer.js";
import type { ParameterModel, ResponseModel } from "./operation-model.js";
import type { PaginationDeclaration } from "./outbound-policy.js";
import type { PolicyLayer } from "./resolve-policy.js";

/** One step from a response body's type to its items: a property, or the elements of an array. */
export type ItemsStep = { readonly kind: "property"; readonly name: string } | { readonly kind: "element" };

/** A paginated operation's pagination, checked against its parameters and response schema. */
export interface PaginationModel {
  /** What the runtime reads (`OperationMeta.pagination`). */
  readonly meta: PaginationMeta;
  /** The success response whose body holds the items: its status key and JSON media type as written. */
  readonly response: { readonly status: string; readonly mediaType: string };
  /** The steps from that body's type to one item (the last step is `element`). */
  readonly itemsPath: readonly ItemsStep[];
}

/** Keys a preset fills in (a declaration's own keys override them). */
const PRESETS: Readonly<Record<NonNullable<PaginationDeclaration["preset"]>, PaginationDeclaration>> = {
  stripe: {
    kind: "cursor",
    items: "/data",
    cursorParam: "starting_after",
    nextCursor: { lastItem: "/id" },
    hasMore: "/has_more",
  },
  github: { kind: "link", items: "" },
  "offset-limit": { kind: "offset", offsetParam: "offset", limitParam: "limit" },
};

/** Keys each kind needs, then the ones it may have. */
const KEYS: Readonly<Record<PaginationMeta["kind"], { required: readonly string[]; optional: readonly string[] }>> = {
  cursor: { required: ["items", "cursorParam", "nextCursor"], optional: ["hasMore"] },
  offset: { required: ["items", "offsetParam"], optional: ["limitParam", "hasMore", "total"] },
  page: { required: ["items", "pageParam"], optional: ["firstPage", "hasMore", "totalPages"] },
  nextUrl: { required: ["items", "nextUrl"], optional: [] },
  link: { required: ["items"], optional: [] },
};

/** The operation a declaration is checked against. */
export interface PaginatedOperation {
  /** `operationId (METHOD /path)`, as messages name it. */
  readonly label: string;
  readonly parameters: readonly ParameterModel[];
  readonly responses: readonly ResponseModel[];
}

/**
 * The pagination of an operation from its resolved `x-outbound.pagination` (`layer` is where it is written; `at`
 * locates a key inside it): the preset filled in, the keys of its kind required and no others, every query
 * parameter named by it a query parameter of the operation, and every response field a property of the first 2xx
 * JSON response's schema (the items an array). Undefined when nothing declares pagination.
 * @throws GenerationError `EXTENSION_INVALID` (`CONFIG_INVALID` for a config layer) with the pointer of the key and
 *   the fix.
 */
export function readPagination(
  document: Readonly<Record<string, unknown>>,
  operation: PaginatedOperation,
  declaration: PaginationDeclaration | undefined,
  layer: PolicyLayer | undefined,
  at: (keys: readonly string[]) => SourceLocation,
): PaginationModel | undefined {
  if (declaration === undefined || layer === undefined) return undefined;
  const code = layer.level.startsWith("config") ? "CONFIG_INVALID" : "EXTENSION_INVALID";
  const fail = (keys: readonly string[], problem: string, fix: string): never => {
    throw new GenerationError(code, `${operation.label}: ${problem}`, fix, at(keys));
  };
  if (layer.level !== "operation" && layer.level !== "config operation") {
    fail(
      [],
      `\`pagination\` is written at the ${layer.level} level, where it would apply to every operation.`,
      "move it to the list operation's own `x-outbound` (or its `outbound.config.yaml` entry under `operations:`).",
    );
  }
  const merged: PaginationDeclaration = {
    ...(declaration.preset === undefined ? {} : PRESETS[declaration.preset]),
    ...declaration,
  };
  const { kind } = merged;
  if (kind === undefined) {
    return fail(
      [],
      "`pagination` gives neither `preset` nor `kind`.",
      "write `preset: stripe | github | offset-limit`, or `kind` with its keys.",
    );
  }
  const allowed = KEYS[kind];
  for (const key of allowed.required) {
    if (merged[key as keyof PaginationDeclaration] === undefined)
      fail(
        [],
        `\`pagination\` of kind \`${kind}\` needs \`${key}\`.`,
        `add \`${key}\` (kind \`${kind}\` takes ${[...allowed.required, ...allowed.optional].map((k) => `\`${k}\``).join(", ")}).`,
      );
  }
  for (const key of Object.keys(declaration)) {
    if (key !== "preset" && key !== "kind" && !allowed.required.includes(key) && !allowed.optional.includes(key))
      fail(
        [key],
        `\`pagination.${key}\` does not apply to kind \`${kind}\`.`,
        `remove it (kind \`${kind}\` takes ${[...allowed.required, ...allowed.optional].map((k) => `\`${k}\``).join(", ")}).`,
      );
  }
  const query = operation.parameters.filter((p) => p.in === "query").map((p) => p.name);
  for (const key of ["cursorParam", "offsetParam", "limitParam", "pageParam"] as const) {
    const name = merged[key];
    if (name !== undefined && !query.includes(name))
      fail(
        [key],
        `\`pagination.${key}\` names \`${name}\`, which is not a query parameter of the operation.`,
        query.length === 0
          ? "declare the parameter in the spec (an overlay can add it), or correct the name."
          : `use one of its query parameters: ${query.map((q) => `\`${q}\``).join(", ")}.`,
      );
  }
  const response = successJson(operation.responses);
  if (response === undefined) {
    return fail(
      [],
      "a paginated operation needs a 2xx response with a JSON body (the page).",
      "declare its 2xx `application/json` response with a schema in the spec.",
    );
  }
  const body = [getByPointer(document, response.schemaPointer)];
  const field = (key: string, pointer: string, from = body): ItemsStep[] => {
    const walked = walk(document, from, pointer);
    if (typeof walked === "string")
      fail(
        [...key.split(".")],
        `\`pagination.${key}\` is \`${pointer}\`, but ${walked} in the schema of response ${response.status} ${response.mediaType}.`,
        "correct the JSON pointer, or declare the field in the response schema (an overlay can add it).",
      );
    return (walked as Walked).steps;
  };
  const items = merged.items as string;
  const itemsWalk = walk(document, body, items);
  if (typeof itemsWalk === "string" || !itemsWalk.schemas.some(isArraySchema)) {
    fail(
      ["items"],
      `\`pagination.items\` is \`${items}\`, but ${typeof itemsWalk === "string" ? itemsWalk : "it is not an array"} in the schema of response ${response.status} ${response.mediaType}.`,
      'point it at the array of items (`""` when the body is the array).',
    );
  }
  const { schemas: listSchemas, steps } = itemsWalk as Walked;
  const itemSchemas = listSchemas.flatMap((s) => (isRecord(s) && s.items !== undefined ? [s.items] : []));
  for (const key of ["hasMore", "total", "totalPages", "nextUrl"] as const) {
    const pointer = merged[key];
    if (pointer !== undefined) field(key, pointer);
  }
  const next = merged.nextCursor;
  if (next !== undefined) {
    const given = Object.entries(next).filter(([, v]) => v !== undefined);
    if (given.length !== 1)
      fail(
        ["nextCursor"],
        "`pagination.nextCursor` must give exactly one of `field`, `header`, `lastItem`.",
        "keep one of them.",
      );
    if (next.field !== undefined) field("nextCursor.field", next.field);
    if (next.lastItem !== undefined) field("nextCursor.lastItem", next.lastItem, itemSchemas);
  }
  return {
    meta: toMeta(kind, merged),
    response: { status: response.status, mediaType: response.mediaType },
    itemsPath: [...steps, { kind: "element" }],
  };
}

function toMeta(kind: PaginationMeta["kind"], d: PaginationDeclaration): PaginationMeta {
  const items = d.items as string;
  const optional = <K extends string, V>(key: K, value: V | undefined) =>
    (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;
  switch (kind) {
    case "cursor": {
      const n = d.nextCursor ?? {};
      const nextCursor =
        n.header !== undefined
          ? ({ from: "header", name: n.header } as const)
          : n.lastItem !== undefined
            ? ({ from: "lastItem", pointer: n.lastItem } as const)
            : ({ from: "body", pointer: n.field as string } as const);
      return { kind, items, cursorParam: d.cursorParam as string, nextCursor, ...optional("hasMore", d.hasMore) };
    }
    case "offset":
      return {
        kind,
        items,
        offsetParam: d.offsetParam as string,
        ...optional("limitParam", d.limitParam),
        ...optional("hasMore", d.hasMore),
        ...optional("total", d.total),
      };
    case "page":
      return {
        kind,
        items,
        pageParam: d.pageParam as string,
        ...optional("firstPage", d.firstPage),
        ...optional("hasMore", d.hasMore),
        ...optional("totalPages", d.totalPages),
      };
    case "nextUrl":
      return { kind, items, nextUrl: d.nextUrl as string };
    case "link":
      return { kind, items };
  }
}

/** The first 2xx response (`200`…`299` or `2XX`) with a JSON media type (`application/json`, `+json`) and a schema. */
function successJson(
  responses: readonly ResponseModel[],
): { status: string; mediaType: string; schemaPointer: string } | undefined {
  for (const response of responses) {
    if (!/^2(\d\d|XX)$/i.test(response.status)) continue;
    for (const media of response.content) {
      const type = media.mediaType.split(";")[0]?.trim().toLowerCase() ?? "";
      if ((type === "application/json" || type.endsWith("+json")) && media.schemaPointer !== undefined)
        return { status: response.status, mediaType: media.mediaType, schemaPointer: media.schemaPointer };
    }
  }
  return undefined;
}

interface Walked {
  readonly schemas: unknown[];
  readonly steps: ItemsStep[];
}

/** The schema alternatives `$ref`s, `allOf`, `anyOf` and `oneOf` stand for (bounded: a cycle stops). */
function alternatives(document: Readonly<Record<string, unknown>>, schemas: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  const visit = (schema: unknown, depth: number): void => {
    const resolved = resolveLocalRef(document as Record<string, unknown>, schema);
    if (!isRecord(resolved) || depth > 16) return;
    out.push(resolved);
    for (const key of ["allOf", "anyOf", "oneOf"]) {
      const list = resolved[key];
      if (Array.isArray(list)) for (const member of list) visit(member, depth + 1);
    }
  };
  for (const schema of schemas) visit(schema, 0);
  return out;
}

function isArraySchema(schema: unknown): boolean {
  if (!isRecord(schema)) return false;
  return (
    schema.type === "array" ||
    (Array.isArray(schema.type) && schema.type.includes("array")) ||
    schema.items !== undefined
  );
}

/** The schemas at JSON pointer `pointer` below `from`, with the steps taken; a string saying what is missing otherwise. */
function walk(document: Readonly<Record<string, unknown>>, from: readonly unknown[], pointer: string): Walked | string {
  let schemas = alternatives(document, from);
  const steps: ItemsStep[] = [];
  if (pointer === "") return { schemas, steps };
  for (const raw of pointer.slice(1).split("/")) {
    const token = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    const properties = schemas.flatMap((s) => {
      const props = isRecord(s) ? s.properties : undefined;
      return isRecord(props) && Object.hasOwn(props, token) ? [props[token]] : [];
    });
    if (properties.length > 0) {
      schemas = alternatives(document, properties);
      steps.push({ kind: "property", name: token });
      continue;
    }
    const elements = /^\d+$/.test(token)
      ? schemas.flatMap((s) => (isArraySchema(s) && isRecord(s) ? [s.items] : []))
      : [];
    if (elements.length === 0) return `it has no property \`${token}\``;
    schemas = alternatives(document, elements);
    steps.push({ kind: "element" });
  }
  return { schemas, steps };
}
