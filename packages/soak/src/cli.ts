import { parseArgs } from "node:util";
import { runSoak } from "./run-soak.js";
import { DEFAULT_SOAK_OPTIONS } from "./soak-options.js";
import { brokenInvariants, formatSoakReport } from "./soak-report.js";

const USAGE = `usage: soak [--calls N] [--rate N] [--concurrency N] [--seed N] [--max-duration-ms N] [--json]
Runs N logical calls (default ${DEFAULT_SOAK_OPTIONS.calls}) through the generated payments and notifications clients
against testkit servers with the conformance fault mix, and prints the figures. Exit 1 when an invariant breaks.`;

function integer(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) {
    process.stderr.write(`soak: --${name} expects a non-negative integer, got "${raw}"\n${USAGE}\n`);
    process.exit(2);
  }
  return Number(raw);
}

async function main(): Promise<void> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse();
  } catch (error) {
    process.stderr.write(`soak: ${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  const { values } = parsed;
  if (values.help === true) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const numbers = {
    calls: integer("calls", values.calls),
    ratePerSecond: integer("rate", values.rate),
    concurrency: integer("concurrency", values.concurrency),
    seed: integer("seed", values.seed),
    maxDurationMs: integer("max-duration-ms", values["max-duration-ms"]),
  };
  const options = Object.fromEntries(Object.entries(numbers).filter(([, value]) => value !== undefined));
  const report = await runSoak({
    ...options,
    onBatch: (done, total) => {
      if (values.json !== true) process.stderr.write(`  ${done} / ${total} calls\n`);
    },
  });
  process.stdout.write(values.json === true ? `${JSON.stringify(report, null, 2)}\n` : `${formatSoakReport(report)}\n`);
  if (brokenInvariants(report).length > 0) process.exitCode = 1;
}

function parse() {
  return parseArgs({
    options: {
      calls: { type: "string" },
      rate: { type: "string" },
      concurrency: { type: "string" },
      seed: { type: "string" },
      "max-duration-ms": { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}

await main();
