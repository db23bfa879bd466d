import type { QuerySerializer as OpenapiFetchQuerySerializer } from "openapi-fetch";
import createClient from "openapi-fetch";
import { describe, expectTypeOf, it } from "vitest";
import { createDownstream, type PathBasedClient } from "../src/downstream.js";
import type * as generatedDoor from "../src/generated.js";
import type {
  CallOptionsFor,
  OperationClient,
  OperationMeta,
  OperationSignature,
  RetryPolicy,
} from "../src/generated.js";
import type * as servicesDoor from "../src/index.js";
import {
  type AnyOutboundError,
  type BreakerSnapshot,
  type BreakerState,
  type Downstream,
  type IdempotentCallOptions,
  isOutboundError,
  type KeyedCallOptions,
  type OutboundErrorCode,
  type RequestOutcome,
  type ResilienceOptions,
  type RetryOptions,
  type UnsafeCallOptions,
} from "../src/index.js";
import type { InvalidRequestLocation } from "../src/invalid-request-error.js";
import type { QueryParameterStyle } from "../src/query-serializer.js";

describe("the two doors", () => {
  it("@outbound/resilience holds what a service writes: options, errors, hooks, request context, transport", () => {
    expectTypeOf<keyof typeof servicesDoor>().toEqualTypeOf<
      | "AbortedError"
      | "AttemptSignal"
      | "BulkheadFullError"
      | "CircuitOpenError"
      | "DEFAULT_PAGINATE_OPTIONS"
      | "DEFAULT_RESILIENCE_OPTIONS"
      | "DEFAULT_STREAM_OPTIONS"
      | "DEFAULT_TRANSPORT_OPTIONS"
      | "DeadlineExceededError"
      | "HttpStatusError"
      | "InvalidOptionsError"
      | "InvalidRequestError"
      | "NetworkError"
      | "OutboundError"
      | "PageFailedError"
      | "ResponseParseError"
      | "ResponseTooLargeError"
      | "RetryAfterTooLongError"
      | "RetryBudgetExhaustedError"
      | "StreamDurationExceededError"
      | "StreamIdleTimeoutError"
      | "StreamInterruptedError"
      | "StreamMalformedError"
      | "StreamUnpulledError"
      | "TimeoutError"
      | "closeDefaultTransport"
      | "createTransport"
      | "currentRequestContext"
      | "getDefaultTransport"
      | "isOutboundError"
      | "isStreamIdleTimeoutError"
      | "isStreamInterruptedError"
      | "readInboundDeadline"
      | "readInboundRequestId"
      | "runWithRequestContext"
    >();
  });

  it("@outbound/resilience/generated holds what generated code needs: createOperationClient, defineOperations", () => {
    expectTypeOf<keyof typeof generatedDoor>().toEqualTypeOf<"createOperationClient" | "defineOperations">();
  });

  it("client.downstream shows a service only the name and the breaker", () => {
    expectTypeOf<keyof Downstream>().toEqualTypeOf<"name" | "breakerState" | "breakerSnapshot">();
    expectTypeOf<
      OperationClient<Record<string, never>, Record<string, never>>["downstream"]
    >().toEqualTypeOf<Downstream>();
    expectTypeOf<ReturnType<Downstream["breakerState"]>>().toEqualTypeOf<BreakerState>();
    expectTypeOf<ReturnType<Downstream["breakerSnapshot"]>>().toEqualTypeOf<BreakerSnapshot>();
  });
});

describe("public API types", () => {
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

  it("one retry options type: client options, call options and the spec's policy (its subset) share it", () => {
    expectTypeOf<NonNullable<ResilienceOptions["retry"]>>().toEqualTypeOf<RetryOptions>();
    expectTypeOf<NonNullable<KeyedCallOptions["retry"]>>().toEqualTypeOf<RetryOptions | false>();
    expectTypeOf<RetryPolicy>().toEqualTypeOf<
      Pick<RetryOptions, "maxAttempts" | "initialDelayMs" | "maxDelayMs" | "on">
    >();
  });

  it("the class of an operation decides which call options compile", () => {
    expectTypeOf<CallOptionsFor<"keyed">>().toEqualTypeOf<KeyedCallOptions>();
    expectTypeOf<CallOptionsFor<"unsafe">>().toEqualTypeOf<UnsafeCallOptions>();
    expectTypeOf<CallOptionsFor<"idempotent">>().toEqualTypeOf<IdempotentCallOptions>();
    expectTypeOf<OperationSignature["options"]>().toEqualTypeOf<
      IdempotentCallOptions | KeyedCallOptions | UnsafeCallOptions
    >();
    const keyed: KeyedCallOptions = { idempotencyKey: "k", retry: { maxAttempts: 2 } };
    // @ts-expect-error: an unsafe operation cannot be asked to retry
    const unsafe: UnsafeCallOptions = { retry: { maxAttempts: 2 } };
    // @ts-expect-error: an idempotent operation takes no idempotency key
    const idempotent: IdempotentCallOptions = { idempotencyKey: "k" };
    void [keyed, unsafe, idempotent];
  });

  it("errors switch exhaustively on a literal code, and isOutboundError narrows to them", () => {
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
        case "RESPONSE_TOO_LARGE":
        case "HTTP_STATUS":
        case "INVALID_REQUEST":
        case "PAGE_FAILED":
        case "STREAM_IDLE_TIMEOUT":
        case "STREAM_DURATION_EXCEEDED":
        case "STREAM_INTERRUPTED":
        case "STREAM_MALFORMED":
        case "STREAM_UNPULLED":
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
    if (isOutboundError(value)) {
      expectTypeOf(value.downstream).toBeString();
      expectTypeOf(value.attempts).toBeNumber();
      expectTypeOf(value.retryable).toBeBoolean();
      expectTypeOf(value.outcome).toEqualTypeOf<RequestOutcome>();
      if (value.code === "CIRCUIT_OPEN") expectTypeOf(value.remainingOpenMs).toBeNumber();
      if (value.code === "RETRY_AFTER_TOO_LONG") expectTypeOf(value.retryAfterMs).toBeNumber();
      if (value.code === "INVALID_REQUEST") {
        expectTypeOf(value.location).toEqualTypeOf<InvalidRequestLocation>();
        expectTypeOf(value.parameter).toEqualTypeOf<string | undefined>();
      }
    }
    expectTypeOf<RequestOutcome>().toEqualTypeOf<"not-sent" | "unknown" | "answered">();
  });

  it("an operation's query styles are query styles, and its compiled serializer plugs into openapi-fetch", () => {
    const meta: OperationMeta = {
      operationId: "listItems",
      method: "GET",
      path: "/items",
      class: "idempotent",
      query: { ids: { style: "pipeDelimited", explode: false } },
    };
    const serializer = createDownstream({ name: "items" }, [meta]).operation(meta).querySerializer;
    expectTypeOf<NonNullable<typeof serializer>>().toMatchTypeOf<OpenapiFetchQuerySerializer<unknown>>();
    // @ts-expect-error: matrix and label are path styles, not query styles (OpenAPI 3.1 §4.8.12.4)
    const matrix: QueryParameterStyle = { style: "matrix" };
    void matrix;
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
    const raw = createClient<paths>({ baseUrl: "http://127.0.0.1" });
    expectTypeOf(raw).toMatchTypeOf<PathBasedClient>();
    const wrapped = downstream.pathClient(raw);
    expectTypeOf(wrapped).toEqualTypeOf<typeof raw>();
    type Get = Awaited<ReturnType<typeof wrapped.GET<"/items/{id}", { params: { path: { id: string } } }>>>;
    expectTypeOf<NonNullable<Get["data"]>>().toEqualTypeOf<{ id: string }>();
    // @ts-expect-error: the path must be one of the spec's templates
    void wrapped.GET("/nope");
    // @ts-expect-error: not an openapi-fetch client (no path-based method)
    void downstream.pathClient({ fetch: () => undefined });
  });
});
