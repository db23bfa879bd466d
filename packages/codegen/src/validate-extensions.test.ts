import { describe, expect, it } from "vitest";
import { isGenerationError } from "./internal/generation-error.js";
import { parseOutboundPolicy } from "./policy-schema.js";
import { resolvePolicy } from "./resolve-policy.js";
import { validateExtensions } from "./validate-extensions.js";
import { walkPaths } from "./walk-paths.js";

const locate = (pointer: string) => ({ file: "spec.yaml", pointer });
const validateAll = (document: Record<string, unknown>) =>
  validateExtensions(document, walkPaths(document, locate), locate);

function problem(value: unknown): string {
  try {
    parseOutboundPolicy(value, "/paths/~1a/post/x-outbound", locate);
    return "no error";
  } catch (error) {
    if (!isGenerationError(error)) throw error;
    return `${error.code} ${error.location?.pointer}`;
  }
}

describe("parseOutboundPolicy", () => {
  it("accepts every key with its type", () => {
    const policy = {
      idempotent: false,
      idempotencyKey: "Idempotency-Key",
      retry: { maxAttempts: 3, initialDelayMs: 100, maxDelayMs: 2000, on: [429, 503] },
      timeout: { attemptMs: 1000, totalMs: 5000 },
    };
    expect(parseOutboundPolicy(policy, "", locate)).toEqual(policy);
  });

  const bad: [string, unknown, string][] = [
    ["not an object", "yes", "EXTENSION_INVALID /paths/~1a/post/x-outbound"],
    ["unknown key", { idempotant: true }, "EXTENSION_INVALID /paths/~1a/post/x-outbound/idempotant"],
    ["idempotent not boolean", { idempotent: "true" }, "EXTENSION_INVALID /paths/~1a/post/x-outbound/idempotent"],
    [
      "idempotencyKey not a header name",
      { idempotencyKey: "Idempotency Key" },
      "EXTENSION_INVALID /paths/~1a/post/x-outbound/idempotencyKey",
    ],
    ["retry not an object", { retry: 3 }, "EXTENSION_INVALID /paths/~1a/post/x-outbound/retry"],
    ["unknown retry key", { retry: { attempts: 3 } }, "EXTENSION_INVALID /paths/~1a/post/x-outbound/retry/attempts"],
    ["maxAttempts 0", { retry: { maxAttempts: 0 } }, "EXTENSION_INVALID /paths/~1a/post/x-outbound/retry/maxAttempts"],
    [
      "maxAttempts unbounded",
      { retry: { maxAttempts: 1000 } },
      "EXTENSION_INVALID /paths/~1a/post/x-outbound/retry/maxAttempts",
    ],
    [
      "fractional delay",
      { retry: { initialDelayMs: 1.5 } },
      "EXTENSION_INVALID /paths/~1a/post/x-outbound/retry/initialDelayMs",
    ],
    [
      "initial above max delay",
      { retry: { initialDelayMs: 500, maxDelayMs: 100 } },
      "EXTENSION_INVALID /paths/~1a/post/x-outbound/retry/initialDelayMs",
    ],
    ["status out of range", { retry: { on: [503, 99] } }, "EXTENSION_INVALID /paths/~1a/post/x-outbound/retry/on/1"],
    ["on not a list", { retry: { on: 503 } }, "EXTENSION_INVALID /paths/~1a/post/x-outbound/retry/on"],
    [
      "unknown timeout key",
      { timeout: { connectMs: 1 } },
      "EXTENSION_INVALID /paths/~1a/post/x-outbound/timeout/connectMs",
    ],
    [
      "attempt longer than total",
      { timeout: { attemptMs: 5000, totalMs: 1000 } },
      "EXTENSION_INVALID /paths/~1a/post/x-outbound/timeout/attemptMs",
    ],
    ["timeout zero", { timeout: { totalMs: 0 } }, "EXTENSION_INVALID /paths/~1a/post/x-outbound/timeout/totalMs"],
  ];
  it.each(bad)("%s → error at its pointer", (_, value, expected) => {
    expect(problem(value)).toBe(expected);
  });

  it("the message names the file, the pointer and the allowed keys", () => {
    expect(() => parseOutboundPolicy({ retries: 1 }, "/x-outbound", locate)).toThrow(
      "spec.yaml (at #/x-outbound/retries): Unknown `x-outbound` key `retries`. Fix: use only `idempotent`, `idempotencyKey`, `retry`, `timeout`, `pagination` (check the spelling).",
    );
  });
});

describe("validateExtensions and resolvePolicy: the nearest level wins, per key", () => {
  it("indexes root, path item and operation levels and merges them nearest first", () => {
    const index = validateAll({
      "x-outbound": { timeout: { totalMs: 9000 }, retry: { maxAttempts: 2 } },
      paths: {
        "/a": {
          "x-outbound": { retry: { maxAttempts: 4 } },
          post: { "x-outbound": { idempotencyKey: "X-Key" } },
          get: {},
        },
      },
    });
    const layers = (op: string) => [
      ...(index.operations.has(op)
        ? [{ level: "operation" as const, policy: index.operations.get(op) ?? {}, where: () => locate("") }]
        : []),
      { level: "path item" as const, policy: index.pathItems.get("/a") ?? {}, where: () => locate("") },
      { level: "root" as const, policy: index.root ?? {}, where: () => locate("") },
    ];
    const post = resolvePolicy(layers("post /a"));
    expect(post.policy).toEqual({ idempotencyKey: "X-Key", retry: { maxAttempts: 4 }, timeout: { totalMs: 9000 } });
    expect([post.origin.idempotencyKey?.level, post.origin.retry?.level, post.origin.timeout?.level]).toEqual([
      "operation",
      "path item",
      "root",
    ]);
    expect(resolvePolicy(layers("get /a")).policy).toEqual({ retry: { maxAttempts: 4 }, timeout: { totalMs: 9000 } });
  });

  it("reports a bad operation-level value with its pointer", () => {
    expect(() => validateAll({ paths: { "/a/{id}": { patch: { "x-outbound": { idempotent: 1 } } } } })).toThrow(
      "spec.yaml (at #/paths/~1a~1{id}/patch/x-outbound/idempotent): `idempotent` must be a boolean.",
    );
  });

  it("follows a path item $ref (OpenAPI 3.1 components.pathItems)", () => {
    const index = validateAll({
      paths: { "/jobs": { $ref: "#/components/pathItems/Jobs" } },
      components: {
        pathItems: {
          Jobs: { "x-outbound": { timeout: { totalMs: 100 } }, post: { "x-outbound": { idempotent: true } } },
        },
      },
    });
    expect([index.pathItems.get("/jobs"), index.operations.get("post /jobs")]).toEqual([
      { timeout: { totalMs: 100 } },
      { idempotent: true },
    ]);
  });
});
