/**
 * The caller's abort while a resumable stream reconnects, on a real node:http server whose first connection sends
 * event 1 then drops, and whose reconnect never answers: the loop throws `ABORTED` with the signal's reason as its
 * `cause` (the caller's abort, as on every other path), not the interruption that started the reconnect, whether
 * the signal was given in the init or in the call options.
 */
import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTransport, isOutboundError } from "../support/runtime.js";
import { startTestServer, type TestServer } from "../support/test-server.js";
import { sseEvent, streamClient } from "./stream-client.js";

const transport = createTransport();
let server: TestServer;
let connections = 0;

/** Connection 1: event 1, dropped 30 ms later; every later connection: no answer at all. */
function dropsThenHangs(_req: unknown, res: ServerResponse): void {
  connections += 1;
  if (connections > 1) return;
  res.writeHead(200, { "content-type": "text/event-stream" });
  res.write(sseEvent({ id: "1", data: { n: 1 } }));
  setTimeout(() => res.destroy(), 30);
}

beforeAll(async () => {
  server = await startTestServer(dropsThenHangs);
});
afterAll(async () => {
  await server.close();
  await transport.close();
});

describe("a caller's abort during a reconnect", () => {
  it.each(["init", "call options"])("throws ABORTED with the signal's reason (signal in the %s)", async (where) => {
    connections = 0;
    const client = streamClient(server.url, { transport, stream: { resume: { maxReconnects: 2 } } });
    const controller = new AbortController();
    const reason = new Error("caller stops");
    const { data } =
      where === "init"
        ? await client.watch({ signal: controller.signal })
        : await client.watch(undefined, { signal: controller.signal });
    const received: unknown[] = [];
    setTimeout(() => controller.abort(reason), 300);
    const error = await (async () => {
      for await (const event of data ?? []) received.push(event);
    })().catch((e: unknown) => e);
    expect(received).toMatchObject([{ id: "1", data: { n: 1 } }]);
    expect(connections).toBe(2);
    expect(isOutboundError(error) && error.code).toBe("ABORTED");
    expect((error as Error).cause).toBe(reason);
  });
});
