import { describe, expect, it } from "vitest";
import { checkAgainstSchema, OUTBOUND_CONFIG_SCHEMA, parseOutboundPolicy } from "./policy-schema.js";

const locate = (pointer: string) => ({ file: "spec.yaml", pointer });

function message(run: () => unknown): string {
  try {
    run();
    return "no error";
  } catch (error) {
    return (error as Error).message;
  }
}

describe("x-outbound against its JSON Schema: file, pointer, the problem and the fix", () => {
  it.each([
    [
      { idempotent: "x", retires: 1 },
      "spec.yaml (at #/x-outbound/retires): Unknown `x-outbound` key `retires`. Fix: use only `idempotent`, `idempotencyKey`, `retry`, `timeout`, `pagination` (check the spelling).",
    ],
    [
      { retry: { attempts: 3, maxAttempts: 0 } },
      "spec.yaml (at #/x-outbound/retry/attempts): Unknown `retry` key `attempts`. Fix: use only `maxAttempts`, `initialDelayMs`, `maxDelayMs`, `on` (check the spelling).",
    ],
    [
      { timeout: { "a/b": 1 } },
      "spec.yaml (at #/x-outbound/timeout/a~1b): Unknown `timeout` key `a/b`. Fix: use only `attemptMs`, `totalMs` (check the spelling).",
    ],
    [
      { idempotent: "true" },
      "spec.yaml (at #/x-outbound/idempotent): `idempotent` must be a boolean. Fix: write `idempotent: true` or `idempotent: false`.",
    ],
    [
      { idempotencyKey: 5 },
      "spec.yaml (at #/x-outbound/idempotencyKey): `idempotencyKey` must be an HTTP header name. Fix: write the header the downstream reads the key from, e.g. `idempotencyKey: Idempotency-Key`.",
    ],
    [
      { retry: [] },
      "spec.yaml (at #/x-outbound/retry): `retry` must be an object. Fix: write e.g. `retry: { maxAttempts: 3 }`.",
    ],
    [
      { retry: { on: 503 } },
      "spec.yaml (at #/x-outbound/retry/on): `retry.on` must be a list of HTTP statuses. Fix: write e.g. `on: [429, 503]`.",
    ],
    [
      { retry: { maxAttempts: 2.5 } },
      "spec.yaml (at #/x-outbound/retry/maxAttempts): Expected an integer from 1 to 10, got 2.5. Fix: write an integer in that range.",
    ],
    [
      { timeout: { attemptMs: "1s" } },
      'spec.yaml (at #/x-outbound/timeout/attemptMs): Expected an integer from 1 to 600000, got "1s". Fix: write an integer in that range.',
    ],
    [
      null,
      "spec.yaml (at #/x-outbound): `x-outbound` must be an object. Fix: write it as a map, e.g. `x-outbound: { idempotent: true }`.",
    ],
    [
      { timeout: { attemptMs: 5000, totalMs: 1000 } },
      "spec.yaml (at #/x-outbound/timeout/attemptMs): `timeout.attemptMs` is longer than `timeout.totalMs`. Fix: make `attemptMs` ≤ `totalMs` (the deadline covers every attempt).",
    ],
  ])("%j", (value, expected) => {
    expect(message(() => parseOutboundPolicy(value, "/x-outbound", locate))).toBe(expected);
  });
});

describe("outbound.config.yaml against its JSON Schema", () => {
  const check = (value: unknown) =>
    message(() => checkAgainstSchema(OUTBOUND_CONFIG_SCHEMA, value, { pointer: "", locate, code: "CONFIG_INVALID" }));

  it.each([
    [
      { default: {} },
      "spec.yaml (at #/default): Unknown `config` key `default`. Fix: use only `defaults`, `operations` (check the spelling).",
    ],
    [
      "x",
      "spec.yaml (at #): The config is not a YAML map. Fix: write `defaults:` and/or `operations:` at the top level.",
    ],
    [
      { operations: ["a"] },
      "spec.yaml (at #/operations): `operations` must be a map from operationId to policy. Fix: write `operations: { createCharge: { retry: { maxAttempts: 3 } } }`.",
    ],
    [
      { operations: { "POST /a": { retry: { on: [99] } } } },
      "spec.yaml (at #/operations/POST ~1a/retry/on/0): Expected an integer from 100 to 599, got 99. Fix: write an integer in that range.",
    ],
    [{ defaults: { timeout: { totalMs: 1 } }, operations: { a: {} } }, "no error"],
  ])("%j", (value, expected) => {
    expect(check(value)).toBe(expected);
  });
});
