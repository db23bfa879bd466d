import { createDownstream } from "../downstream.js";
import { HttpStatusError, ResponseParseError } from "../errors.js";
import type { OperationMeta } from "../operation.js";
import type { ResilienceOptions } from "../options.js";
import type { IssuedToken } from "./token-cache.js";

/** Who asks for a token, and where. */
export interface TokenRequestTarget {
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly scopes: readonly string[];
  readonly clientAuthentication: "basic" | "body";
}

/** Lifetime assumed when a token response gives no `expires_in` (RFC 6749 §5.1 makes it optional), ms. */
const DEFAULT_LIFETIME_MS = 300_000;

/**
 * The token request of RFC 6749 §4.4.2 for `target`, as one logical call through its own downstream (name
 * `<downstream>.oauth2`, with `options`' transport, hooks and policies; operationId `oauth2Token`; its own span):
 * a `POST` of the form `grant_type=client_credentials&scope=…` (`application/x-www-form-urlencoded`, encoded by
 * `URLSearchParams`), with HTTP Basic client authentication (RFC 6749 §2.3.1: id and secret form-urlencoded, then
 * joined by `:`) or `client_id`/`client_secret` in the body. The request is `idempotent`: asking again only issues
 * another token, so transient failures are retried.
 * @returns a function that makes the request and reads `access_token` and `expires_in` (RFC 6749 §5.1).
 * @throws (from the function) the call's OutboundError; HttpStatusError (code `HTTP_STATUS`) for a non-2xx answer;
 *   ResponseParseError for a body without an `access_token` string. No message holds the body or a secret.
 */
export function createTokenRequest(
  target: TokenRequestTarget,
  downstream: string,
  options: ResilienceOptions,
): () => Promise<IssuedToken> {
  const url = new URL(target.tokenUrl);
  const name = `${downstream}.oauth2`;
  const meta: OperationMeta = { operationId: "oauth2Token", method: "POST", path: url.pathname, class: "idempotent" };
  const pipeline = createDownstream({ ...options, name }, [meta]);
  const context = { downstream: name, operationId: meta.operationId, attempts: 1 };
  return async () => {
    const form = new URLSearchParams({ grant_type: "client_credentials" });
    if (target.scopes.length > 0) form.set("scope", target.scopes.join(" "));
    const headers = new Headers({ accept: "application/json" });
    if (target.clientAuthentication === "basic") {
      const pair = `${formEncode(target.clientId)}:${formEncode(target.clientSecret)}`;
      headers.set("authorization", `Basic ${Buffer.from(pair, "utf8").toString("base64")}`);
    } else {
      form.set("client_id", target.clientId);
      form.set("client_secret", target.clientSecret);
    }
    const response = await pipeline.call(meta, undefined, (fetch) =>
      fetch(new Request(url, { method: "POST", headers, body: form })),
    );
    if (!response.ok) {
      const retryable = response.status >= 500 || response.status === 429;
      throw new HttpStatusError({ ...context, outcome: "answered", status: response.status, retryable });
    }
    return readTokenResponse(await response.text(), { ...context, status: response.status });
  };
}

/** `access_token` and `expires_in` (seconds → ms) of a token response; the body is never quoted. */
function readTokenResponse(
  text: string,
  context: { downstream: string; operationId: string; attempts: number; status: number },
): IssuedToken {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const { access_token: accessToken, expires_in: expiresIn } = (body ?? {}) as Record<string, unknown>;
  if (typeof accessToken !== "string" || accessToken === "" || /[\r\n\0]/.test(accessToken)) {
    throw new ResponseParseError({
      ...context,
      outcome: "answered",
      cause: new Error("the token response has no usable access_token (RFC 6749 §5.1)"),
    });
  }
  const seconds = typeof expiresIn === "number" ? expiresIn : Number(expiresIn);
  const lifetimeMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : DEFAULT_LIFETIME_MS;
  return { accessToken, lifetimeMs };
}

/** `application/x-www-form-urlencoded` of one value (RFC 6749 Appendix B). */
function formEncode(value: string): string {
  return new URLSearchParams([["", value]]).toString().slice(1);
}
