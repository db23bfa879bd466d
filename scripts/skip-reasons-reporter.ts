import { relative } from "node:path";
import type { Reporter, TestModule } from "vitest/node";

/**
 * A Vitest reporter that ends the run with the reason of every test skipped through `ctx.skip(reason)` (a missing
 * specs corpus, a missing Chromium), one line per reason: how many tests it skipped, in which files (relative to
 * the working directory), and the reason itself, which says how to make them run. Tests skipped without a reason
 * (`it.skip`, `it.todo`) only count in the default reporter's summary. Prints nothing when no test was skipped
 * with a reason.
 */
export class SkipReasonsReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const byReason = new Map<string, { tests: number; files: Set<string> }>();
    for (const testModule of testModules) {
      for (const test of testModule.children.allTests("skipped")) {
        const result = test.result();
        if (result.state !== "skipped" || result.note === undefined) continue;
        const entry = byReason.get(result.note) ?? { tests: 0, files: new Set<string>() };
        entry.tests += 1;
        entry.files.add(relative(process.cwd(), testModule.moduleId));
        byReason.set(result.note, entry);
      }
    }
    if (byReason.size === 0) return;
    const lines = [...byReason].map(
      ([reason, { tests, files }]) =>
        `  ↓ ${tests} test${tests === 1 ? "" : "s"} skipped in ${[...files].sort().join(", ")}: ${reason}`,
    );
    process.stdout.write(`\nSkipped, and why:\n${lines.join("\n")}\n`);
  }
}
