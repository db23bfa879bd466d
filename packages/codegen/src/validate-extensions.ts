import type { RetryPolicy, TimeoutPolicy } from "./internal/contract-types.js";
import { GenerationError, type SourceLocation } from "./internal/generation-error.js";
import { isRecord, toPointer } from "./internal/json-pointer.js";
import { OUTBOUND_POLICY_KEYS, type OutboundPolicy } from "./outbound-policy.js";
import type { WalkedPathItem } from "./walk-operations.js";

/** Validated `x-outbound` values of one document, by level. */
export interface ExtensionIndex {
  /** Root-level `x-outbound`. */
  readonly root: OutboundPolicy | undefined;
  /** Path-item-level `x-outbound`, by path key. */
  readonly pathItems: ReadonlyMap<string, OutboundPolicy>;
  /** Operation-level `x-outbound`, by `${method} ${path}` (method lower-case). */
  readonly operations: ReadonlyMap<string, OutboundPolicy>;
}

/** Limits that keep a declared policy bounded (STYLE.md: never an unbounded value). */
const MAX_ATTEMPTS = 10;
const MAX_DELAY_MS = 600_000;

/**
 * Validates every `x-outbound` of the document: the root's, and those of the path items and operations of the walk.
 * @param locate maps a JSON pointer to a file and line for the error message.
 * @throws GenerationError `EXTENSION_INVALID` for an unknown key or a wrong type, with file and JSON pointer.
 */
export function validateExtensions(
  document: Record<string, unknown>,
  pathItems: readonly WalkedPathItem[],
  locate: (pointer: string) => SourceLocation,
): ExtensionIndex {
  const parse = (value: unknown, segments: (string | number)[]) =>
    parseOutboundPolicy(value, toPointer(segments), locate);
  const root = "x-outbound" in document ? parse(document["x-outbound"], ["x-outbound"]) : undefined;
  const pathItemPolicies = new Map<string, OutboundPolicy>();
  const operations = new Map<string, OutboundPolicy>();
  for (const { path, item, operations: walked } of pathItems) {
    if ("x-outbound" in item) pathItemPolicies.set(path, parse(item["x-outbound"], ["paths", path, "x-outbound"]));
    for (const { method, operation } of walked) {
      if ("x-outbound" in operation) {
        operations.set(`${method} ${path}`, parse(operation["x-outbound"], ["paths", path, method, "x-outbound"]));
      }
    }
  }
  return { root, pathItems: pathItemPolicies, operations };
}

/**
 * Checks one `x-outbound` value (or one `outbound.config.yaml` entry) and returns it typed.
 * @throws GenerationError `EXTENSION_INVALID` (or `CONFIG_INVALID` when `code` says so) naming the pointer.
 */
export function parseOutboundPolicy(
  value: unknown,
  pointer: string,
  locate: (pointer: string) => SourceLocation,
  code: "EXTENSION_INVALID" | "CONFIG_INVALID" = "EXTENSION_INVALID",
): OutboundPolicy {
  const fail = (at: string, problem: string, fix: string): never => {
    throw new GenerationError(code, problem, fix, locate(at));
  };
  if (!isRecord(value))
    fail(pointer, "`x-outbound` must be an object.", "write it as a map, e.g. `x-outbound: { idempotent: true }`.");
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(OUTBOUND_POLICY_KEYS as readonly string[]).includes(key)) {
      fail(
        `${pointer}/${key}`,
        `Unknown \`x-outbound\` key \`${key}\`.`,
        `use only ${OUTBOUND_POLICY_KEYS.map((k) => `\`${k}\``).join(", ")} (check the spelling).`,
      );
    }
  }
  const policy: { -readonly [K in keyof OutboundPolicy]: OutboundPolicy[K] } = {};
  if ("idempotent" in record) {
    if (typeof record.idempotent !== "boolean")
      fail(
        `${pointer}/idempotent`,
        "`idempotent` must be a boolean.",
        "write `idempotent: true` or `idempotent: false`.",
      );
    policy.idempotent = record.idempotent as boolean;
  }
  if ("idempotencyKey" in record) {
    const header = record.idempotencyKey;
    if (typeof header !== "string" || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(header)) {
      fail(
        `${pointer}/idempotencyKey`,
        "`idempotencyKey` must be an HTTP header name.",
        "write the header the downstream reads the key from, e.g. `idempotencyKey: Idempotency-Key`.",
      );
    }
    policy.idempotencyKey = header as string;
  }
  if ("retry" in record) policy.retry = parseRetry(record.retry, `${pointer}/retry`, fail);
  if ("timeout" in record) policy.timeout = parseTimeout(record.timeout, `${pointer}/timeout`, fail);
  return policy;
}

type Fail = (at: string, problem: string, fix: string) => never;

function parseRetry(value: unknown, pointer: string, fail: Fail): RetryPolicy {
  if (!isRecord(value)) return fail(pointer, "`retry` must be an object.", "write e.g. `retry: { maxAttempts: 3 }`.");
  checkKeys(value, ["maxAttempts", "initialDelayMs", "maxDelayMs", "on"], pointer, "retry", fail);
  const retry: { -readonly [K in keyof RetryPolicy]: RetryPolicy[K] } = {};
  if ("maxAttempts" in value)
    retry.maxAttempts = integer(value.maxAttempts, 1, MAX_ATTEMPTS, `${pointer}/maxAttempts`, fail);
  if ("initialDelayMs" in value)
    retry.initialDelayMs = integer(value.initialDelayMs, 0, MAX_DELAY_MS, `${pointer}/initialDelayMs`, fail);
  if ("maxDelayMs" in value)
    retry.maxDelayMs = integer(value.maxDelayMs, 0, MAX_DELAY_MS, `${pointer}/maxDelayMs`, fail);
  if ("on" in value) {
    if (!Array.isArray(value.on))
      fail(`${pointer}/on`, "`retry.on` must be a list of HTTP statuses.", "write e.g. `on: [429, 503]`.");
    retry.on = (value.on as unknown[]).map((s, i) => integer(s, 100, 599, `${pointer}/on/${i}`, fail));
  }
  if (retry.initialDelayMs !== undefined && retry.maxDelayMs !== undefined && retry.initialDelayMs > retry.maxDelayMs) {
    fail(
      `${pointer}/initialDelayMs`,
      "`retry.initialDelayMs` is larger than `retry.maxDelayMs`.",
      "make `initialDelayMs` ≤ `maxDelayMs`.",
    );
  }
  return retry;
}

function parseTimeout(value: unknown, pointer: string, fail: Fail): TimeoutPolicy {
  if (!isRecord(value))
    return fail(pointer, "`timeout` must be an object.", "write e.g. `timeout: { attemptMs: 2000, totalMs: 8000 }`.");
  checkKeys(value, ["attemptMs", "totalMs"], pointer, "timeout", fail);
  const timeout: { -readonly [K in keyof TimeoutPolicy]: TimeoutPolicy[K] } = {};
  if ("attemptMs" in value) timeout.attemptMs = integer(value.attemptMs, 1, MAX_DELAY_MS, `${pointer}/attemptMs`, fail);
  if ("totalMs" in value) timeout.totalMs = integer(value.totalMs, 1, MAX_DELAY_MS, `${pointer}/totalMs`, fail);
  if (timeout.attemptMs !== undefined && timeout.totalMs !== undefined && timeout.attemptMs > timeout.totalMs) {
    fail(
      `${pointer}/attemptMs`,
      "`timeout.attemptMs` is longer than `timeout.totalMs`.",
      "make `attemptMs` ≤ `totalMs` (the deadline covers every attempt).",
    );
  }
  return timeout;
}

function checkKeys(
  value: Record<string, unknown>,
  allowed: readonly string[],
  pointer: string,
  what: string,
  fail: Fail,
): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key))
      fail(
        `${pointer}/${key}`,
        `Unknown \`${what}\` key \`${key}\`.`,
        `use only ${allowed.map((k) => `\`${k}\``).join(", ")}.`,
      );
  }
}

function integer(value: unknown, min: number, max: number, pointer: string, fail: Fail): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    return fail(
      pointer,
      `Expected an integer from ${min} to ${max}, got ${JSON.stringify(value) ?? String(value)}.`,
      `write an integer in that range.`,
    );
  }
  return value;
}
