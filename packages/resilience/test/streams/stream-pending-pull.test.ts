/**
 * A stream whose caller holds nothing but a pending `next()` (the iterator and the `EventStream` already out of
 * scope, as in `await data[Symbol.asyncIterator]().next()`), on a real node:http server that sends its second event
 * only once the test has run the collector: the collector may run meanwhile, and the pull still gets the second event (the stream is
 * in use, never `collected`). The collector is reached through V8's `--expose-gc` flag set at run time.
 */
import type { ServerResponse } from "node:http";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTransport } from "../support/runtime.js";
import { delay, startTestServer, type TestServer } from "../support/test-server.js";
import { eventually, sseEvent, streamClient } from "./stream-client.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const transport = createTransport();
let server: TestServer;
let closes = 0;

/** The open stream's response, to send its second event when the test says. */
let open: ServerResponse | undefined;

/** Event 1 at once, event 2 when the test calls {@link sendSecond}, then silence until the client closes. */
function slowSecond(_req: unknown, res: ServerResponse): void {
  res.writeHead(200, { "content-type": "text/event-stream" });
  res.flushHeaders();
  res.write(sseEvent({ id: "1", data: { n: 1 } }));
  open = res;
  res.on("close", () => {
    closes += 1;
  });
}

function sendSecond(): void {
  open?.write(sseEvent({ id: "2", data: { n: 2 } }));
}

beforeAll(async () => {
  server = await startTestServer(slowSecond);
});
afterAll(async () => {
  await server.close();
  await transport.close();
});

describe("a stream with a pull pending", () => {
  it.each([
    ["without resumption", {}],
    ["with resumption on", { stream: { resume: { maxReconnects: 2 } } }],
  ] as const)(
    "%s: is not closed by the collector while the caller awaits only the pending next()",
    async (_, options) => {
      const client = streamClient(server.url, { transport, ...options });
      closes = 0;
      const { second } = await (async () => {
        const { data } = await client.watch();
        const iterator = data?.[Symbol.asyncIterator]();
        expect((await iterator?.next())?.value).toMatchObject({ id: "1" });
        // Only the pending pull leaves this scope (boxed so that `await` does not wait for it).
        return { second: iterator?.next() };
      })();
      for (let i = 0; i < 10; i += 1) {
        gc();
        await delay(10);
      }
      expect(closes).toBe(0);
      sendSecond();
      expect(await second).toMatchObject({ done: false, value: { id: "2", data: { n: 2 } } });
      open?.destroy();
      await eventually(() => closes === 1);
    },
  );
});
