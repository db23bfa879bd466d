import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { connect } from "node:net";
import { fileURLToPath } from "node:url";

/** Absolute path of a spec of this repo, e.g. `specOf("payments")`. */
export function specOf(name: string): string {
  return fileURLToPath(new URL(`../../../specs/${name}/openapi.yaml`, import.meta.url));
}

/** Absolute path of a spec of test/fixtures, e.g. `fixture("uploads.yaml")`. */
export function fixture(file: string): string {
  return fileURLToPath(new URL(`fixtures/${file}`, import.meta.url));
}

/** What a raw node:http client saw. */
export interface RawResult {
  readonly status: number | undefined;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** The error code (`ECONNRESET`, `ECONNREFUSED`, …) or the message of an error without one. */
  readonly error: string | undefined;
  /** True when the response started but its body ended early ('aborted'). */
  readonly aborted: boolean;
}

/**
 * One request on a fresh connection (no agent: `Connection: close`), collecting whatever arrives.
 * Resolves on end, error or abort; never rejects.
 */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number } = {},
): Promise<RawResult> {
  return new Promise((resolve) => {
    let status: number | undefined;
    let headers: IncomingHttpHeaders = {};
    let body = "";
    let aborted = false;
    let settled = false;
    const done = (error: string | undefined): void => {
      if (settled) return;
      settled = true;
      resolve({ status, headers, body, error, aborted });
    };
    const req = httpRequest(url, { method: options.method ?? "GET", headers: options.headers, agent: false }, (res) => {
      status = res.statusCode;
      headers = res.headers;
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        body += chunk;
      });
      res.on("aborted", () => {
        aborted = true;
      });
      res.on("error", (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
      res.on("end", () => done(undefined));
      res.on("close", () => done(aborted ? "aborted" : undefined));
    });
    req.on("error", (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
    if (options.timeoutMs !== undefined) {
      req.setTimeout(options.timeoutMs, () => {
        req.destroy(Object.assign(new Error("client timeout"), { code: "CLIENT_TIMEOUT" }));
      });
    }
    req.end(options.body);
  });
}

/**
 * Sends raw bytes on a new TCP connection and returns every byte received until the server closes, or `idleMs` pass
 * after the last byte received. Before the first byte it waits up to `firstByteMs` (default 10 000 ms): a busy machine
 * may take longer than `idleMs` to answer at all, and an empty result must mean the server sent nothing.
 */
export function rawExchange(
  port: number,
  request: string,
  idleMs = 300,
  firstByteMs = 10_000,
): Promise<{ bytes: string; closedByServer: boolean }> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let bytes = "";
    let timer: NodeJS.Timeout | undefined;
    const finish = (closedByServer: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ bytes, closedByServer });
    };
    const arm = (waitMs: number): void => {
      clearTimeout(timer);
      timer = setTimeout(() => finish(false), waitMs);
    };
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => {
      bytes += chunk;
      arm(idleMs);
    });
    socket.on("end", () => finish(true));
    socket.on("error", () => finish(true));
    socket.write(request);
    arm(firstByteMs);
  });
}

/** A JSON POST request in raw HTTP/1.1 form. */
export function rawPost(path: string, body: string, headers: Record<string, string> = {}): string {
  const lines = [
    `POST ${path} HTTP/1.1`,
    "Host: 127.0.0.1",
    "Content-Type: application/json",
    `Content-Length: ${Buffer.byteLength(body)}`,
  ];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  return `${lines.join("\r\n")}\r\n\r\n${body}`;
}

/** The Date header value replaced by a placeholder, so exact bytes can be compared. */
export function withoutDate(bytes: string): string {
  return bytes.replace(/\r\nDate: [^\r]+\r\n/, "\r\nDate: <date>\r\n");
}

export const CHARGE_BODY = { amount: 4999, currency: "eur", customerId: "cus_8f2k1", paymentMethod: "pm_card_visa" };

/** Headers for a JSON request with an Idempotency-Key. */
export function keyed(key: string): Record<string, string> {
  return { "content-type": "application/json", "idempotency-key": key };
}

/** Polls `predicate` every 5 ms until it holds; throws after `timeoutMs`. */
export async function until(predicate: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
