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

/** Type-equality helper source, for probe files checked with the TS compiler API. */
export const EQUAL_TYPE =
  "type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;\n";
