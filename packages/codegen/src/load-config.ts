import { displayPath } from "./internal/display-path.js";
import { GenerationError } from "./internal/generation-error.js";
import { isRecord, toPointer } from "./internal/json-pointer.js";
import { readYamlFile } from "./internal/read-yaml-file.js";
import type { OutboundPolicy } from "./outbound-policy.js";
import { parseOutboundPolicy } from "./validate-extensions.js";

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
 * Reads and validates an `outbound.config.yaml`.
 * @throws GenerationError `CONFIG_INVALID` for syntax errors, unknown keys or wrong types, with the pointer.
 */
export function loadConfig(file: string): OutboundConfig {
  const raw = readYamlFile(file, "CONFIG_INVALID", "config");
  const locate = (pointer: string) => ({ file: displayPath(file), pointer });
  if (raw === null || raw === undefined) return { file, defaults: undefined, operations: new Map() };
  if (!isRecord(raw)) {
    throw new GenerationError(
      "CONFIG_INVALID",
      "The config is not a YAML map.",
      "write `defaults:` and/or `operations:` at the top level.",
      locate(""),
    );
  }
  for (const key of Object.keys(raw)) {
    if (key !== "defaults" && key !== "operations") {
      throw new GenerationError(
        "CONFIG_INVALID",
        `Unknown config key \`${key}\`.`,
        "use only `defaults` and `operations`.",
        locate(toPointer([key])),
      );
    }
  }
  const defaults =
    raw.defaults === undefined ? undefined : parseOutboundPolicy(raw.defaults, "/defaults", locate, "CONFIG_INVALID");
  const operations = new Map<string, OutboundPolicy>();
  if (raw.operations !== undefined) {
    if (!isRecord(raw.operations)) {
      throw new GenerationError(
        "CONFIG_INVALID",
        "`operations` must be a map from operationId to policy.",
        "write `operations: { createCharge: { retry: { maxAttempts: 3 } } }`.",
        locate("/operations"),
      );
    }
    for (const [key, value] of Object.entries(raw.operations)) {
      operations.set(key, parseOutboundPolicy(value, toPointer(["operations", key]), locate, "CONFIG_INVALID"));
    }
  }
  return { file, defaults, operations };
}
