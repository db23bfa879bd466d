import { describe, expect, it } from "vitest";
import { OPERATIONS_END, OPERATIONS_START, replaceOperationsBlock } from "./readme-operations.js";

describe("replaceOperationsBlock", () => {
  it("replaces only the text between the markers, keeping the team's text around them", () => {
    const readme = `# x\n\nintro\n\n${OPERATIONS_START}\nold table\n${OPERATIONS_END}\n\n## Ours\n\nkept\n`;
    expect(replaceOperationsBlock(readme, `${OPERATIONS_START}\nnew\n${OPERATIONS_END}`)).toBe(
      `# x\n\nintro\n\n${OPERATIONS_START}\nnew\n${OPERATIONS_END}\n\n## Ours\n\nkept\n`,
    );
  });

  it("leaves a README without both markers (in order) alone", () => {
    expect(replaceOperationsBlock("# x\n| a |\n", "new")).toBeUndefined();
    expect(replaceOperationsBlock(`${OPERATIONS_START}\n| a |\n`, "new")).toBeUndefined();
    expect(replaceOperationsBlock(`${OPERATIONS_END}\n${OPERATIONS_START}\n`, "new")).toBeUndefined();
  });
});
