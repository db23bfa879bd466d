/** Marks the call options of a reconnect (with `Last-Event-ID`) of a resumed stream with its number. */
const RECONNECT = Symbol("outbound.stream.reconnect");

/** `options` marked as reconnect number `reconnect` (the attempt's span says so: `outbound.stream.reconnect`). */
export function asReconnect<T extends object>(options: T, reconnect: number): T {
  return Object.assign({}, options, { [RECONNECT]: reconnect });
}

/** The reconnect number of a call's options; 0 for a first connection. */
export function reconnectOf(options: object | undefined): number {
  const value = (options as { [RECONNECT]?: unknown } | undefined)?.[RECONNECT];
  return typeof value === "number" ? value : 0;
}
