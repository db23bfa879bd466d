// A TCP listener whose process never runs its event loop again, so it never accept()s: once the kernel's
// accept queue is full, further SYNs are dropped and a client's connect hangs until its connect timeout.
const net = require("node:net");
const server = net.createServer();
server.listen({ port: 0, host: "127.0.0.1", backlog: 1 }, () => {
  process.send(server.address().port, () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30_000));
});
