// Regression tests for the wrong verdicts of the trust issue: each spec below gave a silently wrong
// answer before its fix. Expected values are worked out by hand in the comments.
import { describe, expect, it } from "vitest";
import { checkText, codesOf, diagnosticsOf } from "../helpers/kspec.ts";

describe("let bound to a record or map value (read a scratch buffer never written)", () => {
  it("an invariant reads a field through let", () => {
    const r = checkText(`spec LetRecord
      var r: { a: 0 .. 3, b: 0 .. 3 } = { a: 1, b: 2 }
      var n: 0 .. 1 = 0
      action A { await n == 0  n := 1 }
      terminal n == 1
      invariant I: (let y = r in y.b) == 2`);
    // Two states (n = 0, 1); r never changes, so y.b is 2 in both.
    expect(r.verdict).toBe("ok");
    expect(r.stats).toMatchObject({ distinct: 2, depth: 1 });
  });

  it("an assignment stores a let-bound record updated with `with`", () => {
    const r = checkText(`spec LetWith
      var r: { a: 0 .. 3, b: 0 .. 3 } = { a: 1, b: 2 }
      var done: Bool = false
      action A { await not done  r := let x = r with .a = 3 in x  done := true }
      terminal done
      invariant I: r.b == 2 and (done implies r.a == 3)`);
    expect(r.verdict).toBe("ok");
    expect(r.stats).toMatchObject({ distinct: 2, depth: 1 });
  });

  it("a let-bound map is indexed, compared and used under a quantifier", () => {
    const r = checkText(`spec LetMap
      var m: [0 .. 2] 0 .. 3 = [k in 0 .. 2: k + 1]
      var i: 0 .. 2 = 0
      action Step { await i < 2  i := i + 1 }
      terminal i == 2
      invariant Same: let c = m in (c == m and c[i] == i + 1)
      invariant All: forall k in 0 .. 2: let c = m with [k] = 0 in c[k] == 0 and card({j in 0 .. 2 where c[j] == 0}) == 1`);
    // i runs 0, 1, 2: three states, m constant [1, 2, 3].
    expect(r.verdict).toBe("ok");
    expect(r.stats).toMatchObject({ distinct: 3, depth: 2 });
  });

  it("a let-bound record is read inside a nested let and a definition's argument", () => {
    const r = checkText(`spec LetNested
      var r: { a: 0 .. 3, b: 0 .. 3 } = { a: 1, b: 2 }
      var s: 0 .. 7 = 0
      def twice(v: 0 .. 3): 0 .. 7 = v + v
      action A { await s == 0  s := let x = r in (let y = x with .b = 3 in twice(y.b) + x.a - 1) }
      terminal s != 0`);
    // y.b = 3, twice(3) = 6, x.a = 1: s = 6 + 1 - 1 = 6.
    expect(r.verdict).toBe("ok");
    expect(r.stats).toMatchObject({ distinct: 2, depth: 1 });
    const last = r.machine;
    expect(last.vars.map((v) => v.name)).toEqual(["r", "s"]);
  });
});

describe("integers beyond the 32-bit slot (wrapped silently)", () => {
  it("a range wider than a slot is an error, not a wrap", () => {
    expect(codesOf(`spec Wide
      var x: 0 .. 4294967296 = 4294967295
      action Inc { await x == 4294967295  x := x + 1 }
      invariant I: x != 4294967296`)).toContain("KS3008");
  });

  it("a literal beyond 2^53 is an error", () => {
    expect(codesOf(`spec Big
      var x: 0 .. 3 = 0
      invariant I: x < 18014398509481984`)).toEqual(["KS3009"]);
  });

  it("constant arithmetic beyond 2^53 is an error", () => {
    expect(diagnosticsOf(`spec BigConst
      const K = 4294967296 * 4294967296
      var x: 0 .. 3 = 0
      invariant I: x < K`)).toContain("too large");
  });

  it("2147483647 + 1 is a range fault, not -2147483648", () => {
    const r = checkText(`spec Edge
      var x: -2147483647 .. 2147483647 = 2147483647
      action Inc { x := x + 1 }`);
    expect(r.verdict).toBe("violation");
    expect(r.violation).toMatchObject({ kind: "error", property: "range" });
    expect(r.violation!.message).toContain("2147483648");
  });

  it("the full 32-bit range packs and unpacks exactly, options included", () => {
    const r = checkText(`spec Full
      var x: -2147483647 .. 2147483647 = -2147483647
      var o: (-2147483647 .. 2147483647)? = none
      action Up { await x == -2147483647  x := 2147483647  o := some(x) }
      action Down { await x == 2147483647  x := 0  o := some(-2147483647) }
      terminal x == 0
      invariant Seen: o == none or o == some(2147483647) or o == some(-2147483647)
      invariant X: x == -2147483647 or x == 2147483647 or x == 0`);
    // (-2147483647, none) -> (2147483647, some(2147483647)) -> (0, some(-2147483647)): 3 states.
    expect(r.verdict).toBe("ok");
    expect(r.stats).toMatchObject({ distinct: 3, depth: 2 });
  });

  it("a product beyond 2^53 is an overflow fault where it happens", () => {
    const r = checkText(`spec Mul
      var x: 0 .. 2147483647 = 2147483647
      var y: 0 .. 7 = 0
      action A { await y == 0  y := (x * x * x) % 7 }
      terminal y != 0`);
    expect(r.verdict).toBe("violation");
    expect(r.violation).toMatchObject({ kind: "error", property: "overflow" });
    expect(r.violation!.message).toBe("integer overflow: 2147483647 * 2147483647 is beyond 2^53 - 1, where arithmetic is no longer exact");
  });

  it("products that stay exact are computed exactly", () => {
    const r = checkText(`spec MulOk
      var x: 0 .. 46341 = 46341
      var y: 0 .. 7 = 0
      action A { await y == 0  y := (x * x) % 7 + 1 }
      terminal y != 0`);
    // 46341^2 = 2147488281; 2147488281 mod 7 = 2, so y = 3.
    expect(r.verdict).toBe("ok");
    expect(r.stats).toMatchObject({ distinct: 2 });
  });
});

describe("initializers that read variables declared later (saw a stale value)", () => {
  it("b in {v > a} with a declared after b: three initial states, as written in either order", () => {
    const later = checkText(`spec InitOrder
      var b: 0 .. 2 in {v in 0 .. 2 where v > a}
      var a: 0 .. 2 in 0 .. 2
      action Stay { skip }
      invariant Gt: b > a`);
    const earlier = checkText(`spec InitOrder2
      var a: 0 .. 2 in 0 .. 2
      var b: 0 .. 2 in {v in 0 .. 2 where v > a}
      action Stay { skip }
      invariant Gt: b > a`);
    // (a, b) in {(0, 1), (0, 2), (1, 2)}; a = 2 leaves no b.
    for (const r of [later, earlier]) {
      expect(r.verdict).toBe("ok");
      expect(r.stats).toMatchObject({ distinct: 3, depth: 0 });
    }
  });

  it("a process local reads a global declared after the process, through a def", () => {
    const r = checkText(`spec InitLocal
      def base(): 0 .. 3 = g
      process P[i in 1 .. 2] {
        var x: 0 .. 3 = base() + 1
        a: assert x == 3
      }
      var g: 0 .. 3 = 2`);
    expect(r.verdict).toBe("ok");
    // Both members at a, then each may step: 2 x 2 pc combinations.
    expect(r.stats).toMatchObject({ distinct: 4, depth: 2 });
  });

  it("initializers that depend on each other in a cycle are an error", () => {
    const d = diagnosticsOf(`spec Cycle
      var a: 0 .. 2 = b
      var b: 0 .. 2 = a
      action Stay { skip }`);
    expect(d).toContain("error KS3045: initial values depend on each other in a cycle: a -> b -> a");
    expect(codesOf(`spec Self
      var a: 0 .. 2 in {v in 0 .. 2 where v != a}
      action Stay { skip }`)).toEqual(["KS3045"]);
  });
});

describe("large families", () => {
  it("8,000 members with a chosen local is a diagnostic, not a stack overflow", () => {
    const text = `spec Fam
      const N = 3
      process P[i in 1 .. N] {
        var x: 0 .. 2 in 0 .. 1
        a: x := 2
      }`;
    expect(diagnosticsOf(text, "fam.kspec", { N: "8000" })).toContain("error KS3046: 8000 initializers choose among values (`in`); kspec supports at most 256");
  });

  it("8,000 members with fixed locals compile and check", () => {
    const r = checkText(`spec Fam
      const N = 3
      process P[i in 1 .. N] {
        var x: 0 .. 2 = 1
        a: x := 2
      }`, { N: 8000 }, { maxStates: 50 });
    expect(r.verdict).toBe("limit");
    // The initial state and its 8,000 successors; the check stops past 50 distinct states.
    expect(r.stats.distinct).toBe(51);
  });
});

describe("if-expressions whose branches have different ranges (converted to the first branch's range)", () => {
  it("an option and an unbounded integer: each branch is checked where it is stored", () => {
    const r = checkText(`spec IfOpt
      var x: 0 .. 1 = 1
      var k: 0 .. 1 in 0 .. 1
      var v: (0 .. 2)? = if k == 0 then some(1) else x + 1
      action A { v := if k == 1 then none else x + 1 }
      invariant I: v == none or v == some(1) or v == some(2)`);
    // Initial: (k 0, v 1), (k 1, v 2); A: k 0 -> v 2, k 1 -> v none: 4 states.
    expect(r.verdict).toBe("ok");
    expect(r.stats).toMatchObject({ distinct: 4, depth: 1 });
  });

  it("records whose fields differ in range compare without a fault", () => {
    const r = checkText(`spec IfRec
      var k: 0 .. 1 in 0 .. 1
      terminal true
      invariant I: (if k == 0 then { a: 1 } else { a: 2 }) == { a: k + 1 }`);
    expect(r.verdict).toBe("ok");
    expect(r.stats).toMatchObject({ distinct: 2, depth: 0 });
  });
});

describe("states too large to build (the compiler ran out of memory)", () => {
  it("a family of 100,000,000 members is a diagnostic at its domain", () => {
    expect(diagnosticsOf("spec Huge\nprocess P[i in 1 .. 100000000] { a: skip }\n")).toContain(
      "test.kspec:2:11: error KS3047: a state would have 100,000,000 slots (this declaration: 100,000,000); kspec supports at most 1,048,576",
    );
  });

  it("a map over 100,000,000 keys is a diagnostic at its type", () => {
    expect(codesOf("spec Huge\nvar m: [1 .. 100000000] Bool = [i in 1 .. 100000000: false]\naction A { skip }\n")).toContain("KS3047");
  });
});

describe("a 20,000-conjunct invariant on one line (generation needed gigabytes)", () => {
  it("compiles in linear space and checks", () => {
    const text = `spec S\nvar x: 0 .. 3 = 0\naction A { x := 0 }\ninvariant I: ${Array.from({ length: 20_000 }, () => "x >= 0").join(" and ")}\n`;
    const r = checkText(text);
    expect(r.verdict).toBe("ok");
    expect(r.stats).toMatchObject({ distinct: 1, generated: 2 });
    // Each conjunct's site keeps a window of at most 240 characters of the 160 KB line.
    expect(Math.max(...r.machine.sites.map((s) => s.text.length))).toBeLessThanOrEqual(241);
  });
});

describe("run-time errors in temporal properties (escaped as exceptions: exit 70)", () => {
  it("the error nearest an initial state is reported, whichever property it is in", () => {
    const r = checkText(`spec TemporalFault
      var n: 0 .. 2 = 0
      var o: Bool? = none
      action Inc { await n < 2  n := n + 1 }
      terminal n == 2
      property Late: always (n < 2 or unwrap(o))
      property Early: eventually unwrap(o)`);
    // Late faults only at n = 2 (depth 2), Early already in the initial state.
    expect(r.violation).toMatchObject({ kind: "error", property: "unwrap" });
    expect(r.violation!.message).toContain("(evaluating property Early)");
    expect(r.violation!.trace).toHaveLength(1);
  });
});
