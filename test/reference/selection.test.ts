// --only and --max-violations against the reference semantics: a property checked alone gives the
// reference's verdict for it alone (same counts when it holds, same shortest violation otherwise),
// and every violation --max-violations reports is a shortest one of its property per the reference
// (compare.ts, compareViolations). On the inline cases, hand-made multi-property specs, and the specs
// of specs/dax and specs/small.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileSpec } from "../../src/compile/index.ts";
import { loadMachine } from "../../src/load.ts";
import { check } from "../../src/runtime/index.ts";
import { propertyNames } from "../../src/runtime/tracking.ts";
import { readRepo, ROOT } from "../helpers/kspec.ts";
import { inlineCases } from "./cases.ts";
import { compareResults, compareViolations } from "./compare.ts";
import { referenceCheck } from "./index.ts";

interface Case {
  readonly name: string;
  readonly text: string;
  readonly consts: Readonly<Record<string, string>>;
  readonly deadlock: boolean;
}

// Several properties with different shortest traces, named and unnamed asserts, covers (one
// unreachable), two deadlock states, an assert whose failure hides states from later properties.
const multi: Case[] = [
  {
    name: "counters: invariants, a named assert, covers, a deadlock",
    text: `spec Multi
var x: 0 .. 5 = 0
var y: 0 .. 5 = 0
action IncX { await x < 5 x := x + 1 }
action IncY { await y < 5 assert Small: y < 3 y := y + 1 }
invariant XBound: x < 4
invariant YBound: y < 2
invariant Vac: x == 9 implies y == 0
cover Both: x == 2 and y == 2
cover Imposs: x == 6
`,
  },
  {
    name: "processes: unnamed and named asserts, two deadlocks",
    text: `spec Procs
var a: 0 .. 4 = 0
var b: Bool = false
process P[i in 1 .. 2] {
  s1: await a < 4 a := a + i
  s2: assert a != 3 : "three" assert Odd: a != 1 or b
  s3: either { b := true } or { await a >= 2 goto s1 }
}
invariant NotFour: a < 4 or b
cover Flag: b and a == 4
`,
  },
].map((c) => ({ ...c, consts: {}, deadlock: true }));

const small = ["specs/dax", "specs/small"].flatMap((d) => readdirSync(join(ROOT, d)).filter((n) => n.endsWith(".kspec")).map((n) => `${d}/${n}`));
const cases: Case[] = [
  ...multi,
  ...inlineCases.map((c) => ({ name: c.name, text: c.text, consts: c.consts ?? {}, deadlock: c.deadlock ?? true })),
  ...small.map((p) => ({ name: p, text: readRepo(p), consts: {}, deadlock: true })),
];

function compile(c: Case) {
  const r = compileSpec("test.kspec", c.text, { constOverrides: new Map(Object.entries(c.consts)) });
  return r.code && r.checked ? { checked: r.checked, m: loadMachine(r.code) } : undefined;
}

describe("--only and --max-violations agree with the reference semantics", () => {
  for (const c of cases) {
    it(c.name, () => {
      const x = compile(c);
      if (!x) return; // a case of diagnostics, not of checking
      const { checked, m } = x;
      if (referenceCheck(checked, { deadlock: c.deadlock, maxStates: 30_000 }).verdict === "limit") return;
      for (const name of propertyNames(m).filter((n) => n !== "stuck")) {
        if (!m.properties.every((p) => p.name !== name)) continue; // temporal: not the safety reference
        const ref = referenceCheck(checked, { deadlock: c.deadlock, only: [name], stuck: false });
        const compiled = check(m, { deadlock: c.deadlock, only: [name], liveness: false, stuck: false });
        expect(compareResults(checked, m, ref, compiled, [name]), `${c.name}: --only ${name}`).toEqual([]);
      }
      const all = check(m, { deadlock: c.deadlock, maxViolations: 20, liveness: false, stuck: false });
      const names = [...propertyNames(m), "assert"];
      expect(compareViolations(checked, m, all.violations ?? [], names, { deadlock: c.deadlock, stuck: false }), `${c.name}: --max-violations`).toEqual([]);
    });
  }

  it("the hand-made specs report what was worked out by hand", () => {
    const r = check(compile(multi[0]!)!.m, { maxViolations: 20 });
    expect(r.violations?.map((v) => `${v.property}@${v.trace.length - 1}`)).toEqual(["YBound@2", "XBound@4", "Small@3", "deadlock@10", "Imposs@-1"]);
    // Odd: P[1] makes a = 1, then its s2 fails (1 step + the failing one). The unnamed assert: a = 1
    // then P[2] makes a = 3 (2 steps + s2). NotFour: P[2] a = 2, s2, s3 back to s1, a = 4 (4 steps).
    // range: a = 1, a = 3, P[2] past its (reported) assert to s3, back to s1, a := 3 + 2 (4 + 1).
    const p = check(compile(multi[1]!)!.m, { maxViolations: 20, liveness: false, stuck: false });
    expect(p.violations?.map((v) => `${v.property}@${v.trace.length - 1}${v.failedStep ? "+1" : ""}`)).toEqual(["Odd@1+1", "assert@2+1", "NotFour@4", "range@4+1"]);
  });
});
