import type { AnswerKind } from "./internal/contract-types.js";
import type { OperationModel, ResponseModel } from "./operation-model.js";

/** `application/json`, `application/problem+json`, `application/vnd.api+json; charset=utf-8`… (RFC 6839 §3.1). */
const JSON_TYPE = /^application\/(?:[\w.+-]*\+)?json\s*(?:;|$)/i;
/** Text read as a string: `text/*`, XML (`application/xml`, `+xml`, RFC 7303), and a few textual application types. */
const TEXT_TYPE =
  /^(?:text\/[\w.+-]+|application\/(?:[\w.+-]*\+)?xml|application\/(?:x-www-form-urlencoded|javascript|x-ndjson|yaml|x-yaml))\s*(?:;|$)/i;

/**
 * How an answer of media type `mediaType` (a `content` key, parameters allowed) is read: `json`, `text` (a
 * string) or `blob` (binary: `application/octet-stream`, `application/pdf`, `image/*`, `*` / `*`, anything else).
 */
export function answerKindOf(mediaType: string): AnswerKind {
  if (JSON_TYPE.test(mediaType.trim())) return "json";
  return TEXT_TYPE.test(mediaType.trim()) ? "text" : "blob";
}

/** The media types of `response`, JSON ones first, then in spec order. */
function preferJson(response: ResponseModel): string[] {
  const types = response.content.map((c) => c.mediaType);
  return [...types.filter((t) => answerKindOf(t) === "json"), ...types.filter((t) => answerKindOf(t) !== "json")];
}

/**
 * The `Accept` header of `op` (RFC 9110 §12.5.1): the media types of all its responses, deduplicated, JSON ones
 * first, then in spec order; `undefined` when no response has a body.
 */
export function acceptOf(op: OperationModel): string | undefined {
  const all = [...new Set(op.responses.flatMap((r) => r.content.map((c) => c.mediaType.trim())))];
  if (all.length === 0) return undefined;
  const json = all.filter((t) => answerKindOf(t) === "json");
  return [...json, ...all.filter((t) => answerKindOf(t) !== "json")].join(", ");
}

/**
 * How each response of `op` with a body is read, keyed by its status as written: the kind of its first JSON media
 * type when it has one (the one `Accept` prefers), else of its first. `undefined` when every such response is JSON
 * (the runtime's default), so a JSON-only operation carries no table.
 */
export function answersOf(op: OperationModel): Readonly<Record<string, AnswerKind>> | undefined {
  const entries = op.responses.flatMap((r): [string, AnswerKind][] => {
    const first = preferJson(r)[0];
    return first === undefined ? [] : [[r.status, answerKindOf(first)]];
  });
  return entries.some(([, kind]) => kind !== "json") ? Object.fromEntries(entries) : undefined;
}

/** The default `parseAs` of a successful answer of `op`: its first 2xx response with a body, else `json`. */
export function defaultAnswerOf(op: OperationModel): AnswerKind {
  const answers = answersOf(op);
  if (answers === undefined) return "json";
  const success = Object.entries(answers).find(([status]) => /^2(?:\d\d|XX)$/i.test(status));
  return success?.[1] ?? "json";
}
