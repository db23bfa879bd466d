import { retryAfterSecondsOf } from "./map-call-error.js";

/** The parts of an RFC 9457 problem a downstream sends that checkout-service passes on. */
export interface DownstreamProblem {
  readonly code?: string;
  readonly detail?: string;
}

/** Reads `code` and `detail` from a downstream's error body, whatever its exact type in the spec. */
export function downstreamProblem(error: unknown): DownstreamProblem {
  if (typeof error !== "object" || error === null) return {};
  const { code, detail } = error as Record<string, unknown>;
  return { ...(typeof code === "string" ? { code } : {}), ...(typeof detail === "string" ? { detail } : {}) };
}

/**
 * The `Retry-After` of a downstream's answer in whole seconds (RFC 9110 §10.2.3: delta-seconds or an HTTP-date),
 * at least 1; `fallback` when the header is absent or invalid.
 */
export function retryAfterOf(response: Response, fallback: number, now: number = Date.now()): number {
  const raw = response.headers.get("retry-after")?.trim();
  if (raw === undefined || raw === "") return fallback;
  if (/^\d+$/.test(raw)) return Math.max(1, Number(raw));
  const at = Date.parse(raw);
  return Number.isNaN(at) ? fallback : retryAfterSecondsOf(at - now);
}
