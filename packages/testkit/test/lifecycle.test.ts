import { spawnSync } from "node:child_process";
import { Agent, request } from "node:http";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { startTestServer } from "../src/index.js";
import { keyed, rawRequest, specOf, until } from "./helpers.js";

/** Handles that a server or its pending work could leave behind. */
function handles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of process.getActiveResourcesInfo())
    if (/TCP|Timeout|Pipe/.test(name)) counts[name] = (counts[name] ?? 0) + 1;
  return counts;
}

function keepAliveGet(agent: Agent, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(url, { agent }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.socket?.remotePort ?? 0));
    })
      .on("error", reject)
      .end();
  });
}

describe("close()", () => {
  it("lets the process exit on its own: no timer, socket or listener survives close()", () => {
    const root = fileURLToPath(new URL("../../..", import.meta.url));
    const script = fileURLToPath(new URL("./fixtures/close-then-exit.ts", import.meta.url));
    const started = performance.now();
    const result = spawnSync(process.execPath, ["--import", "tsx", "--conditions=@outbound/source", script], {
      cwd: root,
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe("closed ECONNRESET,ECONNRESET open=0\n");
    expect(result.status).toBe(0);
    // The request delayed by 60 s would hold the process for a minute had its timer survived.
    expect(performance.now() - started).toBeLessThan(15_000);
  });

  it("leaves no open handles, even with a hung request, a long delay and idle keep-alive sockets", async () => {
    await new Promise((r) => setTimeout(r, 20));
    const baseline = handles();
    const server = await startTestServer({
      spec: specOf("payments"),
      faults: {
        createCharge: { mode: "script", steps: [{ kind: "hang" }, { kind: "pass", delayBeforeHeadersMs: 60_000 }] },
      },
    });
    const body = JSON.stringify({ amount: 1, currency: "eur", customerId: "c", paymentMethod: "p" });
    const hung = rawRequest(`${server.url}/charges`, { method: "POST", headers: keyed("a"), body });
    const delayed = rawRequest(`${server.url}/charges`, { method: "POST", headers: keyed("b"), body });
    const agent = new Agent({ keepAlive: true, maxSockets: 2 });
    await Promise.all([
      keepAliveGet(agent, `${server.url}/charges/ch_x`),
      keepAliveGet(agent, `${server.url}/charges/ch_y`),
    ]);
    await until(() => server.requests.length === 4);
    expect(server.openSockets()).toBe(4);
    expect(server.concurrency()).toEqual({ current: 2, max: 3 });

    await server.close();
    expect(server.openSockets()).toBe(0);
    expect(server.requests.map((r) => r.outcome).sort()).toEqual([
      "closed-by-server",
      "closed-by-server",
      "finished",
      "finished",
    ]);
    const [a, b] = await Promise.all([hung, delayed]);
    expect([a.error, b.error]).toEqual(["ECONNRESET", "ECONNRESET"]);
    agent.destroy();
    // Vitest's own timers come and go, so timers may only drop below the baseline; sockets must match it exactly.
    const settled = () => {
      const now = handles();
      return (
        now.TCPServerWrap === baseline.TCPServerWrap &&
        now.TCPSocketWrap === baseline.TCPSocketWrap &&
        (now.Timeout ?? 0) <= (baseline.Timeout ?? 0)
      );
    };
    await until(settled);
    expect([handles().TCPServerWrap, handles().TCPSocketWrap]).toEqual([undefined, undefined]);
    await expect(server.close()).resolves.toBeUndefined();
    expect((await rawRequest(`${server.url}/charges/ch_x`)).error).toBe("ECONNREFUSED");
  });

  it("counts client sockets: a keep-alive socket is reused and counted once", async () => {
    const server = await startTestServer({ spec: specOf("inventory") });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const ports = [];
    for (let i = 0; i < 3; i++) ports.push(await keepAliveGet(agent, `${server.url}/stock/SKU-1001`));
    expect(new Set(ports).size).toBe(1);
    expect(server.openSockets()).toBe(1);
    expect(server.requests.map((r) => r.socketId)).toEqual([1, 1, 1]);
    agent.destroy();
    await until(() => server.openSockets() === 0);
    await server.close();
  });
});
