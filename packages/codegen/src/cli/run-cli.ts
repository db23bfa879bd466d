import { Command, CommanderError } from "commander";
import { isGenerationError } from "../internal/generation-error.js";
import { generatorVersion } from "../internal/generator-version.js";
import { addCommand } from "./add-command.js";
import { checkCommand } from "./check-command.js";
import type { CliIo } from "./cli-io.js";
import { diffCommand } from "./diff-command.js";
import { generateCommand } from "./generate-command.js";

/**
 * Runs the `outbound` CLI on `argv` (as `process.argv`) and resolves to the exit code: 0 on success, 1 on bad
 * input or drift, 2 when `diff` finds a breaking change. Input errors print one paragraph (file, line or pointer, fix) and never a stack trace.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = new Command("outbound")
    .description("Compile downstream OpenAPI specs into typed Outbound client packages.")
    .version(generatorVersion())
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  let code = 0;
  program
    .command("generate")
    .description(
      "generate packages/clients/<name>/src/generated from specs/<name>/ (all specs when no name is given), or one spec with --spec/--out",
    )
    .argument("[names...]", "spec folder names under specs/")
    .option("--spec <file>", "root file of a spec outside specs/ (needs --out)")
    .option("--out <dir>", "output folder for --spec")
    .option("--name <name>", "downstream name for --spec (default: the spec's folder name)")
    .option("--overlay <file>", "OpenAPI Overlay 1.0 file to apply (with --spec)")
    .option("--config <file>", "outbound.config.yaml to apply (with --spec)")
    .option(
      "--spec-folder <dir>",
      "folder the spec may read files from; a $ref outside it is refused (with --spec; default: the root file's folder)",
    )
    .action(async (names: string[], options: Record<string, string | undefined>) => {
      code = await generateCommand(names, options, io);
    });
  program
    .command("check")
    .description("regenerate in memory and compare with the committed output; exit 1 on drift")
    .argument("[names...]", "spec folder names under specs/")
    .action(async (names: string[]) => {
      code = await checkCommand(names, io);
    });
  program
    .command("diff")
    .description("breaking changes between two versions of a spec (exit 2 when any)")
    .argument("[specs...]", "old and new spec files, or with --base: spec names under specs/")
    .option("--base <git-ref>", "compare specs/<name>/ with its version at this git revision")
    .option("--json", "print JSON for machines instead of a table")
    .action(async (specs: string[], options: { base?: string; json?: boolean }) => {
      code = await diffCommand(specs, options, io);
    });
  program
    .command("add")
    .description("copy a spec into specs/<name>/, scaffold packages/clients/<name> and generate it")
    .argument("<name>", "downstream name (lower-case letters, digits, dashes)")
    .requiredOption("--spec <path>", "the spec's root file, or the folder holding all of its files")
    .option(
      "--root <file>",
      "the root file of a --spec folder (default: openapi.yaml|yml|json, else the one file with an openapi/swagger key that no other file references)",
    )
    .action(async (name: string, options: { spec: string; root?: string }) => {
      code = await addCommand(name, options.spec, io, options.root);
    });
  try {
    await program.parseAsync([...argv]);
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 1;
    io.err(isGenerationError(error) ? error.message : `outbound: ${(error as Error).message ?? String(error)}`);
    return 1;
  }
}
