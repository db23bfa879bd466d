import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { applyOverlay, generateClient, loadSpec } from "@outbound/codegen";
import type { OperationMeta } from "@outbound/resilience";
import { isObject, type JsonObject } from "./json-ref.js";
import { CORPUS_DIR, GENERATED_ROOT, REPO_ROOT } from "./paths.js";

/** A generated client as the suite drives it: one method per operation, by the operations table's keys. */
export type ClientMethod = (init: unknown, options: Record<string, unknown>) => Promise<unknown>;

/** Options a generated client factory takes (its `…ClientOptions`; only what the suite sets). */
export type ClientFactory = (options: Record<string, unknown>) => Record<string, unknown>;

/** Where a subject comes from, before anything is loaded. */
export interface SubjectSource {
  /** Shown in test names: the client folder name, or the corpus spec's name with ` (corpus)`. */
  readonly label: string;
  /** The downstream's name (`specs/<name>`, the generator's `name`): what its errors and spans carry. */
  readonly downstream: string;
  readonly origin: "workspace" | "corpus";
  /** Spec root file (absolute). */
  readonly spec: string;
  /** OpenAPI Overlay applied to the spec, if any (absolute). */
  readonly overlay?: string;
  /** The client package's folder (workspace subjects). */
  readonly clientDir?: string;
}

/** A subject ready to test: its spec as the server serves it, its operations table and its factory. */
export interface Subject extends SubjectSource {
  /** The bundled (and overlaid) spec document: what the testkit server serves and inputs are built from. */
  readonly document: JsonObject;
  /** The generated operations table, keyed by client method name. */
  readonly operations: Readonly<Record<string, OperationMeta>>;
  readonly createClient: ClientFactory;
}

/** Specs of the corpus the suite generates clients from at test time. */
const CORPUS_SUBJECTS: readonly { readonly name: string; readonly root: string; readonly overlay?: string }[] = [
  {
    name: "stripe",
    root: "stripe/spec3.yaml",
    overlay: join(REPO_ROOT, "packages/codegen/test/fixtures/corpus/stripe-idempotency-overlay.yaml"),
  },
  { name: "adyen-checkout", root: "adyen-checkout/CheckoutService-v72.json" },
  { name: "github", root: "github/api.github.com.json" },
];

interface Manifest {
  readonly spec: { readonly root: string };
  readonly overlay: { readonly file: string } | null;
}

/** Every client package in packages/clients/ that has generated code and a manifest naming its spec. */
export function workspaceSources(): SubjectSource[] {
  const clientsDir = join(REPO_ROOT, "packages", "clients");
  return readdirSync(clientsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(clientsDir, entry.name))
    .filter((dir) => existsSync(join(dir, "src", "generated", "manifest.json")))
    .sort()
    .map((dir) => {
      const manifest = JSON.parse(readFileSync(join(dir, "src", "generated", "manifest.json"), "utf8")) as Manifest;
      return {
        label: basename(dir),
        downstream: basename(dir),
        origin: "workspace" as const,
        spec: resolve(REPO_ROOT, manifest.spec.root),
        clientDir: dir,
        ...(manifest.overlay === null ? {} : { overlay: resolve(REPO_ROOT, manifest.overlay.file) }),
      };
    });
}

/** The corpus subjects (whether or not the corpus is present; the caller checks). */
export function corpusSources(): SubjectSource[] {
  return CORPUS_SUBJECTS.map((s) => ({
    label: `${s.name} (corpus)`,
    downstream: s.name,
    origin: "corpus" as const,
    spec: join(CORPUS_DIR, s.root),
    ...(s.overlay === undefined ? {} : { overlay: s.overlay }),
  }));
}

async function servedDocument(source: SubjectSource): Promise<JsonObject> {
  const loaded = await loadSpec(source.spec);
  if (source.overlay === undefined) return loaded.document;
  return (await applyOverlay(loaded.document, source.overlay)).document;
}

function factoryOf(module: Record<string, unknown>, where: string): ClientFactory {
  const name = Object.keys(module).find((key) => /^create\w+Client$/.test(key));
  const factory = name === undefined ? undefined : module[name];
  if (typeof factory !== "function") throw new Error(`${where} exports no create…Client factory`);
  return factory as ClientFactory;
}

function operationsOf(module: Record<string, unknown>, where: string): Readonly<Record<string, OperationMeta>> {
  if (!isObject(module.operations)) throw new Error(`${where} exports no operations table`);
  return module.operations as Readonly<Record<string, OperationMeta>>;
}

async function importFile(file: string): Promise<Record<string, unknown>> {
  return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
}

/**
 * Loads a subject: a workspace client's operations.gen.ts and the factory its src/index.ts exports; a corpus
 * spec is generated (with its overlay) into a git-ignored folder of this package, `runDir`, and imported from there.
 */
export async function loadSubject(source: SubjectSource, runDir: string): Promise<Subject> {
  const document = await servedDocument(source);
  if (source.clientDir !== undefined) {
    const dir = join(source.clientDir, "src");
    const generated = join(dir, "generated", "operations.gen.ts");
    return {
      ...source,
      document,
      operations: operationsOf(await importFile(generated), generated),
      createClient: factoryOf(await importFile(join(dir, "index.ts")), join(dir, "index.ts")),
    };
  }
  const out = join(runDir, source.downstream, "generated");
  await generateClient({ spec: source.spec, out, name: source.downstream, overlay: source.overlay });
  return {
    ...source,
    document,
    operations: operationsOf(await importFile(join(out, "operations.gen.ts")), out),
    createClient: factoryOf(await importFile(join(out, "client.gen.ts")), out),
  };
}

/** A fresh run folder under {@link GENERATED_ROOT}. */
export function runDirectory(): string {
  return join(GENERATED_ROOT, `run-${process.pid}-${Date.now().toString(36)}`);
}
