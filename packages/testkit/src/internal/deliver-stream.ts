import type { StreamFault } from "../fault-plan.js";
import { type Exchange, isGone, resetConnection, writeChunk, writeHead } from "./exchange.js";
import { isJsonLinesMediaType } from "./media-types.js";
import type { Outcome } from "./outcome.js";

/** Streamed media types the server frames event by event. */
const SSE = /^text\/event-stream\s*(?:;|$)/i;

/** Whether `outcome` is a streamed answer (SSE, NDJSON / JSON Lines, JSON text sequences). */
export function isStreamOutcome(outcome: Outcome): boolean {
  const type = outcome.headers["content-type"] ?? "";
  return SSE.test(type) || isJsonLinesMediaType(type);
}

/** The defaults of {@link StreamFault}. */
export const DEFAULT_STREAM_FAULT = Object.freeze({ events: 3, intervalMs: 100, heartbeatMs: 1_000 });

/**
 * Serves `outcome` as a stream, one event every `intervalMs` after `firstEventDelayMs`: SSE (`id: n`, the example
 * or derived body as `data`; a string body as text) unless the outcome is line-framed (one JSON item per line; RFC
 * 7464 records for `application/json-seq`). An array body lends its elements in turn. The faults: `stallAfter`
 * (stop writing, keep the connection open), `resetAfter` (TCP RST), `malformedAfter` (a line that is not JSON,
 * then the end), `heartbeatOnly` (SSE comments every `heartbeatMs`, never an event). An SSE request with
 * `Last-Event-ID: k` (WHATWG HTML §9.2.4, a reconnecting client) is served from event k + 1 on, each with its own
 * id, so a resumed stream repeats none; N of the faults still counts from event 1. Timers go with the exchange.
 */
export async function deliverStream(exchange: Exchange, outcome: Outcome, fault: Partial<StreamFault>): Promise<void> {
  const given = outcome.headers["content-type"] ?? "";
  const type = SSE.test(given) || isJsonLinesMediaType(given) ? given : "text/event-stream";
  const sse = SSE.test(type);
  const seq = /json-seq/i.test(type);
  const items = itemsOf(outcome.body);
  const events = fault.events ?? DEFAULT_STREAM_FAULT.events;
  const intervalMs = fault.intervalMs ?? DEFAULT_STREAM_FAULT.intervalMs;
  writeHead(exchange, outcome.status, { "content-type": type, "cache-control": "no-store" }, true);
  await exchange.timers.sleep(fault.firstEventDelayMs ?? 0);
  if (fault.heartbeatOnly === true) {
    while (!isGone(exchange)) {
      await writeChunk(exchange, ": heartbeat\n\n");
      await exchange.timers.sleep(fault.heartbeatMs ?? DEFAULT_STREAM_FAULT.heartbeatMs);
    }
    return;
  }
  const first = (sse ? resumePoint(exchange.record.headers["last-event-id"]) : 0) + 1;
  for (let n = first; n <= events && !isGone(exchange); n += 1) {
    if (n > first) await exchange.timers.sleep(intervalMs);
    const item = items[(n - 1) % items.length];
    await writeChunk(exchange, frame(item, n, sse, seq));
    if (n === fault.stallAfter) return;
    if (n === fault.resetAfter) return resetConnection(exchange);
    if (n === fault.malformedAfter) {
      await writeChunk(exchange, sse ? "id: malformed\ndata: {not json\n\n" : "{not json\n");
      break;
    }
  }
  if (!isGone(exchange)) exchange.res.end();
}

/** The event a `Last-Event-ID` names (a non-negative integer this server wrote), else 0: start from event 1. */
function resumePoint(header: string | undefined): number {
  return header !== undefined && /^\d{1,9}$/.test(header.trim()) ? Number(header.trim()) : 0;
}

/** The items a body lends the events: its elements when it is a JSON array, else the body itself. */
function itemsOf(body: Buffer): unknown[] {
  const text = body.toString("utf8");
  if (text === "") return [{}];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) && value.length > 0 ? value : [value];
  } catch {
    return [text];
  }
}

function frame(item: unknown, n: number, sse: boolean, seq: boolean): string {
  const json = JSON.stringify(item);
  if (!sse) return seq ? `\u001e${json}\n` : `${json}\n`;
  const data = typeof item === "string" ? item : json;
  return `id: ${n}\n${data
    .split("\n")
    .map((line) => `data: ${line}`)
    .join("\n")}\n\n`;
}
