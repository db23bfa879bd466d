import type { FaultPlan } from "@outbound/testkit";
import { createParser } from "eventsource-parser";
import type { Stack } from "./start-stack.js";

/** One run of `GET /orders/{orderId}/payment-events` on checkout-service, as the demo's caller read it. */
export interface FeedRun {
  readonly orderId: string;
  /** checkout-service's status (200 once payments' stream opened). */
  readonly status: number;
  /** The charge's events relayed, in order: SSE `event` (the charge event's type) and `id`. */
  readonly events: readonly { readonly type: string; readonly id: string | undefined }[];
  /** From sending the request to reading the first event, in ms; undefined when none came. */
  readonly timeToFirstEventMs: number | undefined;
  /** The whole read, in ms. */
  readonly totalMs: number;
  /** `end` when the stream ended cleanly, else the `code` of checkout-service's final `error` event. */
  readonly ended: string;
  /** The longest wait between two events (or before the final `error` event), in ms. */
  readonly longestSilenceMs: number;
  /** Requests payments saw on its stream route for this run, and how each ended (`finished`, `closed-by-client` …). */
  readonly downstreamOutcomes: readonly string[];
  /** The `Last-Event-ID` of each reconnect checkout-service made to payments (resumed streams), in order. */
  readonly resumedWith: readonly string[];
}

/** The two runs the demo shows: a healthy feed, and one where payments stalls after 2 events. */
export interface PaymentFeed {
  readonly healthy: FeedRun;
  readonly stalled: FeedRun;
}

/**
 * The stream fault of the second run: payments writes 2 of 3 events, then stays silent with the connection open;
 * a reconnect is served as usual (from the event after its `Last-Event-ID`).
 */
export const STALL_PLAN: FaultPlan = {
  mode: "script",
  steps: [{ kind: "stream", events: 3, stallAfter: 2, intervalMs: 100 }],
};

/**
 * Follows the payment events of `orderId` (a confirmed order) through checkout-service twice: healthy, then with
 * payments stalling after 2 events (`STALL_PLAN`): checkout-service's payments client ends the silent stream after
 * its idle timeout and resumes it with `Last-Event-ID: 2`, so event 3 follows, once. Clears the plan afterwards.
 */
export async function followPaymentFeed(stack: Stack, orderId: string): Promise<PaymentFeed> {
  const payments = stack.downstreams.payments;
  payments.clearFaultPlan("streamChargeEvents");
  const healthy = await readFeed(stack, orderId);
  payments.setFaultPlan("streamChargeEvents", STALL_PLAN);
  try {
    return { healthy, stalled: await readFeed(stack, orderId) };
  } finally {
    payments.clearFaultPlan("streamChargeEvents");
  }
}

async function readFeed(stack: Stack, orderId: string): Promise<FeedRun> {
  const route = stack.downstreams.payments;
  const before = route.requestsFor("streamChargeEvents").length;
  const started = performance.now();
  const response = await fetch(`${stack.url}/orders/${encodeURIComponent(orderId)}/payment-events`);
  const events: { type: string; id: string | undefined }[] = [];
  let firstAt: number | undefined;
  let lastAt = started;
  let ended = "end";
  let silence = 0;
  const parser = createParser({
    onEvent(event) {
      const now = performance.now();
      if (event.event === "error") {
        ended = String((JSON.parse(event.data) as { code?: unknown }).code);
        silence = Math.max(silence, now - lastAt);
        return;
      }
      if (firstAt !== undefined) silence = Math.max(silence, now - lastAt);
      firstAt ??= now;
      lastAt = now;
      events.push({ type: event.event ?? "message", id: event.id });
    },
  });
  if (response.status !== 200) {
    ended = `HTTP ${response.status}`;
    await response.body?.cancel();
  } else {
    const decoder = new TextDecoder();
    for await (const chunk of response.body as ReadableStream<Uint8Array>)
      parser.feed(decoder.decode(chunk, { stream: true }));
  }
  const totalMs = performance.now() - started;
  // The downstream request ends a moment after the relay: wait for payments to see its socket closed.
  const requests = () => route.requestsFor("streamChargeEvents").slice(before);
  for (let waited = 0; waited < 2_000 && requests().some((r) => r.outcome === "pending"); waited += 20)
    await new Promise((resolve) => setTimeout(resolve, 20));
  return {
    orderId,
    status: response.status,
    events,
    timeToFirstEventMs: firstAt === undefined ? undefined : firstAt - started,
    totalMs,
    ended,
    longestSilenceMs: silence,
    downstreamOutcomes: requests().map((r) => r.outcome),
    resumedWith: requests()
      .map((r) => r.headers["last-event-id"])
      .filter((id): id is string => id !== undefined),
  };
}

/**
 * Runs of the feed that are not what they must be (0, 1 or 2): each relays payments' 3 events once (ids 1, 2, 3)
 * and ends cleanly; the healthy run took one payments request, the stalled one two: the first closed by the idle
 * timeout, the second resumed with `Last-Event-ID: 2` and finished.
 */
export function feedDeviations(feed: PaymentFeed): number {
  const ids = (run: FeedRun) => run.events.map((e) => e.id).join(",");
  const healthy =
    ids(feed.healthy) === "1,2,3" &&
    feed.healthy.ended === "end" &&
    feed.healthy.downstreamOutcomes.join() === "finished";
  const stalled =
    ids(feed.stalled) === "1,2,3" &&
    feed.stalled.ended === "end" &&
    feed.stalled.downstreamOutcomes.join() === "closed-by-client,finished" &&
    feed.stalled.resumedWith.join() === "2";
  return (healthy ? 0 : 1) + (stalled ? 0 : 1);
}

const ms = (value: number | undefined) => (value === undefined ? "—" : `${Math.round(value)} ms`);

/** One line per run: events, their types, time to the first event, how it ended, and any resume. */
export function describeFeed(feed: PaymentFeed): string[] {
  const line = (label: string, run: FeedRun) => {
    const events = run.events.map((e) => `${e.id}:${e.type}`).join(" → ") || "none";
    const end = run.ended === "end" ? "ended" : `ended with ${run.ended}`;
    const resumed =
      run.resumedWith.length === 0
        ? ""
        : `, resumed with Last-Event-ID ${run.resumedWith.join(", ")} after ${ms(run.longestSilenceMs)} of silence (idle timeout)`;
    return `${label} ${run.events.length} events (${events}), first after ${ms(run.timeToFirstEventMs)}, ${end}${resumed}; payments requests ${run.downstreamOutcomes.join(", ") || "none"}`;
  };
  return [line("healthy:", feed.healthy), line("payments stalls after 2:", feed.stalled)];
}
