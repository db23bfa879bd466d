import createClient, { type Middleware } from "openapi-fetch";
import type { FetchFunction } from "./runtime.js";

/** What a test needs of an openapi-fetch client: path-based calls with a per-request `fetch`. */
export interface LooseResult {
  readonly data?: unknown;
  readonly error?: unknown;
  readonly response: Response;
}
type Init = {
  readonly fetch?: FetchFunction;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly params?: unknown;
};
export interface LooseClient {
  GET(path: string, init?: Init): Promise<LooseResult>;
  POST(path: string, init?: Init): Promise<LooseResult>;
  DELETE(path: string, init?: Init): Promise<LooseResult>;
  use(...middleware: Middleware[]): void;
}

/** A real openapi-fetch client without spec types (the tests exercise the runtime, not the types). */
export function looseClient(baseUrl: string): LooseClient {
  return createClient({ baseUrl }) as unknown as LooseClient;
}
