import { rmSync } from "node:fs";
import { createTransport, isOutboundError, type OperationMeta } from "@outbound/resilience";
import { type FaultPlan, startTestServer, type TestServer } from "@outbound/testkit";
import { afterAll, describe, expect, test } from "vitest";
import { BASE_POLICY } from "./support/fault-cases.js";
import { operationInputs } from "./support/operation-inputs.js";
import { loadSubject, runDirectory, type Subject, workspaceSources } from "./support/subjects.js";

/**
 * Stream rows: every operation of a workspace client whose success answer streams (`OperationMeta.stream`), under
 * the three rules a stream adds to a call: a failure before the first event is retried by the operation's class
 * (idempotent and keyed; unsafe never, the request was sent); silence after events ends the stream with
 * `STREAM_IDLE_TIMEOUT` within its bound and closes the socket; a failure after the first event is not retried
 * (`STREAM_INTERRUPTED`, one request). Discovered from the generated tables, like the main matrix.
 */
const runDir = runDirectory();
const subjects: Subject[] = [];
for (const source of workspaceSources()) subjects.push(await loadSubject(source, runDir));
const rows = subjects.flatMap((subject) =>
  Object.entries(subject.operations)
    .filter(([, meta]) => meta.stream !== undefined)
    .map(([methodName, meta]) => [`${subject.label} · ${methodName}`, { subject, methodName, meta }] as const),
);
const servers: TestServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(runDir, { recursive: true, force: true });
});

/** Idle timeout of the stall row, in ms: short, yet far above a loaded machine's scheduling stalls. */
const IDLE_TIMEOUT_MS = 300;

interface Row {
  readonly subject: Subject;
  readonly methodName: string;
  readonly meta: OperationMeta;
}

/** Opens the stream under `plan` with the short policy, reads every event, and reports how it went. */
async function runStream(row: Row, server: TestServer, plan: FaultPlan) {
  server.reset();
  server.setFaultPlan(row.meta.operationId, plan);
  const transport = createTransport();
  const client = row.subject.createClient({
    baseUrl: server.url,
    transport,
    ...BASE_POLICY,
    stream: { idleTimeoutMs: IDLE_TIMEOUT_MS },
  });
  const method = client[row.methodName] as (init: unknown, options: unknown) => Promise<{ data?: unknown }>;
  const init = operationInputs(row.subject.document, row.meta)?.init;
  const ids: (string | undefined)[] = [];
  const timesMs: number[] = [];
  let thrown: unknown;
  try {
    const { data } = await method(init, { retry: { ...BASE_POLICY.retry } });
    for await (const event of data as AsyncIterable<{ id?: string }>) {
      ids.push(event.id);
      timesMs.push(performance.now());
    }
  } catch (error) {
    thrown = error;
  }
  const failedAt = performance.now();
  await transport.close();
  server.clearFaultPlan(row.meta.operationId);
  return { ids, timesMs, failedAt, thrown, requests: server.requestsFor(row.meta.operationId) };
}

describe.concurrent.each(rows)("%s", (_name, row) => {
  const serverOf = async () => {
    const server = await startTestServer({ spec: row.subject.document });
    servers.push(server);
    return server;
  };
  const retried = row.meta.class !== "unsafe";

  test(`a reset before the first event is ${retried ? "retried" : "not retried (unsafe)"}`, async ({ expect }) => {
    const server = await serverOf();
    // The stream fault serves events whatever state the server holds (a plain pass could answer 404 for lack of it).
    const plan: FaultPlan = {
      mode: "script",
      steps: [{ kind: "reset" }, { kind: "stream", events: 3, intervalMs: 10 }],
    };
    const run = await runStream(row, server, plan);
    if (retried) {
      expect([run.ids, run.thrown]).toEqual([["1", "2", "3"], undefined]);
      expect(run.requests.map((r) => r.outcome)).toEqual(["reset", "finished"]);
    } else {
      expect(isOutboundError(run.thrown) && run.thrown.code).toBe("NETWORK");
      expect(run.requests.length).toBe(1);
    }
  });

  test("a stall after 2 events ends with STREAM_IDLE_TIMEOUT within its bound and closes the socket", async ({
    expect,
  }) => {
    const server = await serverOf();
    const plan: FaultPlan = { mode: "script", steps: [{ kind: "stream", events: 3, stallAfter: 2, intervalMs: 10 }] };
    const run = await runStream(row, server, plan);
    expect(run.ids).toEqual(["1", "2"]);
    expect(isOutboundError(run.thrown) && [run.thrown.code, run.thrown.attempts]).toEqual(["STREAM_IDLE_TIMEOUT", 1]);
    expect(run.thrown).toMatchObject({ eventsReceived: 2, lastEventId: "2", idleTimeoutMs: IDLE_TIMEOUT_MS });
    const silenceMs = run.failedAt - (run.timesMs[1] ?? 0);
    expect(silenceMs).toBeGreaterThanOrEqual(IDLE_TIMEOUT_MS - 5);
    expect(silenceMs).toBeLessThan(IDLE_TIMEOUT_MS + 1_000);
    expect(run.requests.map((r) => r.outcome)).toEqual(["closed-by-client"]);
    await expect.poll(() => server.openSockets(), { timeout: 2_000, interval: 20 }).toBe(0);
  });

  test("a reset after the first event is not retried: STREAM_INTERRUPTED after 1 event, one request", async ({
    expect,
  }) => {
    const server = await serverOf();
    const plan: FaultPlan = { mode: "script", steps: [{ kind: "stream", events: 3, resetAfter: 1 }] };
    const run = await runStream(row, server, plan);
    expect(run.ids).toEqual(["1"]);
    expect(isOutboundError(run.thrown) && run.thrown.code).toBe("STREAM_INTERRUPTED");
    expect(run.thrown).toMatchObject({ eventsReceived: 1, lastEventId: "1" });
    expect(run.requests.map((r) => r.outcome)).toEqual(["reset"]);
  });
});

test("the workspace clients have stream operations to test (payments · streamChargeEvents)", () => {
  expect(rows.map(([name]) => name)).toContain("payments · streamChargeEvents");
});
