// The pack/unpack debug mode (KSPEC_DEBUG_PACK=1, CheckOptions.debugPack): it catches a slot outside
// its type and a lossy pack, in the sequential checker and in the workers; and every reachable state
// of every spec in specs/ (capped) passes it, with the same counts as a run without it.
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { compileSpec } from "../../src/compile/index.ts";
import { loadMachine, toJs } from "../../src/load.ts";
import { check, type Machine } from "../../src/runtime/index.ts";
import { PackCheckError, slotTable } from "../../src/runtime/pack-check.ts";
import { checkParallel } from "../../src/runtime/parallel.ts";
import { machineOf, readRepo, ROOT } from "../helpers/kspec.ts";

/** n counts 0 .. 7. `hi` is the declared top of n's range; `bits` how many bits pack keeps. */
function counterJs(hi: number, bits: number): string {
  return `
const args = new Int32Array(0);
module.exports.machine = {
  name: "Counter", file: "counter.js", width: 1, words: 1,
  pack(s, out, o) { out[o] = s[0] & ${(1 << bits) - 1}; },
  unpack(w, o, s) { s[0] = w[o]; },
  vars: [{ name: "n", offset: 0, type: { k: "int", lo: 0, hi: ${hi} } }],
  transitions: [{ kind: "action", name: "Inc", params: [] }],
  invariants: [], properties: [], fairness: [], sites: [],
  running: { transition: -1, args },
  init(emit) { emit(Int32Array.of(0), -1, args); },
  next(s, emit) { if (s[0] < 7) emit(Int32Array.of(s[0] + 1), 0, args); },
  terminal(s) { return s[0] === 7; },
};`;
}

function counter(hi: number, bits: number): Machine {
  const module = { exports: {} as { machine?: Machine } };
  new Function("module", counterJs(hi, bits))(module);
  return module.exports.machine!;
}

describe("the pack check finds broken encodings", () => {
  it("a lossy pack: unpack(pack(4)) is 0", () => {
    // Unchecked, the lossy machine silently loses states: 4 distinct instead of 8.
    expect(check(counter(7, 2)).stats.distinct).toBe(4);
    expect(() => check(counter(7, 2), { debugPack: true })).toThrow(new PackCheckError("pack check: unpack(pack(s)) differs at slot 0 (n): 4 became 0; state [4]"));
  });

  it("a slot outside its declared type", () => {
    expect(() => check(counter(3, 3), { debugPack: true })).toThrow(new PackCheckError("pack check: slot 0 (n) holds 4, outside its type; state [4]"));
  });

  it("KSPEC_DEBUG_PACK=1 turns it on", () => {
    const saved = process.env["KSPEC_DEBUG_PACK"];
    try {
      process.env["KSPEC_DEBUG_PACK"] = "1";
      expect(() => check(counter(3, 3))).toThrow(PackCheckError);
    } finally {
      if (saved === undefined) delete process.env["KSPEC_DEBUG_PACK"];
      else process.env["KSPEC_DEBUG_PACK"] = saved;
    }
    expect(check(counter(3, 3)).stats.distinct).toBe(8);
  });

  it("in the workers as well (an internal error, not a verdict)", async () => {
    await expect(checkParallel(counterJs(7, 2), { workers: 2, debugPack: true })).rejects.toThrow("pack check: unpack(pack(s)) differs at slot 0 (n): 4 became 0");
    const fine = await checkParallel(counterJs(7, 3), { workers: 2, debugPack: true });
    expect([fine.verdict, fine.stats.distinct]).toEqual(["ok", 8]);
  });

  it("slot table of a compiled spec: records, maps, options, sets and program counters", () => {
    const m = machineOf(
      ["spec S", "enum E { a, b, c }", "var r: { f: 0 .. 2, g: E? } = { f: 1, g: none }", "var m: [Bool] Set[E] = [k in Bool: {}]", "process P { L: skip }"].join("\n"),
    );
    expect(slotTable(m).map((s) => [s.name, s.lo, s.hi, s.none, s.mask])).toEqual([
      ["r.f", 0, 2, false, undefined],
      ["r.g", 0, 2, true, undefined],
      ["m[#0]", 0, 0, false, 0b111],
      ["m[#1]", 0, 0, false, 0b111],
      ["P.pc", 0, 1, false, undefined],
    ]);
  });
});

function specFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? specFiles(p) : n.endsWith(".kspec") ? [relative(ROOT, p)] : [];
  });
}

const oracle = JSON.parse(readRepo("test/oracle/expected.json")) as Record<string, { distinct: number }>;

describe("every reachable state of the corpus passes the pack check", () => {
  const CAP = 50_000;
  const withConsts = Object.keys(oracle).filter((k) => k.includes(" "));
  for (const key of [...specFiles(join(ROOT, "specs")).sort(), ...withConsts]) {
    it(key, () => {
      const [path, ...assigns] = key.split(" ") as [string, ...string[]];
      const consts = new Map(assigns.map((a) => a.split("=") as [string, string]));
      const r = compileSpec(path, readRepo(path), { constOverrides: consts });
      expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      // Without its invariants the search goes on past a violation to the whole graph (a failing
      // assert or range check still ends it).
      const m: Machine = Object.assign(Object.create(loadMachine(r.code!)) as Machine, { invariants: [] });
      const opts = { maxStates: CAP, liveness: false, deadlock: false } as const;
      const plain = check(m, opts);
      const checked = check(m, { ...opts, debugPack: true });
      expect([checked.verdict, checked.stats.distinct, checked.stats.generated]).toEqual([plain.verdict, plain.stats.distinct, plain.stats.generated]);
      // The whole graph, as the Python oracle counts it.
      const o = oracle[key];
      if (o && checked.verdict === "ok") expect(checked.stats.distinct).toBe(o.distinct);
    });
  }
});
