import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import type { FaultPlanFile } from "./fault-plan.js";
import { parseFaultPlanFile } from "./parse-fault-plan.js";
import type { RecordedRequest } from "./recorded-request.js";
import { startTestServer, type TestServer } from "./start-test-server.js";
import { isTestkitError } from "./testkit-error.js";

/** Where the CLI writes its lines. */
export interface CliIo {
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
}

/** The result of {@link runCli}: a running server, or an exit code (0 for `--help`, 1 for a usage or input error). */
export type CliResult = { readonly server: TestServer } | { readonly exitCode: number };

export const USAGE = `Usage: outbound-testkit --spec <openapi.yaml|json> [--plan <plan.yaml|json>] [--port <n>] [--log]

Starts the Outbound test server on 127.0.0.1: it serves the spec (validation, examples, state,
Idempotency-Key replay) and applies the fault plans of the plan file, whose shape is
  faults:
    "POST /charges": { mode: script, steps: [{ kind: reset, commit: true }, { kind: pass }] }
Prints "listening <url>" when ready; --log prints one JSON line per finished exchange.
Stops cleanly on SIGINT or SIGTERM.`;

function logLine(record: RecordedRequest): string {
  const { seq, method, url, route, status, fault, outcome, idempotencyKey, replayed } = record;
  return JSON.stringify({ seq, method, url, route, status, fault, outcome, idempotencyKey, replayed });
}

function readPlan(path: string): FaultPlanFile {
  const file = resolve(path);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(
      `Cannot read plan file ${file}: ${(error as Error).message}. Pass an existing YAML or JSON file to --plan.`,
    );
  }
  return parseFaultPlanFile(text, file);
}

/**
 * Parses the arguments, loads spec and plan, starts the server and prints `listening <url>`.
 * Errors (unknown flag, missing --spec, bad port, bad spec or plan) are printed as one paragraph with the fix.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<CliResult> {
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        spec: { type: "string" },
        plan: { type: "string" },
        port: { type: "string" },
        log: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      io.stdout(USAGE);
      return { exitCode: 0 };
    }
    if (values.spec === undefined) throw new Error("--spec is required: the OpenAPI file to serve.");
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65_535)
      throw new Error(`--port must be an integer from 0 to 65535, got ${JSON.stringify(values.port)}.`);
    const faults = values.plan === undefined ? {} : readPlan(values.plan).faults;
    const server = await startTestServer({
      spec: values.spec,
      port,
      faults,
      ...(values.log ? { onExchangeEnd: (record: RecordedRequest) => io.stdout(logLine(record)) } : {}),
    });
    io.stdout(`listening ${server.url}`);
    return { server };
  } catch (error) {
    const message = isTestkitError(error) || error instanceof Error ? error.message : String(error);
    io.stderr(`outbound-testkit: ${message}\n\n${USAGE}`);
    return { exitCode: 1 };
  }
}

/** The process entry of the `outbound-testkit` bin: runs the CLI and closes the server on SIGINT/SIGTERM. */
export async function main(argv: readonly string[]): Promise<void> {
  const result = await runCli(argv, {
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
  });
  if ("exitCode" in result) {
    process.exitCode = result.exitCode;
    return;
  }
  const stop = (): void => {
    void result.server.close().then(() => {
      process.stdout.write(
        `closed; ${result.server.requests.length} requests, ${result.server.ledger.count()} side effects\n`,
      );
    });
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
