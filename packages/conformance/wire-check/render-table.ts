import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { PrismVerdict } from "./prism-verdict.js";

/** What the wire check found for one corpus spec. */
export interface SpecResult {
  readonly name: string;
  readonly operations: number;
  /** False when Prism did not load the spec (timeout or exit). */
  readonly loaded: boolean;
  /** Why it did not load. */
  readonly note?: string;
  /** How long Prism took to listen, in ms. */
  readonly loadMs?: number;
  readonly verdicts: readonly PrismVerdict[];
  /** Wall time of the spec's check, in ms (generation, Prism's load, the calls). */
  readonly ms: number;
}

/** The calls the testkit rejects too, listed with their reasons in test/wire-exceptions.json: `spec route`. */
const LISTED: ReadonlySet<string> = new Set(
  (
    JSON.parse(readFileSync(join(import.meta.dirname, "..", "test", "wire-exceptions.json"), "utf8")) as {
      spec: string;
      route: string;
    }[]
  ).map((e) => `${e.spec} ${e.route}`),
);

/** Why Prism's rejection is not a fault of the client, when we can tell; undefined when it is unexplained. */
export function explain(verdict: PrismVerdict, spec?: string): string | undefined {
  if (spec !== undefined && LISTED.has(`${spec} ${verdict.call.route}`))
    return "agreement: the testkit rejects this call too; listed in test/wire-exceptions.json with its reason (a value the spec or openapi-sampler gets wrong)";
  const media = verdict.call.mediaType?.split(";")[0]?.trim().toLowerCase();
  if (/INVALID_CONTENT_TYPE|415/.test(verdict.cause ?? "") && media !== undefined && media !== "application/json")
    return "pending: the client sends this non-JSON body as JSON until request encoding by media type is merged";
  if (media === "application/x-www-form-urlencoded" && /must be array/.test(verdict.detail))
    return "disagreement: Prism 5.16 reads a repeated-key form array as a single value; OpenAPI (Parameter/Encoding Object, style form, explode true, the default for form fields) serialises an array as repeated keys (`a=1&a=2`)";
  if (
    media === "multipart/form-data" &&
    /must be (object|array)/.test(verdict.detail) &&
    /type body/.test(verdict.cause ?? "")
  )
    return "disagreement: Prism 5.16 reads a multipart part sent as application/json (the Encoding Object's contentType; OpenAPI's default for an object property) as a string instead of parsing it";
  if (verdict.cause === "UNAUTHORIZED" || /^401 /.test(verdict.cause ?? ""))
    return "security: the operation wants a credential other than the bearer token the check sends (API key, basic, OAuth scopes)";
  return undefined;
}

function count<T>(items: readonly T[], key: (item: T) => string | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const k = key(item);
    if (k !== undefined) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return new Map([...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}

/** The committed table (Markdown) and the full record (JSON) of one wire-check run. */
export function renderTable(
  results: readonly SpecResult[],
  settings: { readonly loadTimeoutS: number; readonly prism: string },
): { markdown: string; json: unknown } {
  const lines = [
    "# Wire check: generated clients against Stoplight Prism",
    "",
    `Prism ${settings.prism} (\`prism mock --errors\`, 127.0.0.1), one call per operation built from the spec's examples or`,
    `openapi-sampler samples, sent through the generated client. Load timeout ${settings.loadTimeoutS} s per spec.`,
    "Written by `pnpm wire-check`; how to read it: packages/conformance/README.md.",
    "",
    "| spec | Prism load | operations | accepted | rejected | rejected by cause |",
    "| --- | ---: | ---: | ---: | ---: | --- |",
  ];
  for (const r of results) {
    if (!r.loaded) {
      lines.push(`| ${r.name} | ${r.note ?? "not loaded"} | ${r.operations} | – | – | – |`);
      continue;
    }
    const rejected = r.verdicts.filter((v) => !v.accepted);
    const causes = [...count(rejected, (v) => v.cause)].map(([c, n]) => `${c}: ${n}`).join("; ");
    lines.push(
      `| ${r.name} | ${((r.loadMs ?? 0) / 1000).toFixed(1)} s | ${r.operations} | ${r.operations - rejected.length} | ${rejected.length} | ${causes || "–"} |`,
    );
  }
  lines.push("", "## Rejections explained", "");
  lines.push("| spec | explanation | calls |", "| --- | --- | ---: |");
  for (const r of results) {
    for (const [why, n] of count(
      r.verdicts.filter((v) => !v.accepted),
      (v) => explain(v, r.name) ?? "unexplained (see below)",
    ))
      lines.push(`| ${r.name} | ${why} | ${n} |`);
  }
  lines.push("", "## Unexplained rejections (first 5 per spec)", "");
  for (const r of results) {
    const open = r.verdicts.filter((v) => !v.accepted && explain(v, r.name) === undefined);
    if (open.length === 0) continue;
    lines.push(`### ${r.name} (${open.length})`, "");
    for (const v of open.slice(0, 5))
      lines.push(
        `- \`${v.call.route}\` [${v.call.mediaType ?? "no body"}, ${v.call.bodySource ?? "-"}] ${v.cause}: ${v.detail.replaceAll("|", "\\|")}`,
      );
    lines.push("");
  }
  const json = {
    prism: settings.prism,
    loadTimeoutS: settings.loadTimeoutS,
    specs: results.map((r) => ({
      name: r.name,
      loaded: r.loaded,
      note: r.note,
      loadMs: r.loadMs === undefined ? undefined : Math.round(r.loadMs),
      ms: Math.round(r.ms),
      operations: r.operations,
      accepted: r.verdicts.filter((v) => v.accepted).length,
      rejected: r.verdicts
        .filter((v) => !v.accepted)
        .map((v) => ({
          route: v.call.route,
          mediaType: v.call.mediaType,
          bodySource: v.call.bodySource,
          status: v.status,
          cause: v.cause,
          detail: v.detail,
          explanation: explain(v, r.name),
        })),
    })),
  };
  return { markdown: `${lines.join("\n")}\n`, json };
}
