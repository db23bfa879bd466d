import { existsSync, readFileSync } from "node:fs";
import { parse, YAMLParseError } from "yaml";
import { displayPath } from "./display-path.js";
import { GenerationError, type GenerationErrorCode } from "./generation-error.js";

/**
 * Reads a small YAML/JSON side file (overlay, config) with the `yaml` library.
 * @throws GenerationError with `code` when the file is missing or not valid YAML (file:line:col).
 */
export function readYamlFile(file: string, code: GenerationErrorCode, what: string): unknown {
  if (!existsSync(file)) {
    throw new GenerationError(code, `The ${what} file does not exist.`, `create it or drop the option that names it.`, {
      file: displayPath(file),
    });
  }
  try {
    return parse(readFileSync(file, "utf8"));
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const pos = error.linePos?.[0];
      throw new GenerationError(
        code,
        `The ${what} is not valid YAML: ${error.message.split("\n")[0]}.`,
        "correct the syntax at that line.",
        { file: displayPath(file), ...(pos ? { line: pos.line, col: pos.col } : {}) },
        error,
      );
    }
    throw error;
  }
}
