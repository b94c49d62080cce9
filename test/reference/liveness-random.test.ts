// Liveness on generated specs: small state spaces (x, y in 0 .. 2 and a two-member process family)
// with random guards, updates, fairness and properties, so weak and strong fairness, stutters and
// cycles meet in every combination. Each property is checked on its own by the compiled checker
// and by the brute-force reference; every lasso is validated. Seeded, so a failure reproduces.
import { describe, expect, it } from "vitest";
import { compileSpec } from "../../src/compile/index.ts";
import { loadMachine } from "../../src/load.ts";
import { checkLiveness } from "../../src/runtime/index.ts";
import { referenceProperties, validateLasso } from "./index.ts";

const SPECS = Number(process.env["KSPEC_LIVENESS_SPECS"] ?? 120);

function rng(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s >>> 8) % n;
  };
}

const GUARDS = ["true", "x < 2", "y != x", "x == 0 or y == 2", "y > 0", "x != 1", "not (x == 2 and y == 2)"];
const X_UPDATES = ["(x + 1) % 3", "y", "2 - x", "0", "(x + y) % 3"];
const Y_UPDATES = ["(y + 1) % 3", "x", "(y + 2) % 3", "2"];
const PREDICATES = ["x == 2", "y == 0", "x == y", "x != 1 and y != 1", "Q[0] at b", "Q[1] at a"];

export function randomSpec(seed: number): string {
  const r = rng(seed);
  const pick = <T,>(xs: readonly T[]): T => xs[r(xs.length)]!;
  const fair = (name: string): string => ["", "", `fairness weak ${name}`, `fairness strong ${name}`][r(4)]!;
  const props = [
    `property Ev: eventually ${pick(PREDICATES)}`,
    `property Ae: always eventually ${pick(PREDICATES)}`,
    `property Lt: ${pick(PREDICATES)} leadsto ${pick(PREDICATES)}`,
  ];
  return `spec R${seed}
var x: 0 .. 2 = ${r(3)}
var y: 0 .. 2 in 0 .. ${r(3)}
action A { await ${pick(GUARDS)}  x := ${pick(X_UPDATES)} }
action B(v in 0 .. 2) { await ${pick(GUARDS)} and v != y  y := v }
process Q[q in 0 .. 1] {
  a:
    await ${pick(GUARDS)}
    either { x := ${pick(X_UPDATES)} } or { y := ${pick(Y_UPDATES)} }
  b:
    await ${pick(GUARDS)}
    goto a
}
${fair("A")}
${fair("B")}
${fair("Q")}
${props.join("\n")}
`;
}

describe("liveness on generated specs", () => {
  it(`${SPECS} specs: every property's verdict equals the reference's, every lasso is valid`, () => {
    const tally = { holds: 0, violated: 0, lassoBack: 0, stutter: 0 };
    for (let seed = 1; seed <= SPECS; seed++) {
      const text = randomSpec(seed);
      const r = compileSpec("random.kspec", text);
      if (!r.code || !r.checked) throw new Error(`seed ${seed} does not compile: ${r.diagnostics.map((d) => d.message).join("; ")}`);
      const m = loadMachine(r.code);
      const ref = referenceProperties(r.checked);
      m.properties.forEach((prop, i) => {
        const one = checkLiveness({ ...m, properties: [prop] });
        expect(one.verdict, `seed ${seed}, ${prop.name}:\n${text}`).toBe(ref[i]!.holds ? "ok" : "violation");
        if (one.violation) {
          expect(validateLasso(r.checked!, m, one.violation), `seed ${seed}, ${prop.name}:\n${text}`).toEqual([]);
          if (one.violation.lasso?.back) tally.lassoBack++;
          else tally.stutter++;
        }
        if (ref[i]!.holds) tally.holds++;
        else tally.violated++;
      });
    }
    // The generator reaches every kind of outcome (so the comparison is not vacuous).
    expect(tally.holds).toBeGreaterThan(20);
    expect(tally.violated).toBeGreaterThan(20);
    expect(tally.lassoBack).toBeGreaterThan(10);
    expect(tally.stutter).toBeGreaterThan(10);
  });
});
