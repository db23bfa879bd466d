import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { displayPath } from "./internal/display-path.js";
import { GenerationError } from "./internal/generation-error.js";
import { isRecord } from "./internal/json-pointer.js";

/** Spec files are YAML or JSON. */
const SPEC_FILE = /\.(ya?ml|json)$/i;

/** Files larger than this are not read while looking for the root (16 MiB, the spec size limit). */
const MAX_FILE_BYTES = 16 * 1024 * 1024;

/** At most this many spec files are read while looking for the root. */
const MAX_FILES = 5000;

/**
 * The root file of a multi-file spec in `folder`: the one YAML/JSON file (in the folder or below it, skipping
 * hidden folders and node_modules) with a top-level `openapi` or `swagger` key that no other file references by
 * `$ref`. `$ref`s are read as text (`$ref: ./a.yaml#/X`, `"$ref": "../b.json"`), so the files need not be valid yet.
 * @returns the absolute path of the root.
 * @throws GenerationError `SPEC_NOT_FOUND` when no file or several files qualify, naming them and the fix
 *   (`--root <file>`).
 */
export function findSpecRoot(folder: string): string {
  const files = specFiles(resolve(folder));
  const roots: string[] = [];
  const referenced = new Set<string>();
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    if (hasVersionKey(file, text)) roots.push(file);
    for (const match of text.matchAll(/["']?\$ref["']?\s*:\s*["']?([^"'#\s,}]*)/g)) {
      const target = match[1];
      if (target !== undefined && target !== "" && !/^[a-z][a-z0-9+.-]*:/i.test(target))
        referenced.add(resolve(dirname(file), decodeURI(target)));
    }
  }
  const candidates = roots.filter((f) => !referenced.has(f));
  if (candidates.length === 1) return candidates[0] as string;
  const shown = (list: readonly string[]) => list.map((f) => relative(folder, f).replaceAll("\\", "/")).join(", ");
  throw new GenerationError(
    "SPEC_NOT_FOUND",
    candidates.length === 0
      ? "No file in the folder has an `openapi` or `swagger` key that no other file references, so its root is unknown."
      : `Several files could be the spec's root (an \`openapi\`/\`swagger\` key, referenced by no other file): ${shown(candidates)}.`,
    "name the root file with `--root <file>` (a path inside the folder), or pass the root file itself as `--spec`.",
    { file: displayPath(folder) },
  );
}

function hasVersionKey(file: string, text: string): boolean {
  if (!/\.json$/i.test(file)) return /^["']?(openapi|swagger)["']?[ \t]*:/m.test(text);
  try {
    const parsed: unknown = JSON.parse(text);
    return isRecord(parsed) && (parsed.openapi !== undefined || parsed.swagger !== undefined);
  } catch {
    return false;
  }
}

function specFiles(folder: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (found.length >= MAX_FILES) return;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith(".") && entry.name !== "node_modules") walk(path);
      } else if (entry.isFile() && SPEC_FILE.test(entry.name) && statSync(path).size <= MAX_FILE_BYTES) {
        found.push(path);
      }
    }
  };
  walk(folder);
  return found;
}
