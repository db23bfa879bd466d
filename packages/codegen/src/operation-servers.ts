import type { OperationModel } from "./operation-model.js";
import type { ServerModel, ServerVariableModel } from "./read-servers.js";

/**
 * The operation's own server: the first of its operation- or path-item-level `servers` (OpenAPI 3.1 §4.8.9.1,
 * §4.8.10.1); `undefined` when only the root's apply (the client's `baseUrl` stands for those).
 */
export function ownServerOf(op: OperationModel): ServerModel | undefined {
  const first = op.servers[0];
  return first === undefined || first.level === "root" ? undefined : first;
}

/** The variables of every operation's own server, by name, the first declaration of a name winning. */
export function ownServerVariables(operations: readonly OperationModel[]): Map<string, ServerVariableModel> {
  const variables = new Map<string, ServerVariableModel>();
  for (const op of operations) {
    for (const variable of ownServerOf(op)?.variables ?? []) {
      if (!variables.has(variable.name)) variables.set(variable.name, variable);
    }
  }
  return variables;
}

/** The own-server URL templates of `operations`, deduplicated, in document order. */
export function ownServerUrls(operations: readonly OperationModel[]): string[] {
  return [...new Set(operations.flatMap((op) => ownServerOf(op)?.url ?? []))];
}
