import { GenerationError, type SourceLocation } from "./internal/generation-error.js";
import { isRecord, resolveLocalRef, toPointer } from "./internal/json-pointer.js";
import { HTTP_METHODS } from "./walk-operations.js";

/**
 * The shapes every later stage relies on, which Redocly's `minimal` rules only warn about: each path item and
 * each operation is an object, `parameters` is a list of objects (OpenAPI 3.1 §4.8.9, §4.8.10).
 * @throws GenerationError `SPEC_INVALID` at the first wrong shape, with its JSON pointer.
 */
export function validateShapes(document: Record<string, unknown>, locate: (pointer: string) => SourceLocation): void {
  const fail = (segments: readonly string[], problem: string): never => {
    throw new GenerationError(
      "SPEC_INVALID",
      problem,
      "correct it there so it follows OpenAPI 3 (`npx @redocly/cli lint` lists every such problem).",
      locate(toPointer(segments)),
    );
  };
  const paths = document.paths === undefined ? {} : document.paths;
  if (!isRecord(paths)) fail(["paths"], "`paths` must be an object of path templates.");
  for (const [path, raw] of Object.entries(paths as Record<string, unknown>)) {
    const item = resolveLocalRef(document, raw);
    if (!isRecord(item)) fail(["paths", path], `The path item of \`${path}\` must be an object.`);
    const pathItem = item as Record<string, unknown>;
    checkParameters(document, pathItem.parameters, ["paths", path, "parameters"], fail);
    for (const method of HTTP_METHODS) {
      if (pathItem[method] === undefined) continue;
      const operation = resolveLocalRef(document, pathItem[method]);
      if (!isRecord(operation))
        fail(["paths", path, method], `\`${method.toUpperCase()} ${path}\` must be an operation object.`);
      checkParameters(
        document,
        (operation as Record<string, unknown>).parameters,
        ["paths", path, method, "parameters"],
        fail,
      );
    }
  }
}

function checkParameters(
  document: Record<string, unknown>,
  value: unknown,
  at: readonly string[],
  fail: (segments: readonly string[], problem: string) => never,
): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) fail(at, "`parameters` must be a list of parameter objects.");
  (value as unknown[]).forEach((p, i) => {
    const parameter = resolveLocalRef(document, p);
    if (!isRecord(parameter) || typeof parameter.name !== "string" || typeof parameter.in !== "string")
      fail([...at, String(i)], "Each parameter must be an object with a string `name` and `in`.");
  });
}
