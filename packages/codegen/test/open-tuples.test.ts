import { afterAll, describe, expect, it } from "vitest";
import { removeTempDir } from "./helpers/temp-output.js";
import { typeProbe } from "./helpers/type-probe.js";

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeTempDir));

describe("3.1 prefixItems tuples", () => {
  it("stay open with further items allowed (typed by items), closed only by items/unevaluatedItems false or maxItems", async () => {
    const { dir, errors } = await typeProbe(
      "open-tuples",
      "open-tuples.yaml",
      `import type { components } from "./generated/schema.gen.js";
import type { ProbeClient } from "./generated/client.gen.js";
type Point = components["schemas"]["Point"];
declare const client: ProbeClient;
export const open: Equal<Point["open"], [number, string, ...unknown[]]> = true;
export const typedRest: Equal<Point["typedRest"], [number, ...(boolean | string)[]]> = true;
export const closed: Equal<Point["closed"], [number, string]> = true;
export const unevaluated: Equal<Point["unevaluated"], [number]> = true;
export const capped: Equal<Point["capped"], [number]> = true;
export const nullable: Equal<Point["nullable"], [string, ...unknown[]] | null> = true;
const base = { closed: [1, "a"], unevaluated: [1], capped: [1], nullable: null } satisfies Partial<Point>;
export const ok: Point = { ...base, open: [1, "a", true], typedRest: [1, true, "x"] };
// @ts-expect-error a closed tuple takes no third item
export const tooLong: Point = { ...base, open: [1, "a"], typedRest: [1], closed: [1, "a", true] };
// @ts-expect-error further items of typedRest are boolean or string
export const wrongRest: Point = { ...base, open: [1, "a"], typedRest: [1, 2] };
// openapi-fetch's init types arrays of a request body through its \`Writable\`, which loosens any tuple to an array
void client.addPoint({ body: ok });
`,
    );
    dirs.push(dir);
    expect(errors).toEqual([]);
  });
});
