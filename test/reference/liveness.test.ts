// Temporal properties: the compiled checker's verdict against the brute-force reference on every spec
// of specs/ that has properties and on small hand-written cases, and every lasso it prints checked
// by the reference lasso validator.
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { compileSpec } from "../../src/compile/index.ts";
import { loadMachine } from "../../src/load.ts";
import { check } from "../../src/runtime/index.ts";
import { checkLiveness } from "../../src/runtime/liveness.ts";
import { readRepo, ROOT } from "../helpers/kspec.ts";
import { referenceProperties, validateLasso } from "./index.ts";

function kspecFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? kspecFiles(p) : n.endsWith(".kspec") ? [relative(ROOT, p)] : [];
  });
}

// Two processes and a test-and-set lock (as in test/check/liveness.test.ts).
const mutex = (fairness: string): string => `spec M
  var lock: Bool = false
  process P[i in 0 .. 1] {
    ncs: skip
    try:
      await not lock
      lock := true
    cs:
      lock := false
      goto ncs
  }
  ${fairness}
  property Enter: P[0] at try leadsto P[0] at cs
  property Often: always eventually P[1] at cs`;

const counter = (fairness: string): string => `spec C
  var n: 0 .. 3 = 0
  action Inc { await n < 3  n := n + 1 }
  action Reset { await n == 3  n := 0 }
  ${fairness}
  property Reaches: eventually n == 3
  property Often: always eventually n == 0
  property Bounded: always n <= 3`;

// A choice between two actions: Toggle flips forever, Stop ends it. Weak fairness of Stop is
// not enough (Toggle's flip disables it half the time); strong fairness is.
const choice = (fairness: string): string => `spec T
  var x: Bool = false
  var stopped: Bool = false
  action Toggle { await not stopped  x := not x }
  action Stop { await not stopped and x  stopped := true }
  terminal stopped
  ${fairness}
  property Stops: eventually stopped
  property Leads: x leadsto stopped`;

// A parameterised action: fairness of the action covers all its parameter values as one unit.
const params = (fairness: string): string => `spec A
  var s: Set[0 .. 2] = {}
  action Add(v in 0 .. 2) { await card(s) < 3  s := s union {v} }
  action Clear { await card(s) == 3  s := {} }
  ${fairness}
  property Fills: always eventually card(s) == 3
  property Empties: card(s) == 3 leadsto s == {}`;

// \`always reachable\` (no fairness): Home fails once n reaches 3 (Spin keeps it there), Top holds.
const reach = (fairness: string): string => `spec R
  var n: 0 .. 3 = 0
  var f: Bool = false
  action Inc { await n < 3  n := n + 1 }
  action Reset { await n == 2  n := 0 }
  action Spin { await n == 3  f := not f }
  ${fairness}
  property Top: always reachable n >= 2
  property Home: always reachable n == 0
  property Reaches: eventually n == 3`;

const inline: [string, string][] = [
  ...["", "fairness weak Inc"].map((f): [string, string] => [`reach ${f || "unfair"}`, reach(f)]),
  ...["", "fairness weak P", "fairness strong P", "fairness weak P\n  fairness strong P"].map((f): [string, string] => [`mutex ${f || "unfair"}`, mutex(f)]),
  ...["", "fairness weak Inc", "fairness weak Inc, Reset", "fairness strong Inc, Reset"].map((f): [string, string] => [`counter ${f || "unfair"}`, counter(f)]),
  ...["", "fairness weak Toggle, Stop", "fairness strong Stop", "fairness weak Toggle\n  fairness strong Stop"].map((f): [string, string] => [`choice ${f || "unfair"}`, choice(f)]),
  ...["", "fairness weak Add", "fairness weak Add, Clear", "fairness strong Clear\n  fairness weak Add"].map((f): [string, string] => [`params ${f || "unfair"}`, params(f)]),
];

// Constant variants whose temporal verdicts differ from the defaults' (see the specs' headers).
const variants: Record<string, Record<string, string>[]> = {
  "specs/dax/scanner-pins.kspec": [{ HOLD_FOREVER: "true", SCANNERS: "1" }, { SCANNERS: "1" }],
  "specs/dax/aops-gate.kspec": [{ GATE: "false" }, { CHAIN_REF: "false" }],
  "specs/dax/dontcache-liveness.kspec": [{ USERS: "1", ROUNDS: "1" }],
};

const files: [string, string, Record<string, string>][] = kspecFiles(join(ROOT, "specs")).sort()
  .filter((p) => /^\s*property\s/m.test(readRepo(p)))
  .flatMap((p): [string, string, Record<string, string>][] => [[p, readRepo(p), {}], ...(variants[p] ?? []).map((c): [string, string, Record<string, string>] => [p, readRepo(p), c])]);

describe("liveness verdicts agree with the brute-force reference", () => {
  for (const [name, text, consts] of [...files, ...inline.map(([n, t]): [string, string, Record<string, string>] => [n, t, {}])]) {
    it([name, ...Object.entries(consts).map(([k, v]) => `${k}=${v}`)].join(" "), () => {
      const r = compileSpec(name.endsWith(".kspec") ? name : "test.kspec", text, { constOverrides: new Map(Object.entries(consts)) });
      if (!r.code || !r.checked) throw new Error(r.diagnostics.map((d) => d.message).join("; "));
      const m = loadMachine(r.code);
      const compiled = check(m, { deadlock: false });
      const ref = referenceProperties(r.checked);
      const firstBad = ref.find((p) => !p.holds);
      // The whole check runs liveness only when the safety properties hold.
      if (compiled.violation?.kind === "liveness" || compiled.verdict === "ok") expect(compiled.verdict, JSON.stringify(ref)).toBe(firstBad ? "violation" : "ok");
      if (firstBad && compiled.violation?.kind === "liveness") {
        expect(compiled.violation?.property).toBe(firstBad.name);
        expect(validateLasso(r.checked, m, compiled.violation!)).toEqual([]);
      }
      // Each property on its own (the whole check stops at the first one violated).
      m.properties.forEach((prop, i) => {
        const one = checkLiveness({ ...m, properties: [prop] });
        expect(one.verdict, prop.name).toBe(ref[i]!.holds ? "ok" : "violation");
        if (one.violation) expect(validateLasso(r.checked!, m, one.violation), prop.name).toEqual([]);
      });
    });
  }
  it("the cases are not all one verdict", () => {
    const verdicts = inline.map(([, t]) => referenceProperties(compileSpec("test.kspec", t).checked!).every((p) => p.holds));
    expect(verdicts).toContain(true);
    expect(verdicts).toContain(false);
  });
});

describe("the lasso validator rejects what is not a counterexample", () => {
  const run = (text: string) => {
    const r = compileSpec("test.kspec", text);
    const m = loadMachine(r.code!);
    const v = check(m, { deadlock: false }).violation!;
    return { checked: r.checked!, m, v };
  };

  it("accepts the weakly fair mutex lasso, then rejects it as a stutter, out of order, or for another property", () => {
    const { checked, m, v } = run(mutex("fairness weak P"));
    expect(v.property).toBe("Enter");
    expect(v.lasso?.back).toBeDefined();
    expect(validateLasso(checked, m, v)).toEqual([]);
    // Stuttering at the last state instead: P[1] is weakly fair and can move there.
    const stutter = validateLasso(checked, m, { ...v, lasso: { loop: v.trace.length - 1, back: undefined } });
    expect(stutter.join("\n")).toMatch(/weakly fair P\[\d\] is enabled throughout the cycle and never taken/);
    // The initial state pasted in as the last step.
    const broken = validateLasso(checked, m, { ...v, trace: [...v.trace.slice(0, -1), { ...v.trace[v.trace.length - 1]!, state: v.trace[0]!.state }] });
    expect(broken.join("\n")).toMatch(/is not a transition of the reference/);
    // The same lasso does not refute `always eventually P[1] at cs`: P[1] enters cs on the cycle.
    expect(validateLasso(checked, m, { ...v, property: "Often" })).toContain("the goal holds on the cycle");
  });

  it("a stutter must be at the end, and the goal must never hold for `eventually`", () => {
    const { checked, m, v } = run(counter("fairness weak Inc"));
    expect(v.property).toBe("Often");
    expect(v.lasso).toEqual({ loop: v.trace.length - 1, back: undefined });
    expect(validateLasso(checked, m, v)).toEqual([]);
    expect(validateLasso(checked, m, { ...v, lasso: { loop: 0, back: undefined } })).toContain("a stutter must be at the last state");
    expect(validateLasso(checked, m, { ...v, property: "Reaches" })).toContain("the behaviour reaches the `eventually` goal");
  });
});
