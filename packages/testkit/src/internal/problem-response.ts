import { STATUS_CODES } from "node:http";
import { isRecord } from "./json-pointer.js";
import { type Outcome, outcomeOf } from "./outcome.js";
import type { Route } from "./route-table.js";
import { declaredProperties } from "./sample-from-schema.js";
import { documentedResponse } from "./spec-responses.js";

/**
 * An error answer: the spec's documented response for `status` (its example, with `detail` set to the
 * reason when the schema has a `detail` property), else an RFC 9457 problem document
 * (`application/problem+json`, `{ type: "about:blank", title, status, detail }`).
 */
export function problemOutcome(
  document: unknown,
  route: Route | undefined,
  status: number,
  detail: string,
  headers: Record<string, string> = {},
): Outcome {
  const documented = route === undefined ? undefined : documentedResponse(document, route, status);
  if (documented?.mediaType !== undefined && isRecord(documented.body)) {
    const body = { ...documented.body };
    if ("detail" in body || declaredProperties(document, documented.schema).has("detail")) body.detail = detail;
    return outcomeOf(status, documented.mediaType, body, headers);
  }
  const title = STATUS_CODES[status] ?? "Error";
  return outcomeOf(status, "application/problem+json", { type: "about:blank", title, status, detail }, headers);
}
