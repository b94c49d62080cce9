// The compiled checker against the reference semantics on every spec of specs/ (with the constant
// variants test/oracle records), the library modules, and the inline cases of cases.ts: sequential
// checks with the exact, fingerprint and switching ("auto" with a 1-byte budget) stores, and worker
// runs with 1, 2 and 3 threads on a subset. Specs the reference cannot finish within REF_CAP
// states are skipped (none today: the largest has 27,400 states).
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { compileSpec } from "../../src/compile/index.ts";
import { loadMachine, toJs } from "../../src/load.ts";
import { check, type CheckOptions } from "../../src/runtime/index.ts";
import { checkParallel } from "../../src/runtime/parallel.ts";
import { readRepo, ROOT } from "../helpers/kspec.ts";
import { inlineCases } from "./cases.ts";
import { compareResults } from "./compare.ts";
import { referenceCheck } from "./index.ts";
import { randomProcessSpec, randomSafetySpec } from "./random-specs.ts";

const REF_CAP = 200_000;

interface Case {
  readonly name: string;
  readonly path: string;
  readonly text: string;
  readonly consts: Readonly<Record<string, string>>;
  readonly deadlock: boolean;
}

function kspecFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? kspecFiles(p) : n.endsWith(".kspec") ? [relative(ROOT, p)] : [];
  });
}

// Every spec, each constant variant the oracle knows, and the library modules (which check as
// specs with no transitions).
const oracleKeys = Object.keys(JSON.parse(readRepo("test/oracle/expected.json")) as Record<string, unknown>);
const fileCases: Case[] = [...kspecFiles(join(ROOT, "specs")), ...kspecFiles(join(ROOT, "lib"))].sort().flatMap((path) => {
  const text = readRepo(path);
  if (!/^\s*(\/\/[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*(spec|module)\s/.test(text)) return [];
  const variants = oracleKeys.filter((k) => k.startsWith(`${path} `)).map((k) => Object.fromEntries(k.split(" ").slice(1).map((kv) => kv.split("=") as [string, string])));
  return [{}, ...variants].map((consts) => ({ name: [path, ...Object.entries(consts).map(([k, v]) => `${k}=${v}`)].join(" "), path, text, consts, deadlock: true }));
});
const inline: Case[] = inlineCases.map((c) => ({ name: c.name, path: "test.kspec", text: c.text, consts: c.consts ?? {}, deadlock: c.deadlock ?? true }));

function compile(c: Case) {
  const r = compileSpec(c.path, c.text, { constOverrides: new Map(Object.entries(c.consts)) });
  if (!r.code || !r.checked) throw new Error(`${c.name} does not compile: ${r.diagnostics.map((d) => d.message).join("; ")}`);
  return { checked: r.checked, code: r.code };
}

const stores: [string, CheckOptions][] = [
  ["exact", { store: "exact" }],
  ["fingerprint", { store: "fingerprint" }],
  ["auto, switching at once", { store: "auto", exactBudget: 1 }],
];

describe("compiled checker agrees with the reference semantics", () => {
  for (const c of [...fileCases, ...inline]) {
    it(c.name, () => {
      const { checked, code } = compile(c);
      const ref = referenceCheck(checked, { deadlock: c.deadlock, maxStates: REF_CAP });
      if (ref.verdict === "limit") return; // beyond what the reference explores (REF_CAP)
      const m = loadMachine(code);
      for (const [store, opts] of stores) {
        const compiled = check(m, { ...opts, deadlock: c.deadlock, liveness: false });
        expect(compareResults(checked, m, ref, compiled), `${c.name}, ${store} store`).toEqual([]);
      }
    });
  }
});

// Workers take about 100 ms each to start (much more on a loaded machine): 1, 2 and 3 workers on
// a spec with a violation, and one run each on an ok spec, a run-time fault and no initial state.
const parallelRuns: Readonly<Record<string, readonly number[]>> = {
  "specs/bench/dax-racy.kspec": [1, 2, 3],
  "specs/dax/dontcache.kspec": [2],
  "map read outside the domain in an invariant": [3],
  "no initial states": [2],
};

describe("worker runs agree with the reference semantics", () => {
  for (const c of [...fileCases, ...inline].filter((x) => x.name in parallelRuns)) {
    it(c.name, async () => {
      const { checked, code } = compile(c);
      const ref = referenceCheck(checked, { deadlock: c.deadlock, maxStates: REF_CAP });
      for (const workers of parallelRuns[c.name]!) {
        const compiled = await checkParallel(toJs(code), { workers, deadlock: c.deadlock, liveness: false });
        expect(compareResults(checked, compiled.machine, ref, compiled), `${c.name}, ${workers} workers`).toEqual([]);
      }
    });
  }
  it("covers every name it lists", () => {
    expect([...fileCases, ...inline].filter((x) => x.name in parallelRuns).map((x) => x.name).sort()).toEqual(Object.keys(parallelRuns).sort());
  });
});

// Generated expression-heavy specs (random-specs.ts): every kind of value and fault. Seeded.
describe("generated specs agree with the reference semantics", () => {
  it("100 specs, exact store (some do not type-check by design and are skipped)", () => {
    const seen = new Set<string>();
    let compared = 0;
    for (let seed = 1; seed <= 100; seed++) {
      const text = randomSafetySpec(seed);
      const r = compileSpec("generated.kspec", text);
      if (!r.code || !r.checked) continue;
      const ref = referenceCheck(r.checked, { maxStates: 20_000 });
      if (ref.verdict === "limit") continue;
      const m = loadMachine(r.code);
      expect(compareResults(r.checked, m, ref, check(m, { store: "exact", liveness: false })), `seed ${seed}:\n${text}`).toEqual([]);
      seen.add(ref.verdict === "violation" ? ref.violations[0]!.property : ref.verdict);
      compared++;
    }
    expect(compared).toBeGreaterThan(90);
    // Every outcome appears, so the comparison is not vacuous.
    expect([...seen].sort()).toEqual(["I2", "division", "domain", "ok", "range", "unwrap"]);
  });
});

describe("generated process specs agree with the reference semantics", () => {
  it("80 specs with labels, loops, branches, gotos and locals, exact and fingerprint stores", () => {
    const seen = new Set<string>();
    for (let seed = 1; seed <= 80; seed++) {
      const text = randomProcessSpec(seed);
      const r = compileSpec("generated.kspec", text);
      if (!r.code || !r.checked) throw new Error(`seed ${seed} does not compile:\n${text}\n${r.diagnostics.map((d) => d.message).join("; ")}`);
      const ref = referenceCheck(r.checked, { maxStates: 20_000 });
      const m = loadMachine(r.code);
      for (const store of ["exact", "fingerprint"] as const) {
        expect(compareResults(r.checked, m, ref, check(m, { store, liveness: false })), `seed ${seed}, ${store}:\n${text}`).toEqual([]);
      }
      seen.add(ref.verdict === "violation" ? ref.violations[0]!.property : ref.verdict);
    }
    expect([...seen].sort()).toEqual(["I", "assert", "deadlock", "ok", "stuck"]);
  });
});
