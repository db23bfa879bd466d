/**
 * The generator emits the Encoding Object fields the runtime applies (OpenAPI 3.1 §4.8.15): `allowReserved` of a
 * form property and the declared `headers` of multipart parts, and the method takes `partHeaders` for a multipart
 * body only.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateIntoTemp, operationEntry } from "./helpers/generate-fixture.js";
import { removeTempDir } from "./helpers/temp-output.js";
import { typeProbe } from "./helpers/type-probe.js";

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeTempDir));
const fixture = join(import.meta.dirname, "fixtures", "encoding-objects.yaml");

describe("Encoding Object metadata", () => {
  it("emits allowReserved of a form property and the part headers of multipart (fixed, default, required)", async () => {
    const { dir, out } = await generateIntoTemp("encoding-objects", fixture);
    dirs.push(dir);
    expect(operationEntry(out, "createLink")).toContain(
      'body: [{ type: "application/x-www-form-urlencoded", encoding: { target: { style: "form", explode: true, allowReserved: true } } }]',
    );
    expect(readFileSync(join(out, "client.gen.ts"), "utf8")).toContain(
      'readonly body: "multipart/form-data"; readonly partHeaders: { readonly "multipart/form-data": { readonly image?: { readonly "X-Checksum"?: string | number | boolean | readonly (string | number | boolean)[] }; readonly pages?: { readonly "X-Page-Kind"?: string | number | boolean | readonly (string | number | boolean)[] } } } };',
    );
    expect(operationEntry(out, "uploadScan")).toContain(
      'body: [{ type: "multipart/form-data", encoding: { image: { contentType: "image/png", headers: { "X-Checksum": { required: true }, "Content-ID": { value: "<scan@example.test>", fixed: true } } }, pages: { headers: { "X-Page-Kind": { value: "raw" } } } } }]',
    );
  });

  it("types partHeaders on a multipart call and refuses them elsewhere", async () => {
    const { dir, errors } = await typeProbe(
      "encoding-objects-types",
      "encoding-objects.yaml",
      `import type { ProbeClient } from "./generated/client.gen.js";
declare const client: ProbeClient;
void client.uploadScan({ body: { image: new Uint8Array(1) }, partHeaders: { image: { "X-Checksum": "abc" } } });
// @ts-expect-error a header value is text, a number, a boolean or a list of them
void client.uploadScan({ body: {}, partHeaders: { image: { "X-Checksum": { a: 1 } } } });
// @ts-expect-error a header the part does not declare
void client.uploadScan({ body: {}, partHeaders: { image: { "X-Other": "1" } } });
// @ts-expect-error a header the spec fixes is not set by the call
void client.uploadScan({ body: {}, partHeaders: { image: { "Content-ID": "<b>" } } });
void client.uploadScan({ body: {}, partHeaders: { pages: { "X-Page-Kind": ["a", "b"] } } });
// @ts-expect-error a form body has no parts
void client.createLink({ body: { target: "a/b" }, partHeaders: {} });
`,
    );
    dirs.push(dir);
    expect(errors).toEqual([]);
  });
});
