import { statSync } from "node:fs";
import { extname, relative, sep } from "node:path";
import { BaseResolver, type Document, type Source } from "@redocly/openapi-core";
import { parseDocument } from "yaml";
import { displayPath } from "./display-path.js";
import { GenerationError } from "./generation-error.js";

/**
 * Most bytes a spec may hold, all its files together: 16 MiB, four times the largest public spec we generate
 * (Stripe, 4 MB), so memory stays bounded (a YAML spec takes roughly 50–100× its size in heap while parsed,
 * linted, bundled and typed). `OUTBOUND_MAX_SPEC_MB` raises or lowers it.
 */
export const MAX_SPEC_BYTES = 16 * 1024 * 1024;

/**
 * Most YAML nodes that aliases (`*name`) may expand to in one file (the `yaml` library's `maxAliasCount`).
 * A few hundred cover every honest reuse; a "billion laughs" document needs millions.
 */
export const MAX_YAML_ALIAS_COUNT = 1000;

/** Text that may define a YAML anchor (`&name` after a space, bracket, comma or colon); no anchor, no alias. */
const ANCHOR = /(?:^|[\s[{,:])&[^\s,[\]{}]/m;

function maxSpecBytes(): number {
  const mb = Number(process.env.OUTBOUND_MAX_SPEC_MB);
  return Number.isFinite(mb) && mb > 0 ? Math.floor(mb * 1024 * 1024) : MAX_SPEC_BYTES;
}

/**
 * Redocly's resolver with the guards a spec from elsewhere needs, checked before a byte is read or expanded:
 * - every file stays inside the root file's folder (no `../` out of it, no absolute path elsewhere), and no `$ref`
 *   goes to a URL (generation never touches the network, so it is reproducible and cannot be used to probe hosts);
 * - the files together hold at most {@link MAX_SPEC_BYTES};
 * - YAML aliases expand to at most {@link MAX_YAML_ALIAS_COUNT} nodes per file ("billion laughs" refused, not
 *   expanded: js-yaml, which Redocly parses with, shares aliased nodes, but every later walk would expand them).
 * Redocly turns a failed `$ref` into a lint problem, so the first refusal is also kept in {@link refusal}.
 */
export class GuardedResolver extends BaseResolver {
  /** The first refusal, to be thrown in place of Redocly's generic "Can't resolve $ref". */
  refusal: GenerationError | undefined;
  private totalBytes = 0;

  constructor(
    config: ConstructorParameters<typeof BaseResolver>[0],
    private readonly specFolder: string,
  ) {
    super(config);
  }

  override async loadExternalRef(absoluteRef: string): Promise<Source> {
    this.checkPlace(absoluteRef);
    this.checkSize(absoluteRef);
    return super.loadExternalRef(absoluteRef);
  }

  override parseDocument(source: Source, isRoot?: boolean): Document {
    if (![".json"].includes(extname(source.absoluteRef).toLowerCase()) && ANCHOR.test(source.body)) {
      this.checkAliases(source);
    }
    return super.parseDocument(source, isRoot);
  }

  private refuse(error: GenerationError): never {
    this.refusal ??= error;
    throw error;
  }

  private checkPlace(absoluteRef: string): void {
    if (/^[a-z][a-z0-9+.-]*:/i.test(absoluteRef) && !/^[a-z]:[\\/]/i.test(absoluteRef)) {
      this.refuse(
        new GenerationError(
          "REF_REFUSED",
          `A \`$ref\` points at the URL ${absoluteRef}; Outbound does not fetch anything while generating.`,
          "download the file into the spec's folder and point the `$ref` at it with a relative path.",
          { file: displayPath(this.specFolder) },
        ),
      );
    }
    const rel = relative(this.specFolder, absoluteRef);
    if (rel === ".." || rel.startsWith(`..${sep}`) || rel.startsWith(sep) || /^[a-z]:/i.test(rel)) {
      this.refuse(
        new GenerationError(
          "REF_REFUSED",
          `A \`$ref\` points at ${displayPath(absoluteRef)}, outside the spec's folder ${displayPath(this.specFolder)}.`,
          "copy the referenced file into the spec's folder (specs/<name>/) and point the `$ref` at the copy; a spec may only read its own folder (with `--spec`, `--spec-folder <dir>` widens it).",
          { file: displayPath(this.specFolder) },
        ),
      );
    }
  }

  private checkSize(absoluteRef: string): void {
    let size = 0;
    try {
      size = statSync(absoluteRef).size;
    } catch {
      return; // missing: Redocly reports it as a broken $ref
    }
    this.totalBytes += size;
    const limit = maxSpecBytes();
    if (this.totalBytes > limit) {
      this.refuse(
        new GenerationError(
          "SPEC_TOO_LARGE",
          `The spec is larger than ${(limit / 1048576).toFixed(0)} MiB (${(this.totalBytes / 1048576).toFixed(1)} MiB read so far, ${displayPath(absoluteRef)} included), refused before reading it to keep memory bounded.`,
          "generate from a smaller spec (e.g. only the paths you call, via an overlay or the upstream's split specs), or raise the limit with OUTBOUND_MAX_SPEC_MB=<MiB>.",
          { file: displayPath(absoluteRef) },
        ),
      );
    }
  }

  private checkAliases(source: Source): void {
    let problem: string | undefined;
    try {
      const doc = parseDocument(source.body, { uniqueKeys: false, strict: false });
      if (doc.errors.length > 0) return; // syntax errors: left to Redocly's parser, which names the line
      doc.toJS({ maxAliasCount: MAX_YAML_ALIAS_COUNT });
    } catch (error) {
      problem = (error as Error).message;
    }
    if (problem !== undefined && /alias/i.test(problem)) {
      this.refuse(
        new GenerationError(
          "SPEC_TOO_LARGE",
          `YAML aliases in this file expand to more than ${MAX_YAML_ALIAS_COUNT} nodes (an alias bomb, "billion laughs"); refused, not expanded.`,
          "write the repeated parts out, or share them with `$ref` instead of YAML anchors and aliases.",
          { file: displayPath(source.absoluteRef) },
        ),
      );
    }
  }
}
