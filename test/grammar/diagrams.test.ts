import { readFileSync } from "node:fs";
import { describe, it, expect } from "vitest";
import { DIAGRAMS_PATH, generateDiagramsHtml } from "../../scripts/grammar-diagrams.ts";

describe("grammar/diagrams.html", () => {
  const committed = readFileSync(DIAGRAMS_PATH, "utf8");
  const fresh = generateDiagramsHtml();

  it("is up to date with the parser (run `npm run grammar` to regenerate)", () => {
    expect(committed, "grammar/diagrams.html is stale; run `npm run grammar`").toBe(fresh);
  });

  it("is deterministic", () => {
    expect(generateDiagramsHtml()).toBe(fresh);
  });

  it("mentions the main rules", () => {
    for (const rule of ["specFile", "processDecl", "statement"]) {
      expect(committed).toContain(`"name": "${rule}"`);
    }
  });

  it("loads its rendering resources locally, not from a CDN", () => {
    expect(fresh).not.toMatch(/https?:\/\//);
    expect(fresh).toContain("../node_modules/chevrotain/diagrams/");
  });
});
