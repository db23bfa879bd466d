import { afterAll, describe, expect, it } from "vitest";
import { removeTempDir } from "./helpers/temp-output.js";
import { typeProbe } from "./helpers/type-probe.js";

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeTempDir));

describe("defaulted properties of what a caller sends stay optional", () => {
  it("a request-only component (and what it $refs) keeps them optional; a response-only one required; a shared one optional", async () => {
    const { dir, errors } = await typeProbe(
      "request-defaults",
      "request-defaults.yaml",
      `import type { components } from "./generated/schema.gen.js";
import type { ProbeClient } from "./generated/client.gen.js";
type S = components["schemas"];
declare const client: ProbeClient;
export const widget: Equal<S["Widget"], {
  name: string;
  color?: string;
  size?: S["Size"];
  options?: { fast?: boolean };
}> = true;
export const size: Equal<S["Size"], { unit?: string; value?: number }> = true;
export const view: Equal<S["WidgetView"], { name: string; color: string }> = true;
export const shared: Equal<S["Shared"], { mode?: string }> = true;
void client.createWidget({ body: { name: "w" } });
void client.createWidget({ body: { name: "w", size: { value: 2 }, options: {} } });
// @ts-expect-error name has no default and is required
void client.createWidget({ body: { color: "red" } });
// @ts-expect-error a default does not widen the type
void client.createWidget({ body: { name: "w", color: 1 } });
`,
    );
    dirs.push(dir);
    expect(errors).toEqual([]);
  });
});
