import type { FetchFunction } from "../downstream.js";
import type { AnswerKind, OperationMeta } from "../operation.js";

/** How a generated method reads the answers of one operation, compiled once from `OperationMeta.answers`. */
export interface AnswerReading {
  /** openapi-fetch's `parseAs` of a successful answer when the call gives none: the first 2xx entry's kind. @default "json" */
  readonly parseAs: AnswerKind;
  /** Whether some error status answers a binary body, read as a `Blob` instead of openapi-fetch's text. */
  readonly binaryErrors: boolean;
  /** The kind of an error status's body: its exact entry, else its range (`4XX`), else `default`, else `json`. */
  errorKind(status: number): AnswerKind;
}

const JSON_ONLY: AnswerReading = Object.freeze({ parseAs: "json", binaryErrors: false, errorKind: () => "json" });

/** Compiles `meta.answers` (see {@link AnswerReading}); an operation without it reads everything as JSON. */
export function compileAnswers(meta: OperationMeta): AnswerReading {
  const { answers } = meta;
  if (answers === undefined) return JSON_ONLY;
  const table = new Map(Object.entries(answers).map(([status, kind]) => [status.toUpperCase(), kind]));
  const success = [...table].find(([status]) => /^2(?:\d\d|XX)$/.test(status));
  const errorKind = (status: number): AnswerKind =>
    table.get(String(status)) ?? table.get(`${Math.floor(status / 100)}XX`) ?? table.get("DEFAULT") ?? "json";
  const binaryErrors = [...table].some(([status, kind]) => kind === "blob" && !status.startsWith("2"));
  return { parseAs: success?.[1] ?? "json", binaryErrors, errorKind };
}

/** openapi-fetch's result, as far as this file reads it. */
interface FetchResult {
  readonly error?: unknown;
  readonly response: Response;
}

/**
 * Runs `request` (openapi-fetch's, with `fetch` in its init) so that an error status whose body the spec says is
 * binary comes back as `error: Blob` (its `type` the answer's Content-Type) rather than as the text openapi-fetch
 * reads every error body as. The body is already in memory (read whole under the attempt's timer).
 */
export async function requestWithBinaryErrors(
  reading: AnswerReading,
  fetch: FetchFunction,
  request: (fetch: FetchFunction) => Promise<unknown>,
): Promise<unknown> {
  let kept: Blob | undefined;
  const keeping: FetchFunction = async (input) => {
    const response = await fetch(input);
    if (response.ok || reading.errorKind(response.status) !== "blob") return response;
    kept = await response.blob();
    const { status, statusText, headers } = response;
    return new Response(kept, { status, statusText, headers });
  };
  const result = (await request(keeping)) as FetchResult;
  return kept === undefined ? result : { error: kept, response: result.response };
}
