import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { defineConfig } from "vitest/config";
import { SkipReasonsReporter } from "./scripts/skip-reasons-reporter.js";

/** Every workspace package with tests becomes a Vitest project named after its folder. */
function workspaceProjects(): { extends: true; test: { name: string; root: string } }[] {
  const groups = ["packages", "packages/clients", "apps"];
  const packages = groups.flatMap((group) =>
    existsSync(group)
      ? readdirSync(group, { withFileTypes: true })
          .filter((entry) => entry.isDirectory() && existsSync(join(group, entry.name, "package.json")))
          .map((entry) => ({
            extends: true as const,
            test: { name: join(group, entry.name), root: join(group, entry.name) },
          }))
      : [],
  );
  // The bench package sits at the root, beside the packages, so that its results live in bench/results/.
  const bench = existsSync("bench/package.json")
    ? [{ extends: true as const, test: { name: "bench", root: "bench" } }]
    : [];
  return [...packages, ...bench];
}

/** One root config; each package is a project. Source is resolved through the `@outbound/source` export condition. */
export default defineConfig({
  resolve: { conditions: ["@outbound/source"] },
  ssr: { resolve: { conditions: ["@outbound/source"] } },
  test: {
    projects: workspaceProjects(),
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    typecheck: { enabled: true, include: ["src/**/*.test-d.ts", "test/**/*.test-d.ts"] },
    // VITEST_JSON_REPORT lets CI keep one report per Node.js version. The default reporter does not print why a
    // test was skipped; SkipReasonsReporter ends the run with each reason (and so how to make those tests run).
    reporters: [
      "default",
      new SkipReasonsReporter(),
      ["json", { outputFile: process.env.VITEST_JSON_REPORT ?? "test-results/vitest.json" }],
    ],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
