import { openapiOverlay } from "openapi-format";
import { displayPath } from "./internal/display-path.js";
import { GenerationError } from "./internal/generation-error.js";
import { isRecord } from "./internal/json-pointer.js";
import { readYamlFile } from "./internal/read-yaml-file.js";

/** Outcome of applying an overlay. */
export interface OverlayResult {
  /** The document after every action ran. */
  readonly document: Record<string, unknown>;
  /** One line per action whose target matched nothing (a typo there would silently change nothing). */
  readonly warnings: readonly string[];
}

/**
 * Applies an OpenAPI Overlay 1.0 document (https://spec.openapis.org/overlay/v1.0.0) to a bundled spec with
 * `openapi-format`'s overlay engine (JSONPath targets, `update` deep-merged, `remove`). Mutates `document`.
 * @throws GenerationError `OVERLAY_INVALID` naming the overlay file and the JSON pointer of the bad action.
 */
export async function applyOverlay(document: Record<string, unknown>, overlayFile: string): Promise<OverlayResult> {
  const overlay = readYamlFile(overlayFile, "OVERLAY_INVALID", "overlay");
  const file = displayPath(overlayFile);
  checkOverlay(overlay, file);
  const complaints: string[] = [];
  const consoleError = console.error;
  // openapi-format reports bad JSONPath expressions on console.error and skips the action; turn that into an error.
  console.error = (...args: unknown[]) => complaints.push(args.map(String).join(" "));
  let result: Awaited<ReturnType<typeof openapiOverlay>>;
  try {
    result = await openapiOverlay(document, {
      overlaySet: overlay as Parameters<typeof openapiOverlay>[1]["overlaySet"],
    });
  } finally {
    console.error = consoleError;
  }
  if (complaints.length > 0) {
    throw new GenerationError(
      "OVERLAY_INVALID",
      `An overlay action could not be applied: ${complaints[0]}.`,
      "write each `target` as a JSONPath expression (RFC 9535) that selects objects of the spec, e.g. `$.paths['/charges'].post`.",
      { file, pointer: "/actions" },
    );
  }
  const unused = (result.resultData.unusedActions ?? []) as unknown[];
  const warnings = unused.map(
    (action) =>
      `${file}: overlay action with target ${JSON.stringify(isRecord(action) ? action.target : action)} matched nothing`,
  );
  return { document: result.data as Record<string, unknown>, warnings };
}

function checkOverlay(overlay: unknown, file: string): void {
  const fail = (problem: string, fix: string, pointer: string) =>
    new GenerationError("OVERLAY_INVALID", problem, fix, { file, pointer });
  if (!isRecord(overlay)) {
    throw fail("The overlay is not a YAML object.", "start it with `overlay: 1.0.0`, `info` and `actions`.", "");
  }
  if (typeof overlay.overlay !== "string" || !/^1\.[01]\.\d+$/.test(overlay.overlay)) {
    throw fail(
      `Unsupported overlay version ${JSON.stringify(overlay.overlay) ?? "(missing)"}.`,
      "set `overlay: 1.0.0`.",
      "/overlay",
    );
  }
  if (!Array.isArray(overlay.actions)) {
    throw fail(
      "The overlay has no `actions` list.",
      "add `actions:` with at least one `target` + `update` or `remove`.",
      "/actions",
    );
  }
  for (const [index, action] of (overlay.actions as unknown[]).entries()) {
    const at = `/actions/${index}`;
    if (!isRecord(action)) {
      throw fail(
        "An overlay action is not an object.",
        "write each action as `{ target, update }` or `{ target, remove: true }`.",
        at,
      );
    }
    if (typeof action.target !== "string" || !action.target.startsWith("$")) {
      throw fail(
        "An overlay action's `target` is not a JSONPath expression.",
        "write it as a JSONPath starting with `$`, e.g. `$.paths.*.post`.",
        `${at}/target`,
      );
    }
    if (!("update" in action) && action.remove !== true) {
      throw fail(
        "An overlay action has neither `update` nor `remove: true`.",
        "add `update: {...}` or `remove: true`.",
        at,
      );
    }
  }
}
