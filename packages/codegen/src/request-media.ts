import { propertyKey, stringLiteral } from "./internal/code-text.js";
import type { EncodingHeaderModel, EncodingModel, MediaTypeModel, OperationModel } from "./operation-model.js";

/** A JSON media type (`application/json`, `*+json`), parameters ignored. */
function isJsonMedia(mediaType: string): boolean {
  const type = (mediaType.split(";")[0] ?? "").trim().toLowerCase();
  return type === "application/json" || type.endsWith("+json");
}

/**
 * The request media types the runtime must know (`OperationMeta.body`): all of the body's, in spec order, unless it
 * has none or only `application/json` (then the runtime's JSON default applies and nothing is emitted).
 */
export function requestMediaOf(op: OperationModel): readonly MediaTypeModel[] | undefined {
  const content = op.requestBody?.content ?? [];
  if (content.length === 0) return undefined;
  if (content.length === 1 && (content[0]?.mediaType.split(";")[0] ?? "").trim().toLowerCase() === "application/json")
    return undefined;
  return content;
}

/** The media type a body is sent as by default: the first JSON one, else the spec's first (see `requestMediaOf`). */
export function defaultRequestMediaOf(op: OperationModel): string | undefined {
  const media = requestMediaOf(op);
  if (media === undefined) return undefined;
  return (media.find((m) => isJsonMedia(m.mediaType)) ?? media[0])?.mediaType;
}

/**
 * `OperationMeta.body`: `[{ type: "multipart/form-data", encoding: { file: { contentType: "image/png" } } }]`, each
 * encoding entry with only the fields the spec writes (the runtime applies OpenAPI's defaults to the rest), and a
 * multipart part's declared `headers` (`{ "X-Checksum": { required: true } }`, see `PartHeader`).
 */
export function requestMediaLiteral(media: readonly MediaTypeModel[]): string {
  const entries = media.map((m) => {
    const encoding = m.encoding.map(encodingEntry).filter((e) => e !== undefined);
    const fields = [`type: ${stringLiteral(m.mediaType)}`];
    if (encoding.length > 0) fields.push(`encoding: { ${encoding.join(", ")} }`);
    return `{ ${fields.join(", ")} }`;
  });
  return `[${entries.join(", ")}]`;
}

/** One `PartHeader` of `OperationMeta.body`: `"X-Checksum": { required: true }`, only the fields that hold. */
function partHeaderEntry(h: EncodingHeaderModel): string {
  const fields: string[] = [];
  if (h.value !== undefined) fields.push(`value: ${stringLiteral(h.value)}`);
  if (h.fixed) fields.push("fixed: true");
  if (h.required) fields.push("required: true");
  return `${stringLiteral(h.name)}: {${fields.length === 0 ? "" : ` ${fields.join(", ")} `}}`;
}

function encodingEntry(e: EncodingModel): string | undefined {
  const parts: string[] = [];
  if (e.contentType !== undefined) parts.push(`contentType: ${stringLiteral(e.contentType)}`);
  if (e.styleWritten) {
    parts.push(`style: ${stringLiteral(e.style)}`, `explode: ${e.explode}`);
    if (e.allowReserved) parts.push("allowReserved: true");
  }
  if (e.headers.length > 0) parts.push(`headers: { ${e.headers.map(partHeaderEntry).join(", ")} }`);
  if (parts.length === 0) return undefined;
  return `${propertyKey(e.property)}: { ${parts.join(", ")} }`;
}
