/** Where the CLI writes: one call per line. Tests capture it; the binary writes to stdout/stderr. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** A terminal to draw a progress bar on, when there is one; plain lines only otherwise. */
  readonly progressStream?: NodeJS.WriteStream | undefined;
}

/** Process stdout/stderr. */
export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  progressStream: process.stderr.isTTY && process.stdout.isTTY ? process.stderr : undefined,
};
