/**
 * Path parameter serialisation as openapi-fetch does it (OpenAPI 3.x `style` simple / label / matrix, `explode`
 * from the `{name*}`, `{.name}`, `{;name}` template forms), with one difference: a value that cannot stay inside
 * its own path segment is refused instead of sent. Every value is percent-encoded with `encodeURIComponent`, so a
 * `/`, `?`, `#` or `%` in it can never reach another segment, the query or the fragment.
 */

const PATH_PARAM = /\{[^{}]+\}/g;
const DOT_SEGMENTS = new Set([".", ".."]);
const DOT_SEGMENT_REASON =
  'the value makes a dot segment ("." or ".."), which URL parsers remove (RFC 3986 §5.2.4): the request would reach another path';

/** Why a path parameter is refused; the caller turns it into an `InvalidRequestError`. */
export class PathParamRejection {
  constructor(
    readonly parameter: string,
    readonly reason: string,
  ) {}
}

type Style = "simple" | "label" | "matrix";

function parseTemplateName(raw: string): { name: string; style: Style; explode: boolean } {
  let name = raw;
  const explode = name.endsWith("*");
  if (explode) name = name.slice(0, -1);
  if (name.startsWith(".")) return { name: name.slice(1), style: "label", explode };
  if (name.startsWith(";")) return { name: name.slice(1), style: "matrix", explode };
  return { name, style: "simple", explode };
}

function primitive(name: string, value: unknown): string {
  if (value === undefined || value === null)
    throw new PathParamRejection(name, "an item is missing (null or undefined)");
  if (typeof value === "object") throw new PathParamRejection(name, "nested arrays and objects are not serialisable");
  const text = String(value);
  if (text === "") throw new PathParamRejection(name, "an item is empty");
  return encodeURIComponent(text);
}

function serializeArray(name: string, items: readonly unknown[], style: Style, explode: boolean): string {
  if (items.length === 0) throw new PathParamRejection(name, "the array is empty");
  const encoded = items.map((item) => primitive(name, item));
  if (style === "simple") return encoded.join(",");
  if (style === "label") return `.${encoded.join(explode ? "." : ",")}`;
  return explode ? encoded.map((item) => `;${name}=${item}`).join("") : `;${name}=${encoded.join(",")}`;
}

function serializeObject(name: string, value: Record<string, unknown>, style: Style, explode: boolean): string {
  const entries = Object.entries(value);
  if (entries.length === 0) throw new PathParamRejection(name, "the object is empty");
  if (!explode) {
    const flat = entries.flatMap(([key, item]) => [encodeURIComponent(key), primitive(name, item)]).join(",");
    return style === "simple" ? flat : style === "label" ? `.${flat}` : `;${name}=${flat}`;
  }
  const pairs = entries.map(([key, item]) => `${encodeURIComponent(key)}=${primitive(name, item)}`);
  if (style === "simple") return pairs.join(",");
  return style === "label" ? `.${pairs.join(".")}` : `;${pairs.join(";")}`;
}

function serializeValue(name: string, value: unknown, style: Style, explode: boolean): string {
  if (value === undefined || value === null) {
    throw new PathParamRejection(name, "the value is missing; path parameters are required (OpenAPI 3.1 §4.8.12)");
  }
  if (Array.isArray(value)) return serializeArray(name, value, style, explode);
  if (typeof value === "object") return serializeObject(name, value as Record<string, unknown>, style, explode);
  const text = String(value);
  if (text === "") throw new PathParamRejection(name, "the value is empty; it would leave an empty path segment");
  if (DOT_SEGMENTS.has(text)) {
    throw new PathParamRejection(name, DOT_SEGMENT_REASON);
  }
  const encoded = encodeURIComponent(text);
  if (style === "label") return `.${encoded}`;
  return style === "matrix" ? `;${name}=${encoded}` : encoded;
}

interface TemplateParam {
  readonly name: string;
  readonly style: Style;
  readonly explode: boolean;
}

/** A template cut at its `{param}`s: `literals[i]` precedes `params[i]`; one more literal ends it. */
interface CompiledTemplate {
  readonly literals: readonly string[];
  readonly params: readonly TemplateParam[];
  /** A segment of the template's own text, outside any parameter, is already a dot segment. */
  readonly literalDotSegment: boolean;
}

/** Compiled templates by template string; bounded, since a hand-built path could make every call's template new. */
const compiled = new Map<string, CompiledTemplate>();
const MAX_COMPILED = 1_000;

/** Whether the path of `url` (scheme, authority, query and fragment left out) has a `.` / `..` segment, plain or encoded. */
function hasDotSegment(url: string): boolean {
  const path = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, "").split(/[?#]/, 1)[0] ?? "";
  return path.split("/").some((segment) => /^(?:\.|%2e){1,2}$/i.test(segment));
}

function compileTemplate(template: string): CompiledTemplate {
  let found = compiled.get(template);
  if (found === undefined) {
    const matches = template.match(PATH_PARAM) ?? [];
    found = {
      literals: template.split(PATH_PARAM),
      params: matches.map((match) => parseTemplateName(match.slice(1, -1))),
      // With every parameter as "x", only segments made of the template's own text can be dot segments.
      literalDotSegment: hasDotSegment(template.replace(PATH_PARAM, "x")),
    };
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(template, found);
  }
  return found;
}

/**
 * Replaces every `{name}` of `template` (which may be a whole URL: openapi-fetch passes `baseUrl + path`) with
 * its percent-encoded value from `params`.
 * @throws PathParamRejection for a missing, empty, `.` or `..` value, an empty array or object, or a value whose
 *   segment would still be a dot segment once placed in the template.
 */
export function serializePath(template: string, params: Readonly<Record<string, unknown>> | undefined): string {
  const { literals, params: slots, literalDotSegment } = compileTemplate(template);
  let result = literals[0] ?? "";
  let onlyDots = false;
  for (let index = 0; index < slots.length; index += 1) {
    const { name, style, explode } = slots[index] as TemplateParam;
    const serialized = serializeValue(name, params?.[name], style, explode);
    if (DOT_SEGMENTS.has(serialized)) throw new PathParamRejection(name, DOT_SEGMENT_REASON);
    // encodeURIComponent keeps "." and never writes "%2E": only a value of dots alone can help make a dot segment.
    if (/^\.+$/.test(serialized)) onlyDots = true;
    result += serialized + (literals[index + 1] ?? "");
  }
  // Safety net for what the template adds around a value (e.g. `/.{name}`): no dot segment may reach the URL parser.
  if ((literalDotSegment || onlyDots) && hasDotSegment(result)) {
    throw new PathParamRejection("(path)", DOT_SEGMENT_REASON);
  }
  return result;
}
