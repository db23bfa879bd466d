/**
 * A credential that may change: called before every attempt (the first and each retry), so a rotated token is picked
 * up by the next attempt. It returns the bare token or key (no `Bearer ` prefix); a value holding CR, LF or NUL is
 * refused (RFC 9110 §5.5). Accepted by every bearer, `http` and API-key scheme in place of a string.
 */
export type TokenProvider = () => string | Promise<string>;

/**
 * OAuth 2.0 client credentials (RFC 6749 §4.4) for a scheme whose spec declares `flows.clientCredentials`: the
 * client requests an access token from the token URL and sends it as `Authorization: Bearer` (RFC 6750 §2.1).
 * Tokens are cached per identity (token URL + client id + scopes) and shared by every client of the process.
 */
export interface ClientCredentials {
  readonly clientId: string;
  /** Never sent anywhere but the token URL; never in a span, error, log or hook. */
  readonly clientSecret: string;
  /** Scopes to request (RFC 6749 §3.3). @default the scopes the spec's security requirements name for the scheme */
  readonly scopes?: readonly string[];
  /** The token endpoint. @default the spec's `flows.clientCredentials.tokenUrl` */
  readonly tokenUrl?: string;
  /**
   * How the client authenticates to the token endpoint (RFC 6749 §2.3.1): `basic` sends HTTP Basic with the
   * form-urlencoded id and secret (the method every server must support); `body` sends `client_id` and
   * `client_secret` as form parameters. @default "basic"
   */
  readonly clientAuthentication?: "basic" | "body";
  /** A token counts as expired this long before its `expires_in` says (ms), capped at a tenth of its lifetime. @default 30000 */
  readonly expirySkewMs?: number;
  /** A call this long before expiry (ms, capped at a quarter of the lifetime) starts a background refresh. @default 60000 */
  readonly refreshAheadMs?: number;
  /** Clock in epoch ms, for tests that move time past a token's expiry. @default Date.now */
  readonly now?: () => number;
}
