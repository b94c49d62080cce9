// Checker semantics on small specs whose state counts and traces are worked out by hand in the
// comments. Each count is the number of distinct reachable states; depth is the BFS depth.
import { describe, expect, it } from "vitest";
import { formatTrace } from "../../src/runtime/index.ts";
import { checkText, diagnosticsOf } from "../helpers/kspec.ts";

describe("state counts worked out by hand", () => {
  it("bounded counter: n = 0..3, one state per value, a chain of depth 3", () => {
    const r = checkText(`spec C
      const MAX = 3
      var n: 0 .. MAX = 0
      action Inc { await n < MAX  n := n + 1 }
      terminal n == MAX`);
    expect(r.verdict).toBe("ok");
    // 1 initial state + 3 transitions, each to a new state.
    expect(r.stats).toMatchObject({ distinct: 4, generated: 4, depth: 3 });
  });

  it("--const overrides the default: MAX = 10 gives 11 states", () => {
    const r = checkText(`spec C
      const MAX = 3
      var n: 0 .. MAX = 0
      action Inc { await n < MAX  n := n + 1 }
      terminal n == MAX`, { MAX: 10 });
    expect(r.stats).toMatchObject({ distinct: 11, depth: 10 });
  });

  it("parameterized action: three flags set in any order give 2^3 = 8 states, depth 3", () => {
    const r = checkText(`spec F
      var flags: [0 .. 2] Bool = [i in 0 .. 2: false]
      action Raise(i in 0 .. 2) { await not flags[i]  flags[i] := true }
      terminal forall i in 0 .. 2: flags[i]`);
    expect(r.verdict).toBe("ok");
    // C(3, k) states have k flags set, each with 3 - k transitions: 3 + 3*2 + 3*1 = 12 transitions,
    // plus the initial state: 13 generated.
    expect(r.stats).toMatchObject({ distinct: 8, depth: 3, generated: 13 });
  });

  it("nondeterministic initial values: x in 0..4 and b in Bool give 10 initial states and nothing else", () => {
    const r = checkText(`spec I
      var x: 0 .. 4 in 0 .. 4
      var b: Bool in Bool
      terminal true
      invariant Small: x <= 4 and (b or not b)`);
    expect(r.stats).toMatchObject({ distinct: 10, depth: 0, generated: 10 });
  });

  it("either and any: one transition per branch and per value", () => {
    // From (x=0, pc=pick): either branch 1 (x := 1..3 by any: 3 states) or branch 2 (x := 7): 4
    // successors, all at pc=done. Total 5 states, depth 1.
    const r = checkText(`spec E
      var x: 0 .. 7 = 0
      process P {
        pick:
          either { any v in 1 .. 3 { x := v } } or { x := 7 }
      }`);
    expect(r.verdict).toBe("ok");
    expect(r.stats).toMatchObject({ distinct: 5, generated: 5, depth: 1 });
  });

  it("while loop: i goes 0..3 at the loop label, then the process is done: 5 states", () => {
    const r = checkText(`spec W
      var i: 0 .. 3 = 0
      process P {
        loop: while i < 3 { i := i + 1 }
      }`);
    expect(r.verdict).toBe("ok");
    expect(r.stats).toMatchObject({ distinct: 5, depth: 4 });
  });

  it("two-process mutual exclusion with a test-and-set lock: 3 states", () => {
    // Each process cycles ncs -> cs -> ncs and the lock is held exactly while one is in cs:
    // (ncs, ncs, free), (cs, ncs, held), (ncs, cs, held). (cs, cs) is unreachable.
    const r = checkText(`spec M
      var lock: Bool = false
      process P[i in 0 .. 1] {
        ncs:
          await not lock
          lock := true
        cs:
          lock := false
          goto ncs
      }
      invariant Mutex: not (P[0] at cs and P[1] at cs)`);
    expect(r.verdict).toBe("ok");
    expect(r.stats).toMatchObject({ distinct: 3, depth: 1 });
  });

  it("deadlocking pair of locks: the shortest deadlock is 2 steps", () => {
    const r = checkText(`spec D
      var l1: Bool = false
      var l2: Bool = false
      process A { a1: await not l1  l1 := true
                  a2: await not l2  l2 := true
                  a3: l1 := false  l2 := false }
      process B { b1: await not l2  l2 := true
                  b2: await not l1  l1 := true
                  b3: l1 := false  l2 := false }`);
    expect(r.verdict).toBe("violation");
    expect(r.violation!.kind).toBe("deadlock");
    // A takes l1, B takes l2: neither can go on.
    expect(r.violation!.trace.map((s) => s.transition)).toHaveLength(3);
    expect(formatTrace(r.machine, r.violation!)).toContain("1  A: a1");
    expect(formatTrace(r.machine, r.violation!)).toContain("2  B: b1");
  });

  it("--no-deadlock (deadlock: false) accepts stuck states", () => {
    const r = checkText(`spec S
      var x: Bool = false
      action A { await not x  x := true }`, undefined, { deadlock: false });
    expect(r.verdict).toBe("ok");
    expect(r.stats.distinct).toBe(2);
  });

  it("a stuck state is a deadlock unless terminal says otherwise", () => {
    const spec = (term: string) => `spec S
      var x: Bool = false
      action A { await not x  x := true }
      ${term}`;
    expect(checkText(spec("")).violation?.kind).toBe("deadlock");
    expect(checkText(spec("terminal x")).verdict).toBe("ok");
  });
});

describe("run-time errors point at the expression", () => {
  it("out-of-range arithmetic is reported with its site and the trace to it", () => {
    const r = checkText(`spec R
      var x: 0 .. 2 = 0
      action Inc { x := x + 1 }`);
    expect(r.verdict).toBe("violation");
    const v = r.violation!;
    expect(v.kind).toBe("error");
    expect(v.property).toBe("range");
    expect(v.message).toBe("value 3 is outside 0 .. 2");
    const site = r.machine.sites[v.site!]!;
    expect(site).toMatchObject({ line: 3, text: "      action Inc { x := x + 1 }" });
    expect(site.text.slice(site.col - 1, site.col - 1 + site.length)).toBe("x + 1");
    // Two increments reach x = 2; the third step fails.
    expect(v.trace).toHaveLength(3);
    expect(v.failedStep?.transition).toBe(0);
  });

  it("a map index outside the domain is a domain error", () => {
    const r = checkText(`spec R
      var m: [0 .. 1] Bool = [i in 0 .. 1: false]
      var k: 0 .. 3 = 0
      action Step { await k < 3  m[k] := true  k := k + 1 }
      terminal k == 3`);
    expect(r.violation?.property).toBe("domain");
    expect(r.violation?.message).toBe("index 2 is outside the map's domain 0 .. 1");
  });

  it("assert reports the failing step after the trace", () => {
    const r = checkText(`spec A
      var x: 0 .. 3 = 0
      process P {
        inc: x := x + 1
        chk: assert x == 0 : "x must stay 0"
      }`);
    expect(r.violation?.kind).toBe("assert");
    expect(r.violation?.message).toBe("assertion failed: x must stay 0");
    expect(formatTrace(r.machine, r.violation!)).toContain("2  P: chk  <- assertion fails here");
  });
});

describe("values", () => {
  it("records, options, sets and maps evaluate as written", () => {
    const r = checkText(`spec V
      enum Mode { PC, DAX }
      type Entry = { mode: Mode?, dirty: Bool }
      var e: [0 .. 1] Entry = [i in 0 .. 1: { mode: none, dirty: false }]
      var s: Set[0 .. 3] = {}
      var done: Bool = false
      action Go {
        await not done
        e[1] := { mode: some(DAX), dirty: true }
        s := ({1, 3} union {0}) diff {3}
        done := true
      }
      terminal done
      invariant Shape: done implies (e[1].mode == DAX and e[1].dirty and e[0].mode == none and s == {0, 1} and card(s) == 2 and 1 in s and 3 notin s and s subset 0 .. 1)
      invariant With: done implies (e with [0].dirty = true) != e
      invariant Quant: done implies (exists i in 0 .. 1: e[i].dirty) and card({i in 0 .. 3 where i in s}) == 2 and {i + 1 for i in s} == {1, 2}`);
    expect(r.violation?.message).toBeUndefined();
    expect(r.stats.distinct).toBe(2);
  });
});

describe("regressions", () => {
  it("narrowing an option to a smaller range keeps none and checks values (rt.optionInRange was missing)", () => {
    const r = checkText(`spec O
      var big: (0 .. 5)? = some(4)
      var small: (0 .. 3)? = none
      action Copy { await small == none  small := big }
      terminal small != none`);
    expect(r.violation?.property).toBe("range");
    expect(r.violation?.message).toBe("value 4 is outside 0 .. 3");
  });

  it("mutual recursion between definitions is an error, not a stack overflow at check time", () => {
    expect(diagnosticsOf(`spec R
def f(x: 0 .. 3): Bool = g(x)
def g(x: 0 .. 3): Bool = f(x)
var b: Bool = f(0)`)).toContain("KS3012");
  });

  it("a process family over a set is rejected (it used to get one member per element type value)", () => {
    expect(diagnosticsOf(`spec F
process P[i in {1, 3}] { a: skip }`)).toContain("KS3030");
  });

  it("a run-time error inside an invariant is reported as an error at the state, with its trace", () => {
    const r = checkText(`spec I
      var o: (0 .. 1)? = none
      var t: Bool = false
      action A { await not t  t := true }
      terminal t
      invariant Bad: t implies unwrap(o) == 0`);
    expect(r.violation?.kind).toBe("error");
    expect(r.violation?.message).toBe("unwrap of none (evaluating invariant Bad)");
    expect(r.violation?.trace).toHaveLength(2);
  });

  it("an error in an initial value has no trace and says so", () => {
    const r = checkText(`spec Z
      var x: 0 .. 2 = 5 - 1 * 0
      terminal true`);
    expect(r.violation?.property).toBe("range");
    expect(formatTrace(r.machine, r.violation!)).toContain("while computing the initial states");
  });

  it("--max-states equal to the number of reachable states completes (it used to report incomplete)", () => {
    const spec = `spec C
      var n: 0 .. 3 = 0
      action Inc { await n < 3  n := n + 1 }
      terminal n == 3`;
    expect(checkText(spec, undefined, { maxStates: 4 }).verdict).toBe("ok");
    expect(checkText(spec, undefined, { maxStates: 3 }).verdict).toBe("limit");
  });
});
