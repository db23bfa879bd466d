import { cpSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli/run-cli.js";
import { REPO_ROOT } from "./helpers/shared-paths.js";
import { makeTempDir, removeTempDir } from "./helpers/temp-output.js";

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeTempDir));

/** A stream that says it is a terminal, recording what is drawn on it. */
function fakeTerminal(): { stream: NodeJS.WriteStream; text: () => string } {
  const chunks: string[] = [];
  const stream = new PassThrough() as unknown as NodeJS.WriteStream & { isTTY: boolean; columns: number };
  stream.isTTY = true;
  stream.columns = 100;
  stream.on("data", (chunk: Buffer) => chunks.push(chunk.toString("utf8")));
  Object.assign(stream, {
    cursorTo: () => true,
    clearLine: () => true,
    moveCursor: () => true,
    clearScreenDown: () => true,
  });
  return { stream, text: () => chunks.join("") };
}

describe("outbound generate progress", () => {
  it("draws a bar on a terminal and prints each summary above it; plain lines without a terminal", async () => {
    const repo = makeTempDir("progress");
    dirs.push(repo);
    writeFileSync(join(repo, "pnpm-workspace.yaml"), "packages: []\n");
    for (const name of ["payments", "notifications"])
      cpSync(join(REPO_ROOT, "specs", name), join(repo, "specs", name), { recursive: true });
    const cwd = process.cwd();
    process.chdir(repo);
    try {
      const terminal = fakeTerminal();
      const out: string[] = [];
      const code = await runCli(["node", "outbound", "generate"], {
        out: (l) => out.push(l),
        err: (l) => out.push(l),
        progressStream: terminal.stream,
      });
      await new Promise((resolve) => setImmediate(resolve));
      expect(code).toBe(0);
      expect(terminal.text()).toMatch(/generating \[[█░]+\] [012]\/2/);
      expect(terminal.text()).toContain("✓ notifications: 1 operation (0 idempotent, 0 keyed, 1 unsafe)");
      expect(out).toEqual(["2 generated, 0 failed"]);
      const plain: string[] = [];
      expect(
        await runCli(["node", "outbound", "generate"], { out: (l) => plain.push(l), err: (l) => plain.push(l) }),
      ).toBe(0);
      expect(plain.map((l) => l.replace(/ in \d+ ms$/, ""))).toEqual([
        "✓ notifications: 1 operation (0 idempotent, 0 keyed, 1 unsafe) → packages/clients/notifications/src/generated",
        "✓ payments: 5 operations (3 idempotent, 2 keyed, 0 unsafe) → packages/clients/payments/src/generated",
        "2 generated, 0 failed",
      ]);
    } finally {
      process.chdir(cwd);
    }
  });
});
