import { connect, type Socket } from "node:net";
import { afterAll, describe, expect, test } from "vitest";
import { checkObservation } from "./support/check-observation.js";
import { FAULT_CASES, type FaultCase } from "./support/fault-cases.js";
import { type PreparedSubject, prepareSubject } from "./support/prepare-subject.js";
import { expectationContext, runScenario } from "./support/run-scenario.js";
import { type ClientFactory, type ClientMethod, runDirectory, workspaceSources } from "./support/subjects.js";
import { startTracing } from "./support/tracing.js";

/**
 * The conformance checks must be able to fail: each broken client below wraps a real generated client to commit one
 * sin the suite exists to catch, and the check that names it must reject the observation. The unbroken client
 * passes the same scenario (the control).
 */
const tracing = startTracing();
const sources = workspaceSources().filter((s) => s.label === "payments" || s.label === "notifications");
const prepared: PreparedSubject[] = [];
for (const source of sources) prepared.push(await prepareSubject(source, runDirectory()));
afterAll(async () => {
  await Promise.all(prepared.flatMap((p) => p.tracks.map((t) => t.server.close())));
  await tracing.shutdown();
});

function track(label: string, operationClass: string) {
  const found = prepared
    .flatMap((p) => p.tracks)
    .find((t) => t.subject.label === label && t.choice.operationClass === operationClass);
  if (found === undefined) throw new Error(`no ${operationClass} track for ${label}`);
  return found;
}

function fault(name: string): FaultCase {
  const found = FAULT_CASES.find((f) => f.name === name);
  if (found === undefined) throw new Error(`no fault ${name}`);
  return found;
}

type Wrap = (method: ClientMethod, clientOptions: Record<string, unknown>) => ClientMethod;

/** A factory whose client's method `name` is replaced by `wrap(original)` (seed calls use the others untouched). */
function broken(factory: ClientFactory, name: string, wrap: Wrap): ClientFactory {
  return (options) => {
    const client = factory(options);
    return new Proxy(client, {
      get: (target, key) => {
        const value = target[key as string];
        return key === name ? wrap((value as ClientMethod).bind(target), options) : value;
      },
    });
  };
}

/** Sockets the socket-leaking client opened, destroyed once its test is over. */
const leaked: Socket[] = [];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const CASES: readonly {
  readonly sin: string;
  readonly subject: string;
  readonly operationClass: string;
  readonly fault: string;
  readonly wrap: Wrap;
  readonly caught: RegExp;
}[] = [
  {
    sin: "resends an unsafe call after its bytes were sent",
    subject: "notifications",
    operationClass: "unsafe",
    fault: "reset before response",
    wrap: (method) => (init, options) => method(init, options).catch(() => method(init, options)),
    caught: /requests that reached the server: expected 2 to be 1/,
  },
  {
    sin: "retries a keyed call under a new Idempotency-Key (a second charge)",
    subject: "payments",
    operationClass: "keyed",
    fault: "side effect, then reset",
    wrap: (method) => (init, options) =>
      method(init, { ...options, retry: false, idempotencyKey: "first-key" }).catch(() =>
        method(init, { ...options, retry: false, idempotencyKey: "second-key" }),
      ),
    caught: /requests carried out: expected 2 to be 1/,
  },
  {
    sin: "outlives its deadline",
    subject: "payments",
    operationClass: "keyed",
    fault: "503 with Retry-After past the deadline",
    wrap: (method) => (init, options) =>
      method(init, options).finally(() => sleep(Number(options.totalTimeoutMs) + 400)),
    caught: /call duration/,
  },
  {
    sin: "leaves an abort listener on the caller's signal",
    subject: "payments",
    operationClass: "idempotent",
    fault: "reset before response",
    wrap: (method) => (init, options) => {
      (options.signal as AbortSignal).addEventListener("abort", () => undefined);
      return method(init, options);
    },
    caught: /abort listeners left on the caller's signal: expected 1 to be \+0/,
  },
  {
    sin: "leaves a socket open",
    subject: "payments",
    operationClass: "idempotent",
    fault: "5xx (503, then 500, then success)",
    wrap: (method, clientOptions) => (init, options) => {
      const url = new URL(String(clientOptions.baseUrl));
      leaked.push(connect(Number(url.port), url.hostname).on("error", () => undefined));
      return method(init, options);
    },
    caught: /client sockets left open: expected 1 to be \+0/,
  },
];

describe("the checks catch a broken client", () => {
  test.each(CASES.map((c) => [c.sin, c] as const))("a client that %s", async (_sin, c) => {
    const { subject, server, choice } = track(c.subject, c.operationClass);
    const scenario = fault(c.fault);
    const expectation = scenario.expect(choice.operationClass, expectationContext(choice, "method"));
    const control = await runScenario(subject, server, choice, scenario);
    expect(() => checkObservation(choice, expectation, control, tracing)).not.toThrow();
    const mutant = { ...subject, createClient: broken(subject.createClient, choice.methodName, c.wrap) };
    const observation = await runScenario(mutant, server, choice, scenario);
    for (const socket of leaked.splice(0)) socket.destroy();
    expect(() => checkObservation(choice, expectation, observation, tracing)).toThrow(c.caught);
  });
});
