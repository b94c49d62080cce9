// Issue 9, part 1: named asserts, covers, --only, --max-violations, the property table, vacuity
// warnings and --max-depth. Every number below was worked out by hand from the specs (comments).
import { describe, expect, it } from "vitest";
import { checkText, codesOf, machineOf } from "../helpers/kspec.ts";
import { compileSpec } from "../../src/compile/index.ts";
import { toJs } from "../../src/load.ts";
import { checkParallel } from "../../src/runtime/parallel.ts";
import type { CheckResult } from "../../src/runtime/index.ts";

// x and y count up to 5 independently: 36 states, (x, y) at depth x + y.
// YBound fails first at y = 2 (depth 2), XBound at x = 4 (depth 4); assert Small fails on the
// step from y = 3 (a trace of 3 steps, then the failing step: depth 4); after it the search goes
// on past it, and (5, 5) at depth 10 is the only deadlock. Never is never enabled, Vac's premise
// never holds, Both is first true at (2, 2), depth 4, in that one state; Imposs never.
const MULTI = `spec Multi
var x: 0 .. 5 = 0
var y: 0 .. 5 = 0
action IncX { await x < 5 x := x + 1 }
action IncY { await y < 5 assert Small: y < 3 y := y + 1 }
action Never { await x > 7 x := 0 }
invariant XBound: x < 4
invariant YBound: y < 2
invariant Vac: x == 9 implies y == 0
cover Both: x == 2 and y == 2
cover Imposs: x == 6
`;

const brief = (r: CheckResult): string[] => (r.violations ?? []).map((v) => `${v.kind} ${v.property} ${v.trace.length - 1}${v.failedStep ? "+1" : ""}`);
const rows = (r: CheckResult): string[] => (r.properties ?? []).map((p) => `${p.name} ${p.verdict}${p.depth !== undefined ? ` ${p.depth}` : ""}${p.states !== undefined ? ` (${p.states})` : ""}`);

describe("--max-violations", () => {
  it("default 1: the first violation only; the others are not checked", () => {
    const r = checkText(MULTI);
    expect(r.verdict).toBe("violation");
    expect(brief(r)).toEqual(["invariant YBound 2"]);
    expect(r.violation?.property).toBe("YBound");
    expect(rows(r)).toEqual(["XBound not checked", "YBound violated 2", "Vac not checked", "Small not checked", "Both not checked", "Imposs not checked", "deadlock not checked"]);
    expect(r.stats.distinct).toBe(6); // depth 0..2 of x + y, up to (0, 2): 1 + 2 + 3
  });

  it("10: every property's own shortest violation, the uncovered cover last", () => {
    const r = checkText(MULTI, undefined, { maxViolations: 10 });
    expect(brief(r)).toEqual(["invariant YBound 2", "invariant XBound 4", "assert Small 3+1", "deadlock deadlock 10", "cover Imposs -1"]);
    expect(rows(r)).toEqual(["XBound violated 4", "YBound violated 2", "Vac vacuous", "Small violated 4", "Both covered 4 (1)", "Imposs uncovered (0)", "deadlock violated 10"]);
    expect(r.stats.distinct).toBe(36);
    expect(r.warnings?.map((w) => w.message)).toEqual([
      "invariant Vac holds vacuously: its premise (left of `implies`) is false in every reachable state",
      "action Never is never enabled: no reachable state takes this step",
    ]);
  });

  it("2: stops after the second violation", () => {
    expect(brief(checkText(MULTI, undefined, { maxViolations: 2 }))).toEqual(["invariant YBound 2", "invariant XBound 4"]);
  });

  it("deadlocks: two different states, not the same one twice", () => {
    // From x = 0 either action leads to a dead end: x = 1 and x = 2, both at depth 1.
    const spec = "spec Two\nvar x: 0 .. 2 = 0\naction A { await x == 0 x := 1 }\naction B { await x == 0 x := 2 }\n";
    const r = checkText(spec, undefined, { maxViolations: 5 });
    expect(brief(r)).toEqual(["deadlock deadlock 1", "deadlock deadlock 1"]);
    expect(r.violations!.map((v) => v.trace.at(-1)!.state[0])).toEqual([1, 2]);
    expect(brief(checkText(spec))).toEqual(["deadlock deadlock 1"]);
  });
});

describe("--only", () => {
  const alone = (name: string): CheckResult => checkText(MULTI, undefined, { only: [name] });
  it("each property alone, with its own shortest trace", () => {
    expect(brief(alone("XBound"))).toEqual(["invariant XBound 4"]);
    expect(brief(alone("YBound"))).toEqual(["invariant YBound 2"]);
    expect(brief(alone("Small"))).toEqual(["assert Small 3+1"]);
    // Without Small the steps go past y = 3: the only dead end is (5, 5).
    expect(brief(alone("deadlock"))).toEqual(["deadlock deadlock 10"]);
    expect(brief(alone("Imposs"))).toEqual(["cover Imposs -1"]);
  });

  it("a property that holds alone: the others are not checked, the search is complete", () => {
    const r = alone("Both");
    expect(r.verdict).toBe("ok");
    expect(rows(r)).toEqual(["XBound not checked", "YBound not checked", "Vac not checked", "Small not checked", "Both covered 4 (1)", "Imposs not checked", "deadlock not checked"]);
    expect(r.properties?.[0]?.note).toBe("not selected (--only)");
  });

  it("`assert` selects the unnamed asserts; a named one is not among them", () => {
    const spec = "spec U\nvar x: 0 .. 3 = 0\naction A { await x < 3 assert x < 2 : \"low\" assert Named: x < 1 x := x + 1 }\n";
    // Named fails on the step from x = 1 (depth 1 + 1); the unnamed one from x = 2.
    expect(brief(checkText(spec, undefined, { only: ["assert"] }))).toEqual(["assert assert 2+1"]);
    expect(brief(checkText(spec, undefined, { only: ["Named"] }))).toEqual(["assert Named 1+1"]);
    const r = checkText(spec, undefined, { only: ["assert"] });
    expect(r.violation?.message).toBe("assertion failed: low");
  });
});

describe("covers and vacuity", () => {
  // n counts 0 .. 3 and stops (terminal).
  const COUNTER = (extra: string): string => `spec C\nvar n: 0 .. 3 = 0\naction Inc { await n < 3 n := n + 1 }\nterminal n == 3\n${extra}`;

  it("a cover: how many states, the first at what depth", () => {
    const r = checkText(COUNTER("cover High: n >= 2\n"));
    expect(r.verdict).toBe("ok");
    expect(rows(r)).toEqual(["High covered 2 (2)", "deadlock holds"]);
    expect(r.warnings).toEqual([]);
  });

  it("an unreachable cover fails the run", () => {
    const r = checkText(COUNTER("cover Never: n == 2 and n == 3\n"));
    expect(r.verdict).toBe("violation");
    expect(r.violation).toMatchObject({ kind: "cover", property: "Never", trace: [] });
  });

  it("a cover hit only in initial states is a warning", () => {
    const r = checkText(COUNTER("cover Start: n == 0\n"));
    expect(r.verdict).toBe("ok");
    expect(r.warnings?.map((w) => w.message)).toEqual(["cover Start is satisfied only by initial states"]);
  });

  it("implication invariants: vacuous when the premise never holds (also under forall)", () => {
    const r = checkText(COUNTER("invariant Real: n == 3 implies n > 0\ninvariant Vq: forall i in 1 .. 2: n == i + 5 implies n == 0\ninvariant Plain: n <= 3\n"));
    expect(r.verdict).toBe("ok");
    expect(rows(r)).toEqual(["Real holds", "Vq vacuous", "Plain holds", "deadlock holds"]);
    expect(r.warnings?.map((w) => w.message)).toEqual(["invariant Vq holds vacuously: its premise (left of `implies`) is false in every reachable state"]);
  });

  it("a leadsto whose trigger never holds", () => {
    const r = checkText(COUNTER("property L: n == 7 leadsto n == 0\nproperty M: n == 1 leadsto n == 2\nfairness weak Inc\n"));
    expect(r.verdict).toBe("ok");
    expect(rows(r)).toEqual(["L vacuous", "M holds", "deadlock holds"]);
  });

  it("workers give the same table and warnings", async () => {
    const spec = COUNTER("cover High: n >= 2\ncover Start: n == 0\ninvariant Vq: forall i in 1 .. 2: n == i + 5 implies n == 0\naction Off { await n > 5 n := 0 }\n");
    const seq = checkText(spec);
    const code = compileSpec("t.kspec", spec).code!;
    const par = await checkParallel(toJs(code), { workers: 2 });
    expect(par.properties).toEqual(seq.properties);
    expect(par.warnings).toEqual(seq.warnings);
    expect(seq.warnings?.map((w) => w.message)).toEqual([
      "invariant Vq holds vacuously: its premise (left of `implies`) is false in every reachable state",
      "cover Start is satisfied only by initial states",
      "action Off is never enabled: no reachable state takes this step",
    ]);
  });
});

describe("--max-depth", () => {
  const spec = "spec D\nvar n: 0 .. 5 = 0\naction Inc { await n < 5 n := n + 1 }\nterminal n == 5\n";
  it("keeps states up to depth N; a limit only when it left a state out", () => {
    const r2 = checkText(spec, undefined, { maxDepth: 2 });
    expect([r2.verdict, r2.limit, r2.stats.distinct, r2.stats.depth]).toEqual(["limit", "depth", 3, 2]);
    const r5 = checkText(spec, undefined, { maxDepth: 5 });
    expect([r5.verdict, r5.limit, r5.stats.distinct]).toEqual(["ok", undefined, 6]);
    const r0 = checkText(spec, undefined, { maxDepth: 0 });
    expect([r0.verdict, r0.stats.distinct]).toEqual(["limit", 1]);
  });
});

describe("named asserts in the language", () => {
  it("`assert x : \"msg\"` is a message, `assert Name: cond` a name", () => {
    const m = machineOf("spec A\nvar x: Bool = false\naction S { assert x : \"m\" assert Ok: not x assert Both: x or not x : \"b\" x := true }\n");
    expect(m.asserts).toEqual([{ name: "assert", site: expect.any(Number) }, { name: "Ok", site: expect.any(Number) }, { name: "Both", site: expect.any(Number) }]);
  });

  it("two properties of one name, or a property named like a built-in check, are KS2014", () => {
    expect(codesOf("spec A\nvar x: Bool = false\naction S { assert I: x x := true }\ninvariant I: true\n")).toContain("KS2014");
    expect(codesOf("spec A\nvar x: Bool = false\ninvariant deadlock: true\naction S { x := true }\n")).toContain("KS2014");
    expect(codesOf("spec A\nvar x: Bool = false\ncover C: x\ninvariant C: true\naction S { x := true }\n")).toContain("KS2014");
  });
});
