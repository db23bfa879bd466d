import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateIntoTemp } from "./helpers/generate-fixture.js";
import { startRecordServer } from "./helpers/record-server.js";
import { removeTempDir } from "./helpers/temp-output.js";

const SPEC = join(import.meta.dirname, "fixtures", "request-guards", "openapi.yaml");
const cleanup: (() => unknown)[] = [];
afterAll(async () => {
  for (const step of cleanup) await step();
});

interface GuardsClient {
  getFile(init: { params: { path: { name: string } } }): Promise<{ response: Response }>;
  search(init: { params: { query: Record<string, unknown> } }): Promise<{ response: Response }>;
  raw: { GET(path: string, init: object): Promise<{ response: Response }> };
}

async function guardsClient(): Promise<{
  client: GuardsClient;
  server: Awaited<ReturnType<typeof startRecordServer>>;
}> {
  const { dir, out } = await generateIntoTemp("request-guards", SPEC);
  cleanup.push(() => removeTempDir(dir));
  const server = await startRecordServer();
  cleanup.push(() => server.close());
  const { createRequestGuardsClient } = (await import(join(out, "client.gen.ts"))) as {
    createRequestGuardsClient(options: object): GuardsClient;
  };
  return { client: createRequestGuardsClient({ baseUrl: `${server.url}/v1`, retry: { maxAttempts: 1 } }), server };
}

describe("generated client wires the runtime's request guards (requests built from untrusted values)", () => {
  it("refuses `..`, `.` and empty path values before any request, typed and raw; percent-encodes the rest", async () => {
    const { client, server } = await guardsClient();
    for (const name of ["..", ".", ""]) {
      await expect(client.getFile({ params: { path: { name } } })).rejects.toMatchObject({
        code: "INVALID_REQUEST",
        location: "path",
        parameter: "name",
        attempts: 0,
      });
      await expect(client.raw.GET("/files/{name}", { params: { path: { name } } })).rejects.toMatchObject({
        code: "INVALID_REQUEST",
        parameter: "name",
      });
    }
    expect(server.seen).toEqual([]);
    const ok = await client.getFile({ params: { path: { name: "../etc/passwd?x#y" } } });
    expect(ok.response.status).toBe(204);
    expect(server.seen.map((r) => r.url)).toEqual(["/v1/files/..%2Fetc%2Fpasswd%3Fx%23y"]);
  });

  it("serialises each query parameter as the spec's style/explode/allowReserved say", async () => {
    const { client, server } = await guardsClient();
    const result = await client.search({
      params: {
        query: {
          tags: ["a", "b|c"],
          ids: [1, 2],
          words: ["x", "y"],
          seen: ["p", "q"],
          filter: { color: "red" },
          next: "/a?b=c&d#e",
        },
      },
    });
    expect(result.response.status).toBe(204);
    expect(server.seen.map((r) => r.url)).toEqual([
      "/v1/search?tags=a|b%7Cc&ids=1,2&words=x%20y&seen=p&seen=q&filter[color]=red&next=/a?b%3Dc%26d%23e",
    ]);
  });
});
