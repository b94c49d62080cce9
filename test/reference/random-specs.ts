// A seeded generator of small expression-heavy specs for the safety comparison: variables of every
// kind of type, actions assigning random typed expressions, and random invariants. Values often
// leave their ranges, so run-time faults are compared as much as states.
export function rng(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s >>> 8) % n;
  };
}

type Kind = "int" | "bool" | "set" | "opt" | "map" | "rec" | "enum";

export function randomSafetySpec(seed: number): string {
  const r = rng(seed);
  const pick = <T,>(xs: readonly T[]): T => xs[r(xs.length)]!;
  let bound = 0;
  const scope: string[] = []; // bound integer names in scope
  const gen = (k: Kind, d: number): string => {
    const leaf = d <= 0 || r(3) === 0;
    switch (k) {
      case "int": {
        if (leaf) return pick(["0", "1", "2", "3", "x", "y", "r.a", "card(s)", ...scope]);
        const a = (): string => gen("int", d - 1);
        return pick([
          () => `(${a()} + ${a()})`, () => `(${a()} - ${a()})`, () => `(${a()} * ${a()})`, () => `(${a()} / ${a()})`,
          () => `(${a()} % ${a()})`, () => `(-${a()})`, () => `m[${a()}]`, () => `min(${a()}, ${a()})`, () => `max(${a()}, ${a()})`,
          () => `(if ${gen("bool", d - 1)} then ${a()} else ${a()})`, () => `unwrap(${gen("opt", d - 1)})`,
          () => { const z = `z${bound++}`; const v = a(); scope.push(z); const body = a(); scope.pop(); return `(let ${z} = ${v} in ${body})`; },
          () => `card(${gen("set", d - 1)})`, () => `${gen("rec", d - 1)}.a`,
        ])();
      }
      case "bool": {
        if (leaf) return pick(["true", "false", "b", "r.b", "o == none", "c == Lo"]);
        const i = (): string => gen("int", d - 1);
        const b = (): string => gen("bool", d - 1);
        return pick([
          () => `(${i()} < ${i()})`, () => `(${i()} == ${i()})`, () => `(${i()} >= ${i()})`, () => `(${b()} and ${b()})`, () => `(${b()} or ${b()})`,
          () => `(${b()} implies ${b()})`, () => `(not ${b()})`, () => `(${i()} in ${gen("set", d - 1)})`, () => `(${gen("set", d - 1)} subset s)`,
          () => { const z = `k${bound++}`; scope.push(z); const body = b(); scope.pop(); return `(${pick(["forall", "exists"])} ${z} in ${pick(["0 .. 2", "s", "{1, 3}"])}: ${body})`; },
          () => `(${gen("opt", d - 1)} == ${pick(["none", "some(1)", "o", "2"])})`, () => `(${gen("map", d - 1)} == m)`, () => `(${gen("rec", d - 1)} == r)`,
          () => `(${gen("enum", d - 1)} != c)`,
        ])();
      }
      case "set": {
        if (leaf) return pick(["s", "{}", "{0, 2}", "{x}", "(0 .. 2)"]);
        const s = (): string => gen("set", d - 1);
        return pick([
          () => `(${s()} union ${s()})`, () => `(${s()} inter ${s()})`, () => `(${s()} diff ${s()})`, () => `{${gen("int", d - 1)}, ${gen("int", d - 1)}}`,
          () => { const z = `e${bound++}`; scope.push(z); const c = gen("bool", d - 1); scope.pop(); return `{${z} in ${pick(["0 .. 3", "s"])} where ${c}}`; },
          () => { const z = `f${bound++}`; scope.push(z); const e = gen("int", d - 1); scope.pop(); return `{${e} for ${z} in ${pick(["0 .. 3", "s"])}}`; },
        ])();
      }
      case "opt": return leaf ? pick(["o", "none", "some(2)"]) : pick([() => `some(${gen("int", d - 1)})`, () => "none", () => "o"])();
      case "map": {
        if (leaf) return "m";
        const z = `i${bound++}`;
        return pick([
          () => `(m with [${gen("int", d - 1)}] = ${gen("int", d - 1)})`,
          () => { scope.push(z); const v = gen("int", d - 1); scope.pop(); return `[${z} in 0 .. 2: ${v}]`; },
        ])();
      }
      case "rec": return leaf ? "r" : pick([() => `{ a: ${gen("int", d - 1)}, b: ${gen("bool", d - 1)} }`, () => `(r with .a = ${gen("int", d - 1)})`])();
      case "enum": return leaf ? pick(["Lo", "Hi", "c"]) : `(if ${gen("bool", d - 1)} then ${pick(["Lo", "Hi", "c"])} else ${pick(["Lo", "Hi", "c"])})`;
    }
  };
  const assignments = (): string => {
    const out: string[] = [];
    const targets = ["x", "y", "b", "s", "o", "m", "r", "c", "mi", "ra"].filter(() => r(3) === 0);
    for (const t of targets.length > 0 ? targets : ["x"]) {
      switch (t) {
        case "x": case "y": out.push(`${t} := (${gen("int", 2)}) % 4`); break;
        case "b": out.push(`b := ${gen("bool", 2)}`); break;
        case "s": out.push(`s := ${gen("set", 2)}`); break;
        case "o": out.push(`o := ${gen("opt", 2)}`); break;
        case "m": out.push(`m := ${gen("map", 2)}`); break;
        case "mi": if (!targets.includes("m")) out.push(`m[${gen("int", 1)}] := ${gen("int", 1)}`); break;
        case "r": out.push(`r := ${gen("rec", 2)}`); break;
        case "ra": if (!targets.includes("r")) out.push(`r.a := ${gen("int", 1)}`); break;
        case "c": out.push(`c := ${gen("enum", 2)}`); break;
      }
    }
    return out.join("\n    ");
  };
  return `spec G${seed}
enum Level { Lo, Hi }
var x: 0 .. 3 = ${r(4)}
var y: 0 .. 3 in 0 .. ${r(3)}
var b: Bool = ${pick(["true", "false"])}
var s: Set[0 .. 3] = {${r(4)}}
var o: (0 .. 3)? = ${pick(["none", "some(1)"])}
var m: [0 .. 2] 0 .. 3 = [i in 0 .. 2: i]
var r: { a: 0 .. 3, b: Bool } = { a: ${r(4)}, b: false }
var c: Level = Lo
action A1 {
    await ${gen("bool", 2)}
    ${assignments()}
}
action A2(v in 0 .. 2) {
    await ${gen("bool", 1)}
    ${assignments()}
}
action A3 {
    either { ${assignments()} } or { await ${gen("bool", 1)}  ${assignments()} }
}
terminal ${gen("bool", 1)}
invariant I1: ${gen("bool", 3)} or ${gen("bool", 2)} or x >= 0
invariant I2: ${gen("bool", 1)} or ${gen("bool", 1)}
`;
}

/** A seeded generator of specs with processes: labels, loops, branches, gotos, locals, `at`. */
export function randomProcessSpec(seed: number): string {
  const r = rng(seed);
  const pick = <T,>(xs: readonly T[]): T => xs[r(xs.length)]!;
  let labels = 0;
  const names: string[] = [];
  const label = (): string => {
    const l = `L${labels++}`;
    names.push(l);
    return l;
  };
  const cond = (): string => pick(["g < 3", "h != g", "l == 0", "l < 2 or g == 1", "true", "g + l < 4", "P[1 - self] at L0", "P[0].l <= P[1].l", "not (h == 2)"]);
  const int = (): string => pick(["(g + 1) % 4", "(h + l) % 4", "l", "(2 * g + self) % 4", "0", "(l + 1) % 4", "P[1 - self].l", "(g + 3) / 2"]);
  const stmt = (d: number, inLoop: string | undefined): string => {
    const k = d <= 0 ? r(4) : r(9);
    switch (k) {
      case 0: return `g := ${int()}`;
      case 1: return `l := ${int()}`;
      case 2: return `await ${cond()}`;
      case 3: return pick([`h := ${int()}`, "skip", `assert ${cond()} or g != 3`]);
      case 4: return `if ${cond()} { ${block(d - 1, inLoop)} } else { ${block(d - 1, inLoop)} }`;
      case 5: return `either { ${block(d - 1, inLoop)} } or { ${block(d - 1, inLoop)} }`;
      case 6: return `any v in 0 .. 2 where v != l { l := v }`;
      case 7: return `${label()}: while ${cond()} { ${block(d - 1, "loop")} }`;
      default: return labelled(d - 1, inLoop);
    }
  };
  // A statement with a label in front (a `while` brings its own).
  const labelled = (d: number, inLoop: string | undefined): string => {
    const s = stmt(d, inLoop);
    return /^L\d+: /.test(s) ? s : `${label()}: ${s}`;
  };
  const block = (d: number, inLoop: string | undefined): string => [stmt(d, inLoop), ...(r(2) === 0 ? [labelled(d, inLoop)] : [])].join("\n    ");
  const body: string[] = [];
  for (let i = 0; i < 3 + r(3); i++) body.push(labelled(2, undefined));
  const gotoTarget = pick(names);
  if (r(2) === 0) body.push(`goto ${gotoTarget}`);
  return `spec P${seed}
var g: 0 .. 3 = ${r(4)}
var h: 0 .. 3 in 0 .. ${r(2)}
process P[self_ in 0 .. 1] {
  var l: 0 .. 3 = self_
  ${body.join("\n  ")}
}
action Tick { await g == 3 and h < 3  h := h + 1 }
invariant I: not (P[0] at ${pick(names)} and P[1] at ${pick(names)} and g == ${r(4)})
`.replace(/self_/g, "q").replace(/\bself\b(?!_)/g, "q");
}
