// Diagnostics goldens: each case under cases/ is compiled and its diagnostics, rendered exactly as
// the CLI prints them (source line echoed, caret, hint), are compared with cases/<name>.txt.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { codesOf, diagnosticsOf, expectGolden, readRepo, ROOT } from "../helpers/kspec.ts";

const dir = "test/diagnostics/cases";
const cases = readdirSync(join(ROOT, dir)).filter((f) => f.endsWith(".kspec")).sort();

describe("diagnostics goldens", () => {
  for (const c of cases) {
    it(c, () => {
      const path = `${dir}/${c}`;
      expectGolden(path.replace(/\.kspec$/, ".txt"), diagnosticsOf(readRepo(path), path) + "\n");
    });
  }

  it("reports three different mistakes in one run", () => {
    const codes = codesOf(readRepo(`${dir}/three-mistakes.kspec`)).filter((c) => !c.startsWith("KS39"));
    expect(codes).toEqual(["KS2001", "KS3019", "KS1002"]);
  });

  it("a bad --const gets a diagnostic, not a crash", () => {
    expect(diagnosticsOf("spec S\nconst N = 2\nvar x: 0 .. N = 0\naction A { x := x }\n", "s.kspec", { N: "many" })).toContain("KS3020");
    expect(diagnosticsOf("spec S\nconst N = 2\nvar x: 0 .. N = 0\naction A { x := x }\n", "s.kspec", { NN: "3" })).toContain("did you mean 'N'?");
  });
});
