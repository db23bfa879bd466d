import { createInventoryClient, type paths } from "@outbound/inventory";
import { AttemptSignal, createTransport } from "@outbound/resilience";
import {
  ConsecutiveBreaker,
  circuitBreaker,
  ExponentialBackoff,
  handleAll,
  retry,
  TimeoutStrategy,
  timeout,
  wrap,
} from "cockatiel";
import createFetchClient from "openapi-fetch";
import { Agent, request } from "undici";
// The pipeline's own Response for a body read whole: the baseline builds the same, so that the difference between
// the two variants is the policies alone, not how the answer is wrapped.
import { BufferedResponse } from "../../../packages/resilience/src/internal/buffered-response.js";
import type { BenchCall } from "./drive-load.js";
import { registerRecordingSdk } from "./otel-sdk.js";

/** Keys of the runtime variants, in table order. */
export const RUNTIME_VARIANTS = [
  "undiciRequest",
  "globalFetch",
  "openapiFetch",
  "openapiFetchTransport",
  "cockatielNaive",
  "outboundPipeline",
  "outboundPipelineOtel",
] as const;

/** One way of calling the downstream. */
export type RuntimeVariant = (typeof RUNTIME_VARIANTS)[number];

/** What each variant is, for tables and the README. */
export const VARIANT_LABELS: Readonly<Record<RuntimeVariant, string>> = Object.freeze({
  undiciRequest: "undici request (floor)",
  globalFetch: "global fetch",
  openapiFetch: "bare openapi-fetch (global fetch)",
  openapiFetchTransport: "openapi-fetch over Outbound's pooled transport, no policies",
  cockatielNaive: "openapi-fetch + naive cockatiel retry/breaker/timeout",
  outboundPipeline: "Outbound client, full default pipeline (no-op OTel API)",
  outboundPipelineOtel: "Outbound client, full pipeline, OTel SDK recording",
});

/** A variant ready to call, and how to release what it holds. */
export interface PreparedVariant {
  readonly call: BenchCall;
  close(): Promise<void>;
}

const SKU = "SKU-1001";
const ok = (status: number, data: unknown) => status === 200 && typeof data === "object" && data !== null;

function openapiFetchCall(client: ReturnType<typeof createFetchClient<paths>>): BenchCall {
  return async () => {
    const { data, response } = await client.GET("/stock/{sku}", { params: { path: { sku: SKU } } });
    return ok(response.status, data);
  };
}

/** Builds `variant` against the server at `baseUrl`. Each variant parses the JSON body, as a caller would. */
export function prepareVariant(variant: RuntimeVariant, baseUrl: string): PreparedVariant {
  const url = `${baseUrl}/stock/${SKU}`;
  switch (variant) {
    case "undiciRequest": {
      const agent = new Agent({ connections: 64 });
      return {
        call: async () => {
          const response = await request(url, { dispatcher: agent });
          return ok(response.statusCode, await response.body.json());
        },
        close: () => agent.close(),
      };
    }
    case "globalFetch":
      return {
        call: async () => {
          const response = await fetch(url);
          return ok(response.status, await response.json());
        },
        close: async () => {},
      };
    case "openapiFetch":
      return { call: openapiFetchCall(createFetchClient<paths>({ baseUrl })), close: async () => {} };
    case "openapiFetchTransport": {
      const transport = createTransport();
      const viaTransport = async (input: Request): Promise<Response> => {
        const answer = await transport.send({
          url: new URL(input.url),
          method: input.method,
          headers: Object.fromEntries(input.headers),
          body: undefined,
          signal: new AttemptSignal(),
        });
        const bytes = await answer.body.bytes();
        return new BufferedResponse(bytes as Uint8Array<ArrayBuffer>, { status: answer.status, headers: answer.headers });
      };
      return {
        call: openapiFetchCall(createFetchClient<paths>({ baseUrl, fetch: viaTransport })),
        close: () => transport.close(),
      };
    }
    case "cockatielNaive":
      return prepareCockatiel(baseUrl);
    case "outboundPipeline":
    case "outboundPipelineOtel": {
      const sdk = variant === "outboundPipelineOtel" ? registerRecordingSdk() : undefined;
      const client = createInventoryClient({ baseUrl });
      return {
        call: async () => {
          const { data, response } = await client.getStock({ params: { path: { sku: SKU } } });
          return ok(response.status, data);
        },
        close: async () => {
          await sdk?.shutdown();
        },
      };
    }
  }
}

/**
 * What a team would write without Outbound: openapi-fetch on global fetch inside cockatiel's retry (3 attempts,
 * exponential backoff), consecutive-failure breaker and a cooperative 10 s timeout.
 */
function prepareCockatiel(baseUrl: string): PreparedVariant {
  const client = createFetchClient<paths>({ baseUrl });
  const policy = wrap(
    retry(handleAll, { maxAttempts: 2, backoff: new ExponentialBackoff() }),
    circuitBreaker(handleAll, { halfOpenAfter: 5_000, breaker: new ConsecutiveBreaker(5) }),
    timeout(10_000, TimeoutStrategy.Cooperative),
  );
  return {
    call: () =>
      policy.execute(async ({ signal }) => {
        const { data, response } = await client.GET("/stock/{sku}", { params: { path: { sku: SKU } }, signal });
        return ok(response.status, data);
      }),
    close: async () => {},
  };
}
