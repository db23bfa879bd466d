import { escapeToken, isRecord, resolveRef } from "./json-pointer.js";
import type { Route } from "./route-table.js";
import { sampleFromSchema } from "./sample-from-schema.js";
import { isJsonMediaType } from "./validate-request.js";

/** A response documented in the spec, with the body the server will send for it. */
export interface DocumentedResponse {
  readonly status: number;
  /** Media type of the chosen content (JSON preferred), or undefined for a response without content. */
  readonly mediaType: string | undefined;
  /** The Schema Object of that content, when there is one. */
  readonly schema: unknown;
  /** The example (`example`, else the first of `examples`) or a value derived from the schema; a fresh copy. */
  readonly body: unknown;
}

function pickMedia(content: Record<string, unknown>): [string, Record<string, unknown>] | undefined {
  const entries = Object.entries(content).filter((entry): entry is [string, Record<string, unknown>] =>
    isRecord(entry[1]),
  );
  return entries.find(([type]) => isJsonMediaType(type)) ?? entries[0];
}

function exampleOf(document: unknown, media: Record<string, unknown>, mediaPointer: string): unknown {
  if ("example" in media) return media.example;
  if (isRecord(media.examples)) {
    for (const name of Object.keys(media.examples)) {
      const example = resolveRef(document, `${mediaPointer}/examples/${escapeToken(name)}`);
      if (example !== undefined && "value" in example.node) return example.node.value;
    }
  }
  return sampleFromSchema(document, media.schema);
}

/** The documented response of `route` for `status` (exact code, else `4XX`-style range, else `default`). */
export function documentedResponse(document: unknown, route: Route, status: number): DocumentedResponse | undefined {
  const responses = resolveRef(document, `${route.pointer}/responses`);
  if (responses === undefined) return undefined;
  const key = [String(status), `${String(status)[0]}XX`, `${String(status)[0]}xx`, "default"].find(
    (k) => k in responses.node,
  );
  if (key === undefined) return undefined;
  const response = resolveRef(document, `${responses.pointer}/${escapeToken(key)}`);
  if (response === undefined) return undefined;
  const content = isRecord(response.node.content) ? pickMedia(response.node.content) : undefined;
  if (content === undefined) return { status, mediaType: undefined, schema: undefined, body: undefined };
  const [mediaType, media] = content;
  const body = exampleOf(document, media, `${response.pointer}/content/${escapeToken(mediaType)}`);
  return { status, mediaType, schema: media.schema, body: structuredClone(body) };
}

/** The first documented 2xx status of `route` (lowest code; `2XX` counts as 200), else 200. */
export function successStatus(document: unknown, route: Route): number {
  const responses = resolveRef(document, `${route.pointer}/responses`);
  const codes = Object.keys(responses?.node ?? {})
    .map((k) => (/^2xx$/i.test(k) ? 200 : Number(k)))
    .filter((n) => n >= 200 && n < 300)
    .sort((a, b) => a - b);
  return codes[0] ?? 200;
}
