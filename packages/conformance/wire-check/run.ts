/**
 * `pnpm wire-check`: an independent cross-check of what the generated clients put on the wire. For every spec of the
 * corpus, Stoplight Prism (`@stoplight/prism-cli`, a request validator no one here wrote) is started in mock mode on
 * 127.0.0.1 with `--errors`, the same calls the wire-conformance test sends (one per operation, from the spec's
 * examples or openapi-sampler samples) go through the generated client to it, and what Prism did with each request
 * is tallied: accepted, or rejected by cause (Prism's error type and the location of its first violation).
 *
 * Writes wire-check/results/latest.json and latest.md. Kept out of `pnpm test`: it takes minutes per large spec.
 * Environment: WIRE_CHECK_LOAD_TIMEOUT_S (default 300) bounds how long Prism may take to load one spec;
 * WIRE_CHECK_SPECS (comma-separated corpus names) limits the run.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { isObject, type JsonObject } from "../test/support/json-ref.js";
import { CORPUS_DIR, CORPUS_PRESENT } from "../test/support/paths.js";
import { runDirectory } from "../test/support/subjects.js";
import {
  buildCalls,
  inPool,
  loadWireSubject,
  sendCall,
  serversAt,
  WIRE_CORPUS,
  type WireCall,
  type WireSpec,
} from "../test/support/wire-calls.js";
import { type PrismVerdict, readPrismVerdict } from "./prism-verdict.js";
import { renderTable, type SpecResult } from "./render-table.js";

const LOAD_TIMEOUT_S = Number(process.env.WIRE_CHECK_LOAD_TIMEOUT_S ?? 300);
const ONLY = (process.env.WIRE_CHECK_SPECS ?? "").split(",").filter((s) => s !== "");
const PRISM_BIN = join(import.meta.dirname, "..", "node_modules", ".bin", "prism");
const RESULTS = join(import.meta.dirname, "results");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts Prism on the spec; resolves once it listens, or rejects after the load timeout (the process is killed). */
function startPrism(specFile: string, port: number): Promise<{ child: ChildProcess; loadMs: number }> {
  const started = performance.now();
  const child = spawn("nice", [PRISM_BIN, "mock", "--errors", "-h", "127.0.0.1", "-p", String(port), specFile], {
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => {
      stopPrism(child);
      reject(new Error(`not loaded within ${LOAD_TIMEOUT_S} s`));
    }, LOAD_TIMEOUT_S * 1000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (/Prism is listening/.test(output)) {
        clearTimeout(timer);
        resolve({ child, loadMs: performance.now() - started });
      }
      if (output.length > 200_000) output = output.slice(-100_000);
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      const lines = output.trim().split("\n");
      const message = lines.find((l) => /message|Error:/.test(l)) ?? "";
      const last = [message.trim(), ...lines.slice(-2).map((l) => l.trim())].filter((l) => l !== "").join(" / ");
      reject(new Error(`Prism exited (${code}) before listening: ${last.slice(0, 300)}`));
    });
  });
}

/** Ends the Prism process group this script started (nice + node), by its id. */
function stopPrism(child: ChildProcess): void {
  if (child.pid !== undefined && child.exitCode === null) {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      child.kill("SIGTERM");
    }
  }
}

/**
 * Headers carrying a placeholder credential for the spec's security schemes (OpenAPI 3.1 §4.8.27): `Authorization`
 * for the first HTTP (bearer or basic), OAuth 2 or OpenID Connect scheme, and every API key sent in a header.
 */
function credentialHeaders(document: JsonObject): Record<string, string> {
  const components = isObject(document.components) ? document.components : {};
  const schemes = isObject(components.securitySchemes)
    ? Object.values(components.securitySchemes).filter(isObject)
    : [];
  const headers: Record<string, string> = {};
  for (const scheme of schemes) {
    if (scheme.type === "apiKey" && scheme.in === "header" && typeof scheme.name === "string")
      headers[scheme.name.toLowerCase()] = "wire-check";
    if (headers.authorization !== undefined) continue;
    if (scheme.type === "http" && String(scheme.scheme).toLowerCase() === "basic")
      headers.authorization = `Basic ${Buffer.from("wire:check").toString("base64")}`;
    else if (scheme.type === "http" || scheme.type === "oauth2" || scheme.type === "openIdConnect")
      headers.authorization = "Bearer wire-check";
  }
  return headers;
}

async function checkSpec(spec: WireSpec, runDir: string): Promise<SpecResult> {
  const started = performance.now();
  const subject = await loadWireSubject(spec, runDir);
  const calls = buildCalls(subject);
  const base = { name: spec.name, operations: calls.length };
  const port = await freePort();
  let prism: Awaited<ReturnType<typeof startPrism>>;
  try {
    prism = await startPrism(join(CORPUS_DIR, spec.root), port);
  } catch (error) {
    return { ...base, loaded: false, note: (error as Error).message, verdicts: [], ms: performance.now() - started };
  }
  try {
    const url = `http://127.0.0.1:${port}`;
    // Prism checks security; the check sends a credential so that a missing one is not what it reports.
    const client = subject.createClient({
      baseUrl: url,
      servers: serversAt(subject, url),
      retry: { maxAttempts: 1 },
      // One call per operation: a breaker per operation never sees enough calls to open.
      breaker: { scope: "operation", windowSize: 20, minimumCalls: 20 },
      headers: credentialHeaders(subject.document),
    });
    const verdicts = await inPool(calls, 4, async (call: WireCall): Promise<PrismVerdict> => {
      // Prism builds some mocks slowly (Discord: seconds); a reused keep-alive socket it closed loses one request.
      let end = await sendCall(client, call, {}, 60_000);
      if (/ECONNRESET|socket hang up/.test(end.error ?? "")) end = await sendCall(client, call, {}, 60_000);
      return readPrismVerdict(call, end);
    });
    return { ...base, loaded: true, loadMs: prism.loadMs, verdicts, ms: performance.now() - started };
  } finally {
    stopPrism(prism.child);
  }
}

async function main(): Promise<void> {
  if (!CORPUS_PRESENT) throw new Error(`specs corpus not found at ${CORPUS_DIR} (set OUTBOUND_SPECS_CORPUS)`);
  const runDir = runDirectory();
  const results: SpecResult[] = [];
  try {
    for (const spec of WIRE_CORPUS.filter((s) => ONLY.length === 0 || ONLY.includes(s.name))) {
      process.stdout.write(`${spec.name}: `);
      const result = await checkSpec(spec, runDir);
      results.push(result);
      const accepted = result.verdicts.filter((v) => v.accepted).length;
      console.log(
        result.loaded ? `${accepted}/${result.operations} accepted (${Math.round(result.ms / 1000)} s)` : result.note,
      );
    }
  } finally {
    rmSync(runDir, { recursive: true, force: true });
  }
  mkdirSync(RESULTS, { recursive: true });
  const { markdown, json } = renderTable(results, { loadTimeoutS: LOAD_TIMEOUT_S, prism: "5.16.0" });
  writeFileSync(join(RESULTS, "latest.json"), `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(join(RESULTS, "latest.md"), markdown);
  console.log(`wrote ${join(RESULTS, "latest.md")}`);
}

await main();
