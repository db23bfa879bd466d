/**
 * Per-operation metadata, emitted by `@outbound/codegen` into `operations.gen.ts` and read by the runtime.
 * This is the contract between the generator and the resilience core.
 */

import type { RetryOptions } from "./options.js";
import type { PaginationMeta } from "./pagination/pagination-meta.js";
import type { QueryParameterStyle } from "./query-serializer.js";
import type { StreamMeta } from "./stream/stream-meta.js";

/** HTTP methods an OpenAPI path item can hold (OpenAPI 3.1 §4.8.9, upper-cased). */
export type HttpMethod = "GET" | "PUT" | "POST" | "DELETE" | "OPTIONS" | "HEAD" | "PATCH" | "TRACE";

/**
 * How safe an operation is to send more than once.
 * - `idempotent`: the method is idempotent (RFC 9110 §9.2.2: GET, HEAD, OPTIONS, TRACE, PUT, DELETE) or the
 *   spec says `x-outbound: { idempotent: true }`. Retried freely.
 * - `keyed`: not idempotent, but the downstream honours an idempotency key header (IETF
 *   draft-ietf-httpapi-idempotency-key-header). Retried with the same key on every attempt.
 * - `unsafe`: anything else. Retried only when the failure provably happened before any request byte was sent.
 */
export type OperationClass = "idempotent" | "keyed" | "unsafe";

/**
 * The part of {@link RetryOptions} a spec, overlay or config declares for one operation (`x-outbound.retry`); the
 * client's options fill the rest. One retry options type, this is its spec-level subset.
 */
export type RetryPolicy = Pick<RetryOptions, "maxAttempts" | "initialDelayMs" | "maxDelayMs" | "on">;

/** Timeout policy of an operation (`x-outbound.timeout`). */
export interface TimeoutPolicy {
  /** Per-attempt timeout in ms, covering connect, headers and the whole body read. */
  readonly attemptMs?: number;
  /** Deadline of the whole logical call in ms, every attempt and backoff wait included. */
  readonly totalMs?: number;
}

/**
 * How an answer's body is read, by the media type the spec gives it (openapi-fetch's `parseAs` names):
 * `json` (`application/json`, `+json`), `text` (`text/*`, `application/xml`, `+xml`: a string), `blob` (anything
 * else: binary, a `Blob` whose `type` is the answer's Content-Type). An answer without a body is read as nothing.
 */
export type AnswerKind = "json" | "text" | "blob";

/**
 * One header a multipart part declares (a Header Object of the Encoding Object's `headers`, OpenAPI 3.1 §4.8.15,
 * §4.8.21), as the generator reads it. The header is written on the part when the call gives a value for it
 * (`partHeaders`), else when it has `value`.
 */
export interface PartHeader {
  /**
   * The value sent when the call gives none: the schema's `const`, its single `enum` value, or its `default`, as
   * text (`simple` style: an array comma-joined).
   */
  readonly value?: string;
  /** `value` is the only one the schema allows (`const`, single-value `enum`): a call's other value is refused. */
  readonly fixed?: true;
  /** The Header Object's `required`: a part sent without a value (given or `value`) is refused before any I/O. */
  readonly required?: true;
}

/**
 * How one property of a form or multipart request body is written: the spec's Encoding Object (OpenAPI 3.1
 * §4.8.15), only the fields it writes. Absent fields take the spec's defaults (`style: form`, `explode` true for
 * `form`; a part's Content-Type from its value).
 */
export interface PropertyEncoding {
  /**
   * The part's (multipart) or value's (form: a JSON type sends the value as JSON text, unless `style`, `explode` or
   * `allowReserved` is written) media type.
   */
  readonly contentType?: string;
  readonly style?: "form" | "spaceDelimited" | "pipeDelimited" | "deepObject";
  readonly explode?: boolean;
  /**
   * Form values by RFC 6570 reserved expansion: RFC 3986 reserved characters sent as they are, except `[]#&=+`
   * (OpenAPI 3.1.2 / 3.2.0 "URL Percent-Encoding"). Multipart parts are never percent-encoded, so it changes nothing
   * there. @default false
   */
  readonly allowReserved?: boolean;
  /**
   * Multipart only: the headers the part declares, by name as the spec writes it (`Content-Type` and
   * `Content-Disposition` never: the encoder writes those). See {@link PartHeader}.
   */
  readonly headers?: Readonly<Record<string, PartHeader>>;
}

/** One media type a request body may be sent as (a key of the spec's `requestBody.content`), with its `encoding`. */
export interface BodyMediaType {
  /** The media type as the spec writes it (`application/x-www-form-urlencoded`, `multipart/form-data`, `image/*`). */
  readonly type: string;
  /** The `encoding` object of a form or multipart body, by property name; absent when the spec gives none. */
  readonly encoding?: Readonly<Record<string, PropertyEncoding>>;
}

/** Generated metadata of one operation. One frozen object per operation in `operations.gen.ts`. */
export interface OperationMeta {
  /** The spec's operationId, verbatim; a derived one (`{method} {path}`) where the spec has none. */
  readonly operationId: string;
  /** Upper-case HTTP method. */
  readonly method: HttpMethod;
  /** Path template exactly as the spec writes it, e.g. `/charges/{id}`. */
  readonly path: string;
  /** Safety class; see {@link OperationClass}. */
  readonly class: OperationClass;
  /** Header that carries the idempotency key; present exactly when `class` is `keyed`. */
  readonly idempotencyHeader?: string;
  /** Retry policy from the spec; the runtime default applies to each field left out. */
  readonly retry?: RetryPolicy;
  /** Timeout policy from the spec; the runtime default applies to each field left out. */
  readonly timeout?: TimeoutPolicy;
  /**
   * Serialisation of each query parameter, by name, from the spec's `style` / `explode` / `allowReserved`
   * (OpenAPI 3.1 §4.8.12.4); read by `Downstream.querySerializer`. A parameter left out takes openapi-fetch's
   * defaults (arrays `form` exploded, objects `deepObject`).
   */
  readonly query?: Readonly<Record<string, QueryParameterStyle>>;
  /**
   * The `Accept` header sent unless the caller sets one: the media types of the spec's responses, JSON ones first,
   * then in spec order (RFC 9110 §12.5.1). Absent when no response has a body.
   */
  readonly accept?: string;
  /**
   * How each response's body is read, keyed as the spec's `responses` (`200`, `4XX`, `default`; one entry per
   * response with a body), present only when one of them is not JSON. The first 2xx entry is the default `parseAs`
   * of a successful answer (a call's `parseAs` wins); an error status reads by its exact entry, else its range
   * (`4XX`), else `default`, else as JSON when it parses and as text otherwise (openapi-fetch's rule).
   */
  readonly answers?: Readonly<Record<string, AnswerKind>>;
  /**
   * The media types the request body may be sent as, in spec order (OpenAPI 3.1 §4.8.13), present only when the body
   * is not JSON alone: the call's `contentType` picks one, else the first JSON one (`application/json`, `+json`),
   * else the first. Absent: a body is sent as JSON (`application/json`).
   */
  readonly body?: readonly BodyMediaType[];
  /**
   * The URL template of the operation's own server, when the spec gives the operation or its path item a `servers`
   * list (OpenAPI 3.1 §4.8.9.1, §4.8.10.1; the first entry): the call goes there instead of the client's `baseUrl`.
   * A relative one resolves against `baseUrl`; `{variables}` are filled from the client's `serverVariables`
   * (declared in `ClientDescription.serverVariables`). Absent: the call goes to `baseUrl`.
   */
  readonly server?: string;
  /**
   * How the operation pages (`x-outbound.pagination`); present only for a paginated list, whose method then gains
   * `.pages()` and `.all()`.
   */
  readonly pagination?: PaginationMeta;
  /**
   * Present when the operation's success answer streams (`text/event-stream`, `application/x-ndjson`,
   * `application/jsonl`, `application/json-seq`): its method returns an `EventStream` of typed events, open on its
   * first event; see `StreamMeta`.
   */
  readonly stream?: StreamMeta;
}

/** One variable of a server URL template (OpenAPI 3.1 §4.8.6): its default and, when given, the values allowed. */
export interface ServerVariable {
  readonly default: string;
  readonly enum?: readonly string[];
}
