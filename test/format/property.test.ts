// Property: random well-formed specs (from the grammar, comments at random token boundaries),
// formatted with random printWidth / tabWidth / useTabs, give output that formats to itself, has
// the same tokens and AST, and keeps every comment.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SourceFile } from "../../src/diag/diagnostic.ts";
import { parseSpec } from "../../src/syntax/index.ts";
import { render, separators, spec } from "./arbitrary.ts";
import { astShape, commentTexts, format, tokenImages } from "./helpers.ts";

const options = fc.record({
  printWidth: fc.integer({ min: 20, max: 120 }),
  tabWidth: fc.integer({ min: 1, max: 8 }),
  useTabs: fc.boolean(),
  kspecCommentColumn: fc.integer({ min: 0, max: 60 }),
});

const parses = (text: string): boolean => parseSpec(new SourceFile("t.kspec", text)).diagnostics.every((d) => d.severity !== "error");

describe("formatter properties (fast-check)", () => {
  it("random specs: idempotent, same tokens and AST, every comment kept", async () => {
    await fc.assert(
      fc.asyncProperty(spec, separators, options, async (tokens, seps, opts) => {
        const input = render(tokens, seps);
        fc.pre(parses(input));
        const once = await format(input, opts);
        const twice = await format(once, opts);
        expect(twice).toBe(once);
        expect(tokenImages(once)).toEqual(tokenImages(input));
        expect(astShape(once)).toBe(astShape(input));
        expect(commentTexts(once)).toEqual(commentTexts(input));
      }),
      { numRuns: Number(process.env["KSPEC_FC_RUNS"] ?? 300) },
    );
  });
});
