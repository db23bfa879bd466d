import { join } from "node:path";
import type { CorpusSpec } from "./corpus.js";
import { prepareOutboundCli } from "./outbound-cli.js";
import { BIN, corpusDir } from "./paths.js";

/** A code generator the bench runs as a child process, as a user would from the command line. */
export interface Generator {
  /** Key in the results. */
  readonly key: GeneratorKey;
  /** Name shown in tables. */
  readonly label: string;
  /** `node` arguments that generate `spec` into the empty folder `outDir`. */
  args(spec: CorpusSpec, outDir: string): Promise<string[]>;
}

/** Keys of the generators compared. */
export type GeneratorKey = "outbound" | "outboundSource" | "openapiTypescript" | "heyApi" | "orval";

/** `outbound generate` arguments; --spec-folder: camara-qod's root file reads `../common/…` in its corpus folder. */
function outboundArgs(bin: string, spec: CorpusSpec, outDir: string): string[] {
  const folder = join(corpusDir(), spec.name);
  return [bin, "generate", "--spec", spec.rootFile, "--spec-folder", folder, "--out", outDir, "--name", spec.name];
}

/** Outbound, built: types + operations metadata + client, by the bin of an installed @outbound/codegen (dist/). */
export const OUTBOUND: Generator = {
  key: "outbound",
  label: "outbound generate",
  args: async (spec, outDir) => outboundArgs((await prepareOutboundCli()).builtBin, spec, outDir),
};

/** The same bin running the TypeScript source through tsx, as in a fresh clone before `turbo build`. */
export const OUTBOUND_SOURCE: Generator = {
  key: "outboundSource",
  label: "outbound generate (source via tsx)",
  args: async (spec, outDir) => outboundArgs((await prepareOutboundCli()).sourceBin, spec, outDir),
};

/** openapi-typescript alone: types only (what Outbound's schema.gen.ts is built on). */
export const OPENAPI_TYPESCRIPT: Generator = {
  key: "openapiTypescript",
  label: "openapi-typescript",
  args: async (spec, outDir) => [BIN.openapiTypescript, spec.rootFile, "--output", join(outDir, "schema.ts")],
};

/** @hey-api/openapi-ts with its defaults (types + SDK + fetch client). */
export const HEY_API: Generator = {
  key: "heyApi",
  label: "@hey-api/openapi-ts",
  args: async (spec, outDir) => [BIN.heyApi, "--input", spec.rootFile, "--output", outDir],
};

/** Orval with the fetch client (types + one function per operation). */
export const ORVAL: Generator = {
  key: "orval",
  label: "orval (fetch)",
  args: async (spec, outDir) => [
    BIN.orval,
    "--input",
    spec.rootFile,
    "--output",
    join(outDir, "api.ts"),
    "--client",
    "fetch",
  ],
};

/** Every generator, in table order. */
export const GENERATORS: readonly Generator[] = [OUTBOUND, OUTBOUND_SOURCE, OPENAPI_TYPESCRIPT, HEY_API, ORVAL];
