// A violated invariant names its smallest false part (a conjunct, the conclusion of an implication,
// a quantifier instance) and the values of that part's sub-expressions in the failing state.
import { describe, expect, it } from "vitest";
import { explainViolation, formatTrace, resultToJson } from "../../src/runtime/index.ts";
import { checkFile, checkText } from "../helpers/kspec.ts";

describe("the failing conjunct of a violated invariant", () => {
  it("toctou: the quantifier instance and both sides of the comparison", () => {
    const r = checkFile("specs/dax/toctou.kspec");
    const text = formatTrace(r.machine, r.violation!);
    expect(text.split("\n").slice(-3).join("\n")).toBe(
      ["  false in the last state: Fault[1].via == aops  (f = 1)", "    where Fault[1].via = PageCache", "          aops = Dax"].join("\n"),
    );
    const json = resultToJson(r.machine, r) as { violation: { explanation: unknown } };
    expect(json.violation.explanation).toEqual({
      formula: "Fault[1].via == aops",
      location: { file: "specs/dax/toctou.kspec", line: 48, col: 50 },
      bindings: ["f = 1"],
      values: ["Fault[1].via = PageCache", "aops = Dax"],
    });
  });

  it("names the one false conjunct of seven, with records, maps and calls shown", () => {
    const r = checkText(`spec Seven
      enum Mode { PC, DAX }
      var inode: { mode: Mode, count: 0 .. 3 } = { mode: PC, count: 1 }
      var xa: [0 .. 1] Mode? = [p in 0 .. 1: none]
      var n: 0 .. 3 = 0
      def limit(k: 0 .. 3): 0 .. 3 = k
      action Grow { await n < 3  n := n + 1  xa[0] := some(DAX) }
      invariant Seven:
        inode.count >= 1
        and inode.mode == PC
        and n <= 3
        and card({p in 0 .. 1 where xa[p] == none}) >= 0
        and (n > 0 implies xa[0] != none)
        and xa[n % 2] != some(DAX) or n == 5
        and n < limit(2)`);
    // `and` binds tighter than `or`: the seventh conjunct is inside the `or`'s right side, so the
    // top level is (1 and ... and 5 and (xa[...] != some(DAX))) or (n == 5 and n < limit(2)).
    expect(r.verdict).toBe("violation");
    const why = explainViolation(r.machine, r.violation!);
    expect(why?.formula).toBe("inode.count >= 1 and inode.mode == PC and n <= 3 and card({p in 0 .. 1 where xa[p] == none}) >= 0 and (n > 0 implies xa[0] != none) and xa[n % 2] != some(DAX) or n == 5 and n < limit(2)");
    // n = 1: xa[1 % 2] = xa[1] = none, the left side holds. n = 2: xa[0] = DAX, and n == 5 is false:
    // the `or` is false as a whole (an `or` is not split), shown with every value in it.
    expect(why?.values).toEqual(["inode.count = 1", "inode.mode = PC", "n = 2", "xa[0] = DAX", "xa[n % 2] = DAX", "limit(2) = 2"]);
    expect(r.violation!.trace.length).toBe(3);
  });

  it("descends through and, implies and nested forall to the false leaf", () => {
    const r = checkText(`spec Nested
      var m: [0 .. 2] 0 .. 3 = [k in 0 .. 2: 0]
      var r: { a: 0 .. 3, b: Bool } = { a: 0, b: false }
      action Put(i in 0 .. 2) { await m[i] == 0 and i == 2  m[i] := 3  r := { a: 2, b: true } }
      invariant Small:
        r.a <= 3 and (forall i in 0 .. 2: forall j in 0 .. 2: r.b implies m[i] + m[j] < 6)`);
    expect(r.verdict).toBe("violation");
    const why = explainViolation(r.machine, r.violation!);
    // m = [0, 0, 3]: the first instance with m[i] + m[j] >= 6 is i = 2, j = 2.
    expect(why).toMatchObject({ formula: "m[2] + m[2] < 6", bindings: ["i = 2", "j = 2"], values: ["m[2] = 3"] });
    expect(formatTrace(r.machine, r.violation!)).toContain("false in the last state: m[2] + m[2] < 6  (i = 2, j = 2)");
  });

  it("a whole record or map is shown in kspec syntax", () => {
    const r = checkText(`spec Whole
      var r: { a: 0 .. 3, b: Bool } = { a: 1, b: true }
      var s: { a: 0 .. 3, b: Bool } = { a: 1, b: false }
      invariant Eq: r == s`);
    expect(explainViolation(r.machine, r.violation!)?.values).toEqual(["r = { a: 1, b: true }", "s = { a: 1, b: false }"]);
  });
});
