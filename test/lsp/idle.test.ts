// The language server sees `idle at` labels and `idle when` predicates (issue 9): renaming a label
// or a local renames its occurrences there too, and go-to-definition finds the label.
import { describe, expect, it } from "vitest";
import { compileSpec } from "../../src/compile/index.ts";
import { DocumentIndex, isRenamable, rename } from "../../src/lsp/index.ts";

const text = `spec I
var busy: Bool = false
process P[i in 0 .. 1] {
  var n: 0 .. 1 = 0
  idle at wait
  idle when n == 0 and not busy
  wait:
    await busy
    n := 1
}
`;

describe("idle declarations in the language server", () => {
  const index = new DocumentIndex(compileSpec("idle.kspec", text));
  const target = (name: string) => index.all().find((o) => isRenamable(o.target) && o.target.name === name)!.target;

  for (const [name, expected] of [["wait", "  idle at wait_renamed\n"], ["n", "  idle when n_renamed == 0 and not busy\n"]] as const) {
    it(`renaming ${name} renames it in the idle declaration`, () => {
      const r = rename(index, target(name), `${name}_renamed`, (s) => new DocumentIndex(compileSpec("idle.kspec", s)));
      if ("error" in r) throw new Error(r.error);
      expect(r.text).toContain(expected);
      expect(compileSpec("idle.kspec", r.text).diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    });
  }
});
