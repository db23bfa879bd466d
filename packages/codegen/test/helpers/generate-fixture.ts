import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type GenerateResult, generateClient } from "../../src/generate.js";
import { makeTempDir } from "./temp-output.js";

/** Generates `spec` into `<fresh temp dir>/generated` and returns the result and the folder. */
export async function generateIntoTemp(
  label: string,
  spec: string,
  extra: { name?: string; overlay?: string; config?: string } = {},
): Promise<{ dir: string; out: string; result: GenerateResult }> {
  const dir = makeTempDir(label);
  const out = join(dir, "generated");
  const result = await generateClient({
    spec,
    out,
    name: extra.name ?? label,
    overlay: extra.overlay,
    config: extra.config,
  });
  return { dir, out, result };
}

/** The `{ … }` literal of operation `name` in `<out>/operations.gen.ts`, from its key to its closing brace. */
export function operationEntry(out: string, name: string): string {
  const text = readFileSync(join(out, "operations.gen.ts"), "utf8");
  const start = text.indexOf(`  ${name}: {`);
  return text.slice(start, text.indexOf("\n  },", start) + 5);
}

/** Type-equality helper source, for probe files checked with the TS compiler API. */
export const EQUAL_TYPE =
  "type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;\n";
