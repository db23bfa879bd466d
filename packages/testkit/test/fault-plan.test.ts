import { afterEach, describe, expect, it } from "vitest";
import {
  type Fault,
  type FaultPlan,
  isTestkitError,
  parseFaultPlanFile,
  startTestServer,
  type TestServer,
  validateFaultPlan,
} from "../src/index.js";
import { keyed, rawRequest, specOf } from "./helpers.js";

let servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function inventory(plan?: FaultPlan): Promise<TestServer> {
  const server = await startTestServer({
    spec: specOf("inventory"),
    ...(plan === undefined ? {} : { faults: { getStock: plan } }),
  });
  servers.push(server);
  return server;
}

const status = (code: number): Fault => ({ kind: "respond", status: code, body: { code } });
const getStock = async (server: TestServer, headers: Record<string, string> = {}) =>
  (await rawRequest(`${server.url}/stock/SKU-1001`, { headers })).status;

async function statuses(server: TestServer, n: number): Promise<number[]> {
  const result: number[] = [];
  for (let i = 0; i < n; i++) result.push((await getStock(server)) ?? 0);
  return result;
}

describe("script plans", () => {
  it("gives request n the n-th step, expands `times`, then passes", async () => {
    const server = await inventory({ mode: "script", steps: [{ times: 3, fault: status(503) }, status(429)] });
    expect(await statuses(server, 6)).toEqual([503, 503, 503, 429, 200, 200]);
    expect(server.requestsFor("getStock").map((r) => [r.routeSeq, r.fault])).toEqual([
      [1, "respond"],
      [2, "respond"],
      [3, "respond"],
      [4, "respond"],
      [5, "pass"],
      [6, "pass"],
    ]);
  });

  it("uses `after` once the steps are used up, or loops the script", async () => {
    const then = await inventory({ mode: "script", steps: [status(500)], after: status(502) });
    expect(await statuses(then, 3)).toEqual([500, 502, 502]);
    const loop = await inventory({ mode: "script", steps: [status(503), status(503), { kind: "pass" }], loop: true });
    expect(await statuses(loop, 7)).toEqual([503, 503, 200, 503, 503, 200, 503]);
  });

  it("counts per Idempotency-Key when asked (a script per logical call, retries of a call share its key)", async () => {
    const server = await startTestServer({
      spec: specOf("payments"),
      faults: {
        createCharge: {
          mode: "script",
          steps: [{ kind: "respond", status: 503, retryAfter: { seconds: 0 } }],
          countBy: "idempotency-key",
        },
      },
    });
    servers.push(server);
    const body = JSON.stringify({ amount: 1, currency: "eur", customerId: "c", paymentMethod: "p" });
    const call = async (key: string) =>
      (await rawRequest(`${server.url}/charges`, { method: "POST", headers: keyed(key), body })).status;
    expect([await call("a"), await call("a"), await call("b"), await call("b"), await call("a")]).toEqual([
      503, 201, 503, 201, 201,
    ]);
    expect(server.ledger.count()).toBe(2);
  });

  it("restarts counters when the plan is set again, and stops faulting when cleared", async () => {
    const server = await inventory({ mode: "script", steps: [status(503)] });
    expect(await statuses(server, 2)).toEqual([503, 200]);
    server.setFaultPlan("GET /stock/{sku}", { mode: "script", steps: [status(504)] });
    expect(await statuses(server, 2)).toEqual([504, 200]);
    server.setFaultPlan("getStock", { mode: "script", steps: [], after: status(500) });
    server.clearFaultPlan("getStock");
    expect(await statuses(server, 1)).toEqual([200]);
  });
});

describe("random plans", () => {
  const plan: FaultPlan = {
    mode: "random",
    seed: 42,
    mix: [
      { weight: 3, fault: { kind: "pass" } },
      { weight: 1, fault: status(503) },
      { weight: 1, fault: status(429) },
    ],
  };

  it("is reproducible: the same seed gives the same sequence on two servers", async () => {
    const [a, b] = [await inventory(plan), await inventory(plan)];
    const [first, second] = [await statuses(a, 40), await statuses(b, 40)];
    expect(first).toEqual(second);
    const counts = { 200: 0, 429: 0, 503: 0 } as Record<number, number>;
    for (const code of first) counts[code] = (counts[code] ?? 0) + 1;
    expect(Object.keys(counts).sort()).toEqual(["200", "429", "503"]);
    expect(first.length).toBe(40);
    const other = await inventory({ ...plan, seed: 7 });
    expect(await statuses(other, 40)).not.toEqual(first);
  });
});

describe("timeline plans", () => {
  it("switches faults by time since the plan was set (a downstream down, then back for a breaker's probe)", async () => {
    const server = await inventory({
      mode: "timeline",
      phases: [{ untilMs: 300, fault: status(503) }, { fault: { kind: "pass" } }],
    });
    expect(await statuses(server, 2)).toEqual([503, 503]);
    await new Promise((r) => setTimeout(r, 320));
    expect(await statuses(server, 2)).toEqual([200, 200]);
  });
});

describe("plan validation", () => {
  it("rejects a malformed plan with the JSON pointer and what is allowed", () => {
    const attempt = () =>
      validateFaultPlan({ mode: "script", steps: [{ kind: "reset" }, { kind: "respond" }] }, "plan");
    expect(attempt).toThrow(/^plan at \/steps\/1 must have required property 'status'\. A plan is /);
    expect(() => validateFaultPlan({ mode: "script", steps: [{ kind: "explode" }] })).toThrow(
      /^fault plan at \/steps\/0\/kind must be one of "pass", "respond", "reset", "reset-after-headers", "hang", "truncated-body", "malformed-json", "empty-body", "stream"\./,
    );
    expect(() => validateFaultPlan({ mode: "random", seed: 1, mix: [] })).toThrow(
      /at \/mix must NOT have fewer than 1 items/,
    );
    try {
      validateFaultPlan({ mode: "sometimes" });
    } catch (error) {
      expect(isTestkitError(error) && error.code).toBe("PLAN_INVALID");
    }
  });

  it("rejects a plan for a route the spec does not have, naming the routes there are", async () => {
    const server = await inventory();
    expect(() => server.setFaultPlan("GET /stocks/{sku}", { mode: "script", steps: [] })).toThrow(
      'No route "GET /stocks/{sku}" in the spec. Use "METHOD /path/{template}" as written in the spec, or an operationId: PUT /reservations/{reservationId} (reserveStock), DELETE /reservations/{reservationId} (releaseReservation), GET /stock/{sku} (getStock).',
    );
    await expect(
      startTestServer({ spec: specOf("inventory"), faults: { nope: { mode: "script", steps: [] } } }),
    ).rejects.toMatchObject({ code: "ROUTE_UNKNOWN" });
  });

  it("parses a YAML plan file, and names the file and pointer of a mistake", () => {
    const file = parseFaultPlanFile(
      'faults:\n  "POST /charges":\n    mode: script\n    steps:\n      - { kind: reset, commit: true }\n      - { times: 2, fault: { kind: respond, status: 503, retryAfter: { seconds: 1 } } }\n',
      "plan.yaml",
    );
    expect(file).toEqual({
      faults: {
        "POST /charges": {
          mode: "script",
          steps: [
            { kind: "reset", commit: true },
            { times: 2, fault: { kind: "respond", status: 503, retryAfter: { seconds: 1 } } },
          ],
        },
      },
    });
    expect(() =>
      parseFaultPlanFile(
        '{"faults": {"POST /charges": {"mode": "script", "steps": [{"kind": "hang", "commit": "yes"}]}}}',
        "plan.json",
      ),
    ).toThrow(/^plan\.json#\/faults\/POST ~1charges at \/steps\/0\/commit must be boolean\./);
    expect(() => parseFaultPlanFile("faults: [", "bad.yaml")).toThrow(/^bad\.yaml: not valid YAML or JSON: .*line 1/s);
    expect(() => parseFaultPlanFile("plans: {}", "p.yaml")).toThrow('p.yaml: expected a top-level "faults" map');
  });
});
