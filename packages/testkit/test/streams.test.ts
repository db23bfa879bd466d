/** Streams served from a spec: events from its examples or schema, paced, and the stream faults. */
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type FaultPlan, startTestServer, type TestServer } from "../src/index.js";

const SPEC = join(import.meta.dirname, "fixtures", "order-feed.yaml");
let servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function feed(plan?: FaultPlan): Promise<TestServer> {
  const server = await startTestServer({
    spec: SPEC,
    ...(plan === undefined ? {} : { faults: { watchOrderStatus: plan } }),
  });
  servers.push(server);
  return server;
}

/** Reads `url` chunk by chunk: the text, each chunk's arrival time, and how it ended. */
async function read(
  url: string,
  stopAfterMs = 3_000,
  headers: Record<string, string> = {},
): Promise<{ text: string; at: number[]; ended: string }> {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(stopAfterMs) });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const out = { text: "", at: [] as number[], ended: "end" };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      out.text += decoder.decode(value, { stream: true });
      out.at.push(performance.now());
    }
  } catch (error) {
    out.ended = (error as Error).name === "TimeoutError" ? "still open" : "reset";
  }
  return out;
}

describe("a streamed answer", () => {
  it("serves SSE events from the example's elements, one every 100 ms", async () => {
    const server = await feed();
    const started = performance.now();
    const { text, at, ended } = await read(`${server.url}/orders/o1/status`);
    expect(text).toBe(
      'id: 1\ndata: {"status":"placed"}\n\nid: 2\ndata: {"status":"packed"}\n\nid: 3\ndata: {"status":"shipped"}\n\n',
    );
    expect(ended).toBe("end");
    expect(at.length).toBe(3);
    expect((at[2] ?? 0) - started).toBeGreaterThanOrEqual(195);
  });

  it("serves a reconnecting client (Last-Event-ID) from the next event on, repeating none", async () => {
    const server = await feed();
    const { text, ended } = await read(`${server.url}/orders/o1/status`, 3_000, { "last-event-id": "2" });
    expect([text, ended]).toEqual(['id: 3\ndata: {"status":"shipped"}\n\n', "end"]);
    const unknown = await read(`${server.url}/orders/o1/status`, 3_000, { "last-event-id": "abc" });
    expect(unknown.text.match(/^id: \d+$/gm)).toEqual(["id: 1", "id: 2", "id: 3"]);
  });

  it("serves NDJSON items derived from the schema", async () => {
    const server = await feed();
    const { text } = await read(`${server.url}/exports`);
    expect(
      text
        .split("\n")
        .filter(Boolean)
        .map((line) => Object.keys(JSON.parse(line))),
    ).toEqual([["id"], ["id"], ["id"]]);
  });
});

describe("stream faults", () => {
  it("stalls after N events with the connection open", async () => {
    const server = await feed({
      mode: "script",
      steps: [{ kind: "stream", events: 5, stallAfter: 2, intervalMs: 10 }],
    });
    const { text, ended } = await read(`${server.url}/orders/o1/status`, 500);
    expect(text.match(/^id: /gm)?.length).toBe(2);
    expect(ended).toBe("still open");
  });

  it("resets mid-stream", async () => {
    const server = await feed({ mode: "script", steps: [{ kind: "stream", events: 5, resetAfter: 1 }] });
    const { text, ended } = await read(`${server.url}/orders/o1/status`);
    expect(text.match(/^id: /gm)?.length).toBe(1);
    expect(ended).toBe("reset");
  });

  it("delays the first event, sends heartbeats only, and writes a malformed line", async () => {
    const slow = await feed({ mode: "script", steps: [{ kind: "stream", events: 1, firstEventDelayMs: 300 }] });
    const started = performance.now();
    const first = await read(`${slow.url}/orders/o1/status`);
    expect((first.at[0] ?? 0) - started).toBeGreaterThanOrEqual(295);
    const beating = await feed({ mode: "script", steps: [{ kind: "stream", heartbeatOnly: true, heartbeatMs: 50 }] });
    const beats = await read(`${beating.url}/orders/o1/status`, 400);
    expect(beats.text).toMatch(/^(?:: heartbeat\n\n){4,}$/);
    expect(beats.ended).toBe("still open");
    const broken = await feed({ mode: "script", steps: [{ kind: "stream", events: 3, malformedAfter: 1 }] });
    const bad = await read(`${broken.url}/orders/o1/status`);
    expect(bad.text).toBe('id: 1\ndata: {"status":"placed"}\n\nid: malformed\ndata: {not json\n\n');
  });
});
