import { InvalidRequestError } from "../invalid-request-error.js";

/**
 * `request` (as openapi-fetch built it, credentials on) sent to `target` instead: a next-page URL from a body field
 * or a `Link` header. The target must be on the origin of the request the operation builds (scheme, host and port;
 * RFC 6454 §4): the request carries the client's credentials, and a downstream that names another origin (or an
 * attacker who controls a body field) would receive them. Query parameters in `secretQueryParams` (API keys sent in
 * the query) that the target lacks are appended, so the next page carries the same credentials.
 * @throws InvalidRequestError (`location: "url"`, nothing sent) when the origins differ.
 */
export async function retarget(
  request: Request,
  target: string,
  refusal: { readonly downstream: string; readonly operationId: string; readonly secretQueryParams: readonly string[] },
): Promise<Request> {
  const built = new URL(request.url);
  const next = new URL(target);
  if (next.origin !== built.origin) {
    throw new InvalidRequestError({
      downstream: refusal.downstream,
      operationId: refusal.operationId,
      attempts: 0,
      location: "url",
      reason:
        "the next page's URL is on another origin than the operation's server; following it would send the client's credentials there",
    });
  }
  const missing = refusal.secretQueryParams.flatMap((name) => {
    const value = built.searchParams.get(name);
    return value === null || next.searchParams.has(name)
      ? []
      : [`${encodeURIComponent(name)}=${encodeURIComponent(value)}`];
  });
  // Appended as text, so the target's own query keeps its bytes.
  if (missing.length > 0) next.search = `${next.search === "" ? "" : `${next.search}&`}${missing.join("&")}`;
  const body = request.body === null ? null : await request.arrayBuffer();
  return new Request(next, { method: request.method, headers: request.headers, body, signal: request.signal });
}
