import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeTempDir, removeTempDir } from "../test/helpers/temp-output.js";
import { enforceRetryRules } from "./enforce-retry-rules.js";
import { renderClient } from "./generate.js";
import { isGenerationError } from "./internal/generation-error.js";
import type { PolicyLayer } from "./resolve-policy.js";

const dir = makeTempDir("enforce");
afterAll(() => removeTempDir(dir));

const layer = (level: PolicyLayer["level"], maxAttempts?: number): PolicyLayer => ({
  level,
  policy: { retry: maxAttempts === undefined ? { initialDelayMs: 10 } : { maxAttempts } },
  where: () => ({ file: "spec.yaml", pointer: "/x" }),
});

describe("enforceRetryRules", () => {
  const cases: [string, "idempotent" | "keyed" | "unsafe", PolicyLayer, string][] = [
    ["idempotent keeps its retry", "idempotent", layer("operation", 3), "retry 3"],
    ["keyed keeps its retry", "keyed", layer("config operation", 5), "retry 5"],
    ["unsafe does not inherit a root retry", "unsafe", layer("root", 3), "none"],
    ["unsafe does not inherit a path-item retry", "unsafe", layer("path item", 3), "none"],
    ["unsafe does not inherit config defaults", "unsafe", layer("config defaults", 3), "none"],
    ["unsafe may say maxAttempts: 1", "unsafe", layer("operation", 1), "retry 1"],
    ["unsafe asking for retries fails", "unsafe", layer("operation", 3), "RETRY_ON_UNSAFE"],
    ["unsafe asking for default retries fails", "unsafe", layer("operation"), "RETRY_ON_UNSAFE"],
    ["unsafe asking in config fails", "unsafe", layer("config operation", 2), "RETRY_ON_UNSAFE"],
  ];
  it.each(cases)("%s", (_, cls, retryLayer, expected) => {
    let outcome: string;
    try {
      const retry = enforceRetryRules({
        label: "`op` (POST /x)",
        class: cls,
        resolved: { policy: retryLayer.policy, origin: { retry: retryLayer } },
      });
      outcome = retry === undefined ? "none" : `retry ${retry.maxAttempts}`;
    } catch (error) {
      outcome = isGenerationError(error) ? error.code : "other";
    }
    expect(outcome).toBe(expected);
  });

  it("fails generation naming the operation, where retry is written, and both fixes", async () => {
    const spec = join(dir, "openapi.yaml");
    writeFileSync(
      spec,
      `openapi: 3.0.3
info: { title: Messages, version: "1" }
paths:
  /messages:
    post:
      operationId: sendMessage
      x-outbound:
        retry: { maxAttempts: 3 }
      responses: { "202": { description: Accepted } }
`,
    );
    const error: unknown = await renderClient({ spec, out: join(dir, "out") }).catch((e: unknown) => e);
    expect(isGenerationError(error) && error.code).toBe("RETRY_ON_UNSAFE");
    expect((error as Error).message).toMatch(
      /openapi\.yaml:8:9 \(at #\/paths\/~1messages\/post\/x-outbound\): Operation `sendMessage` \(POST \/messages\) is unsafe .* asks to retry it; .* Fix: if the downstream honours an idempotency key for it, declare it \(a header parameter named `Idempotency-Key`, or `x-outbound: \{ idempotencyKey: <header> \}`\); if the operation truly is idempotent, mark it `x-outbound: \{ idempotent: true \}`/,
    );
  });
});
