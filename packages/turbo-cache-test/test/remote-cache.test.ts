import { createHash } from "node:crypto";
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cloneWorkspace } from "./clone-workspace.js";
import { cleanEnv, runCommand } from "./run-command.js";
import { cacheTable, runTurbo, type TurboRun } from "./run-turbo.js";
import { type CacheServer, startCacheServer } from "./start-cache-server.js";

// Integration test of turbo remote caching: a second clean clone gets `generate` and `build` from a self-hosted remote cache.
// Two real clones of HEAD, a real turborepo-remote-cache server on 127.0.0.1, real turbo runs.

const REPO_ROOT = resolve(import.meta.dirname, "../../..");
const CLIENTS = ["inventory", "notifications", "payments"] as const;
const TEAM = "outbound";
const TOKEN = `trc-${process.pid}-${Date.now()}`;
const RUN_ARGS = ["generate", "build", "--filter=./packages/clients/*"];
// `build` of the clients pulls in `^build` of their workspace dependencies (resilience, codegen).
const TASKS = [
  "@outbound/codegen#build",
  "@outbound/inventory#build",
  "@outbound/inventory#generate",
  "@outbound/notifications#build",
  "@outbound/notifications#generate",
  "@outbound/payments#build",
  "@outbound/payments#generate",
  "@outbound/resilience#build",
];
const STEP_MS = 180_000;

let work: string;
let storage: string;
let server: CacheServer;
let turboEnv: NodeJS.ProcessEnv;
const clone1 = (): string => join(work, "clone-1");
const clone2 = (): string => join(work, "clone-2");
const figures: string[] = [];

function allAs(value: string): Record<string, string> {
  return Object.fromEntries(TASKS.map((id) => [id, value]));
}

/** sha256 of every file under `dir`, keyed by path relative to the clone: what must be byte-identical. */
function fingerprint(root: string, dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else out[relative(root, path)] = createHash("sha256").update(readFileSync(path)).digest("hex");
    }
  };
  walk(join(root, dir));
  return out;
}

function clientOutputs(root: string): Record<string, string> {
  return Object.assign(
    {},
    ...CLIENTS.flatMap((name) => [
      fingerprint(root, `packages/clients/${name}/src/generated`),
      fingerprint(root, `packages/clients/${name}/dist`),
    ]),
  );
}

function otherTasks(table: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(table).filter(([id]) => !id.startsWith("@outbound/payments#")));
}

function record(label: string, run: TurboRun): void {
  const line = `${label}: ${run.wallMs} ms`;
  figures.push(line);
  console.log(`[turbo-cache-test] ${line}`);
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "outbound-turbo-cache-"));
  storage = join(work, "cache-storage");
  server = await startCacheServer({ storagePath: storage, token: TOKEN });
  const env = cleanEnv({});
  const [one, two] = await Promise.all([
    cloneWorkspace(REPO_ROOT, clone1(), env),
    cloneWorkspace(REPO_ROOT, clone2(), env),
  ]);
  figures.push(`clone+install: clone-1 ${one.cloneMs}+${one.installMs} ms, clone-2 ${two.cloneMs}+${two.installMs} ms`);
  turboEnv = cleanEnv({ TURBO_API: server.url, TURBO_TOKEN: TOKEN, TURBO_TEAM: TEAM });
}, STEP_MS);

afterAll(async () => {
  console.log(`[turbo-cache-test] figures:\n  ${figures.join("\n  ")}`);
  await server?.close();
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
}, 120_000);

describe("turbo remote cache on a self-hosted turborepo-remote-cache server", () => {
  let first: TurboRun;

  it(
    "clone 1, cold: every generate and build task runs and its artifact is uploaded",
    async () => {
      first = await runTurbo(clone1(), RUN_ARGS, turboEnv);
      record("clone-1 cold (all miss)", first);
      expect(cacheTable(first)).toEqual(allAs("MISS"));
      const uploaded = readdirSync(join(storage, TEAM)).sort();
      const hashes = [...first.tasks.values()].map((task) => task.hash).sort();
      expect(uploaded).toEqual(hashes);
      for (const hash of hashes) expect(statSync(join(storage, TEAM, hash)).size).toBeGreaterThan(0);
    },
    STEP_MS,
  );

  it(
    "clone 1, again: an unchanged spec and generator is a local cache hit with the same hashes",
    async () => {
      const again = await runTurbo(clone1(), RUN_ARGS, turboEnv);
      record("clone-1 warm (local hit)", again);
      expect(cacheTable(again)).toEqual(allAs("HIT LOCAL"));
      for (const [id, task] of again.tasks) expect(task.hash).toBe(first.tasks.get(id)?.hash);
    },
    STEP_MS,
  );

  it(
    "clone 2, clean: every task is a remote hit, dist/ restored byte-identical, generated code as committed",
    async () => {
      // The clean clone has the committed generated code and no dist/: dist/ can only come from the cache.
      expect(existsSync(join(clone2(), "packages/clients/payments/dist"))).toBe(false);
      const second = await runTurbo(clone2(), RUN_ARGS, turboEnv);
      record("clone-2 clean (remote hit)", second);
      expect(cacheTable(second)).toEqual(allAs("HIT REMOTE"));
      for (const [id, task] of second.tasks) expect(task.hash).toBe(first.tasks.get(id)?.hash);
      // The generator did not run, yet its one-line summary is there: turbo replays the log stored with the artifact.
      expect(second.output).toContain("@outbound/payments:generate: cache hit, replaying logs");
      expect(second.output).toContain(
        "@outbound/payments:generate: ✓ payments: 5 operations (3 idempotent, 2 keyed, 0 unsafe)",
      );
      expect(clientOutputs(clone2())).toEqual(clientOutputs(clone1()));
      const status = await runCommand(
        ["git", "status", "--porcelain", "--", "packages/clients", "specs"],
        clone2(),
        turboEnv,
      );
      expect(status.output).toBe("");
    },
    STEP_MS,
  );

  it(
    "clone 1, a spec edited: only that client's generate and build run again, and are uploaded",
    async () => {
      const manifest = join(clone1(), "packages/clients/payments/src/generated/manifest.json");
      const manifestBefore = readFileSync(manifest, "utf8");
      appendFileSync(join(clone1(), "specs/payments/openapi.yaml"), "# edited by turbo-cache-test\n");
      const edited = await runTurbo(clone1(), RUN_ARGS, turboEnv);
      record("clone-1 after editing specs/payments", edited);
      const table = cacheTable(edited);
      expect(table["@outbound/payments#generate"]).toBe("MISS");
      expect(table["@outbound/payments#build"]).toBe("MISS");
      // The spec's sha256 in the manifest moved with the edit (that is why the payments build re-ran).
      expect(readFileSync(manifest, "utf8")).not.toBe(manifestBefore);
      // Each client's turbo.json keys its `generate` on its own spec and the generator, and only client builds
      // depend on `generate`: the other six tasks stay cached.
      figures.push(`after the payments edit, the other tasks: ${JSON.stringify(otherTasks(table))}`);
      expect(otherTasks(table)).toEqual({
        "@outbound/codegen#build": "HIT LOCAL",
        "@outbound/inventory#build": "HIT LOCAL",
        "@outbound/inventory#generate": "HIT LOCAL",
        "@outbound/notifications#build": "HIT LOCAL",
        "@outbound/notifications#generate": "HIT LOCAL",
        "@outbound/resilience#build": "HIT LOCAL",
      });
      expect(existsSync(join(storage, TEAM, edited.tasks.get("@outbound/payments#generate")?.hash ?? "-"))).toBe(true);
    },
    STEP_MS,
  );
});
