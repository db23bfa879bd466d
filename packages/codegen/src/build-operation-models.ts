import { classifyOperation } from "./classify-operation.js";
import { enforceRetryRules } from "./enforce-retry-rules.js";
import { displayPath } from "./internal/display-path.js";
import { GenerationError, type SourceLocation } from "./internal/generation-error.js";
import { toPointer } from "./internal/json-pointer.js";
import type { OutboundConfig } from "./load-config.js";
import { nameOperations } from "./name-operations.js";
import type { OperationModel } from "./operation-model.js";
import { readRequestBody, readResponses } from "./read-bodies.js";
import { readPagination } from "./read-pagination.js";
import { readParameters } from "./read-parameters.js";
import { readServers, type ServerModel } from "./read-servers.js";
import { readStream } from "./read-stream.js";
import { type PolicyLayer, resolvePolicy } from "./resolve-policy.js";
import type { ExtensionIndex } from "./validate-extensions.js";
import type { WalkedOperation, WalkedPathItem } from "./walk-paths.js";

/** What every operation of one document is read against. */
interface PolicySources {
  readonly document: Record<string, unknown>;
  readonly extensions: ExtensionIndex;
  readonly config: OutboundConfig | undefined;
  readonly locate: (pointer: string) => SourceLocation;
  /** The root `servers`, which apply when neither the path item nor the operation has its own. */
  readonly rootServers: readonly ServerModel[];
}

/**
 * Read → classify → enforce → name, for every operation of the walk, in its order.
 * @throws GenerationError `RETRY_ON_UNSAFE`, `SPEC_INVALID` for a parameter style its location does not allow, or
 *   `CONFIG_INVALID` for a config entry that names no operation.
 */
export function buildOperationModels(pathItems: readonly WalkedPathItem[], sources: PolicySources): OperationModel[] {
  const { config } = sources;
  const usedConfigKeys = new Set<string>();
  const partial = pathItems.flatMap((item) =>
    item.operations.map((walked) => modelOf(walked, sources, usedConfigKeys)),
  );
  checkConfigKeys(config, usedConfigKeys);
  const names = nameOperations(
    partial.map((p) => ({ operationId: p.hasOperationId ? p.operationId : undefined, method: p.method, path: p.path })),
  );
  return partial.map((p, i) => ({ ...p, methodName: names[i] as string }));
}

function modelOf(
  w: WalkedOperation,
  sources: PolicySources,
  usedConfigKeys: Set<string>,
): Omit<OperationModel, "methodName"> {
  const rawId =
    typeof w.operation.operationId === "string" && w.operation.operationId !== "" ? w.operation.operationId : undefined;
  const operationId = rawId ?? `${w.httpMethod} ${w.path}`;
  const configKey = [operationId, `${w.httpMethod} ${w.path}`].find((k) => sources.config?.operations.has(k));
  if (configKey !== undefined) usedConfigKeys.add(configKey);
  const resolved = resolvePolicy(policyLayers(w, configKey, sources));
  const classification = classifyOperation({
    method: w.httpMethod,
    idempotent: resolved.policy.idempotent,
    idempotencyKey: resolved.policy.idempotencyKey,
    headerParameters: w.parameters.filter((p) => p.parameter.in === "header").map((p) => p.parameter.name as string),
  });
  const retry = enforceRetryRules({
    label: `\`${operationId}\` (${w.httpMethod} ${w.path})`,
    class: classification.class,
    resolved,
  });
  const text = (v: unknown) => (typeof v === "string" && v.trim().length > 0 ? v : undefined);
  const label = `\`${operationId}\` (${w.httpMethod} ${w.path})`;
  const parameters = readParameters(w.parameters, label, () => sources.locate(w.pointer));
  const responses = readResponses(sources.document, w);
  const requestBody = readRequestBody(sources.document, w, (pointer) => sources.locate(pointer));
  const paginationLayer = resolved.origin.pagination;
  const pagination = readPagination(
    sources.document,
    { label, parameters, responses },
    resolved.policy.pagination,
    paginationLayer,
    (keys) => {
      const base = paginationLayer?.where() ?? sources.locate(w.pointer);
      const pointer = `${base.pointer ?? ""}${toPointer(["pagination", ...keys])}`;
      return paginationLayer?.level.startsWith("config") ? { ...base, pointer } : sources.locate(pointer);
    },
  );
  const pathItemServers = readServers(w.pathItem.servers, "path item", ["paths", w.path]);
  const operationServers = readServers(w.operation.servers, "operation", ["paths", w.path, w.method]);
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
    servers:
      operationServers.length > 0
        ? operationServers
        : pathItemServers.length > 0
          ? pathItemServers
          : sources.rootServers,
    parameters,
    requestBody,
    responses,
    pagination,
    stream: readStream(sources.document, responses, requestBody),
    summary: text(w.operation.summary),
    description: text(w.operation.description),
    deprecated: w.operation.deprecated === true,
  };
}

/** The layers that apply to one operation, highest precedence first (see load-config.ts). */
function policyLayers(w: WalkedOperation, configKey: string | undefined, sources: PolicySources): PolicyLayer[] {
  const { extensions, config, locate } = sources;
  const configFile = config ? displayPath(config.file) : "";
  const candidates: [PolicyLayer["level"], PolicyLayer["policy"] | undefined, () => SourceLocation][] = [
    [
      "config operation",
      configKey === undefined ? undefined : config?.operations.get(configKey),
      () => ({ file: configFile, pointer: toPointer(["operations", configKey ?? ""]) }),
    ],
    [
      "operation",
      extensions.operations.get(`${w.method} ${w.path}`),
      () => locate(toPointer(["paths", w.path, w.method, "x-outbound"])),
    ],
    ["path item", extensions.pathItems.get(w.path), () => locate(toPointer(["paths", w.path, "x-outbound"]))],
    ["root", extensions.root, () => locate("/x-outbound")],
    ["config defaults", config?.defaults, () => ({ file: configFile, pointer: "/defaults" })],
  ];
  return candidates.flatMap(([level, policy, where]) => (policy ? [{ level, policy, where }] : []));
}

function checkConfigKeys(config: OutboundConfig | undefined, used: ReadonlySet<string>): void {
  for (const key of config?.operations.keys() ?? []) {
    if (!used.has(key)) {
      throw new GenerationError(
        "CONFIG_INVALID",
        `\`operations.${key}\` names no operation of the spec.`,
        "use an operationId from the spec, or `METHOD /path` (e.g. `POST /charges`) for an operation without one.",
        { file: displayPath(config?.file ?? ""), pointer: toPointer(["operations", key]) },
      );
    }
  }
}
