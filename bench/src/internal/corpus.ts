import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** One spec of the corpus, read in place. */
export interface CorpusSpec {
  /** Folder name, e.g. `stripe`. */
  readonly name: string;
  /** Absolute path of the root file. */
  readonly rootFile: string;
}

const ROW = /^\|\s*`([^`]+)`\s*\|[^|]*\|\s*`([^`]+)`\s*\|/;

/**
 * The specs of the corpus, from the root-file column of its README table (`| \`name\` | API | \`root file\` |`),
 * in table order. Only folders that exist are returned.
 * @throws Error naming the README when it lists no spec.
 */
export function listCorpus(dir: string): CorpusSpec[] {
  const readme = join(dir, "README.md");
  const folders = new Set(readdirSync(dir));
  const specs: CorpusSpec[] = [];
  for (const line of readFileSync(readme, "utf8").split("\n")) {
    const match = ROW.exec(line);
    if (match === null) continue;
    const [, name, root] = match as unknown as [string, string, string];
    if (folders.has(name) && root.startsWith(`${name}/`) && !specs.some((s) => s.name === name)) {
      specs.push({ name, rootFile: join(dir, root) });
    }
  }
  if (specs.length === 0) {
    throw new Error(
      `${readme}: no "| \`name\` | API | \`root file\` |" rows found; the bench reads the spec list from it.`,
    );
  }
  return specs;
}
