import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EQUAL_TYPE, generateIntoTemp } from "./helpers/generate-fixture.js";
import { removeTempDir } from "./helpers/temp-output.js";
import { typeCheck } from "./helpers/type-check.js";

/** A spec of test/fixtures. */
const fixture = (file: string): string => join(import.meta.dirname, "fixtures", file);

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeTempDir));

describe("declared properties plus typed additionalProperties", () => {
  it("compiles, builds valid values, rejects bad ones, keeps property and index types", async () => {
    const { dir } = await generateIntoTemp("ledger", fixture("typed-additional-properties.yaml"));
    dirs.push(dir);
    const probe = join(dir, "probe.ts");
    writeFileSync(
      probe,
      `${EQUAL_TYPE}import type { components } from "./generated/schema.gen.js";
type Ledger = components["schemas"]["Ledger"];
type Tag = components["schemas"]["Tag"];
type Note = components["schemas"]["Note"];
export const ok: Ledger = { summary: { total: 3 }, q1: [{ label: "a", text: "b" }] };
export const bad: Ledger = { q2: 5 };
declare const ledger: Ledger;
export const total = ledger.summary?.total;
export const totalIsExact: Equal<typeof total, number | undefined> = true;
export const extra = ledger["q9"];
export const extraHasItems: Equal<Extract<NonNullable<typeof extra>, readonly unknown[]>, (Tag & Note)[]> = true;
`,
    );
    const { errors } = typeCheck([probe, join(dir, "generated", "client.gen.ts")], dir);
    expect(errors.map((e) => e.replace(/^.*probe\.ts:/, "probe.ts:").replace(/ TS(\d+) .*$/s, " TS$1"))).toEqual([
      "probe.ts:7:30 TS2322",
    ]);
  });
});

describe("nullable enums keep null", () => {
  for (const version of ["3.0", "3.1"]) {
    it(`OpenAPI ${version}: status, phase and note admit null, never the string "null"; enum consts hold only non-null members (policy: nullable admits null)`, async () => {
      const { dir, out } = await generateIntoTemp(
        `jobs-${version.replace(".", "")}`,
        fixture(`nullable-enums-${version}.yaml`),
      );
      dirs.push(dir);
      const probe = join(dir, "probe.ts");
      writeFileSync(
        probe,
        `${EQUAL_TYPE}import type { components } from "./generated/schema.gen.js";
import type { JobStatusValue, JobPhaseValue } from "./generated/enums.gen.js";
type Job = components["schemas"]["Job"];
export const status: Equal<Job["status"], "queued" | "running" | "done" | null> = true;
export const phase: Equal<Job["phase"], "alpha" | "beta" | null> = true;
export const note: Equal<Job["note"], string | null> = true;
export const noNullString: Equal<Extract<Job["status"] | Job["phase"], "null">, never> = true;
export const statusIsEnumOrNull: Equal<Job["status"], JobStatusValue | null> = true;
export const phaseIsEnumOrNull: Equal<Job["phase"], JobPhaseValue | null> = true;
`,
      );
      expect(typeCheck([probe], dir).errors).toEqual([]);
      const enums = (await import(join(out, "enums.gen.ts"))) as Record<string, Record<string, unknown>>;
      expect(Object.values(enums.JobStatus ?? {})).toEqual(["queued", "running", "done"]);
      expect(Object.values(enums.JobPhase ?? {})).toEqual(["alpha", "beta"]);
    });
  }
});

describe("enum values that are not identifiers", () => {
  const VALUES = [
    "=",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "~",
    "!~",
    "^",
    "$",
    "IN",
    "NOT IN",
    "a-b",
    "a_b",
    "a b",
    "2fa",
    "constructor",
    "__proto__",
  ];

  it("compiles; 18 distinct valid member names; values in spec order; __proto__ an own key; exact union; byte-stable", async () => {
    const first = await generateIntoTemp("filters", fixture("enum-values-not-identifiers.yaml"));
    const second = await generateIntoTemp("filters", fixture("enum-values-not-identifiers.yaml"));
    dirs.push(first.dir, second.dir);
    const probe = join(first.dir, "probe.ts");
    writeFileSync(
      probe,
      `${EQUAL_TYPE}import type { FilterOperatorValue } from "./generated/enums.gen.js";
export const exact: Equal<FilterOperatorValue, ${VALUES.map((v) => JSON.stringify(v)).join(" | ")}> = true;
`,
    );
    expect(typeCheck([probe, join(first.out, "client.gen.ts")], first.dir).errors).toEqual([]);
    const { FilterOperator } = (await import(join(first.out, "enums.gen.ts"))) as {
      FilterOperator: Record<string, string>;
    };
    expect(Object.values(FilterOperator)).toEqual(VALUES);
    const keys = Object.keys(FilterOperator);
    expect(new Set(keys).size).toBe(18);
    expect(keys.every((k) => /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k))).toBe(true);
    expect(keys).toEqual([
      "eq",
      "not_eq",
      "lt",
      "lt_eq",
      "gt",
      "gt_eq",
      "tilde",
      "not_tilde",
      "caret",
      "$",
      "IN",
      "NOT_IN",
      "a_b_2",
      "a_b",
      "a_b_3",
      "_2fa",
      "constructor",
      "__proto__",
    ]);
    expect(Object.hasOwn(FilterOperator, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(FilterOperator)).toBe(Object.prototype);
    for (const file of first.result.files.keys()) {
      expect(readFileSync(join(second.out, file), "utf8")).toBe(readFileSync(join(first.out, file), "utf8"));
    }
  });
});
