// How a check ends when it cannot explore everything, or has nothing to explore: no initial state,
// a memory limit, an allocation failure (in the sequential checker and in a worker), and the
// bounds of the auto store's switch. Small hand-written machines make the counts exact.
import { describe, expect, it } from "vitest";
import { compileSpec } from "../../src/compile/index.ts";
import { toJs } from "../../src/load.ts";
import { check, checkLiveness, type Machine } from "../../src/runtime/index.ts";
import { checkParallel } from "../../src/runtime/parallel.ts";
import { isOutOfMemory } from "../../src/runtime/memory.ts";
import { checkText, machineOf } from "../helpers/kspec.ts";

/**
 * The JavaScript of a counter machine: n goes 0, 1, ..., 7 and stops (terminal at 7). With
 * `failAt`, computing the successors of n == failAt throws the RangeError V8 throws when an
 * allocation fails.
 */
function counterJs(failAt = -1): string {
  return `
const args = new Int32Array(0);
module.exports.machine = {
  name: "Counter", file: "counter.js", width: 1, words: 1,
  pack(s, out, o) { out[o] = s[0]; },
  unpack(w, o, s) { s[0] = w[o]; },
  vars: [{ name: "n", offset: 0, type: { k: "int", lo: 0, hi: 7 } }],
  transitions: [{ kind: "action", name: "Inc", params: [] }],
  invariants: [], properties: [], fairness: [], sites: [],
  running: { transition: -1, args },
  init(emit) { emit(Int32Array.of(0), -1, args); },
  next(s, emit) {
    if (s[0] === ${failAt}) throw new RangeError("Array buffer allocation failed");
    if (s[0] < 7) emit(Int32Array.of(s[0] + 1), 0, args);
  },
  terminal(s) { return s[0] === 7; },
};`;
}

function counter(failAt = -1): Machine {
  const module = { exports: {} as { machine?: Machine } };
  new Function("module", counterJs(failAt))(module);
  return module.exports.machine!;
}

const EMPTY = ["spec Empty", "var x: 0 .. 2 in {v in 0 .. 2 where v > 5}", "action Inc { await x < 2  x := x + 1 }", "invariant Small: x <= 2"].join("\n");

describe("no initial states (regression: reported as 'ok', all properties hold)", () => {
  it("check: verdict no-initial-states, nothing counted", () => {
    const r = checkText(EMPTY);
    expect([r.verdict, r.violation, r.stats.distinct, r.stats.generated]).toEqual(["no-initial-states", undefined, 0, 0]);
  });

  it("with a temporal property (the liveness path) as well, and checkLiveness alone", () => {
    const text = EMPTY + "\nproperty Reaches: eventually x == 2";
    expect(checkText(text).verdict).toBe("no-initial-states");
    expect(checkLiveness(machineOf(text)).verdict).toBe("no-initial-states");
  });

  it("checkParallel, 1 and 2 workers", async () => {
    const js = toJs(compileSpec("empty.kspec", EMPTY).code!);
    for (const workers of [1, 2]) {
      const r = await checkParallel(js, { workers });
      expect([r.verdict, r.stats.distinct]).toEqual(["no-initial-states", 0]);
    }
  });

  it("a spec whose initial states are all there still says ok", () => {
    const r = checkText(EMPTY.replace("where v > 5", "where v > 0") + "\nterminal x == 2");
    // x in {1, 2}: states x = 1 and x = 2.
    expect([r.verdict, r.stats.distinct]).toEqual(["ok", 2]);
  });
});

describe("memory", () => {
  it("an allocation failure in the sequential checker is a clean stop with the counts so far", () => {
    // States 0 .. 5 are found (expanding 0 .. 4); expanding 5 fails.
    const r = check(counter(5));
    expect([r.verdict, r.limit, r.violation, r.stats.distinct, r.stats.depth]).toEqual(["limit", "memory", undefined, 6, 5]);
    // Without the failure: 8 states, n = 0 .. 7.
    expect([check(counter()).verdict, check(counter()).stats.distinct]).toEqual(["ok", 8]);
  });

  it("an allocation failure in a worker stops every worker: limit memory, counts of the last whole level", async () => {
    for (const workers of [1, 2]) {
      const r = await checkParallel(counterJs(5), { workers });
      // Levels 0 .. 5 were absorbed (6 states); expanding level 5 failed.
      expect([r.verdict, r.limit, r.stats.distinct], `${workers} workers`).toEqual(["limit", "memory", 6]);
    }
  });

  it("maxMemory below the first store stops before any expansion (the initial state only)", () => {
    const r = check(counter(), { maxMemory: 1 });
    expect([r.verdict, r.limit, r.stats.distinct, r.stats.depth]).toEqual(["limit", "memory", 1, 0]);
  });

  it("maxMemory stops the sequential checker once a store grows past it", () => {
    // A counter of 10,000 states; the limit is the size of the stores before they first grow.
    const m = machineOf("spec P\nvar n: 0 .. 9999 = 0\naction Inc { await n < 9999  n := n + 1 }\nterminal n == 9999");
    const full = check(m, { store: "exact" });
    expect(full.stats.distinct).toBe(10_000);
    const first = check(m, { store: "exact", maxStates: 10 }).stats.storeBytes;
    const r = check(m, { store: "exact", maxMemory: first });
    // The stores double at 4,096 states; the limit is tested every 1,024 expansions: the run stops
    // at the first test after the growth, 4,096 + 1 states found, 4,096 expanded.
    expect([r.verdict, r.limit, r.stats.distinct]).toEqual(["limit", "memory", 4097]);
  });

  it("isOutOfMemory tells allocation failures from other RangeErrors", () => {
    const caught = (f: () => unknown): unknown => {
      try {
        f();
      } catch (e) {
        return e;
      }
      return undefined;
    };
    expect(isOutOfMemory(caught(() => new ArrayBuffer(2 ** 53)))).toBe(true);
    expect(isOutOfMemory(caught(() => new Int32Array(2 ** 40)))).toBe(true);
    expect(isOutOfMemory(new RangeError("Array buffer allocation failed"))).toBe(true);
    const overflow = (n: number): number => overflow(n + 1) + 1;
    expect(isOutOfMemory(caught(() => overflow(0)))).toBe(false);
    expect(isOutOfMemory(new Error("Array buffer allocation failed"))).toBe(false);
  });
});
