import { processIo } from "./cli/cli-io.js";
import { runCli } from "./cli/run-cli.js";

/** Entry of the `outbound` binary. */
process.exitCode = await runCli(process.argv, processIo);
