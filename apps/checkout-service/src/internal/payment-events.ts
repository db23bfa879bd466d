import { isOutboundError } from "@outbound/resilience";
import type { Context } from "hono";
import { type SSEStreamingApi, streamSSE } from "hono/streaming";
import type { CheckoutClients } from "./checkout-clients.js";
import { mapCallError } from "./map-call-error.js";
import { type Problem, problem } from "./problem.js";

/**
 * Reconnects the relay allows per request after payments' stream went silent (`STREAM_IDLE_TIMEOUT`) or broke
 * (`STREAM_INTERRUPTED`): each asks again with `Last-Event-ID` (WHATWG HTML §9.2.4; `streamChargeEvents` is a GET,
 * idempotent, and its events carry ids), within the payments client's retry budget, so the caller gets the rest of
 * the events exactly once.
 */
export const PAYMENT_EVENTS_MAX_RECONNECTS = 2;

/** The failures that end a relayed stream after its first event, as the final SSE `error` event names them. */
const STREAM_CODES = new Set([
  "STREAM_IDLE_TIMEOUT",
  "STREAM_INTERRUPTED",
  "STREAM_DURATION_EXCEEDED",
  "STREAM_MALFORMED",
]);

/**
 * The data of the final `error` event of `GET /orders/{orderId}/payment-events` when the payments stream fails
 * after its first event: the resilience `code` (`STREAM_IDLE_TIMEOUT`, `STREAM_INTERRUPTED`,
 * `STREAM_DURATION_EXCEEDED`, `STREAM_MALFORMED`, or `ABORTED`), the events payments delivered and the id of the
 * last one (to ask again from). An error the pipeline does not type is `code: "INTERNAL"` and logged.
 */
export interface PaymentEventsError {
  readonly code: string;
  readonly downstream: string;
  readonly operationId: string;
  readonly eventsReceived: number;
  readonly lastEventId: string | null;
}

/** Where the relay answers from: the answer before any event (a problem), or the SSE relay. */
export type PaymentEventsAnswer =
  | { readonly kind: "problem"; readonly problem: Problem; readonly retryAfterSeconds?: number }
  | { readonly kind: "stream"; readonly response: Response };

/**
 * Relays the payment events of charge `chargeId` (payments `streamChargeEvents`, server-sent events) to the caller
 * as server-sent events, one written per event pulled (`event` = the event's `type`, `id` and `data` as payments
 * sent them). The downstream stream is opened first: a failure before its first event (retries spent, breaker open,
 * deadline, a non-2xx answer) is answered as a problem, never as a stream. Once open, the caller going away aborts
 * the downstream stream (its socket closes). After the first event, silence or a broken connection is resumed
 * from the last event id (at most {@link PAYMENT_EVENTS_MAX_RECONNECTS} times); a failure that resuming does not
 * cure ends the relay with one `error` event ({@link PaymentEventsError}). The downstream's idle timeout and
 * duration cap are the payments client's `stream` options.
 * @param extensions problem members for a failure before the first event (orderId, requestId …)
 */
export async function relayPaymentEvents(
  c: Context,
  payments: CheckoutClients["payments"],
  chargeId: string,
  extensions: Record<string, unknown>,
): Promise<PaymentEventsAnswer> {
  const inbound = new AbortController();
  const onGone = () => inbound.abort();
  c.req.raw.signal.addEventListener("abort", onGone, { once: true });
  let opened: Awaited<ReturnType<typeof payments.streamChargeEvents>>;
  try {
    opened = await payments.streamChargeEvents(
      { params: { path: { chargeId } } },
      {
        signal: inbound.signal,
        stream: { resume: { maxReconnects: PAYMENT_EVENTS_MAX_RECONNECTS } },
      },
    );
  } catch (error) {
    c.req.raw.signal.removeEventListener("abort", onGone);
    const mapped = mapCallError(error, { ...extensions, step: "payment-events" });
    if (mapped === undefined) throw error;
    return { kind: "problem", ...mapped };
  }
  const events = opened.data;
  // A 2xx answered whole (not as a stream) comes back as text: not the charge's events either.
  if (events === undefined || typeof events !== "object") {
    c.req.raw.signal.removeEventListener("abort", onGone);
    const status = opened.response.status;
    const detail = `payments streamChargeEvents answered HTTP ${status} instead of the charge's events.`;
    const kind = status === 404 ? "order-not-found" : "downstream-error";
    return { kind: "problem", problem: problem(kind, detail, { ...extensions, downstreamStatus: status }) };
  }
  const response = streamSSE(c, async (out) => {
    // Hono aborts `out` when the caller's connection closes; the downstream socket follows at once.
    out.onAbort(() => inbound.abort());
    try {
      for await (const event of events) {
        if (out.aborted) break;
        await out.writeSSE({
          event: event.data.type,
          data: JSON.stringify(event.data),
          ...(event.id === undefined ? {} : { id: event.id }),
        });
      }
    } catch (error) {
      await writeFailure(out, error, events.eventsReceived, events.lastEventId);
    } finally {
      c.req.raw.signal.removeEventListener("abort", onGone);
      events.abort();
    }
  });
  return { kind: "stream", response };
}

async function writeFailure(
  out: SSEStreamingApi,
  error: unknown,
  eventsReceived: number,
  lastEventId: string | undefined,
): Promise<void> {
  if (out.aborted) return;
  const known = isOutboundError(error) && (STREAM_CODES.has(error.code) || error.code === "ABORTED");
  if (!known) console.error("checkout-service: payment events relay failed:", error);
  const body: PaymentEventsError = {
    code: known ? error.code : "INTERNAL",
    downstream: known ? error.downstream : "payments",
    operationId: known ? error.operationId : "streamChargeEvents",
    eventsReceived,
    lastEventId: lastEventId ?? null,
  };
  await out.writeSSE({ event: "error", data: JSON.stringify(body) });
}
