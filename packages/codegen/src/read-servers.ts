import { isRecord, toPointer } from "./internal/json-pointer.js";

/** One variable of a server URL template (OpenAPI 3.1 §4.8.6). */
export interface ServerVariableModel {
  /** The variable's name, as `{name}` in the URL. */
  readonly name: string;
  /** `default`: the value used when none is given (a string; a number or boolean is written as text). */
  readonly default: string;
  /** `enum`, when given: the values allowed, in spec order. */
  readonly enum: readonly string[] | undefined;
  readonly description: string | undefined;
}

/** Where a server list is declared; the nearest level wins (OpenAPI 3.1 §4.8.9.1, §4.8.10.1). */
export type ServerLevel = "root" | "path item" | "operation";

/** One Server Object (OpenAPI 3.1 §4.8.5). */
export interface ServerModel {
  /** The URL template as written (may be relative, may hold `{variables}`). */
  readonly url: string;
  readonly description: string | undefined;
  /** Its variables in spec order; empty when it has none. */
  readonly variables: readonly ServerVariableModel[];
  readonly level: ServerLevel;
  /** JSON pointer of the Server Object (`/servers/0`, `/paths/~1a/servers/0`, `/paths/~1a/get/servers/0`). */
  readonly pointer: string;
}

/**
 * The servers of one `servers` list, in spec order. An entry that is not an object with a string `url` is left out
 * (Redocly's lint reports it).
 * @param at path segments of the object holding the list (`[]` for the root).
 */
export function readServers(value: unknown, level: ServerLevel, at: readonly string[]): ServerModel[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((server, i): ServerModel[] => {
    if (!isRecord(server) || typeof server.url !== "string") return [];
    const variables = isRecord(server.variables) ? Object.entries(server.variables) : [];
    return [
      {
        url: server.url,
        description: text(server.description),
        variables: variables.flatMap(([name, v]) =>
          isRecord(v)
            ? [
                {
                  name,
                  default: scalar(v.default) ?? "",
                  enum: Array.isArray(v.enum) ? v.enum.flatMap((e) => scalar(e) ?? []) : undefined,
                  description: text(v.description),
                },
              ]
            : [],
        ),
        level,
        pointer: toPointer([...at, "servers", i]),
      },
    ];
  });
}

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function scalar(value: unknown): string | undefined {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean"
    ? String(value)
    : undefined;
}
