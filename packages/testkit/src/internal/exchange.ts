import type { ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { RecordedRequest } from "../recorded-request.js";
import type { TimerSet } from "./timer-set.js";

/** A {@link RecordedRequest} the server updates as the exchange goes on. */
export type MutableRecord = { -readonly [K in keyof RecordedRequest]: RecordedRequest[K] };

/** One request/response exchange in progress: what delivery code writes to and records into. */
export interface Exchange {
  readonly res: ServerResponse;
  readonly socket: Socket;
  readonly record: MutableRecord;
  readonly timers: TimerSet;
  readonly now: () => number;
}

/** True once the client or a fault has closed the connection: nothing more can be written. */
export function isGone(exchange: Exchange): boolean {
  return exchange.res.destroyed || exchange.socket.destroyed;
}

/** Writes the status line and headers (and notes them in the record); `flush` sends them at once. */
export function writeHead(exchange: Exchange, status: number, headers: Record<string, string>, flush = false): void {
  exchange.res.writeHead(status, headers);
  exchange.record.status = status;
  exchange.record.headersSentAt = exchange.now();
  if (flush) exchange.res.flushHeaders();
}

/** Resets the TCP connection (RST): the client's next read fails with ECONNRESET. */
export function resetConnection(exchange: Exchange): void {
  exchange.record.outcome = "reset";
  exchange.record.closedAt = exchange.now();
  exchange.socket.resetAndDestroy();
}

/** Writes `chunk` and waits until it has been handed to the socket. */
export function writeChunk(exchange: Exchange, chunk: Buffer | string): Promise<void> {
  return new Promise((resolve) => {
    if (isGone(exchange)) return resolve();
    exchange.res.write(chunk, () => resolve());
  });
}

/** Closes the connection after what was written is flushed (FIN, not RST): the message is cut short. */
export function closeAfterFlush(exchange: Exchange): void {
  exchange.record.outcome = "closed-by-server";
  exchange.record.closedAt = exchange.now();
  exchange.socket.end();
}
