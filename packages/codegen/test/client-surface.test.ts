import { writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { makeTempDir, removeTempDir } from "./helpers/temp-output.js";
import { emitDeclarations, typeCheck } from "./helpers/type-check.js";

const generated = join(import.meta.dirname, "__snapshots__", "bookshop", "generated");
const client = join(generated, "client.gen.ts");
const dir = makeTempDir("client-surface");
afterAll(() => removeTempDir(dir));

/** The compiler's diagnostics on `source` (a module importing the bookshop client as `./client.gen.js`), one line each. */
function diagnosticsOf(name: string, source: string): string[] {
  const probe = join(dir, `${name}.ts`);
  writeFileSync(probe, source.replaceAll("./client.gen.js", client.replace(/\.ts$/, ".js")));
  return typeCheck([probe], dir).errors.map((e) => e.slice(e.indexOf(`${name}.ts:`)));
}

describe("generated client surface as the compiler reports it (bookshop snapshot)", () => {
  it("retry options on an unsafe method fail with a message that says why and the two ways out", () => {
    const errors = diagnosticsOf(
      "unsafe-retry",
      `import { createBookshopClient } from "./client.gen.js";
const books = createBookshopClient({ baseUrl: "http://127.0.0.1" });
void books.addReview({ params: { path: { bookId: "b" } }, body: { stars: 1 } }, { retry: { maxAttempts: 3 } });
void books.addReview({ params: { path: { bookId: "b" } }, body: { stars: 1 } }, { retry: false });
`,
    );
    const refused =
      '"retry is refused: this operation is unsafe (not idempotent per RFC 9110 §9.2.2 and no Idempotency-Key), so a retry could repeat its side effect; mark it idempotent or declare its idempotency key header in the spec, overlay or outbound.config.yaml"';
    expect(errors).toEqual([
      `unsafe-retry.ts:3:83 TS2322 Type '{ maxAttempts: number; }' is not assignable to type 'RetryRefused'.\n  Type '{ maxAttempts: number; }' is not assignable to type '${refused}'.`,
      `unsafe-retry.ts:4:83 TS2322 Type 'false' is not assignable to type 'RetryRefused'.\n  Type 'false' is not assignable to type '${refused}'.`,
    ]);
  });

  it("an idempotency key on an idempotent or unsafe method fails with the reason", () => {
    const errors = diagnosticsOf(
      "refused-key",
      `import { createBookshopClient } from "./client.gen.js";
const books = createBookshopClient({ baseUrl: "http://127.0.0.1" });
void books.getBook({ params: { path: { bookId: "b" } } }, { idempotencyKey: "k" });
void books.addReview({ params: { path: { bookId: "b" } }, body: { stars: 1 } }, { idempotencyKey: "k" });
`,
    );
    expect(errors).toEqual([
      `refused-key.ts:3:61 TS2322 Type '"k"' is not assignable to type '"idempotencyKey is refused: this operation is idempotent (RFC 9110 §9.2.2 or x-outbound), so it sends no idempotency key"'.`,
      `refused-key.ts:4:83 TS2322 Type '"k"' is not assignable to type '"idempotencyKey is refused: the spec declares no idempotency key header for this operation; declare one (x-outbound.idempotencyKey or an Idempotency-Key header parameter) to send it"'.`,
    ]);
  });

  it("each method carries its operation's JSDoc (the Operations member), for hover and go-to-definition", () => {
    const probe = join(dir, "hover.ts");
    writeFileSync(
      probe,
      `import type { BookshopClient } from "${client.replace(/\.ts$/, ".js")}";\nexport type C = BookshopClient;\n`,
    );
    const { errors, program } = typeCheck([probe], dir);
    expect(errors).toEqual([]);
    const checker = program.getTypeChecker();
    const source = program.getSourceFile(probe) as ts.SourceFile;
    const alias = source.statements.find(ts.isTypeAliasDeclaration) as ts.TypeAliasDeclaration;
    const method = checker.getTypeAtLocation(alias).getProperty("createBook") as ts.Symbol;
    expect(ts.displayPartsToString(method.getDocumentationComment(checker)).split("\n")[0]).toBe(
      "POST /books — keyed: sends `idempotency-key` (`options.idempotencyKey`, or a fresh UUID v4), the same on every attempt; retried on transient failures.",
    );
    expect(method.getDeclarations()?.map((d) => d.getSourceFile().fileName)).toEqual([client]);
  });

  it("emits declarations: create<Name>Client returns the named client type", () => {
    const { errors, dts } = emitDeclarations([client], generated);
    expect(errors).toEqual([]);
    expect(dts.get(client)).toContain(
      "export declare function createBookshopClient(options: BookshopClientOptions): BookshopClient;",
    );
  });
});
