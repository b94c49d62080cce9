// Stores and workers change how states are kept, never which: counts equal the sequential exact
// run; counterexamples are shortest and identical from run to run; limits stop cleanly.
import { describe, expect, it } from "vitest";
import { compileSpec } from "../../src/compile/index.ts";
import { loadMachine, toJs } from "../../src/load.ts";
import { check, formatTrace } from "../../src/runtime/index.ts";
import { checkParallel } from "../../src/runtime/parallel.ts";
import { readRepo } from "../helpers/kspec.ts";

function js(path: string, consts: Record<string, number> = {}): string {
  const r = compileSpec(path, readRepo(path), { constOverrides: new Map(Object.entries(consts).map(([k, v]) => [k, String(v)])) });
  return toJs(r.code!);
}

const cases: [string, Record<string, number>, number][] = [
  ["specs/bench/dax-safe.kspec", { FAULTS: 3, PAGES: 3 }, 2876],
  ["specs/bench/philosophers.kspec", { N: 6 }, 169],
  ["specs/dax/dontcache.kspec", {}, 306],
];

describe("stores and workers", () => {
  for (const [path, consts, distinct] of cases) {
    it(`${path} ${JSON.stringify(consts)}: the same counts with every store and worker count`, async () => {
      const code = compileSpec(path, readRepo(path), { constOverrides: new Map(Object.entries(consts).map(([k, v]) => [k, String(v)])) }).code!;
      const m = loadMachine(code);
      const base = check(m, { store: "exact" });
      expect(base.stats.distinct).toBe(distinct);
      const fp = check(m, { store: "fingerprint" });
      // A tiny budget forces the switch from exact states to fingerprints mid-run.
      const auto = check(m, { store: "auto", exactBudget: 4096 });
      expect(auto.stats.store).toBe("fingerprint");
      for (const r of [fp, auto]) expect([r.stats.distinct, r.stats.generated, r.stats.depth]).toEqual([base.stats.distinct, base.stats.generated, base.stats.depth]);
      for (const workers of [1, 2, 3]) {
        const p = await checkParallel(toJs(code), { workers });
        expect([p.verdict, p.stats.distinct, p.stats.generated, p.stats.depth]).toEqual(["ok", base.stats.distinct, base.stats.generated, base.stats.depth]);
      }
      const pf = await checkParallel(toJs(code), { workers: 2, store: "fingerprint" });
      expect(pf.stats.distinct).toBe(base.stats.distinct);
      // TLC's estimate: distinct * (generated - distinct) / 2^64.
      expect(pf.stats.collisionProbability).toBe((distinct * (base.stats.generated - distinct)) / 2 ** 64);
    });
  }

  it("the counterexample is a shortest one and the same for any worker count", async () => {
    const code = js("specs/bench/dax-racy.kspec", { FAULTS: 3, PAGES: 3 });
    const traces = new Set<string>();
    for (const workers of [1, 2, 3, 2]) {
      const r = await checkParallel(code, { workers });
      expect(r.verdict).toBe("violation");
      // The peer encoding's shortest counterexample has 8 transitions (SPIN BFS, TLC).
      expect(r.violation!.trace.length - 1).toBe(8);
      traces.add(formatTrace(r.machine, r.violation!));
    }
    expect(traces.size).toBe(1);
  });

  it("limits stop cleanly with a partial report", async () => {
    const code = js("specs/bench/dax-safe.kspec", { FAULTS: 3, PAGES: 3 });
    const byStates = await checkParallel(code, { workers: 2, maxStates: 500 });
    expect(byStates.verdict).toBe("limit");
    expect(byStates.limit).toBe("states");
    expect(byStates.stats.distinct).toBeGreaterThanOrEqual(500);
    expect(byStates.stats.distinct).toBeLessThan(2876);
    const interrupted = await checkParallel(code, { workers: 2, signal: { stopped: true } });
    expect([interrupted.verdict, interrupted.limit]).toEqual(["limit", "interrupted"]);
    const seq = check(loadMachine(compileSpec("specs/bench/dax-safe.kspec", readRepo("specs/bench/dax-safe.kspec")).code!), { maxStates: 50 });
    expect([seq.verdict, seq.limit]).toEqual(["limit", "states"]);
  });
});
