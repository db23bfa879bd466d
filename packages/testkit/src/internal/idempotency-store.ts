import { createHash } from "node:crypto";
import type { Outcome } from "./outcome.js";

/** What the store says about a keyed request before the server processes it. */
export type IdempotencyDecision =
  | { readonly kind: "new"; complete(outcome: Outcome): void; abandon(): void }
  | { readonly kind: "in-flight" }
  | { readonly kind: "mismatch" }
  | { readonly kind: "replay"; readonly outcome: Outcome };

type Entry = { fingerprint: string; outcome: Outcome | undefined };

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

/**
 * A request fingerprint (IETF draft-ietf-httpapi-idempotency-key-header §2.4): SHA-256 over the concrete
 * path and the body — its canonical JSON (keys sorted) when it parsed, else its bytes.
 */
export function fingerprint(path: string, json: unknown, body: Buffer): string {
  const hash = createHash("sha256").update(path).update("\n");
  hash.update(json === undefined ? body : Buffer.from(JSON.stringify(canonical(json))));
  return hash.digest("hex");
}

/**
 * Stored results of keyed requests, scoped per route (`POST /charges` and `POST /charges/{id}/refunds` have
 * separate key spaces). Following the IETF Idempotency-Key draft and Stripe: the first request with a key is
 * processed; a repeat while it is in flight is a conflict (409); a repeat with another fingerprint is a
 * misuse (422); a repeat after it completed replays the stored result. A request that never completes
 * (rejected by validation, or failed before committing) releases the key.
 */
export class IdempotencyStore {
  readonly #entries = new Map<string, Entry>();

  begin(routeKey: string, key: string, requestFingerprint: string): IdempotencyDecision {
    const scoped = `${routeKey}\n${key}`;
    const entry = this.#entries.get(scoped);
    if (entry !== undefined) {
      if (entry.fingerprint !== requestFingerprint) return { kind: "mismatch" };
      return entry.outcome === undefined ? { kind: "in-flight" } : { kind: "replay", outcome: entry.outcome };
    }
    const fresh: Entry = { fingerprint: requestFingerprint, outcome: undefined };
    this.#entries.set(scoped, fresh);
    return {
      kind: "new",
      complete: (outcome) => {
        fresh.outcome = outcome;
      },
      abandon: () => {
        if (this.#entries.get(scoped) === fresh) this.#entries.delete(scoped);
      },
    };
  }

  clear(): void {
    this.#entries.clear();
  }
}
