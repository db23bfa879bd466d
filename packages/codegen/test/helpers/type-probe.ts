import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { EQUAL_TYPE, generateIntoTemp } from "./generate-fixture.js";
import { typeCheck } from "./type-check.js";

/**
 * Generates test/fixtures/`fixture` as downstream `probe` into a temp folder, writes `source` (with an `Equal<A, B>`
 * type in scope) beside the output as probe.ts and type-checks it with the strict options. A wrong call marked
 * `// @ts-expect-error` that compiles is reported too (TS2578), so one check covers what must and must not compile.
 * @returns the temp folder (for removal) and the diagnostics as `probe.ts:line:col TSxxxx message`.
 */
export async function typeProbe(
  label: string,
  fixture: string,
  source: string,
): Promise<{ dir: string; out: string; errors: string[] }> {
  const { dir, out } = await generateIntoTemp(label, join(import.meta.dirname, "..", "fixtures", fixture), {
    name: "probe",
  });
  const probe = join(dir, "probe.ts");
  writeFileSync(probe, `${EQUAL_TYPE}${source}`);
  const { errors } = typeCheck([probe], dir);
  return { dir, out, errors: errors.map((e) => e.replace(/^.*probe\.ts:/, "probe.ts:")) };
}
