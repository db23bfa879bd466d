// One measured runtime run in a fresh process: `runtime-worker.ts <variant> <baseUrl> <concurrency> <warmupCalls>
// <calls>`. Prints the LoadResult as one JSON line. A fresh process per run keeps variants from sharing JIT state,
// heap, sockets or a globally registered OpenTelemetry SDK.
import { driveLoad } from "./internal/drive-load.js";
import { prepareVariant, RUNTIME_VARIANTS, type RuntimeVariant } from "./internal/runtime-variants.js";

const [variant, baseUrl, concurrency, warmupCalls, calls] = process.argv.slice(2);
if (!RUNTIME_VARIANTS.includes(variant as RuntimeVariant) || baseUrl === undefined) {
  process.stderr.write(
    `usage: runtime-worker.ts <${RUNTIME_VARIANTS.join("|")}> <baseUrl> <concurrency> <warmupCalls> <calls>\n`,
  );
  process.exit(2);
}
const prepared = prepareVariant(variant as RuntimeVariant, baseUrl);
await driveLoad(prepared.call, Number(warmupCalls), Number(concurrency));
const result = await driveLoad(prepared.call, Number(calls), Number(concurrency));
await prepared.close();
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
