import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** One request as the server saw it. */
export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage["headers"];
  readonly body: Buffer;
  readonly sha256: string;
  readonly remotePort: number;
  /** performance.now() at arrival (headers + body read). */
  readonly arrivedAt: number;
  /** performance.now() when the request's socket closed before the response finished, if it did. */
  closedEarlyAt: number | undefined;
  /** performance.now() when the response finished. */
  finishedAt: number | undefined;
}

/** Handles one request; `index` is its 0-based arrival number. */
export type Handler = (
  req: IncomingMessage,
  res: ServerResponse,
  seen: SeenRequest,
  index: number,
) => void | Promise<void>;

/** A real node:http server on 127.0.0.1 (port 0) that records what it sees. */
export interface TestServer {
  readonly url: string;
  readonly port: number;
  readonly requests: SeenRequest[];
  /** Current in-flight requests and the maximum seen. */
  inFlight: number;
  maxInFlight: number;
  /** Sockets currently open. */
  readonly openSockets: Set<Socket>;
  /** Replace the handler. */
  handle(handler: Handler): void;
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1:0. */
export async function startTestServer(handler: Handler): Promise<TestServer> {
  let current = handler;
  const openSockets = new Set<Socket>();
  const state: TestServer = {
    url: "",
    port: 0,
    requests: [],
    inFlight: 0,
    maxInFlight: 0,
    openSockets,
    handle: (next) => {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of openSockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const seen: SeenRequest = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body,
        sha256: createHash("sha256").update(body).digest("hex"),
        remotePort: req.socket.remotePort ?? 0,
        arrivedAt: performance.now(),
        closedEarlyAt: undefined,
        finishedAt: undefined,
      };
      const index = state.requests.length;
      state.requests.push(seen);
      state.inFlight += 1;
      state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
      let done = false;
      const settle = (): void => {
        if (!done) {
          done = true;
          state.inFlight -= 1;
        }
      };
      res.on("finish", () => {
        seen.finishedAt = performance.now();
        settle();
      });
      res.on("close", () => {
        if (!res.writableFinished) seen.closedEarlyAt = performance.now();
        settle();
      });
      void Promise.resolve(current(req, res, seen, index)).catch((error: unknown) => {
        res.destroy(error instanceof Error ? error : new Error(String(error)));
      });
    });
  });
  server.on("connection", (socket) => {
    openSockets.add(socket);
    socket.on("close", () => openSockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  Object.assign(state, { url: `http://127.0.0.1:${port}`, port });
  return state;
}

/** Sends a JSON response. */
export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** A promise that resolves after `ms`. */
export const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
