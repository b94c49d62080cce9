// The "user's own TypeScript test" scenario: a user compiles a spec with `kspec compile`, imports
// the generated module from their own test, calls its exported `check()`, and uses the runtime's
// helpers from "kspec/runtime" on the result.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { check, formatTrace, resultToJson, type CheckOptions, type CheckResult, type Machine, type State } from "kspec/runtime";
import { beforeAll, describe, expect, it } from "vitest";
import { compileSpec } from "../../src/compile/index.ts";
import { renderDiagnostic } from "../../src/diag/diagnostic.ts";
import { readRepo, ROOT } from "../helpers/kspec.ts";

interface Generated {
  machine: Machine;
  default: Machine;
  check(options?: CheckOptions): CheckResult;
}

const TMP = join(ROOT, "test", ".tmp");

/** What `kspec compile <spec> -o test/.tmp/<name>.ts` does, then `await import()` of the result. */
async function compileAndImport(spec: string, name: string): Promise<Generated> {
  const r = compileSpec(spec, readRepo(spec));
  if (r.code === undefined) throw new Error(`${spec} does not compile:\n${r.diagnostics.map((d) => renderDiagnostic(d, r.file)).join("\n")}`);
  mkdirSync(TMP, { recursive: true });
  const file = join(TMP, `${name}.ts`);
  writeFileSync(file, r.code);
  return (await import(/* @vite-ignore */ pathToFileURL(file).href)) as Generated;
}

describe("a user's test importing a compiled spec", () => {
  let mutex: Generated;
  let toctou: Generated;

  beforeAll(async () => {
    mutex = await compileAndImport("specs/small/mutex.kspec", "mutex");
    toctou = await compileAndImport("specs/dax/toctou.kspec", "toctou");
  });

  it("the module's own check() verifies Peterson's algorithm: 42 states", () => {
    const r = mutex.check();
    expect(r.violation).toBeUndefined();
    expect(r.verdict).toBe("ok");
    expect(r.stats.distinct).toBe(42);
    expect(r.stats.depth).toBe(10);
  });

  it("exports the machine (also as default) with the documented shape", () => {
    const m = mutex.machine;
    expect(mutex.default).toBe(m);
    expect(m.name).toBe("Peterson");
    expect(m.file).toBe("specs/small/mutex.kspec");

    // vars: one entry per variable and per process counter/local, with slot offsets and types.
    expect(m.vars.map((v) => v.name)).toEqual(["flag", "turn", "P[0].pc", "P[1].pc"]);
    expect(m.vars[0]).toEqual({ name: "flag", offset: 0, type: { k: "map", key: { k: "int", lo: 0, hi: 1 }, value: { k: "bool" } } });
    expect(m.vars[1]).toEqual({ name: "turn", offset: 2, type: { k: "int", lo: 0, hi: 1 } });
    const labels = ["ncs", "want", "yield", "wait", "cs", "exit"];
    for (const v of m.vars.slice(2)) {
      expect(v.type.k).toBe("pc");
      if (v.type.k === "pc") expect(v.type.labels).toEqual(expect.arrayContaining(labels));
    }
    expect(m.width).toBe(5);

    // transitions: one per process label, kind "process", the family member as parameter `self`.
    expect(m.transitions.map((t) => t.label)).toEqual(labels);
    for (const t of m.transitions) {
      expect(t).toEqual({ kind: "process", name: "P", label: expect.any(String), params: [{ name: "self", type: { k: "int", lo: 0, hi: 1 } }] });
    }

    // invariants: name, a site pointing at the source, and a predicate over states.
    expect(m.invariants.map((i) => i.name)).toEqual(["MutualExclusion"]);
    const inv = m.invariants[0]!;
    expect(inv.holds).toBeTypeOf("function");
    const site = m.sites[inv.site]!;
    expect(site.line).toBe(30);
    expect(site.text).toContain("invariant MutualExclusion");

    // The initial state satisfies the invariant, and is the documented one.
    const inits: State[] = [];
    m.init((next) => inits.push(next.slice()));
    expect(inits).toHaveLength(1);
    expect(inv.holds(inits[0]!)).toBe(true);
    expect(Array.from(inits[0]!)).toEqual([0, 0, 0, 0, 0]); // flags false, turn 0, both at ncs
  });

  it("runtime check() on the imported machine agrees with the module's check()", () => {
    const r = check(mutex.machine);
    expect(r.verdict).toBe("ok");
    expect(r.stats.distinct).toBe(42);
    const limited = mutex.check({ maxStates: 5 });
    expect(limited.verdict).toBe("limit");
  });

  it("a violating spec: the trace from kspec/runtime names the SetDax and Fault steps", () => {
    const r = check(toctou.machine);
    expect(r.verdict).toBe("violation");
    const v = r.violation!;
    expect(v.kind).toBe("invariant");
    expect(v.property).toBe("NoMixedAops");
    expect(v.trace).toHaveLength(4);

    const text = formatTrace(toctou.machine, v);
    expect(text).toContain("Counterexample (3 steps):");
    const steps = text.split("\n").filter((l) => /^ {2}\d+ {2}/.test(l)).map((l) => l.trim().replace(/^\d+\s+/, ""));
    expect(steps).toEqual(["initial state", "SetDax: check", "Fault[1]: populate  [any p = 0]", "SetDax: swap"]);
    expect(text).toContain("aops = Dax");
    expect(text).toContain("Fault[1].via = PageCache");

    // The same through the module's own check(), and as JSON.
    const again = toctou.check();
    expect(again.violation?.trace.map((s) => s.transition)).toEqual(v.trace.map((s) => s.transition));
    const j = resultToJson(toctou.machine, again) as { violation: { trace: { action: { name?: string } }[] } };
    expect(j.violation.trace.map((t) => t.action.name)).toEqual([undefined, "SetDax", "Fault", "SetDax"]);
  });
});
