import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { startTestServer } from "../src/index.js";

const REPO_ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const CORPUS_DIR = resolve(REPO_ROOT, process.env.OUTBOUND_SPECS_CORPUS ?? join("..", "shared", "specs-corpus"));
const CORPUS_PRESENT = existsSync(CORPUS_DIR);
const SKIP_REASON = `specs corpus not found at ${CORPUS_DIR} (set OUTBOUND_SPECS_CORPUS)`;

/** Every OpenAPI 3.x spec of the corpus, its operation count, and one GET the server must answer 200 to. */
const CORPUS = [
  { name: "stripe", root: "stripe/spec3.yaml", operations: 468, get: "/v1/balance" },
  { name: "github", root: "github/api.github.com.json", operations: 771, get: "/meta" },
  {
    name: "digitalocean",
    root: "digitalocean/specification/DigitalOcean-public.v2.yaml",
    operations: 659,
    get: "/v2/account",
  },
  { name: "box", root: "box/openapi.json", operations: 296, get: "/users/me" },
  { name: "discord", root: "discord/openapi.json", operations: 242, get: "/gateway" },
  { name: "adyen-checkout", root: "adyen-checkout/CheckoutService-v72.json", operations: 28, get: undefined },
  { name: "overseerr", root: "overseerr/overseerr-api.yml", operations: 170, get: "/status" },
  { name: "camara-qod", root: "camara-qod/code/API_definitions/quality-on-demand.yaml", operations: 5, get: undefined },
  { name: "redocly-museum", root: "redocly-museum/openapi.yaml", operations: 8, get: "/museum-hours" },
] as const;

describe("specs corpus served by the testkit", () => {
  it("is present whenever CI=true (elsewhere its absence only skips the specs below)", () => {
    expect({ present: CORPUS_PRESENT || process.env.CI !== "true", dir: CORPUS_DIR }).toEqual({
      present: true,
      dir: CORPUS_DIR,
    });
  });

  for (const spec of CORPUS) {
    it(`${spec.name}: ${spec.operations} routes${spec.get === undefined ? "" : `, GET ${spec.get} → 200 JSON`}, closes cleanly`, async (ctx) => {
      if (!CORPUS_PRESENT) ctx.skip(SKIP_REASON);
      const server = await startTestServer({ spec: join(CORPUS_DIR, spec.root) });
      try {
        expect(server.routes).toHaveLength(spec.operations);
        if (spec.get !== undefined) {
          const response = await fetch(`${server.url}${spec.get}`);
          expect(response.status).toBe(200);
          expect(response.headers.get("content-type")).toMatch(/json/);
          expect(typeof (await response.json())).toBe("object");
        }
        expect((await fetch(`${server.url}/definitely/not/a/route`)).status).toBe(404);
      } finally {
        await server.close();
      }
      expect(server.openSockets()).toBe(0);
    }, 60_000);
  }
});
