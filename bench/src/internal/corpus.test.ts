import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { listCorpus } from "./corpus.js";
import { corpusDir, corpusPath } from "./paths.js";

const scratch = mkdtempSync(join(tmpdir(), "bench-corpus-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("listCorpus", () => {
  it("reads the ten specs of the real corpus from its README, Stripe first", (ctx) => {
    // The corpus lies beside the repo: without it this test skips, except under CI=true, where it must run.
    if (!existsSync(corpusPath()) && process.env.CI !== "true") {
      return ctx.skip(`specs corpus not found at ${corpusPath()} (set OUTBOUND_SPECS_CORPUS)`);
    }
    const specs = listCorpus(corpusDir());
    expect(specs.map((s) => s.name)).toEqual([
      "stripe",
      "github",
      "digitalocean",
      "box",
      "slack-web",
      "discord",
      "adyen-checkout",
      "overseerr",
      "camara-qod",
      "redocly-museum",
    ]);
    expect(specs[0]?.rootFile).toBe(join(corpusDir(), "stripe", "spec3.yaml"));
    expect(specs[2]?.rootFile).toBe(join(corpusDir(), "digitalocean", "specification", "DigitalOcean-public.v2.yaml"));
  });

  it("skips rows whose folder is missing or whose root file lies elsewhere", () => {
    mkdirSync(join(scratch, "present"));
    writeFileSync(
      join(scratch, "README.md"),
      [
        "| name | API | root file |",
        "| `present` | P | `present/openapi.yaml` |",
        "| `absent` | A | `absent/openapi.yaml` |",
        "| `present` | P | `other/openapi.yaml` |",
      ].join("\n"),
    );
    expect(listCorpus(scratch)).toEqual([{ name: "present", rootFile: join(scratch, "present", "openapi.yaml") }]);
  });

  it("names the README when it lists no spec", () => {
    const empty = mkdtempSync(join(tmpdir(), "bench-corpus-empty-"));
    writeFileSync(join(empty, "README.md"), "# nothing here\n");
    expect(() => listCorpus(empty)).toThrow(
      `${join(empty, "README.md")}: no "| \`name\` | API | \`root file\` |" rows found`,
    );
    rmSync(empty, { recursive: true, force: true });
  });
});
