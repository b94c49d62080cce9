// Regression (fuzz finding): a syntax error at the end of a file gave prettier a location whose end
// lay on a line after the last, and prettier's code frame threw `RangeError: Invalid count value`
// instead of reporting the located syntax error.
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import * as plugin from "../../src/format/plugin.ts";

const opts = { parser: "kspec", plugins: [plugin as unknown as prettier.Plugin] };

describe("a syntax error at the end of the file", () => {
  it("is a located SyntaxError with a code frame, not a RangeError", async () => {
    const text = "// a comment that is longer than the line with the error, by some way\n//\u2026\nvar aops\n";
    const err = await prettier.format(text, opts).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(SyntaxError);
    expect(String(err)).toContain("expected ':', found the end of the file [KS1002]");
    expect((err as { loc: unknown }).loc).toEqual({ start: { line: 3, column: 9 }, end: { line: 3, column: 10 } });
  });
});
