import { startTestServer } from "@outbound/testkit";
import {
  buildCalls,
  inPool,
  loadWireSubject,
  sendCall,
  serversAt,
  type WireCall,
  type WireSpec,
} from "./wire-calls.js";

/** The header that ties a recorded request to the call that sent it (calls run side by side). */
const CALL_HEADER = "x-wire-call";

/** One operation's call through the generated client to a testkit serving the same spec. */
export interface WireOutcome {
  readonly call: WireCall;
  /** What the testkit found wrong with the request (empty: it fits the spec); `not sent: …` when nothing arrived. */
  readonly violations: readonly string[];
  /** The status the testkit answered. */
  readonly status: number | undefined;
}

/** A spec's calls and their outcomes. */
export interface WireRun {
  readonly spec: WireSpec;
  readonly outcomes: readonly WireOutcome[];
  /** Wall time: generation, server start, calls. */
  readonly ms: number;
}

/**
 * Generates the spec's client, starts a testkit on the same document, sends one call per operation through the
 * client (8 in flight, one attempt each) and collects the violations the testkit recorded for each request.
 */
export async function runWireSpec(spec: WireSpec, runDir: string): Promise<WireRun> {
  const started = performance.now();
  const subject = await loadWireSubject(spec, runDir);
  const server = await startTestServer({ spec: subject.document });
  try {
    const client = subject.createClient({
      baseUrl: server.url,
      servers: serversAt(subject, server.url),
      retry: { maxAttempts: 1 },
      // One call per operation: a breaker per operation never sees enough calls to open.
      breaker: { scope: "operation", windowSize: 20, minimumCalls: 20 },
    });
    const calls = buildCalls(subject);
    const outcomes = await inPool(
      calls.map((call, index) => ({ call, index })),
      8,
      async ({ call, index }): Promise<WireOutcome> => {
        const arrived = () => server.requests.filter((r) => r.headers[CALL_HEADER] === String(index));
        let end = await sendCall(client, call, { [CALL_HEADER]: String(index) });
        // A keep-alive socket the server closed as the request went out (RFC 9112 §9.3.1) delivers nothing: once more.
        if (arrived().length === 0 && /ECONNRESET|socket hang up/.test(end.error ?? ""))
          end = await sendCall(client, call, { [CALL_HEADER]: String(index) });
        const mine = arrived();
        if (mine.length === 0)
          return { call, violations: [`not sent: ${end.error ?? `answered ${end.status}`}`], status: end.status };
        const routed = mine.flatMap((r) =>
          r.route === undefined ? [`not routed: ${r.method} ${r.path} answered ${r.status}`] : [],
        );
        return { call, violations: [...routed, ...mine.flatMap((r) => r.validationErrors)], status: mine[0]?.status };
      },
    );
    return { spec, outcomes, ms: performance.now() - started };
  } finally {
    await server.close();
  }
}
