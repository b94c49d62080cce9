// Formatter fixtures: test/format/<feature>/input.kspec formats to output.kspec (options, if any,
// in options.json), checked three ways: the expected output; formatting the output again changes
// nothing; the AST (ids and positions left out), the tokens and the comments are unchanged.
// KSPEC_UPDATE_GOLDEN=1 rewrites the outputs.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectGolden, ROOT } from "../helpers/kspec.ts";
import { astShape, commentTexts, format, tokenImages, type FormatOptions } from "./helpers.ts";

const DIR = join(ROOT, "test/format");
const features = readdirSync(DIR, { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(join(DIR, e.name, "input.kspec")))
  .map((e) => e.name)
  .sort();

describe("formatter fixtures", () => {
  it("has fixtures", () => {
    expect(features.length).toBeGreaterThanOrEqual(10);
  });

  for (const feature of features) {
    describe(feature, () => {
      const input = readFileSync(join(DIR, feature, "input.kspec"), "utf8");
      const optionsFile = join(DIR, feature, "options.json");
      const options = existsSync(optionsFile) ? (JSON.parse(readFileSync(optionsFile, "utf8")) as FormatOptions) : {};

      it("formats to output.kspec", async () => {
        expectGolden(`test/format/${feature}/output.kspec`, await format(input, options));
      });

      it("formats output.kspec to itself", async () => {
        const output = readFileSync(join(DIR, feature, "output.kspec"), "utf8");
        expect(await format(output, options)).toBe(output);
      });

      it("keeps the AST, the tokens and every comment", () => {
        const output = readFileSync(join(DIR, feature, "output.kspec"), "utf8");
        expect(astShape(output)).toBe(astShape(input));
        expect(tokenImages(output)).toEqual(tokenImages(input));
        expect(commentTexts(output)).toEqual(commentTexts(input));
      });
    });
  }
});
