import type {
  PathSerializer as OpenapiFetchPathSerializer,
  QuerySerializer as OpenapiFetchQuerySerializer,
} from "openapi-fetch";
import createClient from "openapi-fetch";
import { describe, expectTypeOf, it } from "vitest";
import {
  type AnyOutboundError,
  type BreakerState,
  type CallOptionsFor,
  createDownstream,
  type Downstream,
  type DownstreamOptions,
  type FetchFunction,
  type IdempotentCallOptions,
  type InvalidRequestLocation,
  isCircuitOpenError,
  isInvalidRequestError,
  isOutboundError,
  isRetryAfterTooLongError,
  type KeyedCallOptions,
  type OperationMeta,
  type OutboundErrorCode,
  type PathBasedClient,
  type QueryParameterStyle,
  type ResilienceOptions,
  type UnsafeCallOptions,
} from "../src/index.js";

describe("public API types", () => {
  it("createDownstream takes DownstreamOptions and the operations table", () => {
    expectTypeOf(createDownstream).parameters.toEqualTypeOf<[DownstreamOptions, readonly OperationMeta[]]>();
    expectTypeOf(createDownstream).returns.toEqualTypeOf<Downstream>();
    expectTypeOf<Downstream["fetch"]>().toEqualTypeOf<FetchFunction>();
    expectTypeOf<ReturnType<Downstream["breakerState"]>>().toEqualTypeOf<BreakerState>();
  });

  it("a generated client's options extend ResilienceOptions with every knob optional", () => {
    interface PaymentsClientOptions extends ResilienceOptions {
      readonly baseUrl: string;
    }
    expectTypeOf<{ baseUrl: string }>().toMatchTypeOf<PaymentsClientOptions>();
    expectTypeOf<{
      baseUrl: string;
      retry: { maxAttempts: 5 };
      totalTimeoutMs: 1_000;
    }>().toMatchTypeOf<PaymentsClientOptions>();
    // @ts-expect-error: durations are numbers of ms, not strings
    const bad: ResilienceOptions = { totalTimeoutMs: "30s" };
    void bad;
  });

  it("the class of an operation decides which call options compile", () => {
    expectTypeOf<CallOptionsFor<"keyed">>().toEqualTypeOf<KeyedCallOptions>();
    expectTypeOf<CallOptionsFor<"unsafe">>().toEqualTypeOf<UnsafeCallOptions>();
    expectTypeOf<CallOptionsFor<"idempotent">>().toEqualTypeOf<IdempotentCallOptions>();
    const keyed: KeyedCallOptions = { idempotencyKey: "k", retry: { maxAttempts: 2 } };
    // @ts-expect-error: an unsafe operation cannot be asked to retry
    const unsafe: UnsafeCallOptions = { retry: { maxAttempts: 2 } };
    // @ts-expect-error: an idempotent operation takes no idempotency key
    const idempotent: IdempotentCallOptions = { idempotencyKey: "k" };
    void [keyed, unsafe, idempotent];
  });

  it("errors switch exhaustively on a literal code and guards narrow", () => {
    const describeError = (error: AnyOutboundError): string => {
      switch (error.code) {
        case "TIMEOUT":
        case "DEADLINE_EXCEEDED":
        case "CIRCUIT_OPEN":
        case "BULKHEAD_FULL":
        case "NETWORK":
        case "RETRY_BUDGET_EXHAUSTED":
        case "RETRY_AFTER_TOO_LONG":
        case "ABORTED":
        case "RESPONSE_PARSE":
        case "HTTP_STATUS":
        case "INVALID_REQUEST":
          return error.code;
        default: {
          const never: never = error;
          return never;
        }
      }
    };
    expectTypeOf(describeError).returns.toBeString();
    expectTypeOf<AnyOutboundError["code"]>().toEqualTypeOf<OutboundErrorCode>();
    const value: unknown = undefined;
    if (isCircuitOpenError(value)) expectTypeOf(value.remainingOpenMs).toBeNumber();
    if (isRetryAfterTooLongError(value)) expectTypeOf(value.retryAfterMs).toBeNumber();
    if (isOutboundError(value)) {
      expectTypeOf(value.downstream).toBeString();
      expectTypeOf(value.attempts).toBeNumber();
      expectTypeOf(value.retryable).toBeBoolean();
    }
  });

  it("the request guards plug into openapi-fetch as its pathSerializer and querySerializer", () => {
    expectTypeOf<Downstream["pathSerializer"]>().toMatchTypeOf<OpenapiFetchPathSerializer>();
    expectTypeOf<ReturnType<Downstream["querySerializer"]>>().toMatchTypeOf<OpenapiFetchQuerySerializer<unknown>>();
    const meta: OperationMeta = {
      operationId: "listItems",
      method: "GET",
      path: "/items",
      class: "idempotent",
      query: { ids: { style: "pipeDelimited", explode: false } },
    };
    void meta;
    // @ts-expect-error: matrix and label are path styles, not query styles (OpenAPI 3.1 §4.8.12.4)
    const matrix: QueryParameterStyle = { style: "matrix" };
    void matrix;
    const value: unknown = undefined;
    if (isInvalidRequestError(value)) {
      expectTypeOf(value.code).toEqualTypeOf<"INVALID_REQUEST">();
      expectTypeOf(value.location).toEqualTypeOf<InvalidRequestLocation>();
      expectTypeOf(value.parameter).toEqualTypeOf<string | undefined>();
    }
  });

  it("pathClient returns the openapi-fetch client's own type and refuses what is not one", () => {
    interface paths {
      "/items/{id}": {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        get: {
          parameters: { path: { id: string } };
          responses: { 200: { content: { "application/json": { id: string } } } };
        };
      };
    }
    const downstream = createDownstream({ name: "items" }, []);
    const raw = createClient<paths>({ baseUrl: "http://127.0.0.1", fetch: downstream.fetch });
    expectTypeOf(raw).toMatchTypeOf<PathBasedClient>();
    const wrapped = downstream.pathClient(raw);
    expectTypeOf(wrapped).toEqualTypeOf<typeof raw>();
    type Get = Awaited<ReturnType<typeof wrapped.GET<"/items/{id}", { params: { path: { id: string } } }>>>;
    expectTypeOf<NonNullable<Get["data"]>>().toEqualTypeOf<{ id: string }>();
    // @ts-expect-error: the path must be one of the spec's templates
    void wrapped.GET("/nope");
    // @ts-expect-error: not an openapi-fetch client (no path-based method)
    void downstream.pathClient({ fetch: downstream.fetch });
  });
});
