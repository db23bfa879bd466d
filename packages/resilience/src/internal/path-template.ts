/**
 * A path template compiled once per operation: the parts the path serializer fills, the segments the path guard
 * matches a request against, and the placeholders a request must not still carry.
 *
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

/** A template segment: a literal, or a pattern for a segment holding `{param}`s (each non-empty). */
type Segment = string | RegExp;

/** A path template compiled once (see {@link compilePathTemplate}). */
export interface PathTemplate {
  /** The template as written, e.g. `/charges/{chargeId}` (`url.template` in telemetry). */
  readonly path: string;
  /** The template cut at its `{param}`s: `literals[i]` precedes `params[i]`; one more literal ends it. */
  readonly literals: readonly string[];
  readonly params: readonly TemplateParam[];
  /** A segment of the template's own text, outside any parameter, is already a dot segment. */
  readonly literalDotSegment: boolean;
  /** Segments after the leading `/`: literals (decoded) and patterns for segments with parameters. */
  readonly segments: readonly Segment[];
  /** The `{…}` placeholders as written. */
  readonly placeholders: readonly string[];
}

/** Whether the path of `url` (scheme, authority, query and fragment left out) has a `.` / `..` segment, plain or encoded. */
export function hasDotSegment(url: string): boolean {
  const path = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, "").split(/[?#]/, 1)[0] ?? "";
  return path.split("/").some((segment) => /^(?:\.|%2e){1,2}$/i.test(segment));
}

/** Segments after the leading `/`; empty ones are kept, so `/a/` has a trailing empty segment. */
function splitPath(path: string): string[] {
  return (path.startsWith("/") ? path.slice(1) : path).split("/");
}

/** `decodeURIComponent` that leaves a malformed escape as it is instead of throwing. */
function decodeSegment(segment: string): string {
  if (!segment.includes("%")) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Template segments: literals as strings; `{id}`, `{name}.json`, `{owner}:{repo}` as anchored patterns. */
function compileSegments(path: string): Segment[] {
  return splitPath(path).map((segment) => {
    if (!/\{[^{}]+\}/.test(segment)) return decodeSegment(segment);
    const literals = segment.split(PATH_PARAM).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    return new RegExp(`^${literals.join(".+")}$`, "s");
  });
}

/** Compiles `template`: a path template, or a whole URL template as openapi-fetch hands it to a pathSerializer. */
export function compilePathTemplate(template: string): PathTemplate {
  const placeholders = template.match(PATH_PARAM) ?? [];
  return {
    path: template,
    literals: template.split(PATH_PARAM),
    params: placeholders.map((match) => parseTemplateName(match.slice(1, -1))),
    // With every parameter as "x", only segments made of the template's own text can be dot segments.
    literalDotSegment: hasDotSegment(template.replace(PATH_PARAM, "x")),
    segments: compileSegments(template.split(/[?#]/, 1)[0] ?? template),
    placeholders,
  };
}

/**
 * Whether `url`'s path ends with `template`: same literal segments, a non-empty segment for each parameter (the
 * base URL may add a prefix such as `/v1`).
 */
export function fitsTemplate(template: PathTemplate, url: URL): boolean {
  const { segments } = template;
  const path = url.pathname;
  // The path's segments as splitPath gives them, read from the end without splitting (this runs on every call).
  let end = path.length;
  let more = true;
  for (let index = segments.length - 1; index >= 0; index -= 1) {
    if (!more) return false;
    const slash = path.lastIndexOf("/", end - 1);
    const value = decodeSegment(path.slice(slash + 1, end));
    more = slash > 0;
    end = slash;
    const segment = segments[index];
    if (typeof segment === "string" ? segment !== value : segment?.test(value) !== true) return false;
  }
  return true;
}

/**
 * Replaces every `{name}` of `template` with its percent-encoded value from `params`, after `prefix` (the base URL
 * openapi-fetch puts before the path); `prefixDotSegment` says whether `prefix` has a dot segment (a caller that
 * reuses one prefix computes it once).
 * @throws PathParamRejection for a missing, empty, `.` or `..` value, an empty array or object, or a value whose
 *   segment would still be a dot segment once placed in the template.
 */
export function serializePath(
  template: PathTemplate,
  params: Readonly<Record<string, unknown>> | undefined,
  prefix = "",
  prefixDotSegment = hasDotSegment(prefix),
): string {
  const { literals, params: slots, literalDotSegment } = template;
  let result = prefix + (literals[0] ?? "");
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
  if ((literalDotSegment || onlyDots || prefixDotSegment) && hasDotSegment(result)) {
    throw new PathParamRejection("(path)", DOT_SEGMENT_REASON);
  }
  return result;
}
