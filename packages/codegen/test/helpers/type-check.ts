import { resolve, sep } from "node:path";
import ts from "typescript";

/** The strict options of tsconfig.base.json that generated code must pass (`tsc --strict` and stricter). */
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

/**
 * Emits declarations (`declaration: true`, in memory) for `rootFiles` with {@link STRICT_OPTIONS}: the `.d.ts` text
 * of each root file by its path, and the declaration diagnostics (TS7056 "the inferred type exceeds the maximum
 * length", TS4xxx "cannot be named") of files under `onlyUnder`, formatted as {@link typeCheck} does.
 */
export function emitDeclarations(
  rootFiles: readonly string[],
  onlyUnder: string,
): { readonly errors: string[]; readonly dts: ReadonlyMap<string, string> } {
  const options = { ...STRICT_OPTIONS, noEmit: false, declaration: true, emitDeclarationOnly: true };
  const program = ts.createProgram({ rootNames: rootFiles.map((f) => resolve(f)), options });
  const dts = new Map<string, string>();
  const prefix = resolve(onlyUnder) + sep;
  const errors: string[] = [];
  for (const file of rootFiles) {
    const source = program.getSourceFile(resolve(file));
    if (source === undefined) throw new Error(`${file} is not in the program`);
    const result = program.emit(source, (name, text) => dts.set(resolve(name).replace(/\.d\.ts$/, ".ts"), text));
    for (const d of [...program.getDeclarationDiagnostics(source), ...result.diagnostics]) {
      if (d.file === undefined || !resolve(d.file.fileName).startsWith(prefix)) continue;
      errors.push(`${d.file.fileName} TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
    }
  }
  return { errors, dts };
}
