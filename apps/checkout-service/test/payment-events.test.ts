/** `GET /orders/{orderId}/payment-events`: the charge's payment events relayed as SSE, against real servers. */
import { afterEach, describe, expect, it } from "vitest";
import { type Downstreams, orderBody, postOrder, startDownstreams, startService } from "./downstreams.js";

let downstreams: Downstreams | undefined;
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  await downstreams?.close();
  downstreams = undefined;
  close = undefined;
});

/** Starts payments, inventory, notifications and the service; the payments stream idle timeout is `idleTimeoutMs`. */
async function start(idleTimeoutMs = 30_000): Promise<{ url: string; down: Downstreams }> {
  const down = await startDownstreams();
  downstreams = down;
  const { service, url } = await startService(down, {
    payments: { baseUrl: down.payments.url, auth: { bearerAuth: "sk_test_payments" }, stream: { idleTimeoutMs } },
  });
  close = () => service.close();
  return { url, down };
}

/** One SSE event as the caller reads it, with the time its bytes arrived. */
interface Received {
  readonly event: string;
  readonly id: string | undefined;
  readonly data: unknown;
  readonly at: number;
}

/** Reads the SSE answer of `url` event by event (stopping after `stopAfter` events when given). */
async function readEvents(url: string, stopAfter = Number.POSITIVE_INFINITY) {
  const controller = new AbortController();
  const response = await fetch(url, { signal: controller.signal });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const events: Received[] = [];
  let buffer = "";
  while (events.length < stopAfter) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
      const fields = new Map(
        buffer
          .slice(0, end)
          .split("\n")
          .map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 2)] as const),
      );
      buffer = buffer.slice(end + 2);
      events.push({
        event: fields.get("event") ?? "message",
        id: fields.get("id"),
        data: JSON.parse(fields.get("data") ?? "null"),
        at: performance.now(),
      });
    }
  }
  if (events.length >= stopAfter) controller.abort();
  return { status: response.status, headers: response.headers, events };
}

async function placeOrder(url: string, orderId: string): Promise<string> {
  const placed = await postOrder(url, orderBody(orderId));
  expect(placed.status).toBe(201);
  return (placed.body.charge as { id: string }).id;
}

describe("GET /orders/{orderId}/payment-events", () => {
  it("relays the charge's events one by one, as payments writes them", async () => {
    const { url, down } = await start();
    const chargeId = await placeOrder(url, "ord-events-1");
    down.payments.setFaultPlan("streamChargeEvents", {
      mode: "script",
      steps: [{ kind: "stream", events: 3, intervalMs: 200 }],
    });
    const { status, headers, events } = await readEvents(`${url}/orders/ord-events-1/payment-events`);
    expect(status).toBe(200);
    expect(headers.get("content-type")).toBe("text/event-stream");
    expect(events.map((e) => [e.event, e.id, (e.data as { status: string }).status])).toEqual([
      ["charge.created", "1", "pending"],
      ["charge.authorized", "2", "pending"],
      ["charge.succeeded", "3", "succeeded"],
    ]);
    // Each event reached the caller before payments wrote the next (200 ms apart; 100 ms of slack for the relay).
    expect((events[1]?.at ?? 0) - (events[0]?.at ?? 0)).toBeGreaterThanOrEqual(100);
    expect((events[2]?.at ?? 0) - (events[1]?.at ?? 0)).toBeGreaterThanOrEqual(100);
    const requests = down.payments.requestsFor("streamChargeEvents");
    expect(requests.map((r) => [r.path, r.outcome])).toEqual([[`/charges/${chargeId}/events`, "finished"]]);
  });

  it("closes the payments socket when the caller goes away mid-stream", async () => {
    const { url, down } = await start();
    await placeOrder(url, "ord-events-2");
    down.payments.setFaultPlan("streamChargeEvents", {
      mode: "script",
      steps: [{ kind: "stream", events: 100, intervalMs: 50 }],
    });
    const { events } = await readEvents(`${url}/orders/ord-events-2/payment-events`, 2);
    expect(events.length).toBe(2);
    const [request] = down.payments.requestsFor("streamChargeEvents");
    await expect.poll(() => request?.outcome, { timeout: 2_000, interval: 20 }).toBe("closed-by-client");
    expect(down.payments.requestsFor("streamChargeEvents").length).toBe(1);
  });

  it("resumes a stall after 2 events with Last-Event-ID: the caller gets event 3 once, after the idle timeout", async () => {
    const { url, down } = await start(300);
    await placeOrder(url, "ord-events-4");
    down.payments.setFaultPlan("streamChargeEvents", {
      mode: "script",
      steps: [{ kind: "stream", events: 3, stallAfter: 2, intervalMs: 20 }],
    });
    const { events } = await readEvents(`${url}/orders/ord-events-4/payment-events`);
    expect(events.map((e) => [e.event, e.id])).toEqual([
      ["charge.created", "1"],
      ["charge.authorized", "2"],
      ["charge.succeeded", "3"],
    ]);
    const gapMs = (events[2]?.at ?? 0) - (events[1]?.at ?? 0);
    expect(gapMs).toBeGreaterThanOrEqual(290);
    expect(gapMs).toBeLessThan(2_000);
    const requests = down.payments.requestsFor("streamChargeEvents");
    expect(requests.map((r) => [r.headers["last-event-id"], r.outcome])).toEqual([
      [undefined, "closed-by-client"],
      ["2", "finished"],
    ]);
  });

  it("ends with an error event STREAM_IDLE_TIMEOUT when payments stalls after 2 events and the reconnect fails", async () => {
    const { url, down } = await start(300);
    await placeOrder(url, "ord-events-3");
    down.payments.setFaultPlan("streamChargeEvents", {
      mode: "script",
      steps: [
        { kind: "stream", events: 3, stallAfter: 2, intervalMs: 20 },
        { kind: "respond", status: 404 },
      ],
    });
    const started = performance.now();
    const { events } = await readEvents(`${url}/orders/ord-events-3/payment-events`);
    expect(events.map((e) => [e.event, e.id])).toEqual([
      ["charge.created", "1"],
      ["charge.authorized", "2"],
      ["error", undefined],
    ]);
    expect(events[2]?.data).toEqual({
      code: "STREAM_IDLE_TIMEOUT",
      downstream: "payments",
      operationId: "streamChargeEvents",
      eventsReceived: 2,
      lastEventId: "2",
    });
    const idleMs = (events[2]?.at ?? 0) - (events[1]?.at ?? 0);
    expect(idleMs).toBeGreaterThanOrEqual(290);
    expect(idleMs).toBeLessThan(2_000);
    expect(performance.now() - started).toBeLessThan(5_000);
    const [request, reconnect] = down.payments.requestsFor("streamChargeEvents");
    await expect.poll(() => request?.outcome, { timeout: 2_000, interval: 20 }).toBe("closed-by-client");
    expect([reconnect?.headers["last-event-id"], reconnect?.status]).toEqual(["2", 404]);
  });

  it("answers 404 for an order this process did not confirm, without calling payments", async () => {
    const { url, down } = await start();
    const response = await fetch(`${url}/orders/ord-unknown/payment-events`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { type: string }).type).toBe("urn:outbound:checkout:problem:order-not-found");
    expect(down.payments.requestsFor("streamChargeEvents").length).toBe(0);
  });
});
