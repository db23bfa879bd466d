import { describe, expectTypeOf, it } from "vitest";
import {
  type Fault,
  type FaultKind,
  type FaultPlan,
  type LedgerEntry,
  type OAuthTokenEndpoint,
  type RecordedRequest,
  type SeedCollection,
  type StartTestServerOptions,
  startTestServer,
  type TestServer,
  type TokenVerifier,
} from "./index.js";

describe("@outbound/testkit types", () => {
  it("startTestServer resolves to a TestServer", () => {
    expectTypeOf(startTestServer).returns.resolves.toEqualTypeOf<TestServer>();
    expectTypeOf<TestServer["requests"]>().toEqualTypeOf<readonly RecordedRequest[]>();
    expectTypeOf<TestServer["ledger"]["entries"]>().toEqualTypeOf<readonly LedgerEntry[]>();
    expectTypeOf<TestServer["openSockets"]>().returns.toEqualTypeOf<number>();
  });

  it("takes seeded collections and a token endpoint as the token verifier", () => {
    expectTypeOf<OAuthTokenEndpoint>().toExtend<TokenVerifier>();
    expectTypeOf<StartTestServerOptions["seed"]>().toEqualTypeOf<
      Readonly<Record<string, SeedCollection>> | undefined
    >();
    const seed: SeedCollection = { count: 3, fields: (i) => ({ amount: 100 + i }) };
    // @ts-expect-error count is required
    const noCount: SeedCollection = { fields: () => ({}) };
    void [seed, noCount];
  });

  it("names every fault kind", () => {
    expectTypeOf<FaultKind>().toEqualTypeOf<
      | "pass"
      | "respond"
      | "reset"
      | "reset-after-headers"
      | "hang"
      | "truncated-body"
      | "malformed-json"
      | "empty-body"
      | "stream"
    >();
  });

  it("accepts well-formed plans", () => {
    const plan: FaultPlan = {
      mode: "script",
      steps: [
        { kind: "reset", commit: true },
        { times: 2, fault: { kind: "respond", status: 429, retryAfter: { seconds: 1 } } },
      ],
      after: { kind: "pass", trickle: { chunkBytes: 10, intervalMs: 5 } },
      countBy: "idempotency-key",
    };
    expectTypeOf(plan).toMatchTypeOf<FaultPlan>();
  });

  it("refuses malformed faults and plans", () => {
    // @ts-expect-error a respond fault needs its status
    const noStatus: Fault = { kind: "respond" };
    // @ts-expect-error an empty body needs its framing
    const noFraming: Fault = { kind: "empty-body" };
    // @ts-expect-error a reset has no body to frame
    const framedReset: Fault = { kind: "reset", framing: "chunked" };
    // @ts-expect-error random plans need a seed
    const unseeded: FaultPlan = { mode: "random", mix: [{ weight: 1, fault: { kind: "pass" } }] };
    // @ts-expect-error unknown script fields are refused
    const unknownField: FaultPlan = { mode: "script", steps: [], otherwise: { kind: "pass" } };
    expectTypeOf([noStatus, noFraming, framedReset, unseeded, unknownField]).not.toBeNever();
  });

  it("keeps records read-only", () => {
    const record = {} as RecordedRequest;
    // @ts-expect-error records are written by the server only
    record.status = 200;
    expectTypeOf(record.body).toEqualTypeOf<Buffer>();
  });
});
