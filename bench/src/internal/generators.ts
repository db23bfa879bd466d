import { join } from "node:path";
import { BIN, corpusDir } from "./paths.js";

/** A code generator the bench runs as a child process, as a user would from the command line. */
export interface Generator {
  /** Key in the results (`outbound`, `openapiTypescript`, `heyApi`, `orval`). */
  readonly key: GeneratorKey;
  /** Name shown in tables. */
  readonly label: string;
  /** `node` arguments that generate `spec` (named `name`) into the empty folder `outDir`. */
  args(spec: string, name: string, outDir: string): string[];
}

/** Keys of the generators compared. */
export type GeneratorKey = "outbound" | "openapiTypescript" | "heyApi" | "orval";

/** Outbound: types + operations metadata + client (`outbound generate --spec`). */
export const OUTBOUND: Generator = {
  key: "outbound",
  label: "outbound generate",
  // --spec-folder: a multi-file corpus spec (camara-qod) reads `../common/…` beside its root file's folder.
  args: (spec, name, outDir) => [
    BIN.outbound,
    "generate",
    "--spec",
    spec,
    "--spec-folder",
    join(corpusDir(), name),
    "--out",
    outDir,
    "--name",
    name,
  ],
};

/** openapi-typescript alone: types only (what Outbound's schema.gen.ts is built on). */
export const OPENAPI_TYPESCRIPT: Generator = {
  key: "openapiTypescript",
  label: "openapi-typescript",
  args: (spec, _name, outDir) => [BIN.openapiTypescript, spec, "--output", join(outDir, "schema.ts")],
};

/** @hey-api/openapi-ts with its defaults (types + SDK + fetch client). */
export const HEY_API: Generator = {
  key: "heyApi",
  label: "@hey-api/openapi-ts",
  args: (spec, _name, outDir) => [BIN.heyApi, "--input", spec, "--output", outDir],
};

/** Orval with the fetch client (types + one function per operation). */
export const ORVAL: Generator = {
  key: "orval",
  label: "orval (fetch)",
  args: (spec, _name, outDir) => [BIN.orval, "--input", spec, "--output", join(outDir, "api.ts"), "--client", "fetch"],
};

/** Every generator, in table order. */
export const GENERATORS: readonly Generator[] = [OUTBOUND, OPENAPI_TYPESCRIPT, HEY_API, ORVAL];
