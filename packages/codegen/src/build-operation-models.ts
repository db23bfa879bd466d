import { classifyOperation } from "./classify-operation.js";
import { enforceRetryRules } from "./enforce-retry-rules.js";
import { displayPath } from "./internal/display-path.js";
import { GenerationError, type SourceLocation } from "./internal/generation-error.js";
import { toPointer } from "./internal/json-pointer.js";
import type { OutboundConfig } from "./load-config.js";
import { nameOperations } from "./name-operations.js";
import type { OperationModel } from "./operation-model.js";
import { type PolicyLayer, resolvePolicy } from "./resolve-policy.js";
import type { ExtensionIndex } from "./validate-extensions.js";
import { walkOperations } from "./walk-operations.js";

/**
 * Classify → enforce → name, for every operation under `paths`, in document order.
 * @throws GenerationError `RETRY_ON_UNSAFE`, or `CONFIG_INVALID` for a config entry that names no operation.
 */
export function buildOperationModels(
  document: Record<string, unknown>,
  extensions: ExtensionIndex,
  config: OutboundConfig | undefined,
  locate: (pointer: string) => SourceLocation,
): OperationModel[] {
  const walked = walkOperations(document);
  const configFile = config ? displayPath(config.file) : "";
  const usedConfigKeys = new Set<string>();
  const partial = walked.map((w) => {
    const rawId =
      typeof w.operation.operationId === "string" && w.operation.operationId.length > 0
        ? w.operation.operationId
        : undefined;
    const operationId = rawId ?? `${w.httpMethod} ${w.path}`;
    const configKey = [operationId, `${w.httpMethod} ${w.path}`].find((k) => config?.operations.has(k));
    if (configKey !== undefined) usedConfigKeys.add(configKey);
    const layers: PolicyLayer[] = [];
    const add = (level: PolicyLayer["level"], policy: PolicyLayer["policy"] | undefined, location: SourceLocation) => {
      if (policy) layers.push({ level, policy, location });
    };
    if (configKey !== undefined)
      add("config operation", config?.operations.get(configKey), {
        file: configFile,
        pointer: toPointer(["operations", configKey]),
      });
    add(
      "operation",
      extensions.operations.get(`${w.method} ${w.path}`),
      locate(toPointer(["paths", w.path, w.method, "x-outbound"])),
    );
    add("path item", extensions.pathItems.get(w.path), locate(toPointer(["paths", w.path, "x-outbound"])));
    add("root", extensions.root, locate("/x-outbound"));
    add("config defaults", config?.defaults, { file: configFile, pointer: "/defaults" });
    const resolved = resolvePolicy(layers);
    const headerParameters = w.parameters
      .filter((p) => p.in === "header" && typeof p.name === "string")
      .map((p) => p.name as string);
    const classification = classifyOperation({
      method: w.httpMethod,
      idempotent: resolved.policy.idempotent,
      idempotencyKey: resolved.policy.idempotencyKey,
      headerParameters,
    });
    const retry = enforceRetryRules({
      label: `\`${operationId}\` (${w.httpMethod} ${w.path})`,
      class: classification.class,
      resolved,
    });
    const text = (v: unknown) => (typeof v === "string" && v.trim().length > 0 ? v : undefined);
    return {
      operationId,
      hasOperationId: rawId !== undefined,
      method: w.httpMethod,
      methodKey: w.method,
      path: w.path,
      class: classification.class,
      idempotencyHeader: classification.idempotencyHeader,
      reason: classification.reason,
      retry,
      timeout: resolved.policy.timeout,
      summary: text(w.operation.summary),
      description: text(w.operation.description),
      deprecated: w.operation.deprecated === true,
    };
  });
  checkConfigKeys(config, usedConfigKeys, configFile);
  const names = nameOperations(
    partial.map((p) => ({ operationId: p.hasOperationId ? p.operationId : undefined, method: p.method, path: p.path })),
  );
  return partial.map((p, i) => ({ ...p, methodName: names[i] as string }));
}

function checkConfigKeys(config: OutboundConfig | undefined, used: ReadonlySet<string>, file: string): void {
  for (const key of config?.operations.keys() ?? []) {
    if (!used.has(key)) {
      throw new GenerationError(
        "CONFIG_INVALID",
        `\`operations.${key}\` names no operation of the spec.`,
        "use an operationId from the spec, or `METHOD /path` (e.g. `POST /charges`) for an operation without one.",
        { file, pointer: toPointer(["operations", key]) },
      );
    }
  }
}
