// Well-typed expressions for the spec generator: `expr(c, scope, type, depth)` builds an expression
// of the requested type from what is in scope (constants, variables, locals, bound names, defs,
// processes). Integer expressions are usually brought into the target range (`lo + e % n`,
// `min(max(e, lo), hi)`), sometimes not, so that range errors stay possible but rare. Every
// compound expression is parenthesised, so precedence never changes what was meant.
import { chance, pickOne, weighted, type Choices } from "./rand.ts";
import { AVOID, BOOL, fitsIn, holdsSetOrOption, isSetElem, sameTy, showTy, valuesOf, withVals, type Scope, type Ty } from "./gen-types.ts";

interface Read {
  readonly ty: Ty;
  readonly text: (d: number) => string;
}

/** Everything readable in scope, down to record fields and map entries (two levels). */
function reads(c: Choices, s: Scope): Read[] {
  const out: Read[] = [];
  const walk = (ty: Ty, text: (d: number) => string, level: number): void => {
    out.push({ ty, text });
    if (level >= 2) return;
    if (ty.k === "record") for (const f of ty.fields) walk(f.ty, (d) => `${text(d)}.${f.name}`, level + 1);
    if (ty.k === "map") walk(ty.val, (d) => `${text(d)}[${key(c, s, ty.key, d)}]`, level + 1);
  };
  for (const v of s.vals) walk(v.ty, () => v.name, 0);
  for (const p of s.procs) {
    for (const l of p.locals) {
      const member = p.member;
      walk(l.ty, member ? (d) => `${p.name}[${key(c, s, member, d)}].${l.name}` : () => `${p.name}.${l.name}`, 1);
    }
  }
  return out;
}

/** A map key or family member: mostly a literal of the type, sometimes an expression. */
function key(c: Choices, s: Scope, ty: Ty, d: number): string {
  return d > 0 && chance(c, 25) ? expr(c, s, ty, d - 1) : pickOne(c, valuesOf(ty));
}

const readsOf = (c: Choices, s: Scope, pred: (t: Ty) => boolean): Read[] => reads(c, s).filter((r) => pred(r.ty));

export function expr(c: Choices, s: Scope, ty: Ty, d: number): string {
  switch (ty.k) {
    case "bool": return boolExpr(c, s, d);
    case "int": return fitInt(c, s, ty, d);
    case "enum": return scalarOf(c, s, ty, d, () => pickOne(c, ty.members));
    case "opt": return optExpr(c, s, ty, d);
    case "set": return setExpr(c, s, ty, d);
    case "record": return common(c, s, ty, d, () => `{ ${ty.fields.map((f) => `${f.name}: ${expr(c, s, f.ty, d - 1)}`).join(", ")} }`, [
      [withBase(c, s, ty) ? 2 : 0, () => {
        const f = pickOne(c, ty.fields);
        return `(${withBase(c, s, ty)!(d - 1)} with .${f.name} = (${expr(c, s, f.ty, d - 1)}))`;
      }],
    ]);
    case "map": return common(c, s, ty, d, () => mapLiteral(c, s, ty, d), [
      [withBase(c, s, ty) ? 2 : 0, () => `(${withBase(c, s, ty)!(d - 1)} with [${key(c, s, ty.key, d - 1)}] = (${expr(c, s, ty.val, d - 1)}))`],
    ]);
  }
}

/** What a `with` updates: any expression of the type, or (see AVOID) a read of a variable. */
function withBase(c: Choices, s: Scope, ty: Ty): ((d: number) => string) | undefined {
  if (!AVOID.withOnLiteral) return (d) => expr(c, s, ty, d);
  const rs = readsOf(c, s, (t) => fitsIn(t, ty));
  return rs.length > 0 ? pickOne(c, rs).text : undefined;
}

function mapLiteral(c: Choices, s: Scope, ty: Extract<Ty, { k: "map" }>, d: number): string {
  const x = s.fresh();
  const inner = withVals(s, [{ name: x, ty: ty.key, assignable: false }]);
  return `[${x} in ${showTy(ty.key)}: ${expr(c, inner, ty.val, Math.max(0, d - 1))}]`;
}

/**
 * The forms every type shares: a read of something in scope, `if`, `let`, a def call, `unwrap`;
 * `base` is the literal form (used at depth 0), `more` the type's own compound forms.
 */
function common(c: Choices, s: Scope, ty: Ty, d: number, base: () => string, more: readonly (readonly [number, () => string])[] = []): string {
  const rs = readsOf(c, s, (t) => fitsIn(t, ty));
  const defs = s.defs.filter((f) => fitsIn(f.result, ty));
  const opts = reads(c, s).filter((r) => r.ty.k === "opt" && fitsIn(r.ty.inner, ty));
  if (d <= 0) return rs.length > 0 && chance(c, 60) ? pickOne(c, rs).text(0) : base();
  return weighted(c, [
    [3, base],
    [rs.length > 0 ? 6 : 0, () => pickOne(c, rs).text(d - 1)],
    [AVOID.ifSetOrOption && holdsSetOrOption(ty) ? 0 : 1, () => `(if ${boolExpr(c, s, d - 1)} then ${expr(c, s, ty, d - 1)} else ${expr(c, s, ty, d - 1)})`],
    [1, () => letExpr(c, s, ty, d)],
    [defs.length > 0 ? 2 : 0, () => {
      const f = pickOne(c, defs);
      return `${f.name}(${f.params.map((p) => expr(c, s, p, d - 1)).join(", ")})`;
    }],
    [opts.length > 0 ? 1 : 0, () => `unwrap(${pickOne(c, opts).text(d - 1)})`],
    ...more,
  ]);
}

/** `let x = e in body`, binding a value of a type in use (records and maps: see AVOID). */
function letExpr(c: Choices, s: Scope, ty: Ty, d: number): string {
  const x = s.fresh();
  const bty = pickLetType(c, s);
  const value = expr(c, s, bty, d - 1);
  return `(let ${x} = (${value}) in ${expr(c, withVals(s, [{ name: x, ty: bty, assignable: false }]), ty, d - 1)})`;
}

function pickLetType(c: Choices, s: Scope): Ty {
  const scalars = s.vals.map((v) => v.ty).filter((t) => t.k === "bool" || t.k === "enum" || t.k === "int" || t.k === "set" || !AVOID.letCompound);
  return scalars.length > 0 && chance(c, 70) ? pickOne(c, scalars) : pickOne(c, [BOOL, { k: "int", lo: -2, hi: 3 } as Ty]);
}

function scalarOf(c: Choices, s: Scope, ty: Ty, d: number, lit: () => string): string {
  return common(c, s, ty, d, lit);
}

export function boolExpr(c: Choices, s: Scope, d: number): string {
  const sub = d - 1;
  return common(c, s, BOOL, d, () => pickOne(c, ["true", "false"]), [
    [2, () => `(not ${boolExpr(c, s, sub)})`],
    [3, () => `(${boolExpr(c, s, sub)} ${pickOne(c, ["and", "or", "implies"])} ${boolExpr(c, s, sub)})`],
    [4, () => `(${intExpr(c, s, sub)} ${pickOne(c, ["==", "!=", "<", "<=", ">", ">="])} ${intExpr(c, s, sub)})`],
    [3, () => {
      const t = typeInScope(c, s);
      return `(${expr(c, s, t, sub)} ${pickOne(c, ["==", "!="])} ${expr(c, s, t, sub)})`;
    }],
    [2, () => {
      const dom = anyDomain(c, s, sub);
      // See AVOID.membershipInTypeName: a set of the type's values instead of its name.
      const text = AVOID.membershipInTypeName && (dom.elem.k === "bool" || dom.elem.k === "enum") && dom.text === showTy(dom.elem) ? `{${valuesOf(dom.elem).join(", ")}}` : dom.text;
      return `(${expr(c, s, dom.elem, sub)} ${pickOne(c, ["in", "notin"])} ${text})`;
    }],
    [1, () => {
      const t = setElemInScope(c, s);
      return `(${setExpr(c, s, { k: "set", elem: t }, sub)} subset ${setExpr(c, s, { k: "set", elem: t }, sub)})`;
    }],
    [2, () => {
      const dom = anyDomain(c, s, sub);
      const x = s.fresh();
      return `(${pickOne(c, ["forall", "exists"])} ${x} in ${dom.text}: ${boolExpr(c, withVals(s, [{ name: x, ty: dom.elem, assignable: false }]), sub)})`;
    }],
    [s.procs.length > 0 ? 2 : 0, () => {
      const p = pickOne(c, s.procs);
      const who = p.member ? `${p.name}[${key(c, s, p.member, sub)}]` : p.name;
      return `(${who} at ${pickOne(c, [...p.labels, "done"])})`;
    }],
    [1, () => {
      const o = readsOf(c, s, (t) => t.k === "opt");
      return o.length > 0 ? `(${pickOne(c, o).text(sub)} ${pickOne(c, ["==", "!="])} none)` : "true";
    }],
  ]);
}

/** An integer expression of type Int (no range promised). */
export function intExpr(c: Choices, s: Scope, d: number): string {
  const sub = d - 1;
  const lit = (): string => String(c.int(-3, 5));
  const INT: Ty = { k: "int", lo: -1000, hi: 1000 };
  return common(c, s, INT, d, lit, [
    [4, () => `(${intExpr(c, s, sub)} ${pickOne(c, ["+", "-", "*"])} ${intExpr(c, s, sub)})`],
    [2, () => `(${intExpr(c, s, sub)} ${pickOne(c, ["/", "%"])} ${chance(c, 85) ? pickOne(c, ["2", "3", "-2", "-3", "1", "-1", "4"]) : intExpr(c, s, sub)})`],
    [1, () => `(-${intExpr(c, s, sub)})`],
    [1, () => `${pickOne(c, ["min", "max"])}(${intExpr(c, s, sub)}, ${intExpr(c, s, sub)})`],
    [2, () => `card(${setExpr(c, s, { k: "set", elem: setElemInScope(c, s) }, sub)})`],
  ]);
}

/** An integer expression whose value usually lies in `ty`'s range. */
function fitInt(c: Choices, s: Scope, ty: Extract<Ty, { k: "int" }>, d: number): string {
  const n = ty.hi - ty.lo + 1;
  const lit = (): string => String(c.int(ty.lo, ty.hi));
  if (d <= 0) return common(c, s, ty, 0, lit);
  return weighted(c, [
    [4, () => common(c, s, ty, d, lit)],
    [3, () => `(${ty.lo} + (${intExpr(c, s, d - 1)} % ${n}))`],
    [2, () => `min(max(${intExpr(c, s, d - 1)}, ${ty.lo}), ${ty.hi})`],
    [1, () => intExpr(c, s, d - 1)],
  ]);
}

function optExpr(c: Choices, s: Scope, ty: Extract<Ty, { k: "opt" }>, d: number): string {
  return common(c, s, ty, d, () => (chance(c, 50) ? "none" : `some(${expr(c, s, ty.inner, d - 1)})`), [
    [2, () => expr(c, s, ty.inner, d - 1)],
  ]);
}

function setExpr(c: Choices, s: Scope, ty: Extract<Ty, { k: "set" }>, d: number): string {
  const elem = ty.elem;
  const lit = (): string => {
    const k = c.int(0, 2);
    return k === 0 && d > 0 ? "{}" : `{${Array.from({ length: Math.max(1, k) }, () => expr(c, s, elem, d - 1)).join(", ")}}`;
  };
  return common(c, s, ty, d, lit, [
    [2, () => `(${setExpr(c, s, ty, d - 1)} ${pickOne(c, ["union", "diff", "inter"])} ${setExpr(c, s, ty, d - 1)})`],
    [1, () => {
      const x = s.fresh();
      return `{${x} in ${domain(c, s, elem, d - 1)} where ${boolExpr(c, withVals(s, [{ name: x, ty: elem, assignable: false }]), d - 1)}}`;
    }],
    [1, () => {
      const dom = anyDomain(c, s, d - 1);
      const x = s.fresh();
      return `{${expr(c, withVals(s, [{ name: x, ty: dom.elem, assignable: false }]), elem, d - 1)} for ${x} in ${dom.text}}`;
    }],
  ]);
}

/** A domain whose elements have type `elem` (a type name, a range, a set, a process family). */
export function domain(c: Choices, s: Scope, elem: Ty, d: number): string {
  const named = s.domains.filter((t) => sameTy(t, elem) && (t.k !== "int" || elem.k !== "int" || (t.lo >= elem.lo && t.hi <= elem.hi)));
  const fams = s.procs.filter((p) => p.member && fitsIn(p.member, elem));
  return weighted(c, [
    [elem.k === "int" ? 0 : 3, () => showTy(elem)],
    [named.length > 0 ? 3 : 0, () => showTy(pickOne(c, named))],
    [elem.k === "int" ? 4 : 0, () => {
      if (elem.k !== "int") return "Bool";
      const a = c.int(elem.lo, elem.hi);
      return `${a} .. ${c.int(a - 1, elem.hi)}`;
    }],
    [isSetElem(elem) ? 2 : 0, () => setExpr(c, s, { k: "set", elem }, d)],
    [fams.length > 0 ? 1 : 0, () => pickOne(c, fams).name],
  ]);
}

/** Some domain and its element type. */
export function anyDomain(c: Choices, s: Scope, d: number): { text: string; elem: Ty } {
  const elem = setElemInScope(c, s);
  return { text: domain(c, s, elem, d), elem };
}

/** A scalar type in use in scope (so that reads of it exist), or Bool. */
function setElemInScope(c: Choices, s: Scope): Ty {
  const ts = s.domains.filter(isSetElem);
  return ts.length > 0 && chance(c, 75) ? pickOne(c, ts) : pickOne(c, [BOOL, { k: "int", lo: 0, hi: 2 } as Ty]);
}

/** The type of something in scope (for `==`), or Bool. */
function typeInScope(c: Choices, s: Scope): Ty {
  return s.vals.length > 0 && chance(c, 80) ? pickOne(c, s.vals).ty : BOOL;
}
