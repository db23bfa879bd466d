/** An access token and when it stops being usable (epoch ms). */
export interface CachedToken {
  readonly accessToken: string;
  /** From this time on, a call waits for a new token. */
  readonly usableUntil: number;
  /** From this time on, a call still uses this token but starts a refresh in the background. */
  readonly refreshFrom: number;
}

/** What a token request gives: the token and its lifetime in ms. */
export interface IssuedToken {
  readonly accessToken: string;
  readonly lifetimeMs: number;
}

/** Timing of a {@link TokenCache}, ms. */
export interface TokenTiming {
  readonly expirySkewMs: number;
  readonly refreshAheadMs: number;
  readonly now: () => number;
}

/**
 * One access token of one identity, shared by every caller: fetched once (single flight: however many callers ask
 * while a request is out, one token request is made), kept until its expiry minus a skew, refreshed in the
 * background once a caller asks within the refresh-ahead window, and dropped after a 401 answered to it.
 */
export class TokenCache {
  readonly #request: () => Promise<IssuedToken>;
  readonly #timing: TokenTiming;
  #token: CachedToken | undefined;
  #inFlight: Promise<CachedToken> | undefined;

  constructor(request: () => Promise<IssuedToken>, timing: TokenTiming) {
    this.#request = request;
    this.#timing = timing;
  }

  /** A usable access token: the cached one, or the one being fetched, or a new one. */
  async token(): Promise<string> {
    const now = this.#timing.now();
    const cached = this.#token;
    if (cached !== undefined && now < cached.usableUntil) {
      // Ahead of expiry: this caller goes on with the current token; a failed background refresh is retried by
      // the next caller, and the token stays usable until its expiry.
      if (now >= cached.refreshFrom) this.#refresh().catch(() => undefined);
      return cached.accessToken;
    }
    return (await this.#refresh()).accessToken;
  }

  /** Drops `accessToken` when it is the cached one (a 401 said it is no longer accepted). */
  invalidate(accessToken: string): void {
    if (this.#token?.accessToken === accessToken) this.#token = undefined;
  }

  #refresh(): Promise<CachedToken> {
    this.#inFlight ??= this.#request()
      .then((issued) => {
        const token = this.#cacheable(issued);
        this.#token = token;
        return token;
      })
      .finally(() => {
        this.#inFlight = undefined;
      });
    return this.#inFlight;
  }

  #cacheable({ accessToken, lifetimeMs }: IssuedToken): CachedToken {
    const issuedAt = this.#timing.now();
    const usableUntil = issuedAt + lifetimeMs - Math.min(this.#timing.expirySkewMs, lifetimeMs / 10);
    const refreshFrom = usableUntil - Math.min(this.#timing.refreshAheadMs, lifetimeMs / 4);
    return { accessToken, usableUntil, refreshFrom };
  }
}
