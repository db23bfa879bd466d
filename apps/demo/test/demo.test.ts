import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DemoResult, runDemo } from "../src/internal/demo/run-demo.js";
import { attributesOf, CHROMIUM_MISSING, dumpDom, findChromium } from "./chromium.js";

describe("the demo, a short run in process", () => {
  let dir: string;
  let result: DemoResult;
  const lines: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "outbound-demo-"));
    result = await runDemo({
      durationS: 12,
      ratePerS: 8,
      seed: 7,
      reportPath: join(dir, "report.html"),
      live: false,
      write: (line) => lines.push(line),
    });
  }, 90_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("holds every invariant, each with a figure of 0", () => {
    expect(result.invariants.map((i) => [i.name, i.value, i.ok])).toEqual([
      ["duplicate charges", 0, true],
      ["downstream calls past their deadline", 0, true],
      ["orders answered past their deadline", 0, true],
      ["notifications sent more than once", 0, true],
      ["charges missed or walked twice", 0, true],
      ["payment events not relayed once each", 0, true],
      ["sockets left open", 0, true],
    ]);
  });

  it("walks every charge once in pages of 50 through checkout-service, with one OAuth token for the whole run", () => {
    const { walk } = result;
    expect(walk.reconciliation.charges).toBe(walk.expectedCharges);
    expect(walk.expectedCharges).toBeGreaterThan(120);
    expect(walk.reconciliation).toMatchObject({
      pages: Math.ceil(walk.expectedCharges / 50),
      pageSize: 50,
      chargedOrders: walk.expectedCharges,
      duplicateCharges: 0,
      chargesListedTwice: 0,
    });
    // One token request (at warm-up) serves every call of a 12 s run: tokens live 30 s, refreshed from 22.5 s on.
    expect([walk.tokenRequests, walk.unauthorized, walk.missedOrTwice]).toEqual([1, 0, 0]);
    expect(lines).toContain(
      `Payments ${walk.reconciliation.charges} charges walked over ${walk.reconciliation.pages} pages of 50 (${walk.expectedCharges} held, missed or listed twice 0), orders charged twice 0; OAuth 1 token request, 0 answered 401 and replayed`,
    );
  });

  it("follows one confirmed order's payment events after the run: 3 events, and 3 once each across a resumed stall", () => {
    const { feed } = result;
    expect(feed.healthy.events.map((e) => e.id)).toEqual(["1", "2", "3"]);
    expect([feed.healthy.ended, feed.healthy.downstreamOutcomes]).toEqual(["end", ["finished"]]);
    expect(feed.stalled.events.map((e) => e.id)).toEqual(["1", "2", "3"]);
    expect([feed.stalled.ended, feed.stalled.downstreamOutcomes, feed.stalled.resumedWith]).toEqual([
      "end",
      ["closed-by-client", "finished"],
      ["2"],
    ]);
    const line = lines.find((l) => l.startsWith("Events  "))?.replace(/\d+ ms/g, "N ms");
    expect(line).toBe(
      `Events  ${feed.healthy.orderId} via checkout-service: healthy: 3 events (1:charge.created → 2:charge.authorized → 3:charge.succeeded), first after N ms, ended; payments requests finished; payments stalls after 2: 3 events (1:charge.created → 2:charge.authorized → 3:charge.succeeded), first after N ms, ended, resumed with Last-Event-ID 2 after N ms of silence (idle timeout); payments requests closed-by-client, finished`,
    );
  });

  it("goes through the six phases, printing a quiet line for each", () => {
    expect(
      lines.filter((l) => /^\[\s*\d+\.\d s\] phase \d\/6: /.test(l)).map((l) => l.replace(/^\[[^\]]*\] /, "")),
    ).toEqual([
      "phase 1/6: healthy",
      "phase 2/6: payments: 503 with Retry-After",
      "phase 3/6: payments: hanging past the attempt timeout",
      "phase 4/6: payments: down (connections reset)",
      "phase 5/6: recovery: half-open probe, breaker closes",
      "phase 6/6: notifications: reset after accepting",
    ]);
    expect(result.report.phases.map((p) => [p.startS, p.endS])).toEqual([
      [0, 1.68],
      [1.68, 3.72],
      [3.72, 5.76],
      [5.76, 7.8],
      [7.8, 9.84],
      [9.84, 12],
    ]);
  });

  it("shows the failures the phases cause: retries, an opened breaker, fast failures and unknown confirmations", () => {
    const payments = result.report.summary.find((row) => row.downstream === "payments");
    expect(Number(payments?.retries)).toBeGreaterThan(0);
    expect(Number(payments?.["breaker opened"])).toBeGreaterThan(0);
    expect(Number(payments?.["failed fast"])).toBeGreaterThan(0);
    expect(payments?.attempts).toBe(payments?.["attempts (OTel metric)"]);
    expect(result.report.breaker.payments?.map((e) => e.state)).toContain("open");
    expect(
      String(result.report.summary.find((row) => row.downstream === "notifications")?.["failures by code"]),
    ).toMatch(/(^| · )NETWORK \d+( · |$)/);
    expect(result.report.spanTree?.spans.map((s) => s.name)).toEqual(
      expect.arrayContaining(["POST /orders", "reserveStock", "createCharge", "POST /charges", "sendMessage"]),
    );
  });

  const CHART_IDS = ["latency-inventory", "latency-payments", "latency-notifications", "attempts", "breaker", "orders"];

  it("writes a self-contained report (nothing loaded from elsewhere) with a canvas per chart", async () => {
    const html = await readFile(result.reportPath, "utf8");
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\/cdn/i);
    expect(CHART_IDS.filter((id) => !html.includes(`<canvas id="${id}">`))).toEqual([]);
  });

  it("draws every chart of the report in headless Chromium", async (ctx) => {
    // CI installs Chromium and must run this test; elsewhere a missing Chromium skips it, saying how to install it.
    const chromium = findChromium();
    if (chromium === undefined) {
      if (process.env.CI === "true") throw new Error(`CI=true but ${CHROMIUM_MISSING}`);
      return ctx.skip(CHROMIUM_MISSING);
    }
    const dom = await dumpDom(chromium, result.reportPath);
    const body = attributesOf(dom, /<body[^>]*>/);
    expect(body?.["data-charts-total"]).toBe("6");
    expect(body?.["data-charts-drawn"]).toBe("6");
    expect(Number(body?.["data-span-rows"])).toBeGreaterThanOrEqual(5);
    for (const id of CHART_IDS) {
      const canvas = attributesOf(dom, new RegExp(`<canvas id="${id}"[^>]*>`));
      expect({ id, drawn: canvas?.["data-drawn"], error: canvas?.["data-error"] }).toEqual({
        id,
        drawn: "true",
        error: undefined,
      });
      expect(Number(canvas?.["data-painted-pixels"])).toBeGreaterThan(1000);
    }
  }, 90_000);
});

describe("the demo's command line", () => {
  const run = (args: string[]) =>
    promisify(execFile)("npx", ["tsx", "--conditions=@outbound/source", "src/demo.ts", ...args], {
      cwd: fileURLToPath(new URL("..", import.meta.url)),
      env: { ...process.env, NO_COLOR: "1" },
    }).then(
      (out) => ({ code: 0, ...out }),
      (error: { code: number; stdout: string; stderr: string }) => ({
        code: error.code,
        stdout: error.stdout,
        stderr: error.stderr,
      }),
    );

  it("refuses a bad flag value with exit code 2 and the usage", async () => {
    const out = await run(["--rate", "0"]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain("demo: --rate must be above 0 and at most 200 orders/s, got 0");
    expect(out.stderr).toContain("Usage: demo [--duration <s>] [--rate <orders/s>] [--seed <n>] [--report <file>]");
  });

  it("refuses an unknown flag", async () => {
    const out = await run(["--speed", "3"]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain("Unknown option '--speed'");
  });
});
