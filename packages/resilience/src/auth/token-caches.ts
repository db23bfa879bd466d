import type { ResilienceOptions } from "../options.js";
import { TokenCache } from "./token-cache.js";
import type { ClientCredentials } from "./token-provider.js";
import { createTokenRequest } from "./token-request.js";

/** Defaults of the timing fields of {@link ClientCredentials}. */
export const DEFAULT_CLIENT_CREDENTIALS_TIMING = Object.freeze({ expirySkewMs: 30_000, refreshAheadMs: 60_000 });

/** One token cache per identity, for the whole process. */
const caches = new Map<string, TokenCache>();

/**
 * The token cache of the identity `tokenUrl` + `clientId` + `scopes` (order-insensitive), shared by every client of
 * the process that uses it; made on first use with this client's options (its transport, hooks and policies run
 * the token requests, and its clock, skew and refresh-ahead time hold for the identity).
 */
export function tokenCacheFor(
  credentials: ClientCredentials & { readonly tokenUrl: string; readonly scopes: readonly string[] },
  downstream: string,
  options: ResilienceOptions,
): TokenCache {
  const scopes = [...new Set(credentials.scopes)].sort();
  const identity = JSON.stringify([credentials.tokenUrl, credentials.clientId, scopes]);
  let cache = caches.get(identity);
  if (cache === undefined) {
    const request = createTokenRequest(
      {
        tokenUrl: credentials.tokenUrl,
        clientId: credentials.clientId,
        clientSecret: credentials.clientSecret,
        scopes,
        clientAuthentication: credentials.clientAuthentication ?? "basic",
      },
      downstream,
      options,
    );
    cache = new TokenCache(request, {
      expirySkewMs: credentials.expirySkewMs ?? DEFAULT_CLIENT_CREDENTIALS_TIMING.expirySkewMs,
      refreshAheadMs: credentials.refreshAheadMs ?? DEFAULT_CLIENT_CREDENTIALS_TIMING.refreshAheadMs,
      now: credentials.now ?? Date.now,
    });
    caches.set(identity, cache);
  }
  return cache;
}
