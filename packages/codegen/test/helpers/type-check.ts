import { resolve, sep } from "node:path";
import ts from "typescript";

/** The strict options of tsconfig.base.json that generated code must pass (cases 002–006: "tsc --strict"). */
export const STRICT_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  lib: ["lib.es2023.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"],
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  customConditions: ["@outbound/source"],
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  noImplicitOverride: true,
  skipLibCheck: true,
  noEmit: true,
  types: ["node"],
};

/** One diagnostic as `file:line:col TSxxxx message` (file relative to `base`). */
export interface TypeCheckResult {
  /** Diagnostics in files under `onlyUnder` (all files when not given). */
  readonly errors: string[];
  /** The program, for symbol and type queries. */
  readonly program: ts.Program;
}

/**
 * Type-checks `rootFiles` (and what they import) in one program with {@link STRICT_OPTIONS}, reporting only
 * diagnostics in files under `onlyUnder`, so work in progress elsewhere in the repo does not blur the result.
 */
export function typeCheck(rootFiles: readonly string[], onlyUnder?: string): TypeCheckResult {
  const program = ts.createProgram({ rootNames: rootFiles.map((f) => resolve(f)), options: STRICT_OPTIONS });
  const prefix = onlyUnder === undefined ? undefined : resolve(onlyUnder) + sep;
  const diagnostics = [
    ...program.getSyntacticDiagnostics(),
    ...program.getSemanticDiagnostics(),
    ...program.getGlobalDiagnostics(),
  ];
  const errors = diagnostics
    .filter((d) => d.category === ts.DiagnosticCategory.Error)
    .filter((d) => prefix === undefined || (d.file !== undefined && resolve(d.file.fileName).startsWith(prefix)))
    .map((d) => {
      const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
      const file = d.file ? d.file.fileName : "(global)";
      return `${file}:${where ? `${where.line + 1}:${where.character + 1}` : ""} TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
  return { errors, program };
}
