import { readFileSync } from "node:fs";

interface PackageJson {
  readonly version: string;
  readonly dependencies: Readonly<Record<string, string>>;
}

let cached: PackageJson | undefined;

function packageJson(): PackageJson {
  // src/internal/ and dist/internal/ are both two levels below the package root.
  cached ??= JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as PackageJson;
  return cached;
}

/** This package's version, for manifest.json. */
export function generatorVersion(): string {
  return packageJson().version;
}

/** The pinned openapi-typescript version (exact in package.json), for manifest.json. */
export function openapiTypescriptVersion(): string {
  return packageJson().dependencies["openapi-typescript"] ?? "unknown";
}
