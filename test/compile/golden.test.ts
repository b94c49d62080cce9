// Generated code goldens: the emitted TypeScript of small specs, reviewed as text, plus safety:
// nothing from a spec reaches the output raw.
import { describe, expect, it } from "vitest";
import { compileSpec } from "../../src/compile/index.ts";
import { loadMachine } from "../../src/load.ts";
import { check } from "../../src/runtime/index.ts";
import { expectGolden, readRepo } from "../helpers/kspec.ts";

describe("generated code", () => {
  for (const spec of ["specs/small/counter.kspec", "specs/dax/toctou.kspec"]) {
    it(`${spec} compiles to the golden module`, () => {
      const r = compileSpec(spec, readRepo(spec));
      expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expectGolden(`test/compile/golden/${spec.split("/").pop()!.replace(".kspec", ".ts")}`, r.code!);
    });
  }

  it("strings and names from the spec cannot inject code", () => {
    const evil = `spec Evil
var x: 0 .. 1 = 0
process constructor {
  __proto__:
    assert x == 1 : "\\"); process.exit(9); (\\" */ \`\${process.exit(8)}\`"
    x := 1
}`;
    const r = compileSpec("evil */ \"; process.exit(7); //.kspec", evil);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    // Loading runs the module's top level: an injection would exit the test process here.
    const m = loadMachine(r.code!);
    const res = check(m);
    expect(res.violation?.message).toBe('assertion failed: "); process.exit(9); (" */ `${process.exit(8)}`');
    expect(m.file).toBe('evil */ "; process.exit(7); //.kspec');
    expect(m.transitions[0]).toMatchObject({ name: "constructor", label: "__proto__" });
  });
});
