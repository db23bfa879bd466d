import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import { GenerationError, type SourceLocation } from "./internal/generation-error.js";
import { toPointer } from "./internal/json-pointer.js";
import type { OutboundPolicy } from "./outbound-policy.js";
import { PAGINATION_SCHEMA } from "./pagination-schema.js";

/**
 * A JSON Schema (2020-12) node with the two annotations the messages are built from: `problem` replaces the
 * derived one-line problem, `fix` says what to write instead. `title` is the name a message shows.
 */
export interface SchemaNode {
  readonly title?: string;
  readonly description?: string;
  readonly problem?: string;
  readonly fix?: string;
  readonly type?: "object" | "array" | "string" | "boolean" | "integer";
  readonly minimum?: number;
  readonly maximum?: number;
  readonly pattern?: string;
  readonly enum?: readonly string[];
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly additionalProperties?: false | SchemaNode;
  readonly items?: SchemaNode;
}

/** Limits that keep a declared policy bounded (a declared policy is never unbounded). */
const MAX_ATTEMPTS = 10;
const MAX_DELAY_MS = 600_000;

const integer = (title: string, minimum: number, maximum: number, description: string): SchemaNode => ({
  title,
  description,
  type: "integer",
  minimum,
  maximum,
});

/** `x-outbound` (root, path item or operation) and one policy of `outbound.config.yaml`: see {@link OutboundPolicy}. */
export const OUTBOUND_POLICY_SCHEMA: SchemaNode = {
  title: "x-outbound",
  description: "Outbound policy of an operation; per key, the nearest level wins.",
  fix: "write it as a map, e.g. `x-outbound: { idempotent: true }`.",
  type: "object",
  additionalProperties: false,
  properties: {
    idempotent: {
      title: "idempotent",
      description:
        "`true` marks a POST/PATCH that is idempotent; `false` a GET/PUT/DELETE that is not (RFC 9110 §9.2.2).",
      fix: "write `idempotent: true` or `idempotent: false`.",
      type: "boolean",
    },
    idempotencyKey: {
      title: "idempotencyKey",
      description: "The header that carries the idempotency key; a header name is an RFC 9110 §5.6.2 token.",
      problem: "`idempotencyKey` must be an HTTP header name.",
      fix: "write the header the downstream reads the key from, e.g. `idempotencyKey: Idempotency-Key`.",
      type: "string",
      pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$",
    },
    retry: {
      title: "retry",
      fix: "write e.g. `retry: { maxAttempts: 3 }`.",
      type: "object",
      additionalProperties: false,
      properties: {
        maxAttempts: integer("maxAttempts", 1, MAX_ATTEMPTS, "Attempts in all, the first included."),
        initialDelayMs: integer("initialDelayMs", 0, MAX_DELAY_MS, "Backoff before the second attempt (ms)."),
        maxDelayMs: integer("maxDelayMs", 0, MAX_DELAY_MS, "Cap of one backoff wait (ms)."),
        on: {
          title: "retry.on",
          problem: "`retry.on` must be a list of HTTP statuses.",
          fix: "write e.g. `on: [429, 503]`.",
          type: "array",
          items: integer("status", 100, 599, "An HTTP status to retry (RFC 9110 §15)."),
        },
      },
    },
    timeout: {
      title: "timeout",
      fix: "write e.g. `timeout: { attemptMs: 2000, totalMs: 8000 }`.",
      type: "object",
      additionalProperties: false,
      properties: {
        attemptMs: integer("attemptMs", 1, MAX_DELAY_MS, "Limit of one attempt (ms)."),
        totalMs: integer(
          "totalMs",
          1,
          MAX_DELAY_MS,
          "Deadline of the whole call, every attempt and wait included (ms).",
        ),
      },
    },
    pagination: PAGINATION_SCHEMA,
  },
};

/** `outbound.config.yaml` (see load-config.ts). */
export const OUTBOUND_CONFIG_SCHEMA: SchemaNode = {
  title: "config",
  problem: "The config is not a YAML map.",
  fix: "write `defaults:` and/or `operations:` at the top level.",
  type: "object",
  additionalProperties: false,
  properties: {
    defaults: OUTBOUND_POLICY_SCHEMA,
    operations: {
      title: "operations",
      problem: "`operations` must be a map from operationId to policy.",
      fix: "write `operations: { createCharge: { retry: { maxAttempts: 3 } } }`.",
      type: "object",
      additionalProperties: OUTBOUND_POLICY_SCHEMA,
    },
  },
};

/** Where a value is checked: its pointer, how to locate a pointer, and the error code. */
export interface SchemaCheck {
  /** JSON pointer of the value in its file. */
  readonly pointer: string;
  readonly locate: (pointer: string) => SourceLocation;
  readonly code: "EXTENSION_INVALID" | "CONFIG_INVALID";
}

const validators = new Map<SchemaNode, ValidateFunction>();

function validatorOf(schema: SchemaNode): ValidateFunction {
  let validate = validators.get(schema);
  if (validate === undefined) {
    const ajv = new Ajv2020({ allErrors: false, verbose: true, strict: true });
    ajv.addVocabulary(["problem", "fix"]);
    validate = ajv.compile(schema);
    validators.set(schema, validate);
  }
  return validate;
}

/**
 * Checks `value` against `schema`.
 * @throws GenerationError with `check.code` at the first problem: its JSON pointer (and line when the locator knows
 *   it), the problem (an unknown key is named; a wrong type says the expected one; an integer its range) and the fix
 *   (the allowed keys, or what to write).
 */
export function checkAgainstSchema(schema: SchemaNode, value: unknown, check: SchemaCheck): void {
  const validate = validatorOf(schema);
  if (validate(value)) return;
  const error = validate.errors?.[0] as ErrorObject;
  const node = (error.parentSchema ?? {}) as SchemaNode;
  const at = `${check.pointer}${error.instancePath}`;
  const fail = (pointer: string, problem: string, fix: string): never => {
    throw new GenerationError(check.code, problem, fix, check.locate(pointer));
  };
  if (error.keyword === "additionalProperties" && node.additionalProperties === false) {
    const key = String((error.params as { additionalProperty: string }).additionalProperty);
    const allowed = Object.keys(node.properties ?? {});
    fail(
      `${at}${toPointer([key])}`,
      `Unknown \`${node.title}\` key \`${key}\`.`,
      `use only ${allowed.map((k) => `\`${k}\``).join(", ")} (check the spelling).`,
    );
  }
  if (node.problem !== undefined) fail(at, node.problem, node.fix ?? "correct it there.");
  if (node.type === "integer") {
    fail(
      at,
      `Expected an integer from ${node.minimum} to ${node.maximum}, got ${JSON.stringify(error.data) ?? String(error.data)}.`,
      "write an integer in that range.",
    );
  }
  const expected = node.type === "object" ? "an object" : node.type === "array" ? "a list" : `a ${node.type}`;
  fail(at, `\`${node.title}\` must be ${expected}.`, node.fix ?? "correct it there.");
}

/**
 * Checks one `x-outbound` value (or one `outbound.config.yaml` policy) against {@link OUTBOUND_POLICY_SCHEMA}, then
 * the relations a JSON Schema cannot state (`initialDelayMs` ≤ `maxDelayMs`, `attemptMs` ≤ `totalMs`), and returns
 * it typed.
 * @throws GenerationError `EXTENSION_INVALID` (or `CONFIG_INVALID` when `code` says so) naming the pointer.
 */
export function parseOutboundPolicy(
  value: unknown,
  pointer: string,
  locate: (pointer: string) => SourceLocation,
  code: SchemaCheck["code"] = "EXTENSION_INVALID",
): OutboundPolicy {
  checkAgainstSchema(OUTBOUND_POLICY_SCHEMA, value, { pointer, locate, code });
  const policy = value as OutboundPolicy;
  const { retry, timeout } = policy;
  if (
    retry?.initialDelayMs !== undefined &&
    retry.maxDelayMs !== undefined &&
    retry.initialDelayMs > retry.maxDelayMs
  ) {
    throw new GenerationError(
      code,
      "`retry.initialDelayMs` is larger than `retry.maxDelayMs`.",
      "make `initialDelayMs` ≤ `maxDelayMs`.",
      locate(`${pointer}/retry/initialDelayMs`),
    );
  }
  if (timeout?.attemptMs !== undefined && timeout.totalMs !== undefined && timeout.attemptMs > timeout.totalMs) {
    throw new GenerationError(
      code,
      "`timeout.attemptMs` is longer than `timeout.totalMs`.",
      "make `attemptMs` ≤ `totalMs` (the deadline covers every attempt).",
      locate(`${pointer}/timeout/attemptMs`),
    );
  }
  return policy;
}
