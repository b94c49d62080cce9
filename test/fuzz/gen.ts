// Generated kspec specs: `genSpec(choices)` writes a well-typed spec over the whole language
// (constants, enums, aliases, every type, `=` and `in` initializers, defs, macros, library imports,
// actions with parameters, processes and families with locals, labels, `while` and `goto`,
// invariants, `terminal`, temporal properties and fairness). State spaces stay tiny, so that a
// case checks in milliseconds. `specArbitrary` is the same generator as a fast-check arbitrary.
import fc from "fast-check";
import { chance, fcChoices, pickOne, Rng, weighted, type Choices } from "./rand.ts";
import { boolExpr, domain, expr } from "./gen-expr.ts";
import { stmts, type StmtCtx } from "./gen-stmt.ts";
import { LIBS } from "./gen-lib.ts";
import { AVOID, BOOL, isDefType, isScalar, isSetElem, showTy, sizeOf, smallRange, withVals, type DefSig, type MacroSig, type ProcSig, type Scope, type Ty, type Val } from "./gen-types.ts";

/** The spec of one seed (the fuzz runs reproduce a case from its seed). */
export function specOfSeed(seed: number): string {
  return genSpec(new Rng(seed));
}

export const specArbitrary: fc.Arbitrary<string> = fc.gen().map((g) => genSpec(fcChoices(g)));

type MkScope = (vals?: Val[], procs?: ProcSig[]) => Scope;

interface Decls {
  lines: string[];
  vals: Val[];
  domains: Ty[];
  defs: DefSig[];
  macros: MacroSig[];
  procs: ProcSig[];
}

export function genSpec(c: Choices): string {
  let counter = 0;
  const fresh = (): string => `q${++counter}`;
  const D: Decls = { lines: [`spec Fuzz${c.int(0, 999)}`], vals: [], domains: [], defs: [], macros: [], procs: [] };
  const scope = (vals: Val[] = D.vals, procs: ProcSig[] = D.procs): Scope => ({ vals, defs: D.defs, procs, domains: D.domains, fresh });

  imports(c, D);
  for (let i = 0, n = c.int(0, 2); i < n; i++) constDecl(c, D, i);
  for (let i = 0, n = c.int(0, 2); i < n; i++) {
    const name = `E${i}`;
    const members = Array.from({ length: c.int(1, 3) }, (_, j) => `${name}_${"abc"[j]}`);
    D.lines.push(`enum ${name} { ${members.join(", ")} }`);
    D.domains.push({ k: "enum", name, members });
  }
  for (let i = 0, n = c.int(0, 2); i < n; i++) aliasDecl(c, D, i);

  // State variables: initializers read constants and earlier variables only.
  let budget = 400;
  for (let i = 0, n = c.int(1, 3); i < n; i++) {
    const ty = genTy(c, D, Math.max(2, Math.floor(budget / 2)), 2);
    budget = Math.max(2, Math.floor(budget / sizeOf(ty)));
    const name = `v${i}`;
    if (isScalar(ty) && chance(c, 35)) D.lines.push(`var ${name}: ${showTy(ty)} in ${domain(c, scope([...D.vals], []), ty, 1)}`);
    else D.lines.push(`var ${name}: ${showTy(ty)} = ${expr(c, scope([...D.vals], []), ty, 2)}`);
    D.vals.push({ name, ty, assignable: true });
  }

  for (let i = 0, n = c.int(0, 2); i < n; i++) defDecl(c, D, i, scope);
  for (let i = 0, n = c.int(0, 2); i < n; i++) macroDecl(c, D, i, scope);

  // Processes are declared first (names, labels, locals) so that every body may name all of them.
  const nProcs = c.int(0, 2);
  const nActions = nProcs === 0 ? c.int(1, 2) : c.int(0, 1);
  for (let i = 0; i < nProcs; i++) D.procs.push(procSig(c, D, i));
  const bodies = D.procs.map((p) => procBody(c, D, p, scope));
  for (const b of bodies) D.lines.push(...b);
  for (let i = 0; i < nActions; i++) actionDecl(c, D, i, scope);

  const g = scope();
  for (let i = 0, n = c.int(0, 2); i < n; i++) D.lines.push(`invariant Inv${i}: ${boolExpr(c, g, 2)}`);
  if (chance(c, 30)) D.lines.push(`terminal ${boolExpr(c, g, 1)}`);
  for (let i = 0, n = chance(c, 25) ? c.int(1, 2) : 0; i < n; i++) {
    const p = boolExpr(c, g, 1);
    D.lines.push(`property Prop${i}: ${weighted(c, [[1, () => `always ${p}`], [1, () => `eventually ${p}`], [1, () => `always eventually ${p}`], [1, () => `${p} leadsto ${boolExpr(c, g, 1)}`]])}`);
  }
  const fair = [...D.procs.map((p) => p.name), ...Array.from({ length: nActions }, (_, i) => `A${i}`)];
  if (fair.length > 0 && chance(c, 30)) D.lines.push(`fairness ${pickOne(c, ["weak", "strong"])} ${[...new Set([pickOne(c, fair), pickOne(c, fair)])].join(", ")}`);
  return D.lines.join("\n") + "\n";
}

function imports(c: Choices, D: Decls): void {
  const chosen = new Set<string>();
  for (const lib of LIBS) if (chance(c, 12)) for (const m of [...lib.needs, lib.module]) chosen.add(m);
  for (const lib of LIBS) {
    if (!chosen.has(lib.module)) continue;
    D.lines.push(`import ${lib.module}`);
    D.vals.push(...lib.consts);
    D.domains.push(...lib.domains);
    D.defs.push(...lib.defs);
    D.macros.push(...lib.macros);
  }
  for (const lib of LIBS) {
    if (!chosen.has(lib.module) || !lib.state || !chance(c, 70)) continue;
    const name = `${lib.module}_state`;
    D.lines.push(`var ${name}: ${showTy(lib.state.ty)} = ${lib.state.init}`);
    D.vals.push({ name, ty: lib.state.ty, assignable: true });
  }
}

function constDecl(c: Choices, D: Decls, i: number): void {
  const name = `C${i}`;
  if (chance(c, 25)) {
    const v = chance(c, 50);
    D.lines.push(`const ${name} = ${v}`);
    D.vals.push({ name, ty: BOOL, assignable: false, constValue: v });
    return;
  }
  const v = c.int(-1, 3);
  const typed = chance(c, 30) ? `: ${v - c.int(0, 1)} .. ${v + c.int(0, 2)}` : "";
  D.lines.push(`const ${name}${typed} = ${v}`);
  D.vals.push({ name, ty: { k: "int", lo: v, hi: v }, assignable: false, constValue: v });
}

function aliasDecl(c: Choices, D: Decls, i: number): void {
  const name = `T${i}`;
  const intConsts = D.vals.filter((v) => typeof v.constValue === "number" && v.constValue >= 0 && v.constValue <= 3);
  let ty: Ty;
  let text: string;
  if (intConsts.length > 0 && chance(c, 50)) {
    const k = pickOne(c, intConsts);
    const v = k.constValue as number;
    ty = { k: "int", lo: 0, hi: v + 1, name };
    text = `0 .. ${k.name} + 1`;
  } else {
    const t = chance(c, 60) ? smallRange(c) : genTy(c, D, 16, 1);
    ty = { ...t, name } as Ty;
    text = showTy(t);
  }
  D.lines.push(`type ${name} = ${text}`);
  if (isScalar(ty)) D.domains.push(ty);
  else aliases.set(D, [...(aliases.get(D) ?? []), ty]);
}

/** Compound aliases, for variable types. */
const aliases = new WeakMap<Decls, Ty[]>();

/** A type of at most about `max` values; `depth` bounds nesting. */
function genTy(c: Choices, D: Decls, max: number, depth: number): Ty {
  const scalars = (): Ty => weighted<Ty>(c, [
    [3, () => BOOL],
    [4, () => smallRange(c)],
    [D.domains.length > 0 ? 4 : 0, () => pickOne(c, D.domains)],
  ]);
  const fits = (t: Ty): Ty => (sizeOf(t) <= max ? t : BOOL);
  const named = (aliases.get(D) ?? []).filter((t) => sizeOf(t) <= max);
  return weighted<Ty>(c, [
    [6, scalars],
    [named.length > 0 ? 2 : 0, () => pickOne(c, named)],
    [depth > 0 ? 2 : 0, () => fits({ k: "record", fields: Array.from({ length: c.int(1, 2) }, (_, j) => ({ name: `f${j}`, ty: genTy(c, D, 6, depth - 1) })) })],
    [depth > 0 ? 2 : 0, () => {
      const key = scalars();
      return sizeOf(key) <= 3 ? fits({ k: "map", key, val: genTy(c, D, 4, depth - 1) }) : BOOL;
    }],
    [2, () => {
      const elem = scalars();
      return isSetElem(elem) && sizeOf(elem) <= 3 ? { k: "set", elem } : { k: "set", elem: BOOL };
    }],
    [2, () => ({ k: "opt", inner: scalars() })],
  ]);
}

function defDecl(c: Choices, D: Decls, i: number, scope: MkScope): void {
  const params = Array.from({ length: c.int(0, 2) }, (_, j) => ({ name: `d${i}p${j}`, ty: defTy(c, D) }));
  const result = defTy(c, D);
  const s = scope([...D.vals, ...params.map((p) => ({ name: p.name, ty: p.ty, assignable: false }))], []);
  const body = expr(c, s, result, 2);
  // See AVOID.defResultOutOfRange: integers are clamped, sets of integers left out (defTy).
  const safe = AVOID.defResultOutOfRange && result.k === "int" ? `min(max(${body}, ${result.lo}), ${result.hi})` : body;
  D.lines.push(`def f${i}(${params.map((p) => `${p.name}: ${showTy(p.ty)}`).join(", ")}): ${showTy(result)} = ${safe}`);
  D.defs.push({ name: `f${i}`, params: params.map((p) => p.ty), result });
}

function defTy(c: Choices, D: Decls): Ty {
  for (;;) {
    const t = genTy(c, D, 8, 0);
    if (AVOID.defResultOutOfRange && t.k === "set" && t.elem.k === "int") continue;
    if (isDefType(t)) return t;
  }
}

function macroDecl(c: Choices, D: Decls, i: number, scope: MkScope): void {
  const target = chance(c, 75) ? genTy(c, D, 8, 1) : undefined;
  const other = genTy(c, D, 8, 0);
  const a = `m${i}a`;
  const b = `m${i}b`;
  const vals: Val[] = [...D.vals.map((v) => ({ ...v, assignable: false })), { name: b, ty: other, assignable: false }];
  if (target) vals.push({ name: a, ty: target, assignable: true });
  const ctx: StmtCtx = { scope: scope(vals), macros: [], labels: undefined, assigned: new Set() };
  const body = stmts(c, ctx, c.int(1, 2), 1, false);
  D.lines.push(`macro mac${i}(${target ? `${a}, ` : ""}${b}) {`, ...body.map((l) => `  ${l}`), "}");
  D.macros.push({ name: `mac${i}`, params: [...(target ? [{ ty: target, assigned: true }] : []), { ty: other, assigned: false }] });
}

function procSig(c: Choices, D: Decls, i: number): ProcSig {
  const name = `P${i}`;
  let member: Ty | undefined;
  let dom = "";
  if (chance(c, 60)) {
    const doms = D.domains.filter((t) => sizeOf(t) <= 3);
    [member, dom] = weighted<[Ty, string]>(c, [
      [3, () => [{ k: "int", lo: 1, hi: 2 }, "1 .. 2"]],
      [1, () => [{ k: "int", lo: 0, hi: 0 }, "0 .. 0"]],
      [1, () => [BOOL, "Bool"]],
      [doms.length > 0 ? 3 : 0, () => {
        const t = pickOne(c, doms);
        return [t, showTy(t)];
      }],
    ]);
  }
  const labels = Array.from({ length: c.int(1, 3) }, (_, j) => `${name.toLowerCase()}l${j}`);
  const locals = Array.from({ length: c.int(0, 2) }, (_, j) => ({ name: `${name.toLowerCase()}x${j}`, ty: genTy(c, D, 6, 1) }));
  return { name, member, domain: dom, labels, locals };
}

function procBody(c: Choices, D: Decls, p: ProcSig, scope: MkScope): string[] {
  const self: Val[] = p.member ? [{ name: "self", ty: p.member, assignable: false }, { name: "me", ty: p.member, assignable: false }] : [];
  const consts = D.vals.filter((v) => v.constValue !== undefined);
  const lines = [`process ${p.name}${p.member ? `[me in ${p.domain}]` : ""} {`];
  for (const l of p.locals) lines.push(`  var ${l.name}: ${showTy(l.ty)} = ${expr(c, scope([...consts, ...self], []), l.ty, 1)}`);
  const vals = [...D.vals, ...self, ...p.locals.map((l) => ({ name: l.name, ty: l.ty, assignable: true }))];
  const s = scope(vals);
  const allLabels = [...p.labels];
  const whileAt = chance(c, 25) ? c.int(0, p.labels.length - 1) : -1;
  p.labels.forEach((label, j) => {
    const ctx = (): StmtCtx => ({ scope: s, macros: D.macros, labels: allLabels, assigned: new Set() });
    if (j === whileAt) {
      lines.push(`  ${label}: while ${boolExpr(c, s, 1)} {`, ...stmts(c, ctx(), c.int(1, 2), 1, false).map((l) => `    ${l}`), "  }");
      const after = stmts(c, ctx(), c.int(0, 1), 1, true);
      lines.push(...after.map((l) => `    ${l}`));
    } else {
      lines.push(`  ${label}:`, ...stmts(c, ctx(), c.int(1, 3), 2, true).map((l) => `    ${l}`));
    }
  });
  lines.push("}");
  return lines;
}

function actionDecl(c: Choices, D: Decls, i: number, scope: MkScope): void {
  const g = scope();
  const params = Array.from({ length: c.int(0, 2) }, (_, j) => {
    const elem = pickOne(c, [...D.domains.filter((t) => sizeOf(t) <= 3), BOOL, { k: "int", lo: 0, hi: 1 } as Ty]);
    return { name: `a${i}p${j}`, ty: elem, dom: domain(c, g, elem, 1) };
  });
  const s = withVals(g, params.map((p) => ({ name: p.name, ty: p.ty, assignable: false })));
  const body = stmts(c, { scope: s, macros: D.macros, labels: undefined, assigned: new Set() }, c.int(1, 3), 2, false);
  const ps = params.length > 0 ? `(${params.map((p) => `${p.name} in ${p.dom}`).join(", ")})` : "";
  D.lines.push(`action A${i}${ps} {`, ...body.map((l) => `  ${l}`), "}");
}

