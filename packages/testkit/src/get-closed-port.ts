import { createServer } from "node:net";

/**
 * A TCP port on 127.0.0.1 with nothing listening: connecting to it is refused (ECONNREFUSED), the
 * "connection refused" fault. The port is bound and released at once, so another process could take it in
 * between; on a test machine that is rare, and a test can assert the refusal it gets.
 */
export function getClosedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
