import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeTempDir, removeTempDir } from "../test/helpers/temp-output.js";
import { applyOverlay } from "./apply-overlay.js";
import { isGenerationError } from "./internal/generation-error.js";

const dir = makeTempDir("overlay");
afterAll(() => removeTempDir(dir));

function overlayFile(name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
}

const spec = () => ({
  openapi: "3.0.3",
  paths: {
    "/charges": {
      post: { operationId: "createCharge", parameters: [{ name: "expand", in: "query" }] },
      get: { operationId: "listCharges" },
    },
    "/refunds": { post: { operationId: "createRefund" } },
  },
});

describe("applyOverlay (OpenAPI Overlay 1.0 through openapi-format)", () => {
  it("updates every target (parameters merged by name + in) and removes", async () => {
    const file = overlayFile(
      "ok.yaml",
      `overlay: 1.0.0
info: { title: t, version: "1" }
actions:
  - target: $.paths.*.post
    update:
      parameters:
        - { name: Idempotency-Key, in: header }
  - target: $.paths['/charges'].get
    remove: true
`,
    );
    const { document, warnings } = await applyOverlay(spec(), file);
    expect(document.paths).toEqual({
      "/charges": {
        post: {
          operationId: "createCharge",
          parameters: [
            { name: "expand", in: "query" },
            { name: "Idempotency-Key", in: "header" },
          ],
        },
      },
      "/refunds": { post: { operationId: "createRefund", parameters: [{ name: "Idempotency-Key", in: "header" }] } },
    });
    expect(warnings).toEqual([]);
  });

  it("warns about an action whose target matches nothing", async () => {
    const file = overlayFile(
      "unused.yaml",
      `overlay: 1.0.0\ninfo: { title: t, version: "1" }\nactions:\n  - target: $.paths['/nope'].post\n    update: { x-outbound: { idempotent: true } }\n`,
    );
    const { warnings } = await applyOverlay(spec(), file);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /unused\.yaml: overlay action with target "\$\.paths\['\/nope'\]\.post" matched nothing$/,
    );
  });

  const invalid: [string, string, string][] = [
    ["wrong version", "overlay: 2.0.0\nactions: []\n", "/overlay"],
    ["no actions", "overlay: 1.0.0\n", "/actions"],
    ["target not JSONPath", "overlay: 1.0.0\nactions:\n  - target: paths\n    update: {}\n", "/actions/0/target"],
    ["neither update nor remove", "overlay: 1.0.0\nactions:\n  - target: $.paths\n", "/actions/0"],
  ];
  it.each(invalid)("%s → OVERLAY_INVALID at its pointer", async (name, text, pointer) => {
    const error: unknown = await applyOverlay(spec(), overlayFile(`${name.replaceAll(" ", "-")}.yaml`, text)).catch(
      (e: unknown) => e,
    );
    expect(isGenerationError(error) && [error.code, error.location?.pointer]).toEqual(["OVERLAY_INVALID", pointer]);
  });

  it("a YAML error in the overlay names its line", async () => {
    const error: unknown = await applyOverlay(
      spec(),
      overlayFile("syntax.yaml", "overlay: 1.0.0\nactions:\n  - target: [\n"),
    ).catch((e: unknown) => e);
    expect(isGenerationError(error) && [error.code, error.location?.line]).toEqual(["OVERLAY_INVALID", 4]);
  });
});
