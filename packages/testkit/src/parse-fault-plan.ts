import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import { parse as parseYaml } from "yaml";
import type { FaultPlan, FaultPlanFile } from "./fault-plan.js";
import { FAULT_PLAN_SCHEMA } from "./internal/fault-plan-schema.js";
import { isRecord } from "./internal/json-pointer.js";
import { TestkitError } from "./testkit-error.js";

let compiled: ReturnType<Ajv2020["compile"]> | undefined;

/** The most specific error: `oneOf` branches report many; the deepest pointer is the useful one. */
function bestError(errors: readonly ErrorObject[]): ErrorObject | undefined {
  const concrete = errors.filter((e) => e.keyword !== "oneOf" && e.keyword !== "const" && e.keyword !== "if");
  const pool = concrete.length > 0 ? concrete : [...errors];
  return pool.sort((a, b) => b.instancePath.length - a.instancePath.length)[0];
}

function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === "additionalProperties")
    return `has an unknown property ${JSON.stringify(params.additionalProperty)}`;
  if (error.keyword === "enum")
    return `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
  return error.message ?? "is invalid";
}

/**
 * Checks that `value` is a {@link FaultPlan} and returns it typed.
 * @param where names the plan in errors, e.g. `plan.yaml#/faults/POST ~1charges`.
 * @throws TestkitError `PLAN_INVALID` naming the JSON pointer of the first problem and what is allowed there.
 */
export function validateFaultPlan(value: unknown, where = "fault plan"): FaultPlan {
  compiled ??= new Ajv2020({ allErrors: true, strict: false }).compile(FAULT_PLAN_SCHEMA);
  if (compiled(value)) return value as FaultPlan;
  const error = bestError(compiled.errors ?? []);
  const pointer = error === undefined ? "" : error.instancePath;
  throw new TestkitError(
    "PLAN_INVALID",
    `${where}${pointer === "" ? "" : ` at ${pointer}`} ${error === undefined ? "is invalid" : describe(error)}. ` +
      "A plan is { mode: script, steps: [...] }, { mode: random, seed, mix: [{ weight, fault }] } or { mode: timeline, phases: [{ untilMs, fault }] }; " +
      "fault kinds: pass, respond, reset, reset-after-headers, hang, truncated-body, malformed-json, empty-body, stream (see FaultPlan in @outbound/testkit).",
  );
}

/**
 * Parses a plan file (YAML or JSON text; JSON is YAML): `{ faults: { "POST /charges": <FaultPlan>, ... } }`.
 * @param source the file name, used in error messages.
 * @throws TestkitError `PLAN_INVALID` for a syntax error (with line) or a plan that breaks the schema (with pointer).
 */
export function parseFaultPlanFile(text: string, source: string): FaultPlanFile {
  let value: unknown;
  try {
    value = parseYaml(text, { prettyErrors: true });
  } catch (error) {
    throw new TestkitError("PLAN_INVALID", `${source}: not valid YAML or JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (!isRecord(value) || !isRecord(value.faults)) {
    throw new TestkitError(
      "PLAN_INVALID",
      `${source}: expected a top-level "faults" map of route → plan, e.g. faults: { "POST /charges": { mode: script, steps: [{ kind: reset }] } }.`,
    );
  }
  const faults: Record<string, FaultPlan> = {};
  for (const [route, plan] of Object.entries(value.faults)) {
    faults[route] = validateFaultPlan(plan, `${source}#/faults/${route.replaceAll("~", "~0").replaceAll("/", "~1")}`);
  }
  return { faults };
}
