import { GenerationError, type SourceLocation } from "./internal/generation-error.js";
import { isRecord, toRefPointer } from "./internal/json-pointer.js";
import type { ParameterLocation, ParameterModel, ParameterStyle } from "./operation-model.js";
import type { WalkedParameter } from "./walk-paths.js";

/** The styles each location allows, the first being its default (OpenAPI 3.1 §4.8.12.4, table of `style` values). */
export const STYLES_BY_LOCATION: Readonly<Record<ParameterLocation, readonly ParameterStyle[]>> = {
  query: ["form", "spaceDelimited", "pipeDelimited", "deepObject"],
  path: ["simple", "matrix", "label"],
  header: ["simple"],
  cookie: ["form"],
};

/**
 * The parameters of one operation with their effective serialisation, in the order the walk gives them
 * (path item's first, then the operation's). `style` defaults per location (query and cookie `form`, path and
 * header `simple`), `explode` to `true` for `form` and `false` otherwise, `allowReserved` to `false` (OpenAPI 3.1
 * §4.8.12.4). A parameter with `content` is described by its one media type instead. A parameter whose `in` is none
 * of query, header, path, cookie is left out (Redocly's lint reports it).
 * @param label the operation as named in errors, e.g. `` `listItems` (GET /items) ``.
 * @param where location of the operation, for errors.
 * @throws GenerationError `SPEC_INVALID` for a `style` its location does not allow, a non-boolean `explode` or
 *   `allowReserved`, or two query parameters with one name.
 */
export function readParameters(
  walked: readonly WalkedParameter[],
  label: string,
  where: () => SourceLocation,
): ParameterModel[] {
  const result: ParameterModel[] = [];
  for (const { parameter, pointer, resolvedPointer, level } of walked) {
    const location = parameter.in as ParameterLocation;
    if (!Object.hasOwn(STYLES_BY_LOCATION, location)) continue;
    const name = parameter.name as string;
    const fail = (problem: string, fix: string): never => {
      throw new GenerationError(
        "SPEC_INVALID",
        `${label}, ${location} parameter ${JSON.stringify(name)}: ${problem}`,
        fix,
        where(),
      );
    };
    if (location === "query" && result.some((p) => p.in === "query" && p.name === name))
      fail(
        "it is declared twice.",
        "keep one query parameter per name (OpenAPI 3.1 §4.8.12: unique by name and location).",
      );
    const common = {
      name,
      in: location,
      required: parameter.required === true || location === "path",
      deprecated: parameter.deprecated === true,
      level,
      pointer,
      resolvedPointer,
    };
    const content = isRecord(parameter.content) ? Object.keys(parameter.content) : [];
    const mediaType = content[0];
    if (parameter.schema === undefined && mediaType !== undefined) {
      const media = (parameter.content as Record<string, unknown>)[mediaType];
      const schemaPointer =
        isRecord(media) && media.schema !== undefined
          ? `${resolvedPointer}${toRefPointer(["content", mediaType, "schema"])}`
          : undefined;
      result.push({ ...common, serialization: { kind: "content", mediaType, schemaPointer } });
      continue;
    }
    const allowed = STYLES_BY_LOCATION[location];
    const style = parameter.style ?? allowed[0];
    if (typeof style !== "string" || !(allowed as readonly string[]).includes(style))
      fail(`\`style: ${JSON.stringify(style)}\` is not a ${location} style.`, `use one of ${allowed.join(", ")}.`);
    for (const flag of ["explode", "allowReserved"] as const) {
      if (parameter[flag] !== undefined && typeof parameter[flag] !== "boolean")
        fail(`\`${flag}\` must be true or false.`, `write \`${flag}: true\` or \`${flag}: false\`, or leave it out.`);
    }
    const explode = typeof parameter.explode === "boolean" ? parameter.explode : style === "form";
    result.push({
      ...common,
      serialization: {
        kind: "style",
        style: style as ParameterStyle,
        explode,
        allowReserved: location === "query" && parameter.allowReserved === true,
        schemaPointer: parameter.schema === undefined ? undefined : `${resolvedPointer}/schema`,
      },
    });
  }
  return result;
}
