import type { AnyCallOptions, EventStream, OperationMeta } from "../support/runtime.js";
import { createOperationClient, defineOperations } from "../support/runtime.js";

/** A stream method's result as the tests read it. */
export interface StreamResult {
  readonly data?: EventStream<unknown>;
  readonly error?: unknown;
  readonly response: Response;
}
export type StreamMethod = (init?: object, options?: AnyCallOptions) => Promise<StreamResult>;

const sse = { data: "json" } as const;
const fast = { initialDelayMs: 1, maxDelayMs: 1, jitter: "none" } as const;

/** Operations that stream, one per class, as codegen emits them. */
export const streamOperations = defineOperations({
  watch: { operationId: "watch", method: "GET", path: "/watch", class: "idempotent", stream: sse },
  watchText: { operationId: "watchText", method: "GET", path: "/watch", class: "idempotent", stream: { data: "text" } },
  startJob: {
    operationId: "startJob",
    method: "POST",
    path: "/jobs",
    class: "keyed",
    idempotencyHeader: "Idempotency-Key",
    stream: sse,
  },
  chat: { operationId: "chat", method: "POST", path: "/chat", class: "unsafe", stream: sse },
  chatStream: {
    operationId: "chat",
    method: "POST",
    path: "/chat",
    class: "unsafe",
    accept: "text/event-stream",
    stream: { data: "json", flag: "stream" },
  },
  exportRows: { operationId: "exportRows", method: "GET", path: "/rows", class: "idempotent", stream: sse },
} satisfies Record<string, OperationMeta>);

/** A client of {@link streamOperations} on `baseUrl`, with fast retries unless `options` say otherwise. */
export function streamClient(
  baseUrl: string,
  options: object = {},
): Record<keyof typeof streamOperations, StreamMethod> {
  const client = createOperationClient<Record<string, never>, Record<string, never>>(
    { baseUrl, retry: fast, ...options },
    { name: "feeds", auth: [] },
    streamOperations as never,
  );
  return client as unknown as Record<keyof typeof streamOperations, StreamMethod>;
}

/** Writes one SSE event block. */
export function sseEvent(fields: { id?: string; event?: string; data: unknown; retry?: number }): string {
  let block = "";
  if (fields.event !== undefined) block += `event: ${fields.event}\n`;
  if (fields.id !== undefined) block += `id: ${fields.id}\n`;
  if (fields.retry !== undefined) block += `retry: ${fields.retry}\n`;
  const data = typeof fields.data === "string" ? fields.data : JSON.stringify(fields.data);
  for (const line of data.split("\n")) block += `data: ${line}\n`;
  return `${block}\n`;
}

/** Resolves when `check` holds, polling every 5 ms, or rejects after `withinMs`. */
export async function eventually(check: () => boolean, withinMs = 2_000): Promise<void> {
  const until = performance.now() + withinMs;
  while (!check()) {
    if (performance.now() > until) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Active timers of the process (Node's own resource list). */
export function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === "Timeout").length;
}
