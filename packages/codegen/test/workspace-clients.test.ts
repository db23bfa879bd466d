import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { driftedFiles } from "../src/cli/check-command.js";
import { renderClient } from "../src/generate.js";
import { listSpecNames, workspaceSpec } from "../src/workspace-specs.js";
import { REPO_ROOT } from "./helpers/shared-paths.js";

describe("committed clients are what specs/ generates (the check CI runs; fix: pnpm outbound generate)", () => {
  const names = listSpecNames(REPO_ROOT);

  it("every spec folder has a client package", () => {
    expect(names.length).toBeGreaterThanOrEqual(3);
    expect(names).toEqual(expect.arrayContaining(["inventory", "notifications", "payments"]));
  });

  it.each(names)("%s: packages/clients/%s/src/generated is up to date", async (name) => {
    const options = workspaceSpec(REPO_ROOT, name);
    const rendered = await renderClient(options);
    expect(driftedFiles(options.out, rendered.files)).toEqual([]);
    expect(options.out).toBe(join(REPO_ROOT, "packages", "clients", name, "src", "generated"));
  });
});
