// Regression: a spec with more initial states than can be enumerated (2^40 choices of locals) ran
// init to the end whatever the limits said: --max-states and --time-limit must stop it too.
import { describe, expect, it } from "vitest";
import { check } from "../../src/runtime/check.ts";
import { checkParallel } from "../../src/runtime/parallel.ts";
import { checkLiveness } from "../../src/runtime/liveness.ts";
import { compileSpec } from "../../src/compile/index.ts";
import { toJs } from "../../src/load.ts";
import { machineOf } from "../helpers/kspec.ts";

const MANY = `spec Many
const N = 3
process P[i in 1 .. N] {
  var x: 0 .. 2 in 0 .. 1
  a: x := 2
}
property Done: eventually P[1] at done`;

describe("initial states beyond counting", () => {
  const m = machineOf(MANY, "many.kspec", { N: 40 });

  it("sequential: --max-states stops in the middle of the initial states", () => {
    const r = check(m, { maxStates: 10 });
    expect([r.verdict, r.limit, r.stats.distinct]).toEqual(["limit", "states", 11]);
  });

  it("sequential: the time limit stops it", () => {
    const r = check(m, { timeLimit: 0.2, store: "fingerprint" });
    expect([r.verdict, r.limit]).toEqual(["limit", "time"]);
  });

  it("workers: the time limit stops it", async () => {
    const code = compileSpec("many.kspec", MANY, { constOverrides: new Map([["N", "40"]]) }).code!;
    const r = await checkParallel(toJs(code), { workers: 2, timeLimit: 0.5 });
    expect([r.verdict, r.limit]).toEqual(["limit", "time"]);
  });

  it("liveness graph: its state cap stops it", () => {
    const r = checkLiveness(m, { maxStates: 100 });
    expect([r.verdict, r.limit]).toEqual(["limit", "states"]);
  });
});

describe("one state with billions of successors", () => {
  // `Choose(i in 0 .. N - -2147483648)`: 2^31 successors of the initial state (a fuzz hang). The
  // time limit is checked between successors, not only between states.
  const HUGE = "spec Huge\nconst N = 3\nvar x: 0 .. 1 = 0\naction Choose(i in 0 .. N - -2147483648) { x := 1 }\n";

  it("sequential: the time limit ends the expansion", () => {
    const r = check(machineOf(HUGE), { timeLimit: 0.3 });
    expect([r.verdict, r.limit, r.stats.distinct]).toEqual(["limit", "time", 2]);
  });

  it("workers: the time limit ends the expansion", async () => {
    const code = compileSpec("huge.kspec", HUGE).code!;
    const r = await checkParallel(toJs(code), { workers: 2, timeLimit: 0.5 });
    expect([r.verdict, r.limit]).toEqual(["limit", "time"]);
  });
});
