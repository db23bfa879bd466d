import { InvalidOptionsError } from "../invalid-options-error.js";
import type { OperationMeta, ServerVariable } from "../operation.js";

/** What decides where the operations with their own server go (a client's options and the spec's variables). */
export interface ServerSettings {
  /** The client's base URL; a relative server URL resolves against it. */
  readonly baseUrl: string;
  /** Replacement base URLs, keyed by a server URL template as the spec writes it (`OperationMeta.server`). */
  readonly servers?: Readonly<Record<string, string>> | undefined;
  /** Values of server variables, by name. */
  readonly serverVariables?: Readonly<Record<string, string>> | undefined;
  /** The spec's server variables, by name. */
  readonly declared: Readonly<Record<string, ServerVariable>>;
}

/**
 * The base URL of each operation that has its own server (`OperationMeta.server`), keyed by operationId: the
 * client's `servers` entry for that template when given, else the template with its `{variables}` filled (the
 * client's `serverVariables`, else the spec's defaults) and resolved against `baseUrl` when relative.
 * @throws InvalidOptionsError for a variable value outside its `enum`, an unknown variable, or a `servers` key that
 *   names no server of the spec, naming the option, the allowed values and the fix.
 */
export function resolveOperationServers(
  operations: readonly OperationMeta[],
  settings: ServerSettings,
): ReadonlyMap<string, string> {
  const values = checkVariables(settings);
  const templates = new Set(operations.flatMap((op) => (op.server === undefined ? [] : [op.server])));
  for (const key of Object.keys(settings.servers ?? {})) {
    if (!templates.has(key)) {
      throw new InvalidOptionsError(
        `servers.${key}`,
        "no operation of the spec has this server",
        `Use one of: ${[...templates].map((t) => JSON.stringify(t)).join(", ") || "(none: every operation uses baseUrl)"}.`,
      );
    }
  }
  const result = new Map<string, string>();
  for (const op of operations) {
    if (op.server === undefined) continue;
    const override = settings.servers?.[op.server];
    const filled = override ?? op.server.replace(/\{([^{}]+)\}/g, (_, name: string) => values[name] ?? "");
    result.set(op.operationId, new URL(filled, `${settings.baseUrl.replace(/\/?$/, "/")}`).href.replace(/\/$/, ""));
  }
  return result;
}

/** The value of every declared variable: the client's, checked against the enum, else the default. */
function checkVariables(settings: ServerSettings): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, variable] of Object.entries(settings.declared)) {
    const given = settings.serverVariables?.[name];
    if (given !== undefined && variable.enum !== undefined && !variable.enum.includes(given)) {
      throw new InvalidOptionsError(
        `serverVariables.${name}`,
        `${JSON.stringify(given)} is not one of the values the spec allows (${variable.enum.map((v) => JSON.stringify(v)).join(", ")})`,
        `Pass one of them, or leave it out for the default ${JSON.stringify(variable.default)}.`,
      );
    }
    values[name] = given ?? variable.default;
  }
  for (const name of Object.keys(settings.serverVariables ?? {})) {
    if (!Object.hasOwn(settings.declared, name)) {
      throw new InvalidOptionsError(
        `serverVariables.${name}`,
        "the spec declares no server variable of this name",
        `Use one of: ${Object.keys(settings.declared).join(", ") || "(none)"}.`,
      );
    }
  }
  return values;
}
