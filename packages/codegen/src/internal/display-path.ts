import { isAbsolute, relative, sep } from "node:path";

/** A path as shown in messages: relative to the working directory when inside it, otherwise absolute. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel === "" || rel.startsWith("..") || isAbsolute(rel) ? file : rel;
}

/** `file` relative to `base`, with `/` separators (stable across platforms; never absolute). */
export function posixRelative(base: string, file: string): string {
  return relative(base, file).split(sep).join("/");
}
