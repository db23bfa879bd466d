import { copyFileSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { analyzeSpec } from "../src/analyze-spec.js";
import { diffSpecs } from "../src/diff/diff-specs.js";
import { generateClient } from "../src/generate.js";
import { countClasses } from "../src/operation-model.js";
import { CORPUS_DIR, CORPUS_PRESENT } from "./helpers/shared-paths.js";
import { makeTempDir, removeTempDir } from "./helpers/temp-output.js";
import { emitDeclarations, typeCheck } from "./helpers/type-check.js";

/**
 * Every spec of shared/specs-corpus (path from OUTBOUND_SPECS_CORPUS), with the outcome expected of it: the
 * operations per class, or the clear error. Stripe declares its Idempotency-Key only in prose, so our overlay
 * (test/fixtures/corpus) declares it on POST; Adyen Checkout declares the header itself.
 */
const CORPUS = [
  {
    name: "stripe",
    root: "stripe/spec3.yaml",
    overlay: "stripe-idempotency-overlay.yaml",
    counts: { total: 468, idempotent: 246, keyed: 222, unsafe: 0 },
  },
  {
    name: "github",
    root: "github/api.github.com.json",
    counts: { total: 771, idempotent: 603, keyed: 0, unsafe: 168 },
  },
  {
    name: "digitalocean",
    root: "digitalocean/specification/DigitalOcean-public.v2.yaml",
    counts: { total: 659, idempotent: 502, keyed: 0, unsafe: 157 },
  },
  { name: "box", root: "box/openapi.json", counts: { total: 296, idempotent: 220, keyed: 0, unsafe: 76 } },
  { name: "discord", root: "discord/openapi.json", counts: { total: 242, idempotent: 166, keyed: 0, unsafe: 76 } },
  {
    name: "adyen-checkout",
    root: "adyen-checkout/CheckoutService-v72.json",
    counts: { total: 28, idempotent: 4, keyed: 22, unsafe: 2 },
  },
  {
    name: "overseerr",
    root: "overseerr/overseerr-api.yml",
    counts: { total: 170, idempotent: 115, keyed: 0, unsafe: 55 },
  },
  {
    name: "camara-qod",
    root: "camara-qod/code/API_definitions/quality-on-demand.yaml",
    // its root sits in API_definitions/ and `$ref`s ../common/: the spec's folder is code/
    specFolder: "camara-qod/code",
    counts: { total: 5, idempotent: 2, keyed: 0, unsafe: 3 },
  },
  {
    name: "slack-web",
    // Swagger 2.0, converted to OpenAPI 3.0 before generating
    root: "slack-web/slack_web_openapi_v2.json",
    counts: { total: 174, idempotent: 80, keyed: 0, unsafe: 94 },
  },
  {
    name: "redocly-museum",
    root: "redocly-museum/openapi.yaml",
    counts: { total: 8, idempotent: 5, keyed: 0, unsafe: 3 },
  },
] as const;

/**
 * test/fixtures/corpus/docs-calls/<name>.ts: calls written as the downstream's published API docs write them
 * (a create call with only the required fields, a discriminated union narrowed on its wire value), importing
 * `./generated/client.gen.js`; copied beside the generated client and type-checked with it.
 */
const docsCallsFixture = (name: string): string =>
  join(import.meta.dirname, "fixtures", "corpus", "docs-calls", `${name}.ts`);

const SKIP_REASON = `specs corpus not found at ${CORPUS_DIR} (set OUTBOUND_SPECS_CORPUS)`;
const root = makeTempDir("corpus");
const generated: string[] = [];
afterAll(() => removeTempDir(root));

describe("specs corpus", () => {
  it.runIf(process.env.CI === "true")("is present (required under CI=true)", () => {
    expect({ present: CORPUS_PRESENT, dir: CORPUS_DIR }).toEqual({ present: true, dir: CORPUS_DIR });
  });

  for (const spec of CORPUS) {
    it(`${spec.name}: ${spec.counts.total} operations → ${spec.counts.idempotent} idempotent, ${spec.counts.keyed} keyed, ${spec.counts.unsafe} unsafe`, async (ctx) => {
      if (!CORPUS_PRESENT) ctx.skip(SKIP_REASON);
      const out = join(root, spec.name, "generated");
      const overlay = "overlay" in spec ? join(import.meta.dirname, "fixtures", "corpus", spec.overlay) : undefined;
      const specFolder = "specFolder" in spec ? join(CORPUS_DIR, spec.specFolder) : undefined;
      const result = await generateClient({
        spec: join(CORPUS_DIR, spec.root),
        out,
        name: spec.name,
        overlay,
        specFolder,
      });
      expect(result.counts).toEqual(spec.counts);
      expect(new Set(result.operations.map((o) => o.methodName)).size).toBe(spec.counts.total);
      expect(
        result.operations
          .filter((o) => o.class === "keyed")
          .every((o) => o.idempotencyHeader?.toLowerCase() === "idempotency-key"),
      ).toBe(true);
      generated.push(out);
    }, 60_000);
  }

  it("stripe without our overlay: its POST operations are unsafe (the key is only in prose); diff with itself is empty", async (ctx) => {
    if (!CORPUS_PRESENT) ctx.skip(SKIP_REASON);
    const stripe = await analyzeSpec({ spec: join(CORPUS_DIR, "stripe/spec3.yaml") });
    expect(countClasses(stripe.operations)).toEqual({ total: 468, idempotent: 246, keyed: 0, unsafe: 222 });
    expect(diffSpecs(stripe, stripe)).toEqual([]);
  }, 60_000);

  it("slack-web (Swagger 2.0): the summary says it was converted", async (ctx) => {
    if (!CORPUS_PRESENT) ctx.skip(SKIP_REASON);
    const slack = await analyzeSpec({ spec: join(CORPUS_DIR, "slack-web/slack_web_openapi_v2.json") });
    expect([slack.loaded.convertedFrom, slack.loaded.openapi]).toEqual(["Swagger 2.0", "3.0.0"]);
  }, 60_000);

  it("every generated client type-checks under strict (one TypeScript program), with the calls as the docs write them", (ctx) => {
    if (!CORPUS_PRESENT) ctx.skip(SKIP_REASON);
    expect(generated).toHaveLength(CORPUS.length);
    const files = generated.flatMap((out) => ["client.gen.ts", "enums.gen.ts"].map((f) => join(out, f)));
    const docsCalls = CORPUS.map((spec) => spec.name).filter((name) => existsSync(docsCallsFixture(name)));
    expect(docsCalls).toEqual(["stripe", "digitalocean", "adyen-checkout", "slack-web"]);
    for (const name of docsCalls) {
      // no casts, no suppressed diagnostics: the calls compile as written
      const code = readFileSync(docsCallsFixture(name), "utf8").replace(/^\s*\/\/.*$/gm, "");
      expect(code).not.toMatch(/\bas\s+[A-Za-z{([]|@ts-|<[A-Za-z]+>\s*\w/);
      copyFileSync(docsCallsFixture(name), join(root, name, "docs-calls.ts"));
    }
    const calls = docsCalls.map((name) => join(root, name, "docs-calls.ts"));
    expect(typeCheck([...files, ...calls], root).errors).toEqual([]);
  }, 240_000);

  it("the Stripe client (468 operations) emits declarations: its client type is named, never inferred (no TS7056)", (ctx) => {
    if (!CORPUS_PRESENT) ctx.skip(SKIP_REASON);
    const stripe = join(root, "stripe", "generated", "client.gen.ts");
    const { errors, dts } = emitDeclarations([stripe], root);
    expect(errors).toEqual([]);
    expect(dts.get(stripe)).toContain(
      "export declare function createStripeClient(options: StripeClientOptions): StripeClient;",
    );
  }, 240_000);
});
