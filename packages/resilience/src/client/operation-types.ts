import type { Client, FetchResponse, MaybeOptionalInit } from "openapi-fetch";
import type { AnyCallOptions } from "../call-options.js";
import type { Downstream } from "../downstream-types.js";
import type { AnswerKind } from "../operation.js";
import type { Page, PageOptions } from "../pagination/paginate.js";
import type { EventStream } from "../stream/stream-event.js";

/** HTTP methods as openapi-typescript keys them in `paths` (lower case; OpenAPI 3.1 §4.8.9). */
export type PathMethod = "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace";

/** openapi-fetch's `parseAs` values: how a call may ask for a successful answer's body. */
export type ParseAs = "json" | "text" | "blob" | "arrayBuffer" | "stream";

/**
 * One member of a generated `<Name>Operations` interface: the operation's path template and method as keys of the
 * spec's `paths`, the call options its class accepts (`IdempotentCallOptions`, `KeyedCallOptions` or
 * `UnsafeCallOptions`), and how a successful answer is read when the call gives no `parseAs` (`answer`, from the
 * spec's media types; absent: `json`). Types only; the runtime reads `operations.gen.ts`.
 */
export interface OperationSignature {
  readonly path: string;
  readonly method: PathMethod;
  readonly options: AnyCallOptions;
  readonly answer?: AnswerKind;
  /**
   * The media type a request body is sent as when the call gives no `contentType` (`OperationMeta.body`: the first
   * JSON one, else the spec's first); present only when the body is not JSON alone. The init then takes
   * `contentType`, one of the spec's request media types, and its `body` is that media type's.
   */
  readonly body?: string;
  /**
   * The values a call may give for the headers multipart parts declare, by media type, then body property, then
   * header name (`{ "multipart/form-data": { image?: { "X-Checksum"?: string } } }`; headers the spec fixes are
   * left out). The init's `partHeaders` is the chosen media type's entry; absent: a multipart call takes none.
   */
  readonly partHeaders?: unknown;
  /**
   * The item type of a paginated operation (`x-outbound.pagination`): its method then also has `.pages()` and
   * `.all()`. Absent for any other operation.
   */
  readonly items?: unknown;
  /**
   * The event type of an operation whose success answer streams (`OperationMeta.stream`): SSE
   * `ServerSentEvent<Data>`, or the item type of NDJSON / JSON text sequences. Its method then resolves
   * `data` to an `EventStream` of them. Absent for any other operation.
   */
  readonly events?: unknown;
}

/** The default `parseAs` of member `S`: its `answer`, else `json`. */
export type DefaultParseAs<S> = S extends { readonly answer: infer A extends AnswerKind } ? A : "json";

/** The part header values of member `S` by media type (`partHeaders`), `unknown` when it declares none. */
export type PartHeadersOf<S> = S extends { readonly partHeaders: infer H } ? H : unknown;

/** The default request media type of member `S` (`body`), `never` when it has none (a JSON-only body or none). */
export type DefaultMediaType<S> = S extends { readonly body: infer B extends string } ? B : never;

/** The request body's `content` of operation `M` on path `P` (media type → body type), `never` without one. */
type RequestContent<Paths, P extends keyof Paths, M extends keyof Paths[P]> = Paths[P][M] extends {
  readonly requestBody?: infer R;
}
  ? NonNullable<R> extends { readonly content: infer C }
    ? C
    : never
  : never;

/** The request media types operation `M` on path `P` accepts (keys of its `requestBody.content`). */
export type RequestMediaType<Paths, P extends keyof Paths, M extends keyof Paths[P]> = keyof RequestContent<
  Paths,
  P,
  M
> &
  string;

/**
 * The init's media type choice `C`: `contentType` (one of the spec's request media types, default the member's
 * `body`) and the `body` of that media type; for a `multipart/*` choice whose parts declare headers also
 * `partHeaders`, their values (`H[C]`, from the member's `partHeaders`; see `PartHeaderValues`). Nothing for an
 * operation whose body is JSON alone (`C` is `never`).
 */
export type BodyChoice<Paths, P extends keyof Paths, M extends keyof Paths[P], C extends string, H = unknown> = [
  C,
] extends [never]
  ? unknown
  : {
      readonly contentType?: C;
      readonly body?: C extends keyof RequestContent<Paths, P, M> ? RequestContent<Paths, P, M>[C] : never;
      readonly partHeaders?: C extends keyof H ? H[C] : never;
    };

/** openapi-fetch's init (params, body, headers…) of operation `M` on path `P` of `Paths`; `undefined` allowed when nothing in it is required. */
export type OperationInit<Paths, P extends keyof Paths, M extends keyof Paths[P]> = MaybeOptionalInit<Paths[P], M>;

/**
 * A generated method's arguments: the init (optional when nothing in it is required), whose `parseAs` is `K` and,
 * for an operation with a media type choice, whose `contentType` is `C` and `body` that media type's; and the call
 * options `Options` of the operation's class.
 */
export type OperationArgs<
  Paths,
  P extends keyof Paths,
  M extends keyof Paths[P],
  Options,
  K extends ParseAs = ParseAs,
  C extends string = never,
  H = unknown,
> =
  undefined extends OperationInit<Paths, P, M>
    ? [init?: OperationInit<Paths, P, M> & { readonly parseAs?: K } & BodyChoice<Paths, P, M, C, H>, options?: Options]
    : [init: OperationInit<Paths, P, M> & { readonly parseAs?: K } & BodyChoice<Paths, P, M, C, H>, options?: Options];

/**
 * openapi-fetch's result of operation `M` on path `P`: `{ data, error, response }`, typed per status from the spec,
 * `data` read as `K` (`json`: the spec's type; `text`: string; `blob`: Blob; `arrayBuffer`; `stream`).
 */
export type OperationResult<
  Paths,
  P extends keyof Paths,
  M extends keyof Paths[P],
  K extends ParseAs = "json",
> = Promise<
  // biome-ignore lint/suspicious/noExplicitAny: openapi-fetch's own constraint on an operation object
  FetchResponse<Paths[P][M] & Record<string | number, any>, { parseAs: K }, `${string}/${string}`>
>;

/**
 * The method of one operation: `(init, options) => Promise<{ data, error, response }>`, `data` read as the init's
 * `parseAs` when it gives a literal one, else as `Answer`, the spec's default for the operation (also what
 * `ReturnType` sees, where `K` is its whole constraint). An operation whose body offers a media type choice
 * (`Media`, its default) also takes `contentType` (`C`, inferred from the init), and its `body` follows it. One signature, not overloads, so a refused option's
 * compiler message stays the one the option's type quotes. `never` when `P`/`M` are not in `Paths`.
 */
export type OperationMethod<
  Paths,
  P,
  M,
  Options,
  Answer extends ParseAs = "json",
  Media extends string = never,
  PartHeaders = unknown,
> = P extends keyof Paths
  ? M extends keyof Paths[P]
    ? [Media] extends [never]
      ? <K extends ParseAs = Answer>(
          ...args: OperationArgs<Paths, P, M, Options, K>
        ) => OperationResult<Paths, P, M, ParseAs extends K ? Answer : K>
      : <K extends ParseAs = Answer, C extends RequestMediaType<Paths, P, M> = Media & RequestMediaType<Paths, P, M>>(
          ...args: OperationArgs<Paths, P, M, Options, K, C, PartHeaders>
        ) => OperationResult<Paths, P, M, ParseAs extends K ? Answer : K>
    : never
  : never;

/**
 * The method of a paginated operation: {@link OperationMethod} (one page per call) plus `.pages(init, options)` and
 * `.all(init, options)`, async iterators of its pages and of its items `Item`; `options` are the class's call
 * options (applied to every page) and the limits and resume point of `PageOptions`.
 */
export type PagedOperationMethod<Paths, P, M, Options, Item, Answer extends ParseAs = "json"> = P extends keyof Paths
  ? M extends keyof Paths[P]
    ? OperationMethod<Paths, P, M, Options, Answer> & {
        readonly pages: (
          ...args: OperationArgs<Paths, P, M, PageOptions<Options>>
        ) => AsyncGenerator<Page<Item, NonNullable<Awaited<OperationResult<Paths, P, M>>["data"]>>, void, undefined>;
        readonly all: (
          ...args: OperationArgs<Paths, P, M, PageOptions<Options>>
        ) => AsyncGenerator<Item, void, undefined>;
      }
    : never
  : never;

/**
 * The method of an operation whose success answer streams: `(init, options) => Promise<{ data, error, response }>`,
 * `data` an {@link EventStream} of `Event` (open on its first event) on success, `error` typed per status from
 * the spec as for any method.
 */
export type StreamOperationMethod<Paths, P, M, Options, Event> = P extends keyof Paths
  ? M extends keyof Paths[P]
    ? (...args: OperationArgs<Paths, P, M, Options, never>) => Promise<
        | { readonly data: EventStream<Event>; readonly error?: never; readonly response: Response }
        | {
            readonly data?: never;
            readonly error: Awaited<OperationResult<Paths, P, M>>["error"] & {};
            readonly response: Response;
          }
      >
    : never
  : never;

/**
 * One method per member of `Ops` (a generated `<Name>Operations` interface). Homomorphic, so each method keeps the
 * member's JSDoc for hover and go-to-definition, and lazy: a consumer's compiler resolves only the methods it uses.
 */
export type OperationMethods<Paths, Ops extends { readonly [K in keyof Ops]: OperationSignature }> = {
  readonly [K in keyof Ops]: Ops[K] extends { readonly events: infer Event }
    ? StreamOperationMethod<Paths, Ops[K]["path"], Ops[K]["method"], Ops[K]["options"], Event>
    : Ops[K] extends { readonly items: infer Item }
      ? PagedOperationMethod<Paths, Ops[K]["path"], Ops[K]["method"], Ops[K]["options"], Item, DefaultParseAs<Ops[K]>>
      : OperationMethod<
          Paths,
          Ops[K]["path"],
          Ops[K]["method"],
          Ops[K]["options"],
          DefaultParseAs<Ops[K]>,
          DefaultMediaType<Ops[K]>,
          PartHeadersOf<Ops[K]>
        >;
};

/** What `createOperationClient` returns and a generated `<Name>Client` is: the methods of `Ops`, plus `raw` and `downstream`. */
export type OperationClient<
  Paths extends {},
  Ops extends { readonly [K in keyof Ops]: OperationSignature },
> = OperationMethods<Paths, Ops> & {
  /**
   * openapi-fetch's path-based calls (`raw.GET("/path", init)`), through the same pipeline: each call runs as one
   * logical call of the operation its method and path template name (per-call options in `init.callOptions`).
   */
  readonly raw: Client<Paths>;
  /** The downstream's shared state: `breakerState()`, `breakerSnapshot()`, its name. */
  readonly downstream: Downstream;
};
