import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, USAGE } from "../src/cli.js";
import type { TestServer } from "../src/index.js";
import { keyed, rawRequest, specOf, until } from "./helpers.js";

const pkg = fileURLToPath(new URL("..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "testkit-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const planFile = join(dir, "plan.yaml");
writeFileSync(
  planFile,
  [
    "faults:",
    '  "POST /charges":',
    "    mode: script",
    "    steps:",
    "      - { kind: reset, commit: true }",
    "  getCharge:",
    "    mode: script",
    "    steps:",
    "      - { kind: respond, status: 503, retryAfter: { seconds: 1 } }",
    "",
  ].join("\n"),
);
const chargeBody = JSON.stringify({ amount: 1, currency: "eur", customerId: "c", paymentMethod: "p" });

function capture(): { io: { stdout: (l: string) => void; stderr: (l: string) => void }; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (l) => out.push(l), stderr: (l) => err.push(l) }, out, err };
}

describe("runCli", () => {
  it("prints the usage for --help and exits 0", async () => {
    const { io, out } = capture();
    expect(await runCli(["--help"], io)).toEqual({ exitCode: 0 });
    expect(out).toEqual([USAGE]);
  });

  it.each([
    [[], "outbound-testkit: --spec is required: the OpenAPI file to serve."],
    [
      ["--spec", "x.yaml", "--port", "99999"],
      'outbound-testkit: --port must be an integer from 0 to 65535, got "99999".',
    ],
    [["--spec", "x.yaml", "--colour"], "outbound-testkit: Unknown option '--colour'"],
    [
      ["--spec", specOf("payments"), "--plan", join(dir, "none.yaml")],
      `outbound-testkit: Cannot read plan file ${join(dir, "none.yaml")}: ENOENT`,
    ],
  ])("rejects %j with one paragraph and the usage, exit 1", async (argv, start) => {
    const { io, err } = capture();
    expect(await runCli(argv, io)).toEqual({ exitCode: 1 });
    expect(err).toHaveLength(1);
    expect(err[0]?.startsWith(start)).toBe(true);
    expect(err[0]?.endsWith(USAGE)).toBe(true);
  });

  it("serves the spec with the plan file's faults and logs each exchange with --log", async () => {
    const { io, out } = capture();
    const result = await runCli(["--spec", specOf("payments"), "--plan", planFile, "--log"], io);
    expect("server" in result).toBe(true);
    const server = (result as { server: TestServer }).server;
    try {
      expect(out[0]).toBe(`listening ${server.url}`);
      expect(
        (await rawRequest(`${server.url}/charges`, { method: "POST", headers: keyed("k"), body: chargeBody })).error,
      ).toBe("ECONNRESET");
      expect(server.ledger.count()).toBe(1);
      const read = await rawRequest(`${server.url}/charges/ch_000001`);
      expect([read.status, read.headers["retry-after"]]).toEqual([503, "1"]);
      await until(() => out.length === 3);
      expect(out.slice(1).map((l) => JSON.parse(l) as unknown)).toEqual([
        {
          seq: 1,
          method: "POST",
          url: "/charges",
          route: "POST /charges",
          fault: "reset",
          outcome: "reset",
          idempotencyKey: "k",
          replayed: false,
        },
        {
          seq: 2,
          method: "GET",
          url: "/charges/ch_000001",
          route: "GET /charges/{chargeId}",
          status: 503,
          fault: "respond",
          outcome: "finished",
          replayed: false,
        },
      ]);
    } finally {
      await server.close();
    }
  });
});

describe("the outbound-testkit bin on plain node", () => {
  const install = join(dir, "pkg");
  beforeAll(() => {
    // Build the package as `pnpm build` does, into a copy beside the real bin, so the test runs exactly what a
    // consumer runs (bin → dist/cli.js) without touching the package's own dist/.
    mkdirSync(install, { recursive: true });
    // TypeScript 7 exports no `typescript/bin/tsc` subpath; its package.json is exported by every version.
    const typescript = dirname(createRequire(join(pkg, "package.json")).resolve("typescript/package.json"));
    const tsc = join(typescript, "bin", "tsc");
    execFileSync(process.execPath, [tsc, "-p", join(pkg, "tsconfig.build.json"), "--outDir", join(install, "dist")], {
      stdio: "pipe",
    });
    cpSync(join(pkg, "bin"), join(install, "bin"), { recursive: true });
    writeFileSync(join(install, "package.json"), JSON.stringify({ type: "module" }));
    symlinkSync(join(pkg, "node_modules"), join(install, "node_modules"), "dir");
  }, 60_000);

  function startBin(args: string[]): { child: ChildProcessWithoutNullStreams; out: () => string; err: () => string } {
    const child = spawn(process.execPath, [join(install, "bin", "outbound-testkit.js"), ...args], { cwd: dir });
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on("data", (c: Buffer) => {
      err += c.toString();
    });
    return { child, out: () => out, err: () => err };
  }

  it("starts from a YAML plan, applies it, and exits 0 on SIGTERM with a summary", async () => {
    const { child, out, err } = startBin(["--spec", specOf("payments"), "--plan", planFile]);
    await until(() => /listening http:\/\/127\.0\.0\.1:\d+\n/.test(out()), 15_000);
    const url = /listening (\S+)\n/.exec(out())?.[1] ?? "";
    expect((await rawRequest(`${url}/charges`, { method: "POST", headers: keyed("k"), body: chargeBody })).error).toBe(
      "ECONNRESET",
    );
    const retry = await rawRequest(`${url}/charges`, { method: "POST", headers: keyed("k"), body: chargeBody });
    expect([retry.status, retry.headers["idempotent-replayed"]]).toEqual([201, "true"]);
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(out()).toBe(`listening ${url}\nclosed; 2 requests, 1 side effects\n`);
    expect(err()).toBe("");
  }, 20_000);

  it("exits 1 naming the file and pointer of a bad plan", async () => {
    const bad = join(dir, "bad.json");
    writeFileSync(
      bad,
      JSON.stringify({ faults: { "POST /charges": { mode: "script", steps: [{ kind: "hang", commit: "yes" }] } } }),
    );
    const { child, err } = startBin(["--spec", specOf("payments"), "--plan", bad]);
    const code = await new Promise<number | null>((resolve) => child.once("exit", (c) => resolve(c)));
    expect(code).toBe(1);
    expect(err().split("\n")[0]).toBe(
      `outbound-testkit: ${bad}#/faults/POST ~1charges at /steps/0/commit must be boolean. A plan is { mode: script, steps: [...] }, { mode: random, seed, mix: [{ weight, fault }] } or { mode: timeline, phases: [{ untilMs, fault }] }; fault kinds: pass, respond, reset, reset-after-headers, hang, truncated-body, malformed-json, empty-body, stream (see FaultPlan in @outbound/testkit).`,
    );
  }, 20_000);

  it("says how to build when dist/ is missing", () => {
    const bare = join(dir, "bare");
    cpSync(join(pkg, "bin"), join(bare, "bin"), { recursive: true });
    let failure: { status: number; stderr: string } | undefined;
    try {
      execFileSync(process.execPath, [join(bare, "bin", "outbound-testkit.js"), "--help"], {
        stdio: "pipe",
        encoding: "utf8",
      });
    } catch (error) {
      failure = error as { status: number; stderr: string };
    }
    expect(failure?.status).toBe(1);
    expect(failure?.stderr).toBe(
      "outbound-testkit: the compiled CLI (packages/testkit/dist/cli.js) is missing. Run `pnpm --filter @outbound/testkit build` (or `pnpm build` at the repo root) first.\n",
    );
  });
});
