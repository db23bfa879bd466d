import type { HttpMethod, OperationClass, RetryPolicy, TimeoutPolicy } from "./internal/contract-types.js";
import type { PaginationModel } from "./read-pagination.js";
import type { ServerModel } from "./read-servers.js";
import type { StreamModel } from "./read-stream.js";
import type { PathItemMethod } from "./walk-paths.js";

/** Where a parameter travels (OpenAPI 3.1 §4.8.12.1 `in`). */
export type ParameterLocation = "query" | "header" | "path" | "cookie";

/** Serialisation styles of parameters (OpenAPI 3.1 §4.8.12.4). */
export type ParameterStyle = "matrix" | "label" | "simple" | "form" | "spaceDelimited" | "pipeDelimited" | "deepObject";

/** The styles `in: query` allows, and those of an `encoding` entry of a form body (OpenAPI 3.1 §4.8.12.4, §4.8.15). */
export type QueryStyle = "form" | "spaceDelimited" | "pipeDelimited" | "deepObject";

/**
 * How a parameter is written: by a `schema` with a style, or by `content` (one media type) (OpenAPI 3.1 §4.8.12.4,
 * §4.8.12.5). Effective values: `style` defaults to `form` for query and cookie, `simple` for path and header;
 * `explode` to `true` for `form` and `false` otherwise; `allowReserved` to `false` (and is `false` outside query).
 */
export type ParameterSerialization =
  | {
      readonly kind: "style";
      readonly style: ParameterStyle;
      readonly explode: boolean;
      readonly allowReserved: boolean;
      /** JSON pointer of the parameter's `schema` (which may itself be a `$ref`); `undefined` when it has none. */
      readonly schemaPointer: string | undefined;
    }
  | {
      readonly kind: "content";
      /** The one media type key of `content`, as written (e.g. `application/json`). */
      readonly mediaType: string;
      /** JSON pointer of that media type's `schema` (which may itself be a `$ref`); `undefined` when it has none. */
      readonly schemaPointer: string | undefined;
    };

/** One parameter of an operation, path-item level included, as it applies to the operation. */
export interface ParameterModel {
  readonly name: string;
  readonly in: ParameterLocation;
  /** `required: true`, and always `true` for `in: path` (OpenAPI 3.1 §4.8.12.2). */
  readonly required: boolean;
  readonly deprecated: boolean;
  /** The level that declares it; an operation-level parameter overrides the path item's of the same name and `in`. */
  readonly level: "path item" | "operation";
  /** JSON pointer of the list entry that declares it (`/paths/~1a/get/parameters/0`). */
  readonly pointer: string;
  /** Where the parameter object is, `$ref`s followed (read it with `getByPointer`; `%` is written `%25`). */
  readonly resolvedPointer: string;
  readonly serialization: ParameterSerialization;
}

/** One header a multipart part declares: a Header Object (OpenAPI 3.1 §4.8.21) of an `encoding` entry's `headers`. */
export interface EncodingHeaderModel {
  /** The header's name as the spec writes it (an RFC 9110 §5.1 token). */
  readonly name: string;
  /** The schema's `const`, single `enum` value, or `default`, as text (an array comma-joined); else `undefined`. */
  readonly value: string | undefined;
  /** `value` is the only one allowed (`const` or single-value `enum`). */
  readonly fixed: boolean;
  /** The Header Object's `required`. */
  readonly required: boolean;
}

/**
 * One `encoding` entry of a request media type: how one property of a `multipart/*` or
 * `application/x-www-form-urlencoded` body is written (OpenAPI 3.1 §4.8.15). Effective values: `style` `form`,
 * `explode` `true` for `form` and `false` otherwise, `allowReserved` `false`.
 */
export interface EncodingModel {
  /** The body property it applies to (the key of `encoding`). */
  readonly property: string;
  /** `contentType` as written (a media type or a comma-separated list), when given. */
  readonly contentType: string | undefined;
  /**
   * The per-part `headers` (read for multipart only; OpenAPI 3.1 §4.8.15), in spec order, without `Content-Type`
   * (which the spec says to ignore) and `Content-Disposition` (the encoder writes it, RFC 7578 §4.2).
   */
  readonly headers: readonly EncodingHeaderModel[];
  readonly style: QueryStyle;
  readonly explode: boolean;
  readonly allowReserved: boolean;
  /**
   * Whether any of `style`, `explode`, `allowReserved` is written: then, for a form body, they decide and
   * `contentType` is ignored (OpenAPI 3.1 §4.8.15.1).
   */
  readonly styleWritten: boolean;
}

/**
 * One media type of a request body or a response (OpenAPI 3.1 §4.8.14). Its pointers are in the form a `$ref`
 * fragment holds (RFC 6901 §6, `%` written `%25`), so `getByPointer(model.document, pointer)` reads them.
 */
export interface MediaTypeModel {
  /** The key of `content` as written: a media type or range, parameters included (`text/plain; charset=utf-8`, `image/*`). */
  readonly mediaType: string;
  /** Where the Media Type Object is, `$ref`s followed (`…/content/application~1json`; read it with `getByPointer`). */
  readonly pointer: string;
  /** JSON pointer of its `schema` (which may itself be a `$ref`); `undefined` when it has none. */
  readonly schemaPointer: string | undefined;
  /** Its `encoding` entries in spec order; empty when it has none. */
  readonly encoding: readonly EncodingModel[];
}

/** The request body of an operation (OpenAPI 3.1 §4.8.13). */
export interface RequestBodyModel {
  /** `required: true` (default `false`). */
  readonly required: boolean;
  readonly description: string | undefined;
  /** JSON pointer where it is written (`/paths/~1a/post/requestBody`). */
  readonly pointer: string;
  /** Where the Request Body Object is, `$ref`s followed (`/components/requestBodies/Upload`; read it with `getByPointer`). */
  readonly resolvedPointer: string;
  /** Its media types in spec order (may be empty). */
  readonly content: readonly MediaTypeModel[];
}

/** One response of an operation (OpenAPI 3.1 §4.8.16, §4.8.17). */
export interface ResponseModel {
  /** The key of `responses` as written: a status (`200`), a range (`2XX`) or `default`. */
  readonly status: string;
  readonly description: string | undefined;
  /** JSON pointer where it is written (`/paths/~1a/get/responses/200`). */
  readonly pointer: string;
  /** Where the Response Object is, `$ref`s followed (read it with `getByPointer`). */
  readonly resolvedPointer: string;
  /** Its media types in spec order; empty for an answer without a body (e.g. `204`). */
  readonly content: readonly MediaTypeModel[];
  /** Names of its `headers`, in spec order. */
  readonly headers: readonly string[];
}

/** Everything known about one operation, after classify and enforce: what every emitter and `outbound diff` read. */
export interface OperationModel {
  /** The spec's operationId, or `METHOD /path` when it has none. */
  readonly operationId: string;
  /** Whether the spec gave the operationId. */
  readonly hasOperationId: boolean;
  /** Client method name (see name-operations.ts). */
  readonly methodName: string;
  /** Upper-case method. */
  readonly method: HttpMethod;
  /** Lower-case method key, as `paths[path][key]` in schema.gen.ts. */
  readonly methodKey: PathItemMethod;
  /** Path template as the spec writes it. */
  readonly path: string;
  /**
   * The servers that apply: the operation's `servers`, else its path item's, else the root's (OpenAPI 3.1 §4.8.9.1,
   * §4.8.10.1); each says its level. Empty when no level has any.
   */
  readonly servers: readonly ServerModel[];
  /** Parameters of the path item and the operation (operation level overriding), in spec order. */
  readonly parameters: readonly ParameterModel[];
  readonly requestBody: RequestBodyModel | undefined;
  /** Responses in spec order, `default` included. */
  readonly responses: readonly ResponseModel[];
  readonly class: OperationClass;
  /** Present exactly when `class` is `keyed`. */
  readonly idempotencyHeader: string | undefined;
  /** Why the class, in a phrase. */
  readonly reason: string;
  readonly retry: RetryPolicy | undefined;
  readonly timeout: TimeoutPolicy | undefined;
  /** How the list pages (`x-outbound.pagination`), checked against the parameters and the response schema. */
  readonly pagination: PaginationModel | undefined;
  /** How its success answer streams (SSE, NDJSON, JSON text sequences); undefined when it does not. */
  readonly stream: StreamModel | undefined;
  readonly summary: string | undefined;
  readonly description: string | undefined;
  readonly deprecated: boolean;
}

/** Counts of operations per class. */
export interface ClassCounts {
  readonly total: number;
  readonly idempotent: number;
  readonly keyed: number;
  readonly unsafe: number;
}

/** Counts operations per class. */
export function countClasses(operations: readonly OperationModel[]): ClassCounts {
  const of = (c: OperationClass) => operations.filter((o) => o.class === c).length;
  return { total: operations.length, idempotent: of("idempotent"), keyed: of("keyed"), unsafe: of("unsafe") };
}
