import { displayPath } from "./internal/display-path.js";
import { toPointer } from "./internal/json-pointer.js";
import { readYamlFile } from "./internal/read-yaml-file.js";
import type { OutboundPolicy } from "./outbound-policy.js";
import { checkAgainstSchema, OUTBOUND_CONFIG_SCHEMA, parseOutboundPolicy } from "./policy-schema.js";

/**
 * `specs/<name>/outbound.config.yaml`: policy the team that consumes a spec sets without editing the spec.
 *
 * ```yaml
 * defaults:              # x-outbound keys for every operation; the spec's own x-outbound wins over them
 *   timeout: { attemptMs: 2000, totalMs: 8000 }
 * operations:            # by operationId, or "METHOD /path" for an operation without one; wins over the spec
 *   createCharge:
 *     idempotencyKey: Idempotency-Key
 *     retry: { maxAttempts: 3 }
 * ```
 * Precedence per key, highest first: `operations` entry → operation `x-outbound` → path item `x-outbound` →
 * root `x-outbound` → `defaults`.
 */
export interface OutboundConfig {
  /** Absolute path of the file, for messages. */
  readonly file: string;
  /** Lowest-precedence policy for every operation. */
  readonly defaults: OutboundPolicy | undefined;
  /** Highest-precedence policy per operation key (operationId or `METHOD /path`). */
  readonly operations: ReadonlyMap<string, OutboundPolicy>;
}

/**
 * Reads and validates an `outbound.config.yaml` against its JSON Schema (policy-schema.ts).
 * @throws GenerationError `CONFIG_INVALID` for syntax errors (with line), unknown keys or wrong types (with the
 *   JSON pointer), naming the allowed keys or the expected type.
 */
export function loadConfig(file: string): OutboundConfig {
  const raw = readYamlFile(file, "CONFIG_INVALID", "config");
  const locate = (pointer: string) => ({ file: displayPath(file), pointer });
  if (raw === null || raw === undefined) return { file, defaults: undefined, operations: new Map() };
  checkAgainstSchema(OUTBOUND_CONFIG_SCHEMA, raw, { pointer: "", locate, code: "CONFIG_INVALID" });
  const config = raw as { defaults?: unknown; operations?: Record<string, unknown> };
  const policy = (value: unknown, pointer: string) => parseOutboundPolicy(value, pointer, locate, "CONFIG_INVALID");
  return {
    file,
    defaults: config.defaults === undefined ? undefined : policy(config.defaults, "/defaults"),
    operations: new Map(
      Object.entries(config.operations ?? {}).map(([key, value]) => [
        key,
        policy(value, toPointer(["operations", key])),
      ]),
    ),
  };
}
