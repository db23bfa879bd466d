import { GenerationError, type SourceLocation } from "./internal/generation-error.js";

/** Query serialisation styles (OpenAPI 3.1 §4.8.12.4, table of `style` values for `in: query`). */
export const QUERY_STYLES = ["form", "spaceDelimited", "pipeDelimited", "deepObject"] as const;

/** A query parameter style. */
export type QueryStyle = (typeof QUERY_STYLES)[number];

/**
 * How one query parameter is serialised, with the spec's effective values: `style` defaults to `form`, `explode`
 * to `true` for `form` and `false` otherwise, `allowReserved` to `false` (OpenAPI 3.1 §4.8.12.4). Mirrors
 * `QueryParameterStyle` of @outbound/resilience, which reads it from `OperationMeta.query`.
 */
export interface QueryStyleModel {
  /** The parameter's `name`, verbatim. */
  readonly name: string;
  readonly style: QueryStyle;
  readonly explode: boolean;
  readonly allowReserved: boolean;
}

/**
 * The query parameters of one operation with their effective style, in spec order. A parameter described by
 * `content` (a media type, not a style) is left out: the runtime then applies openapi-fetch's defaults.
 * @param where location of the operation, for errors.
 * @throws GenerationError `SPEC_INVALID` for a `style` that `in: query` does not allow, a non-boolean `explode` or
 *   `allowReserved`, or two query parameters with one name.
 */
export function queryStylesOf(
  parameters: readonly Record<string, unknown>[],
  label: string,
  where: () => SourceLocation,
): QueryStyleModel[] {
  const result: QueryStyleModel[] = [];
  for (const parameter of parameters) {
    if (parameter.in !== "query" || typeof parameter.name !== "string" || parameter.schema === undefined) continue;
    const name = parameter.name;
    const fail = (problem: string, fix: string): never => {
      throw new GenerationError(
        "SPEC_INVALID",
        `${label}, query parameter ${JSON.stringify(name)}: ${problem}`,
        fix,
        where(),
      );
    };
    if (result.some((p) => p.name === name))
      fail(
        "it is declared twice.",
        "keep one query parameter per name (OpenAPI 3.1 §4.8.12: unique by name and location).",
      );
    const style = parameter.style ?? "form";
    if (typeof style !== "string" || !(QUERY_STYLES as readonly string[]).includes(style))
      fail(`\`style: ${JSON.stringify(style)}\` is not a query style.`, `use one of ${QUERY_STYLES.join(", ")}.`);
    for (const flag of ["explode", "allowReserved"] as const) {
      if (parameter[flag] !== undefined && typeof parameter[flag] !== "boolean")
        fail(`\`${flag}\` must be true or false.`, `write \`${flag}: true\` or \`${flag}: false\`, or leave it out.`);
    }
    const explode = typeof parameter.explode === "boolean" ? parameter.explode : style === "form";
    result.push({ name, style: style as QueryStyle, explode, allowReserved: parameter.allowReserved === true });
  }
  return result;
}
