/**
 * Stream timers longer than Node's timer limit (2^31 - 1 ms, about 24.8 days: a longer `setTimeout` fires after
 * 1 ms), on a real node:http server streaming SSE: a caller who sets `unpulledTimeoutMs` to 30 days (to keep an
 * unpulled stream for good) is refused with the option's name before any request, never handed a stream that
 * closes at once.
 */
import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTransport, InvalidOptionsError } from "../support/runtime.js";
import { startTestServer, type TestServer } from "../support/test-server.js";
import { sseEvent, streamClient } from "./stream-client.js";

const transport = createTransport();
let server: TestServer;
let requests = 0;

function sse(_req: unknown, res: ServerResponse): void {
  requests += 1;
  res.writeHead(200, { "content-type": "text/event-stream" });
  res.flushHeaders();
  res.write(sseEvent({ id: "1", data: { n: 1 } }));
}

beforeAll(async () => {
  server = await startTestServer(sse);
});
afterAll(async () => {
  await server.close();
  await transport.close();
});

const THIRTY_DAYS_MS = 30 * 24 * 3_600_000;

describe("stream timers past Node's timer limit", () => {
  it.each(["unpulledTimeoutMs", "idleTimeoutMs", "maxStreamDurationMs"])(
    "a call's stream.%s of 30 days is refused naming it, nothing sent",
    async (option) => {
      const client = streamClient(server.url, { transport });
      const error = await client.watch(undefined, { stream: { [option]: THIRTY_DAYS_MS } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidOptionsError);
      expect(error).toMatchObject({ code: "INVALID_OPTIONS", option: `callOptions.stream.${option}` });
      expect(String((error as Error).message)).toContain("2147483647");
      expect(requests).toBe(0);
    },
  );

  it("a client's stream.unpulledTimeoutMs of 30 days is refused at creation", () => {
    expect(() => streamClient(server.url, { transport, stream: { unpulledTimeoutMs: THIRTY_DAYS_MS } })).toThrow(
      /stream\.unpulledTimeoutMs.*2147483647/,
    );
  });

  it("the limit itself is taken, and the stream stays open while unpulled", async () => {
    const client = streamClient(server.url, { transport, stream: { unpulledTimeoutMs: 2_147_483_647 } });
    const { data } = await client.watch();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const iterator = data?.[Symbol.asyncIterator]();
    expect(await iterator?.next()).toMatchObject({ done: false, value: { id: "1" } });
    await iterator?.return?.();
  });
});
