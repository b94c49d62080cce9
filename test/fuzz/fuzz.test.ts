// The fuzzer in `npm test`: a few hundred generated and a few hundred mutated cases through the
// whole pipeline (compile, diagnostics, check with every store mode, workers on a few cases, trace
// printing, formatter, reference semantics), with a fixed seed; KSPEC_FUZZ_RUNS (cases of each
// kind) and KSPEC_FUZZ_SEED override. Failures of known bugs (known.ts) are counted apart.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileSpec } from "../../src/compile/index.ts";
import { existsSync } from "node:fs";
import { runCase } from "./case.ts";
import { loadReference } from "./differential.ts";
import { minimize } from "./minimize.ts";
import { Rng } from "./rand.ts";
import { specArbitrary, specOfSeed } from "./gen.ts";
import { loadCorpus, mutantOfSeed, tokenize } from "./mutate.ts";
import { runPool, type CaseResult, type RunConfig } from "./pool.ts";
import { fuzzRun, summary } from "./run.ts";

const RUNS = Number(process.env["KSPEC_FUZZ_RUNS"] ?? 200);
const SEED = Number(process.env["KSPEC_FUZZ_SEED"] ?? 20261129);
const hasReference = existsSync(new URL("../reference/index.ts", import.meta.url));

const config: RunConfig = { maxStates: 5000, timePerCaseMs: 2000, parallelEvery: 200, formatEvery: 4, reference: true, minimize: true, minimizeMs: 10_000 };

describe("fuzz", () => {
  it(`${RUNS} generated and ${RUNS} mutated cases: no crash, hang, unlocated error or disagreement`, async () => {
    const tally = await fuzzRun({ ...config, generated: RUNS, mutated: RUNS, seed: SEED, jobs: 2, out: undefined });
    const failures = tally.failed.map((f) => `${f.report.status} (${f.report.stage}) ${f.kind}:${f.seed}: ${f.report.detail}\n${f.minimized ?? f.text}`);
    expect(failures, summary(tally).join("\n")).toEqual([]);
    expect(tally.cases).toEqual({ generated: RUNS, mutated: RUNS });
    // The generator writes well-typed specs: nearly all compile, and their verdicts are of every kind.
    expect(tally.compiled.generated / RUNS).toBeGreaterThan(0.85);
    if (RUNS >= 100) {
      for (const v of ["ok", "violation:invariant", "violation:deadlock", "violation:assert"]) expect(tally.verdicts.get(v) ?? 0, v).toBeGreaterThan(0);
      if (hasReference) expect(tally.referenced).toBeGreaterThan(RUNS / 2);
    }
  }, 120_000);

  it("the watchdog reports a case that never ends as a hang and goes on with the others", async () => {
    const results: CaseResult[] = [];
    const tasks = [0, 1, 2].map((i) => ({ id: i, kind: "generated" as const, seed: 100 + i, index: i }));
    await runPool(tasks, 1, { ...config, watchdogMs: 1000, reference: false, parallelEvery: 0, stallOn: 101 }, (r) => results.push(r));
    expect(results.map((r) => [r.seed, r.report.status])).toEqual([[100, "ok"], [101, "hang"], [102, "ok"]]);
  }, 60_000);
});

describe("a case", () => {
  const spec = "spec S\nvar n: 0 .. 3 = 0\naction Inc { await n < 3\n n := n + 1 }\nterminal n == 3\n";
  const opts = { maxStates: 5000, timeLimitMs: 2000, store: "exact", parallel: false, format: true } as const;

  it.skipIf(!hasReference)("agrees with the reference, and a wrong reference answer is a disagreement", async () => {
    const ref = (await loadReference())!;
    expect(await runCase(spec, { ...opts, reference: ref })).toEqual({ status: "ok", compiled: true, verdict: "ok", referenced: true });
    const wrong = { ...ref, referenceCheck: () => ({ verdict: "ok" as const, distinct: 5, depth: 3, violations: [] }) };
    const r = await runCase(spec, { ...opts, reference: wrong });
    expect([r.status, r.stage, r.detail]).toEqual(["disagreement", "reference", "check (exact): distinct: compiled 4, reference 5"]);
  });
});

describe("fuzz inputs", () => {
  it("are the same for the same seed", () => {
    expect(specOfSeed(7)).toBe(specOfSeed(7));
    expect(specOfSeed(7)).not.toBe(specOfSeed(8));
    const corpus = loadCorpus();
    expect(mutantOfSeed(corpus, 7)).toEqual(mutantOfSeed(corpus, 7));
  });

  it("the corpus holds the specs, the library and the test fixtures", () => {
    const paths = loadCorpus().map((f) => f.path);
    expect(paths).toContain("specs/dax/fault.kspec");
    expect(paths).toContain("lib/rwsem.kspec");
    expect(paths).toContain("test/diagnostics/cases/names.kspec");
    expect(paths.filter((p) => p.startsWith("test/fuzz"))).toEqual([]);
  });

  it("tokens join back to the text", () => {
    const text = 'spec S // c\r\nvar x: 0 .. 3 = 1\tinvariant I: x != 2 /* b */ "s\\"t"';
    expect(tokenize(text).join("")).toBe(text);
    expect(tokenize("x:=y..z")).toEqual(["x", ":=", "y", "..", "z"]);
  });

  it("as a fast-check arbitrary: generated specs compile without errors nearly always, and shrink", () => {
    let errors = 0;
    fc.assert(
      fc.property(specArbitrary, (text) => {
        if (compileSpec("fuzz.kspec", text).code === undefined) errors++;
      }),
      { numRuns: 50, seed: SEED },
    );
    expect(errors).toBeLessThan(8);
    // A failing property shrinks to a small spec: here, any spec with an action.
    const shrunk = fc.check(fc.property(specArbitrary, (text) => !text.includes("action")), { seed: SEED });
    expect(shrunk.failed).toBe(true);
    expect(shrunk.counterexample?.[0]).toBe("spec Fuzz0\nvar v0: Bool = true\naction A0 {\n  v0 := true\n}\n");
  });

  it("the seeded generator draws within bounds, every value", () => {
    const r = new Rng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) seen.add(r.int(-2, 2));
    expect([...seen].sort()).toEqual([-1, -2, 0, 1, 2]);
  });

  it("shrinking keeps what the failure needs", async () => {
    const text = "spec S\nvar a: Bool = false\nvar b: 0 .. 3 = 2\naction A { b := 3 }\ninvariant I: b != 3\n";
    const small = await minimize(text, async (t) => t.includes("b := 3") && t.includes("b != 3"));
    expect(small).toBe("b := 3b != 3");
  });
});
