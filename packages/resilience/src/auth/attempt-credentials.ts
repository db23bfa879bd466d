/** The credentials of one attempt, encoded: headers to set, cookie pairs to append, query pairs to append. */
export interface CredentialSet {
  /** Lower-case header name and value pairs. */
  readonly headers: readonly (readonly [string, string])[];
  /** `name=value` pairs joined by `; ` ("" for none), appended to any `cookie` header. */
  readonly cookies: string;
  /** `name=value` pairs joined by `&` ("" for none), appended to the query as it is. */
  readonly query: string;
}

/**
 * Credentials that are read before every attempt rather than once per client: token providers and OAuth 2.0 client
 * credentials. Built by the client from its `auth` option; read by the call loop.
 */
export interface AttemptCredentials {
  /** The credentials to send on the next attempt (may wait for a token). */
  forAttempt(): Promise<CredentialSet>;
  /**
   * After an attempt sent with `used` was answered 401: drops the tokens `used` carried so the next
   * {@link AttemptCredentials.forAttempt} gets fresh ones, and says whether a replay is worth it (only credentials
   * that can be renewed, OAuth, say true).
   */
  renewAfter401(used: CredentialSet): boolean;
}

/** No credentials. */
export const NO_CREDENTIALS: CredentialSet = Object.freeze({ headers: Object.freeze([]), cookies: "", query: "" });
