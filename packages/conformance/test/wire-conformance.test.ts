import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { CORPUS_DIR, CORPUS_PRESENT, CORPUS_REQUIRED } from "./support/paths.js";
import { runDirectory } from "./support/subjects.js";
import { inPool, WIRE_CORPUS, type WireCall } from "./support/wire-calls.js";
import { runWireSpec, type WireOutcome, type WireRun } from "./support/wire-run.js";

/**
 * Wire conformance: for every operation of every corpus spec, one call built from the spec (the media type's
 * example, else an openapi-sampler sample of its schema; required parameters from their examples or samples) goes
 * through the generated client to a testkit serving the same spec, which validates the request by media type.
 * Every request must fit the spec, except the ones listed with their reason in wire-exceptions.json (values the
 * spec itself gets wrong, or that the sampler cannot produce), asserted exactly.
 */

/**
 * Calls whose body goes in a media type other than `application/json` (form, multipart, bytes, text, `+json`
 * types), per spec, counted from the specs: the calls that exercise request encoding by media type.
 */
const NON_JSON_BODIES: Readonly<Record<string, number>> = {
  stripe: 222,
  github: 2,
  digitalocean: 1,
  box: 14,
  "slack-web": 91,
  discord: 3,
  "adyen-checkout": 0,
  overseerr: 0,
  "camara-qod": 0,
  "redocly-museum": 0,
};

/** One listed exception: a call whose request the testkit rejects, with why that is not the client's fault. */
interface WireException {
  readonly spec: string;
  readonly route: string;
  /** Where the offending value came from: the spec's own `example`, or openapi-sampler. */
  readonly source: "example" | "sample" | "parameters";
  readonly violations: readonly string[];
  readonly why: string;
}

const EXCEPTIONS = JSON.parse(
  readFileSync(join(import.meta.dirname, "wire-exceptions.json"), "utf8"),
) as readonly WireException[];

function asException(spec: string, outcome: WireOutcome): Omit<WireException, "why"> {
  return {
    spec,
    route: outcome.call.route,
    source: outcome.call.bodySource ?? "parameters",
    violations: outcome.violations,
  };
}

const runDir = runDirectory();
const started = performance.now();
const runs: WireRun[] = [];
// Two specs at a time: each one's generation and schema compilation keep a core busy.
if (CORPUS_PRESENT) runs.push(...(await inPool(WIRE_CORPUS, 2, (spec) => runWireSpec(spec, runDir))));
const totalMs = performance.now() - started;

afterAll(() => rmSync(runDir, { recursive: true, force: true }));

describe.runIf(CORPUS_PRESENT)("wire conformance over the specs corpus", () => {
  test("every corpus spec has one call per client method: 2,821 operations, and 5 stream methods beside their JSON ones", () => {
    expect(Object.fromEntries(runs.map((r) => [r.spec.name, r.outcomes.length]))).toEqual({
      stripe: 468,
      github: 771,
      digitalocean: 664, // 659 operations; 5 of them also have a `…Stream` method, called too
      box: 296,
      "slack-web": 174,
      discord: 242,
      "adyen-checkout": 28,
      overseerr: 170,
      "camara-qod": 5,
      "redocly-museum": 8,
    });
    console.info(
      `wire conformance: ${runs.map((r) => `${r.spec.name} ${(r.ms / 1000).toFixed(1)} s`).join(", ")}; total ${(totalMs / 1000).toFixed(1)} s`,
    );
  });

  test("calls with a body in another media type than application/json, per spec", () => {
    const nonJson = (call: WireCall) => {
      const media = call.mediaType?.split(";")[0]?.trim().toLowerCase();
      return media !== undefined && media !== "application/json";
    };
    const counts = Object.fromEntries(runs.map((r) => [r.spec.name, r.outcomes.filter((o) => nonJson(o.call)).length]));
    expect(counts).toEqual(NON_JSON_BODIES);
  });

  test.for(WIRE_CORPUS.map((s) => s.name))(
    "%s: every request fits the spec, or is a listed exception with its reason",
    (name) => {
      const run = runs.find((r) => r.spec.name === name);
      expect(run).toBeDefined();
      const rejected = (run?.outcomes ?? []).filter((o) => o.violations.length > 0).map((o) => asException(name, o));
      const listed = EXCEPTIONS.filter((e) => e.spec === name);
      const byRoute = (a: { route: string }, b: { route: string }) => a.route.localeCompare(b.route);
      expect(rejected.sort(byRoute)).toEqual(listed.map(({ why: _why, ...rest }) => rest).sort(byRoute));
      for (const exception of listed) expect(exception.why.length, `${exception.route}: why`).toBeGreaterThan(20);
    },
  );
});

if (!CORPUS_PRESENT) {
  test("wire conformance · specs corpus present (skipped without it; required under CI=true)", (ctx) => {
    if (CORPUS_REQUIRED) expect.fail(`specs corpus not found at ${CORPUS_DIR}; CI=true requires it`);
    ctx.skip(`specs corpus not found at ${CORPUS_DIR} (set OUTBOUND_SPECS_CORPUS)`);
  });
}
