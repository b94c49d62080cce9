// Regression: typos such as `n ==== 1`, `const = 2` and `P[i in  .. 2]` made error recovery produce CST
// nodes at offset -1; a span starting at -1 crashed the renderer (`RangeError: Invalid count value`)
// and every diagnostic of the run was lost. The spans now come from the real tokens, and the renderer
// is total (see source.test.ts).
import { describe, expect, it } from "vitest";
import { compileSpec } from "../../src/compile/index.ts";
import { renderDiagnostic } from "../../src/diag/diagnostic.ts";

function rendered(text: string): string[] {
  const r = compileSpec("s.kspec", text);
  return r.diagnostics.map((d) => renderDiagnostic(d, r.file));
}

function spans(text: string): { code: string; start: number; end: number }[] {
  return compileSpec("s.kspec", text).diagnostics.map((d) => ({ code: d.code, start: d.span?.start ?? -99, end: d.span?.end ?? -99 }));
}

describe("typos that recovery turns into missing nodes", () => {
  it("`n ==== 1`: the syntax error and the comparison are both placed on line 3", () => {
    const text = "spec S\nconst n = 1\nvar x: Bool = n ==== 1\naction A { x := x }\n";
    const out = rendered(text);
    expect(out).toContain("s.kspec:3:19: error KS1002: expected an expression, found '=='\n3 | var x: Bool = n ==== 1\n  |                   ^~");
    // `n == <missing> == 1`: the comparison spans `n ==== 1` (offsets 33..41), not from offset -1.
    expect(out).toContain("s.kspec:3:15: error KS3027: cannot compare Bool with Int\n3 | var x: Bool = n ==== 1\n  |               ^~~~~~~~");
    for (const s of spans(text)) expect(s.start, s.code).toBeGreaterThanOrEqual(0);
  });

  it("`const = 2`: the missing name is reported where it is missing", () => {
    const text = "spec S\nconst = 2\nvar x: Bool = true\naction A { x := x }\n";
    expect(rendered(text)).toContain("s.kspec:2:7: error KS1002: expected a name, found '='\n2 | const = 2\n  |       ^");
    for (const s of spans(text)) {
      expect(s.start, s.code).toBeGreaterThanOrEqual(0);
      expect(s.end, s.code).toBeGreaterThanOrEqual(s.start);
    }
  });

  it("`P[i in  .. 2]`: the missing lower bound is reported at the `..`", () => {
    const text = "spec S\nvar x: Bool = true\nprocess P[i in  .. 2] {\n a: x := false\n}\n";
    expect(rendered(text)).toContain("s.kspec:3:17: error KS1002: expected an expression, found '..'\n3 | process P[i in  .. 2] {\n  |                 ^~");
    for (const s of spans(text)) expect(s.start, s.code).toBeGreaterThanOrEqual(0);
  });
});

describe("no follow-on diagnostics for what the parser already reported", () => {
  it("`const = 2`: no unused-constant warning for the nameless constant", () => {
    expect(spans("spec S\nconst = 2\nvar x: Bool = true\naction A { x := x }\n").map((s) => s.code)).toEqual(["KS1002"]);
  });

  it("`P[i in  .. 2]`: no 'range bounds must be integers' for the missing bound", () => {
    expect(spans("spec S\nvar x: Bool = true\nprocess P[i in  .. 2] {\n a: x := false\n}\n").map((s) => s.code)).toEqual(["KS1002"]);
  });
});
