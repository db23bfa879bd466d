import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** A minimal OTLP/HTTP receiver on 127.0.0.1: records each export's path and JSON body, answers 200. */
function startReceiver(): Promise<{ server: Server; url: string; exports: { path: string; body: string }[] }> {
  const exports: { path: string; body: string }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      exports.push({ path: req.url ?? "", body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, exports }),
    ),
  );
}

describe("the demo with OTEL_EXPORTER_OTLP_ENDPOINT set", () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let dir: string;
  beforeAll(async () => {
    receiver = await startReceiver();
    dir = await mkdtemp(join(tmpdir(), "outbound-demo-otlp-"));
  });
  afterAll(async () => {
    receiver.server.closeAllConnections();
    await new Promise((resolve) => receiver.server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it("exports its traces and metrics over OTLP/HTTP and still exits 0 with no socket left", async () => {
    const { code, stdout, stderr } = await promisify(execFile)(
      "npx",
      [
        "tsx",
        "--conditions=@outbound/source",
        "src/demo.ts",
        "--duration",
        "5",
        "--rate",
        "2",
        "--report",
        join(dir, "report.html"),
      ],
      {
        cwd: fileURLToPath(new URL("..", import.meta.url)),
        env: {
          ...process.env,
          NO_COLOR: "1",
          OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
          OTEL_SERVICE_NAME: "demo-under-test",
        },
        timeout: 60_000,
      },
    ).then(
      (out) => ({ code: 0, ...out }),
      (error: { code: number; stdout: string; stderr: string }) => ({
        code: error.code,
        stdout: error.stdout,
        stderr: error.stderr,
      }),
    );
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toMatch(/✓ sockets left open\s+0/);
    const traces = receiver.exports.filter((e) => e.path === "/v1/traces").map((e) => e.body);
    const metrics = receiver.exports.filter((e) => e.path === "/v1/metrics").map((e) => e.body);
    expect(traces.length).toBeGreaterThan(0);
    expect(metrics.length).toBeGreaterThan(0);
    expect(traces.join("")).toContain('"demo-under-test"');
    expect(traces.join("")).toContain('"POST /orders"');
    expect(traces.join("")).toContain('"createCharge"');
    expect(metrics.join("")).toContain('"http.client.request.duration"');
  }, 90_000);
});
