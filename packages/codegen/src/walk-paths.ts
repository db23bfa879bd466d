import type { HttpMethod } from "./internal/contract-types.js";
import { GenerationError, type SourceLocation } from "./internal/generation-error.js";
import { getByPointer, isRecord, resolveLocalRef, toPointer, toRefPointer } from "./internal/json-pointer.js";

/** Lower-case HTTP methods a path item can hold (OpenAPI 3.1 §4.8.9). */
export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

/** A lower-case HTTP method key of a path item. */
export type PathItemMethod = (typeof HTTP_METHODS)[number];

/** One parameter object as written, `$ref` followed, with where it is written. */
export interface WalkedParameter {
  /** The parameter object (`$ref` followed); `name` and `in` are strings. */
  readonly parameter: Record<string, unknown>;
  /** JSON pointer of the list entry that declares it (`/paths/~1a/get/parameters/0`), before any `$ref`. */
  readonly pointer: string;
  /** Where the parameter object is, `$ref`s followed, in the form {@link getByPointer} reads (see toRefPointer). */
  readonly resolvedPointer: string;
  readonly level: "path item" | "operation";
}

/** One path item under `paths`, `$ref` followed, with its operations in the order the spec writes them. */
export interface WalkedPathItem {
  /** Path template as the spec writes it. */
  readonly path: string;
  /** The path item object (local `$ref` followed). */
  readonly item: Record<string, unknown>;
  /** Its operations, methods in the order the path item lists them. */
  readonly operations: readonly WalkedOperation[];
}

/** One operation found under `paths`, with its path item and the parameters of both levels. */
export interface WalkedOperation {
  /** Path template as the spec writes it. */
  readonly path: string;
  /** Lower-case method key of the path item. */
  readonly method: PathItemMethod;
  /** Upper-case method for metadata. */
  readonly httpMethod: HttpMethod;
  /** The path item that holds the operation (local `$ref` followed). */
  readonly pathItem: Record<string, unknown>;
  /** The operation object (local `$ref` followed). */
  readonly operation: Record<string, unknown>;
  /** JSON pointer of the operation as written under `paths` (`/paths/~1a/get`), for messages. */
  readonly pointer: string;
  /**
   * Where the operation object is, `$ref`s of the path item and the operation followed
   * (`/components/pathItems/Jobs/post`), in the form {@link getByPointer} reads (see toRefPointer).
   */
  readonly resolvedPointer: string;
  /** Path-item and operation parameters, `$ref`s followed; operation-level ones override by `name` + `in`. */
  readonly parameters: readonly WalkedParameter[];
}

/**
 * The one walk of `paths`: every path item in document order, each with its operations in the order the path item
 * lists them. Webhooks and callbacks are not client calls and are not listed. Checks on the way the shapes every
 * later stage relies on, which Redocly's `minimal` rules only warn about: `paths` is an object, each path item and
 * each operation is an object, `parameters` is a list of objects with a string `name` and `in` (OpenAPI 3.1 §4.8.8,
 * §4.8.9, §4.8.10).
 * @param locate maps a JSON pointer to a file and line for the error message.
 * @throws GenerationError `SPEC_INVALID` at the first wrong shape, with its JSON pointer.
 */
export function walkPaths(
  document: Record<string, unknown>,
  locate: (pointer: string) => SourceLocation,
): WalkedPathItem[] {
  const fail = (segments: readonly (string | number)[], problem: string): never => {
    throw new GenerationError(
      "SPEC_INVALID",
      problem,
      "correct it there so it follows OpenAPI 3 (`npx @redocly/cli lint` lists every such problem).",
      locate(toPointer(segments)),
    );
  };
  const paths = document.paths === undefined ? {} : document.paths;
  if (!isRecord(paths)) return fail(["paths"], "`paths` must be an object of path templates.");
  const result: WalkedPathItem[] = [];
  for (const [path, rawItem] of Object.entries(paths)) {
    const item = resolveLocalRef(document, rawItem);
    if (!isRecord(item)) return fail(["paths", path], `The path item of \`${path}\` must be an object.`);
    const itemAt = resolvedPointerOf(document, rawItem) ?? toRefPointer(["paths", path]);
    const shared = parameterList(document, item.parameters, ["paths", path], itemAt, "path item", fail);
    const operations: WalkedOperation[] = [];
    for (const method of Object.keys(item).filter(isMethod)) {
      if (item[method] === undefined) continue;
      const operation = resolveLocalRef(document, item[method]);
      if (!isRecord(operation))
        return fail(["paths", path, method], `\`${method.toUpperCase()} ${path}\` must be an operation object.`);
      const operationAt = resolvedPointerOf(document, item[method]) ?? `${itemAt}${toRefPointer([method])}`;
      const own = parameterList(
        document,
        operation.parameters,
        ["paths", path, method],
        operationAt,
        "operation",
        fail,
      );
      const overridden = (p: WalkedParameter) =>
        own.some((o) => o.parameter.name === p.parameter.name && o.parameter.in === p.parameter.in);
      operations.push({
        path,
        method,
        httpMethod: method.toUpperCase() as HttpMethod,
        pathItem: item,
        operation,
        pointer: toPointer(["paths", path, method]),
        resolvedPointer: operationAt,
        parameters: [...shared.filter((p) => !overridden(p)), ...own],
      });
    }
    result.push({ path, item, operations });
  }
  return result;
}

/**
 * @param holder path segments of the path item or operation as written under `paths`, for messages.
 * @param holderAt where that object is, `$ref`s followed (see toRefPointer).
 */
function parameterList(
  document: Record<string, unknown>,
  value: unknown,
  holder: readonly string[],
  holderAt: string,
  level: WalkedParameter["level"],
  fail: (segments: readonly (string | number)[], problem: string) => never,
): WalkedParameter[] {
  const at = [...holder, "parameters"];
  if (value === undefined) return [];
  if (!Array.isArray(value)) return fail(at, "`parameters` must be a list of parameter objects.");
  return value.map((raw, i) => {
    const parameter = resolveLocalRef(document, raw);
    if (!isRecord(parameter) || typeof parameter.name !== "string" || typeof parameter.in !== "string")
      return fail([...at, i], "Each parameter must be an object with a string `name` and `in`.");
    return {
      parameter,
      pointer: toPointer([...at, i]),
      resolvedPointer: resolvedPointerOf(document, raw) ?? `${holderAt}/parameters/${i}`,
      level,
    };
  });
}

/**
 * The JSON pointer a local `$ref` chain ends at (the last `$ref`'s fragment, as {@link getByPointer} reads it), or
 * `undefined` when `value` is not a local `$ref`.
 */
export function resolvedPointerOf(document: Record<string, unknown>, value: unknown): string | undefined {
  let pointer: string | undefined;
  let current = value;
  for (let hops = 0; hops < 32 && isRecord(current) && typeof current.$ref === "string"; hops++) {
    if (!current.$ref.startsWith("#")) break;
    pointer = current.$ref.slice(1);
    current = getByPointer(document, pointer);
  }
  return pointer;
}

function isMethod(key: string): key is PathItemMethod {
  return (HTTP_METHODS as readonly string[]).includes(key);
}
