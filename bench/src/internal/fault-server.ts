// The testkit server on specs/inventory with a seeded random fault mix on GET /stock/{sku}: the downstream of the
// memory bench "with faults". Runs in its own process; prints "listening <url>". Its request log is reset every
// 5 000 exchanges so that the server's own memory stays flat over 100 000 calls.
import { join } from "node:path";
import { startTestServer } from "@outbound/testkit";
import { FAULT_MIX, FAULT_ROUTE } from "./fault-mix.js";
import { REPO_ROOT } from "./paths.js";

let exchanges = 0;
const server = await startTestServer({
  spec: join(REPO_ROOT, "specs", "inventory", "openapi.yaml"),
  faults: { [FAULT_ROUTE]: FAULT_MIX },
  onExchangeEnd: () => {
    exchanges++;
    if (exchanges % 5_000 === 0) setImmediate(() => server.reset());
  },
});
process.stdout.write(`listening ${server.url}\n`);
process.on("SIGTERM", () => {
  void server.close().then(() => process.exit(0));
});
