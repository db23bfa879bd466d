// `pnpm bench` (full) and `pnpm bench --smoke`: runs the benchmarks, prints Markdown tables, writes the JSON
// (results/latest.json, or results/smoke.json for --smoke) and the same Markdown next to it.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { FULL_PROFILE, SMOKE_PROFILE } from "./bench-profile.js";
import { BENCH_ROOT } from "./internal/paths.js";
import { renderReport } from "./render-report.js";
import { type BenchResults, mergeResults } from "./results.js";
import { runBench, SECTIONS, type Section } from "./run-bench.js";

const USAGE = `Usage: pnpm bench [--smoke] [--only ${SECTIONS.join(",")}] [--out <file.json>] [--note <text>]...

  --smoke   tiny counts, one run each (CI); writes results/smoke.json unless --out is given
  --only    run these sections only (comma-separated)
  --out     where to write the JSON (default results/latest.json); Markdown goes next to it (.md)
  --note    a note recorded in the results (e.g. what else was running on the machine)
  --merge   keep the sections of the existing --out file that this run does not redo (with --only)`;

function readPrevious(file: string): BenchResults {
  if (!existsSync(file)) throw new Error(`--merge: ${file} does not exist; run without --merge first.`);
  return JSON.parse(readFileSync(file, "utf8")) as BenchResults;
}

function parse() {
  const { values } = parseArgs({
    options: {
      smoke: { type: "boolean", default: false },
      only: { type: "string" },
      out: { type: "string" },
      note: { type: "string", multiple: true },
      merge: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const sections = values.only?.split(",").map((s) => s.trim()) ?? [...SECTIONS];
  const unknown = sections.filter((s) => !(SECTIONS as readonly string[]).includes(s));
  if (unknown.length > 0)
    throw new Error(`Unknown section(s) ${unknown.join(", ")} in --only; choose from ${SECTIONS.join(", ")}.`);
  const out = resolve(values.out ?? join(BENCH_ROOT, "results", values.smoke ? "smoke.json" : "latest.json"));
  return {
    help: values.help,
    smoke: values.smoke,
    merge: values.merge,
    sections: sections as Section[],
    out,
    notes: values.note ?? [],
  };
}

try {
  const args = parse();
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const fresh = await runBench({
    profile: args.smoke ? SMOKE_PROFILE : FULL_PROFILE,
    sections: args.sections,
    notes: args.notes,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  const results = args.merge ? mergeResults(readPrevious(args.out), fresh) : fresh;
  const report = renderReport(results);
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(args.out, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(args.out.replace(/\.json$/, ".md"), report);
  process.stdout.write(`${report}\nWrote ${args.out}\n`);
} catch (error) {
  process.stderr.write(`bench: ${(error as Error).message}\n${USAGE}\n`);
  process.exit(1);
}
