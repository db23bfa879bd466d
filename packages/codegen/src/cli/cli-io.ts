/** Where the CLI writes: one call per line. Tests capture it; the binary writes to stdout/stderr. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

/** Process stdout/stderr. */
export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};
