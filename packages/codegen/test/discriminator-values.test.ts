import { afterAll, describe, expect, it } from "vitest";
import { removeTempDir } from "./helpers/temp-output.js";
import { typeProbe } from "./helpers/type-probe.js";

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeTempDir));

describe("discriminated unions carry wire values", () => {
  it("a member's own enum/const is its value, an unconstrained member gets its schema name; a union inside allOf narrows", async () => {
    const { dir, errors } = await typeProbe(
      "discriminator-values",
      "discriminator-values.yaml",
      `import type { components } from "./generated/schema.gen.js";
import type { ProbeClient } from "./generated/client.gen.js";
type S = components["schemas"];
declare const client: ProbeClient;
export const user: Equal<S["UserMessage"]["role"], "user"> = true;
export const assistant: Equal<S["AssistantMessage"]["role"], "assistant"> = true;
export const tool: Equal<S["ToolMessage"]["role"], "ToolMessage"> = true;
export const roles: Equal<S["Message"]["role"], "user" | "assistant" | "ToolMessage"> = true;
export const stamped: Equal<S["StampedEvent"], (S["Created"] | S["Deleted"]) & { at: string }> = true;
export const kinds: Equal<S["StampedEvent"]["kind"], "a" | "b"> = true;
void client.postMessage({ body: { role: "user", text: "hi" } });
void client.postMessage({ body: { role: "assistant", text: "hello" } });
// @ts-expect-error the schema name is not the wire value of a member that declares its own
void client.postMessage({ body: { role: "UserMessage", text: "hi" } });
declare const event: S["StampedEvent"];
export const narrowed: string | number = event.kind === "a" ? event.name : event.id;
export const at: string = event.at;
`,
    );
    dirs.push(dir);
    expect(errors).toEqual([]);
  });
});
