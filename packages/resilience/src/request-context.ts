import { AsyncLocalStorage } from "node:async_hooks";
import { DEFAULT_RESILIENCE_OPTIONS } from "./options.js";

/** What a service knows about the inbound request it is serving; outbound calls inherit it. */
export interface RequestContext {
  /** Request id, sent downstream as `x-request-id` on every attempt. */
  readonly requestId?: string;
  /** Absolute deadline, epoch ms: no outbound call made inside the context outlives it. */
  readonly deadlineAt?: number;
}

const storage = new AsyncLocalStorage<RequestContext>();

/**
 * Runs `fn` with `context` as the current request context (AsyncLocalStorage), so every outbound call made inside
 * it, however deep, sends the request id and never outlives the deadline. Nested contexts keep the earlier of
 * the two deadlines and the inner request id when given.
 */
export function runWithRequestContext<T>(context: RequestContext, fn: () => T): T {
  const outer = storage.getStore();
  const deadlines = [outer?.deadlineAt, context.deadlineAt].filter((value): value is number => value !== undefined);
  const requestId = context.requestId ?? outer?.requestId;
  const merged: RequestContext = {
    ...(requestId === undefined ? {} : { requestId }),
    ...(deadlines.length === 0 ? {} : { deadlineAt: Math.min(...deadlines) }),
  };
  return storage.run(merged, fn);
}

/** The current request context, or undefined outside {@link runWithRequestContext}. */
export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

/** Inbound headers as node:http (`IncomingHttpHeaders`) or the Fetch API (`Headers`) give them. */
export type InboundHeaders = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

function headerValue(headers: InboundHeaders, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const lower = name.toLowerCase();
  const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === lower)?.[1];
  return typeof entry === "string" ? entry : entry?.[0];
}

/**
 * Reads the time left that an upstream caller sent (header `x-outbound-timeout-ms` by default, integer ms, as
 * this package sends it) and returns the absolute deadline (epoch ms) to pass to {@link runWithRequestContext}.
 * Returns undefined when the header is absent or not a non-negative integer (an invalid value is ignored, not
 * trusted).
 * @param options.header header name, default `x-outbound-timeout-ms`; options.now clock in epoch ms.
 */
export function readInboundDeadline(
  headers: InboundHeaders,
  options: { readonly header?: string; readonly now?: number } = {},
): number | undefined {
  const name = options.header ?? (DEFAULT_RESILIENCE_OPTIONS.deadlineHeader || "x-outbound-timeout-ms");
  const raw = headerValue(headers, name)?.trim();
  if (raw === undefined || !/^\d{1,12}$/.test(raw)) return undefined;
  return (options.now ?? Date.now()) + Number(raw);
}

/** Reads an inbound `x-request-id` (or `header`), trimmed; undefined when absent or empty. */
export function readInboundRequestId(
  headers: InboundHeaders,
  options: { readonly header?: string } = {},
): string | undefined {
  const raw = headerValue(headers, options.header ?? DEFAULT_RESILIENCE_OPTIONS.requestIdHeader)?.trim();
  return raw === undefined || raw === "" ? undefined : raw;
}
