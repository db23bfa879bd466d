import type {
  EmptyBodyFault,
  Fault,
  FaultTiming,
  HangFault,
  MalformedJsonFault,
  ResetAfterHeadersFault,
  RespondFault,
  TruncatedBodyFault,
} from "../fault-plan.js";
import { compressOutcome, decompressed } from "./compress-outcome.js";
import { deliverStream, isStreamOutcome } from "./deliver-stream.js";
import { closeAfterFlush, type Exchange, isGone, resetConnection, writeChunk, writeHead } from "./exchange.js";
import { type Outcome, outcomeOf } from "./outcome.js";

const JSON_TYPE = "application/json";
const CHUNKED = { "content-type": JSON_TYPE, "transfer-encoding": "chunked" };

/** Statuses that never carry a body (RFC 9110 §15.3.5, §15.4.5). */
function bodyless(status: number): boolean {
  return status === 204 || status === 304 || status < 200;
}

/**
 * Delivers an outcome with its timing: framing (Content-Length, or chunked), latency between headers and
 * body, and a trickled body.
 */
export async function deliverOutcome(exchange: Exchange, outcome: Outcome, timing: FaultTiming = {}): Promise<void> {
  if (isGone(exchange)) return;
  const headers = { ...outcome.headers };
  const chunked = timing.framing === "chunked" && !bodyless(outcome.status);
  if (chunked) headers["transfer-encoding"] = "chunked";
  else if (!bodyless(outcome.status)) headers["content-length"] = String(outcome.body.length);
  const slow = (timing.delayBeforeBodyMs ?? 0) > 0 || timing.trickle !== undefined;
  if (!slow || bodyless(outcome.status)) {
    writeHead(exchange, outcome.status, headers);
    exchange.res.end(bodyless(outcome.status) || outcome.body.length === 0 ? undefined : outcome.body);
    return;
  }
  writeHead(exchange, outcome.status, headers, true);
  await exchange.timers.sleep(timing.delayBeforeBodyMs ?? 0);
  const size = timing.trickle?.chunkBytes ?? outcome.body.length;
  for (let offset = 0; offset < outcome.body.length && !isGone(exchange); offset += size) {
    await writeChunk(exchange, outcome.body.subarray(offset, offset + size));
    if (timing.trickle !== undefined && offset + size < outcome.body.length)
      await exchange.timers.sleep(timing.trickle.intervalMs);
  }
  if (!isGone(exchange)) exchange.res.end();
}

/** The answer a `respond` fault describes; a status documented in the spec lends its example body. */
export function respondOutcome(fault: RespondFault, documented: Outcome | undefined, now: number): Outcome {
  const extra: Record<string, string> = {};
  if (fault.retryAfter?.seconds !== undefined) extra["retry-after"] = String(fault.retryAfter.seconds);
  if (fault.retryAfter?.dateInMs !== undefined) {
    extra["retry-after"] = new Date(Math.ceil((now + fault.retryAfter.dateInMs) / 1000) * 1000).toUTCString();
  }
  if (fault.retryAfter?.ms !== undefined) extra["retry-after-ms"] = String(fault.retryAfter.ms);
  const custom = Object.fromEntries(Object.entries(fault.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  let base: Outcome;
  if (fault.body !== undefined) base = outcomeOf(fault.status, JSON_TYPE, fault.body);
  else if (fault.bodyText !== undefined) base = outcomeOf(fault.status, "text/plain", fault.bodyText);
  else base = documented ?? outcomeOf(fault.status, undefined, undefined);
  const answer = { status: fault.status, headers: { ...base.headers, ...extra, ...custom }, body: base.body };
  if (fault.contentEncoding === undefined) return answer;
  const { "content-encoding": _, vary: __, ...plain } = answer.headers;
  return compressOutcome({ ...answer, headers: plain, body: decompressed(base) }, "*", [fault.contentEncoding]);
}

async function resetAfterHeaders(exchange: Exchange, fault: ResetAfterHeadersFault, status: number): Promise<void> {
  writeHead(exchange, status, CHUNKED, true);
  await exchange.timers.sleep(fault.resetAfterMs ?? 20);
  if (!isGone(exchange)) resetConnection(exchange);
}

async function hang(exchange: Exchange, fault: HangFault, status: number): Promise<void> {
  if (fault.afterHeaders !== true) return;
  writeHead(exchange, status, CHUNKED, true);
  if (fault.partialBody === undefined) return;
  await exchange.timers.sleep(fault.delayBeforeBodyMs ?? 0);
  await writeChunk(exchange, fault.partialBody);
}

async function truncatedBody(
  exchange: Exchange,
  fault: TruncatedBodyFault,
  status: number,
  body: Buffer,
): Promise<void> {
  const full =
    fault.bodyText !== undefined
      ? Buffer.from(fault.bodyText)
      : body.length > 0
        ? body
        : Buffer.from('{"id":"truncated","items":[1,2,3]}');
  const part = full.subarray(0, fault.sendBytes ?? Math.floor(full.length / 2));
  const framing =
    fault.framing === "chunked" ? CHUNKED : { "content-type": JSON_TYPE, "content-length": String(full.length) };
  writeHead(exchange, status, framing, true);
  if (part.length > 0) await writeChunk(exchange, part);
  if (!isGone(exchange)) closeAfterFlush(exchange);
}

function malformedJson(exchange: Exchange, fault: MalformedJsonFault, status: number): Promise<void> {
  const body = Buffer.from(fault.bodyText ?? '{"id":');
  return deliverOutcome(exchange, { status, headers: { "content-type": JSON_TYPE }, body }, fault);
}

function emptyBody(exchange: Exchange, fault: EmptyBodyFault, status: number): void {
  const { res } = exchange;
  switch (fault.framing) {
    case "chunked":
      writeHead(exchange, status, CHUNKED);
      break;
    case "content-length-zero":
      writeHead(exchange, status, { "content-type": JSON_TYPE, "content-length": "0" });
      break;
    case "close-delimited":
      // Removing both framing headers makes Node frame the message by closing the connection (RFC 9112 §6.3 rule 8).
      res.setHeader("content-type", JSON_TYPE);
      res.setHeader("connection", "close");
      res.removeHeader("content-length");
      res.removeHeader("transfer-encoding");
      writeHead(exchange, status, {});
      break;
    case "no-content":
      writeHead(exchange, fault.status ?? 204, {});
      break;
  }
  res.end();
}

/**
 * Delivers a fault on the exchange's socket. `outcome` is the committed answer (for `pass`, and for the body
 * of `truncated-body`), `documented` the spec's example for a `respond` status, `defaultStatus` the
 * operation's success status.
 */
export async function deliverFault(
  exchange: Exchange,
  fault: Fault,
  outcome: Outcome,
  documented: Outcome | undefined,
  defaultStatus: number,
): Promise<void> {
  if (isGone(exchange)) return;
  const status = "status" in fault && fault.status !== undefined ? fault.status : defaultStatus;
  switch (fault.kind) {
    case "pass":
      // A streamed success answer is served event by event (see deliverStream).
      if (isStreamOutcome(outcome) && outcome.status < 300) return deliverStream(exchange, outcome, {});
      return deliverOutcome(exchange, outcome, fault);
    case "stream":
      if (outcome.status >= 300) return deliverOutcome(exchange, outcome);
      return deliverStream(exchange, outcome, fault);
    case "respond":
      return deliverOutcome(exchange, respondOutcome(fault, documented, Date.now()), fault);
    case "reset":
      return resetConnection(exchange);
    case "reset-after-headers":
      return resetAfterHeaders(exchange, fault, status);
    case "hang":
      return hang(exchange, fault, status);
    case "truncated-body":
      return truncatedBody(exchange, fault, status, outcome.body);
    case "malformed-json":
      return malformedJson(exchange, fault, status);
    case "empty-body":
      return emptyBody(exchange, fault, status);
  }
}
