#!/usr/bin/env node
// Prints the one closing line CI reads, `N passed, N failed[, N skipped]`, from Vitest's JSON report.
// Usage: node scripts/test-summary.mjs <vitest-json-report>. Exit 1 when the report is missing or unreadable.
import { readFileSync } from "node:fs";

const file = process.argv[2] ?? "test-results/vitest.json";
let report;
try {
  report = JSON.parse(readFileSync(file, "utf8"));
} catch (error) {
  console.error(`test-summary: cannot read the Vitest report ${file}: ${error.message}. Did the test run start?`);
  process.exit(1);
}
const passed = report.numPassedTests ?? 0;
const failed = (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0);
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`);
