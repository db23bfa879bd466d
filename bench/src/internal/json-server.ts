// A keep-alive HTTP server on 127.0.0.1 answering every request with the same small JSON body: the downstream of
// the runtime and no-fault memory benches. Runs in its own process (spawned by `spawnServer` of spawn-node.ts), so
// that its work never shares an event loop with the callers measured. Prints "listening <url>" when ready.
import { createServer } from "node:http";

const BODY = Buffer.from(JSON.stringify({ sku: "SKU-1001", available: 42, reserved: 3, warehouse: "ams-1" }));

const server = createServer((request, response) => {
  request.resume();
  request.on("end", () => {
    response.writeHead(200, { "content-type": "application/json", "content-length": BODY.byteLength });
    response.end(BODY);
  });
});
server.keepAliveTimeout = 60_000;
server.headersTimeout = 61_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  process.stdout.write(`listening http://127.0.0.1:${port}\n`);
});
process.on("SIGTERM", () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
