#!/usr/bin/env node
// Plain-Node launcher of the compiled CLI. `pnpm build` (turbo) or `pnpm --filter @outbound/testkit build`
// produces ../dist/cli.js. No TypeScript loader is registered here on purpose: the bin runs exactly the code
// a consumer of the built package runs, and needs no dev dependency at run time.
try {
  const { main } = await import("../dist/cli.js");
  await main(process.argv.slice(2));
} catch (error) {
  if (error?.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("dist/cli.js")) {
    process.stderr.write(
      "outbound-testkit: the compiled CLI (packages/testkit/dist/cli.js) is missing. " +
        "Run `pnpm --filter @outbound/testkit build` (or `pnpm build` at the repo root) first.\n",
    );
    process.exitCode = 1;
  } else {
    throw error;
  }
}
