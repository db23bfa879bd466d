#!/usr/bin/env node
// Prints the one closing line CI reads, `N passed, N failed[, N skipped]`, summed over Vitest JSON reports.
// Usage: node scripts/test-summary.mjs <report.json>...  A file that failed to load counts as failed.
// Exit 1 when a report is missing or unreadable (the run it stands for did not finish).
import { readFileSync } from "node:fs";

const files = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
let unreadable = false;
for (const file of files.length > 0 ? files : ["test-results/vitest.json"]) {
  let report;
  try {
    report = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    console.error(`test-summary: cannot read the Vitest report ${file}: ${error.message}. Did that test run start?`);
    unreadable = true;
    continue;
  }
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // A test file that failed to load has no failed test of its own: count the file.
  for (const file of report.testResults ?? []) {
    const failedInFile = (file.assertionResults ?? []).filter((test) => test.status === "failed").length;
    if (file.status === "failed" && failedInFile === 0) failed += 1;
  }
}
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`);
process.exit(unreadable ? 1 : 0);
