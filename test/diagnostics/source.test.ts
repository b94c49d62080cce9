// src/source.ts: the line index (every line end), positions, and the one renderer of places, used
// by diagnostics and run-time sites alike. Expected outputs are written out by hand.
import { describe, expect, it } from "vitest";
import { error, renderDiagnostic } from "../../src/diag/diagnostic.ts";
import { formatSite } from "../../src/runtime/format.ts";
import { decodeSpec, firstInvalidUtf8, renderFrame, SourceFile } from "../../src/source.ts";
import { checkText } from "../helpers/kspec.ts";

const diag = (start: number, end: number) => error("KS9999", { start, end }, "m");

describe("SourceFile", () => {
  it("ends lines at \\n, \\r\\n and a lone \\r", () => {
    const f = new SourceFile("f", "a\nbb\r\nccc\rdddd");
    expect(f.lineCount).toBe(4);
    expect([1, 2, 3, 4].map((l) => f.lineText(l))).toEqual(["a", "bb", "ccc", "dddd"]);
    expect(f.position(0)).toEqual({ line: 1, col: 1 });
    expect(f.position(3)).toEqual({ line: 2, col: 2 }); // the second b
    expect(f.position(6)).toEqual({ line: 3, col: 1 }); // after \r\n
    expect(f.position(10)).toEqual({ line: 4, col: 1 }); // after a lone \r
  });

  it("a CR-only file places a diagnostic on its own line", () => {
    const f = new SourceFile("f.kspec", "spec S\rvar x: Bool = 1\r");
    expect(renderDiagnostic(diag(22, 23), f)).toBe("f.kspec:2:16: error KS9999: m\n2 | var x: Bool = 1\n  |                ^");
  });

  it("a byte-order mark is not a column", () => {
    const f = new SourceFile("f", "\uFEFFspec S\n");
    expect(f.position(1)).toEqual({ line: 1, col: 1 });
    expect(f.lineText(1)).toBe("spec S");
  });

  it("clamps offsets that are negative, NaN or past the end", () => {
    const f = new SourceFile("f", "ab\ncd");
    expect(f.position(-1)).toEqual({ line: 1, col: 1 });
    expect(f.position(NaN)).toEqual({ line: 1, col: 1 });
    expect(f.position(99)).toEqual({ line: 2, col: 3 });
  });
});

describe("rendering a place", () => {
  const f = new SourceFile("f.kspec", "spec S\nvar x: Bool = true\n");

  it("never throws, whatever the span", () => {
    // clamped to the whole text: both lines, the second underlined up to its end
    expect(renderDiagnostic(diag(-1, 41), f)).toBe("f.kspec:1:1: error KS9999: m\n1 | spec S\n  | ^~~~~~\n2 | var x: Bool = true\n  | ~~~~~~~~~~~~~~~~~~");
    expect(renderDiagnostic(diag(NaN, NaN), f)).toBe("f.kspec:1:1: error KS9999: m\n1 | spec S\n  | ^");
    expect(renderDiagnostic(diag(20, 10), f)).toBe("f.kspec:2:14: error KS9999: m\n2 | var x: Bool = true\n  |              ^");
    expect(renderDiagnostic(diag(1e9, 1e9 + 5), f)).toBe("f.kspec:3:1: error KS9999: m\n3 | \n  | ^");
  });

  it("a span over several lines underlines each of them", () => {
    const g = new SourceFile("g", "invariant I:\n  x == 1\n    and y\nz");
    // from `x` (line 2) to the end of `y` (line 3)
    expect(renderDiagnostic(diag(15, 31), g)).toBe("g:2:3: error KS9999: m\n2 |   x == 1\n  |   ^~~~~~\n3 |     and y\n  |     ~~~~~");
  });

  it("tabs before the span are kept in the squiggle line, so the caret sits under the span", () => {
    const g = new SourceFile("g", "\t\tx := 1");
    expect(renderDiagnostic(diag(2, 3), g)).toBe("g:1:3: error KS9999: m\n1 | \t\tx := 1\n  | \t\t^");
  });

  it("a long line is shown as a window around the span, cut with …", () => {
    // 299 a, then the span XY at column 300, then 300 b: the window starts 40 characters before it
    // and is at most 240 long.
    const g = new SourceFile("g", `${"a".repeat(299)}XY${"b".repeat(300)}`);
    expect(renderDiagnostic(diag(299, 301), g)).toBe(`g:1:300: error KS9999: m\n1 | …${"a".repeat(40)}XY${"b".repeat(197)}…\n  | ${" ".repeat(41)}^~`);
  });

  it("long spans leave out their middle lines", () => {
    const lines = Array.from({ length: 12 }, (_, i) => `l${i + 1}`);
    const out = renderFrame({ line: 1, col: 1, lines, endCol: 4 });
    expect(out.filter((l) => l.includes("more line"))).toEqual(["   | ... 3 more lines"]);
    expect(out.slice(-4)).toEqual([11 + " | l11", "   | ~~~", "12 | l12", "   | ~~~"]);
  });
});

describe("decoding a spec's bytes", () => {
  it("accepts UTF-8 with or without a byte-order mark", () => {
    expect(decodeSpec(new TextEncoder().encode("spec é"))).toEqual({ ok: true, text: "spec é" });
    expect(decodeSpec(Uint8Array.of(0xef, 0xbb, 0xbf, 0x61))).toEqual({ ok: true, text: "\uFEFFa" });
  });

  it("finds the first invalid byte and its offset in the text", () => {
    const bytes = Uint8Array.of(0x61, 0x0a, 0xc3, 0xa9, 0x62, 0xff, 0x63);
    expect(firstInvalidUtf8(bytes)).toBe(5);
    const d = decodeSpec(bytes);
    expect(d.ok).toBe(false);
    if (!d.ok) {
      expect(d.offset).toBe(4); // "a\né b": the bad byte follows 4 UTF-16 units
      expect(d.message).toBe("invalid UTF-8: byte 0xff at byte offset 5");
    }
    expect(firstInvalidUtf8(Uint8Array.of(0xed, 0xa0, 0x80))).toBe(0); // an encoded surrogate
    expect(firstInvalidUtf8(Uint8Array.of(0xc0, 0x80))).toBe(0); // an overlong form
    expect(firstInvalidUtf8(Uint8Array.of(0xe2, 0x82))).toBe(0); // cut short
  });
});

describe("run-time sites", () => {
  it("a violated invariant written over two lines is shown with both, as diagnostics are", () => {
    const r = checkText("spec S\nvar x: 0 .. 3 = 0\naction A { x := 1 }\ninvariant I:\n  x == 0\n    or x == 2\n");
    expect(r.verdict).toBe("violation");
    const site = r.machine.sites[r.violation!.site!]!;
    expect(formatSite(r.machine, site)).toBe("  test.kspec:5:3\n  5 |   x == 0\n    |   ^~~~~~\n  6 |     or x == 2\n    |     ~~~~~~~~~");
  });

  // Regression: every site kept its whole source line, so a long line with many operators made the
  // generated module quadratic in size (a 20,000-term line ran out of string length).
  it("sites on a long line keep a window of it, and the caret still points at the span", () => {
    const r = checkText(`spec S\nvar x: 0 .. 3 = 0\naction A { x := x${" / 1".repeat(400)} / x }\n`);
    expect(r.violation?.message).toBe("division by zero");
    expect(Math.max(...r.machine.sites.map((s) => s.text.length))).toBeLessThanOrEqual(241);
    const last = r.machine.sites[r.violation!.site!]!;
    expect(formatSite(r.machine, last).split("\n")[0]).toBe("  test.kspec:3:17");
  });

  it("a one-line site keeps its caret and squiggle", () => {
    const r = checkText("spec S\nvar x: 0 .. 3 = 0\naction A { x := x + 1 }\n");
    const site = r.machine.sites[r.violation!.site!]!;
    expect(formatSite(r.machine, site)).toBe("  test.kspec:3:17\n  3 | action A { x := x + 1 }\n    |                 ^~~~~");
  });
});
