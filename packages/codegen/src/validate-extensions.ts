import type { SourceLocation } from "./internal/generation-error.js";
import { toPointer } from "./internal/json-pointer.js";
import type { OutboundPolicy } from "./outbound-policy.js";
import { parseOutboundPolicy } from "./policy-schema.js";
import type { WalkedPathItem } from "./walk-paths.js";

/** Validated `x-outbound` values of one document, by level. */
export interface ExtensionIndex {
  /** Root-level `x-outbound`. */
  readonly root: OutboundPolicy | undefined;
  /** Path-item-level `x-outbound`, by path key. */
  readonly pathItems: ReadonlyMap<string, OutboundPolicy>;
  /** Operation-level `x-outbound`, by `${method} ${path}` (method lower-case). */
  readonly operations: ReadonlyMap<string, OutboundPolicy>;
}

/**
 * Validates every `x-outbound` of the document against its JSON Schema (policy-schema.ts): the root's, and those of the path items and operations of the walk.
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
