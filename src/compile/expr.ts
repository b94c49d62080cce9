// Expressions -> TypeScript. Scalars compile to JS expressions (Bool as boolean, everything else as
// a number: enum index, integer, option with NONE, set as a bit mask). Records and maps are never
// built as objects: they are read in place from the state vector or stored leaf by leaf into a
// destination (`storeInto`).
import type * as A from "../syntax/ast.ts";
import type { Binding, Domain } from "../sema/model.ts";
import { cardinality, isFiniteScalar, leafCount, type ScalarType, type Type } from "../sema/types.ts";
import { NONE } from "../runtime/machine.ts";
import { tsOf, type Ctx, type Gen } from "./gen.ts";
import { exact, intBounds } from "./bounds.ts";

const NONE_JS = `(${NONE})`;

// ---------------------------------------------------------------- places
export interface Place {
  readonly off: string;
  readonly type: Type;
  /** The buffer the place is in, when not the state buffer `ctx.buf` (a `let`-bound compound value). */
  readonly buf?: string;
}

/** The buffer of a place. */
export const bufOf = (p: Place, ctx: Ctx): string => p.buf ?? ctx.buf;

const isCompound = (t: Type): boolean => t.k === "record" || t.k === "map";

/** Offset expression of a state-vector place (`x`, `x[i].f`, `P[i].x`), or undefined. */
export function placeOf(g: Gen, e: A.Expr, ctx: Ctx): Place | undefined {
  switch (e.kind) {
    case "name": {
      const b = g.c.refs.get(e.id);
      if (b?.k === "bound") {
        const held = ctx.places?.get(b.id);
        return held ? { off: "0", type: held.type, buf: held.buf } : undefined;
      }
      return b ? bindingPlace(g, b, ctx) : undefined;
    }
    case "field": {
      const local = g.c.refs.get(e.field.id);
      if (local?.k === "local") return processLocalPlace(g, e.target, local, ctx);
      const p = placeOf(g, e.target, ctx);
      if (!p || p.type.k !== "record") return undefined;
      let off = 0;
      for (const f of p.type.fields) {
        if (f.name === e.field.name) return { ...p, off: addOff(p.off, off), type: f.type };
        off += leafCount(f.type);
      }
      return undefined;
    }
    case "index": {
      const p = placeOf(g, e.target, ctx);
      if (!p || p.type.k !== "map") return undefined;
      const code = keyCode(g, e.index, p.type.key, ctx);
      const w = leafCount(p.type.value);
      return { ...p, off: `${p.off} + ${w === 1 ? code : `${code} * ${w}`}`, type: p.type.value };
    }
    default:
      return undefined;
  }
}

export function bindingPlace(g: Gen, b: Binding, ctx: Ctx): Place | undefined {
  if (b.k === "var") return { off: String(g.layout.globals.get(b.info.name)!), type: b.info.type };
  if (b.k === "local" && ctx.proc && b.proc === ctx.proc.proc && ctx.mb !== undefined) {
    return { off: `${ctx.mb} + ${ctx.proc.localOffsets.get(b.info.name)!}`, type: b.info.type };
  }
  return undefined;
}

function processLocalPlace(g: Gen, target: A.Expr, local: Extract<Binding, { k: "local" }>, ctx: Ctx): Place {
  const pl = g.layout.processes.find((p) => p.proc === local.proc)!;
  return { off: addOff(memberBase(g, target, pl, ctx), pl.localOffsets.get(local.info.name)!), type: local.info.type };
}

/** Offset of the block of member `P[i]` (or of the single process `P`). */
export function memberBase(g: Gen, target: A.Expr, pl: { base: number; stride: number; proc: { member: ScalarType | undefined } }, ctx: Ctx): string {
  if (target.kind !== "index" || !pl.proc.member) return String(pl.base);
  const code = keyCode(g, target.index, pl.proc.member, ctx);
  return `${pl.base} + ${pl.stride === 1 ? code : `${code} * ${pl.stride}`}`;
}

function addOff(off: string, k: number): string {
  if (k === 0) return off;
  return /^\d+$/.test(off) ? String(Number(off) + k) : `${off} + ${k}`;
}

/** The part of a value reached by `.f` and `[i]` accessors from `p`. */
export function along(g: Gen, p: Place, path: readonly A.Accessor[], ctx: Ctx): Place {
  let off = p.off;
  let t = p.type;
  for (const a of path) {
    if (a.kind === "field" && t.k === "record") {
      off = addOff(off, fieldOffset(t, a.field.name));
      t = t.fields.find((f) => f.name === a.field.name)!.type;
    } else if (a.kind === "index" && t.k === "map") {
      const w = leafCount(t.value);
      const code = keyCode(g, a.index, t.key, ctx);
      off = `${off} + ${w === 1 ? code : `${code} * ${w}`}`;
      t = t.value;
    }
  }
  return { ...p, off, type: t };
}

/** Index (0-based code) of a key value in a scalar key type, with a domain check when needed. */
export function keyCode(g: Gen, idx: A.Expr, key: ScalarType, ctx: Ctx): string {
  const v = ex(g, idx, ctx);
  switch (key.k) {
    case "bool": return `(${v} ? 1 : 0)`;
    case "enum": return v;
    case "range": {
      const t = g.type(idx);
      if (t.k === "range" && t.lo >= key.lo && t.hi <= key.hi) return key.lo === 0 ? v : `(${v} - ${key.lo})`;
      return `rt.keyIndex(${v}, ${key.lo}, ${key.hi}, ${g.site(idx.span)})`;
    }
  }
}

export function readSlot(buf: string, off: string, t: Type): string {
  const r = `${buf}[${off}]!`;
  return t.k === "bool" ? `(${r} !== 0)` : r;
}

// ---------------------------------------------------------------- conversions
/** Converts a JS value of type `from` to the representation and range of `to`. */
export function conv(g: Gen, js: string, from: Type, to: Type, span: A.Span): string {
  switch (to.k) {
    case "range":
      if (from.k === "range" && from.lo >= to.lo && from.hi <= to.hi) return js;
      return `rt.inRange(${js}, ${to.lo}, ${to.hi}, ${g.site(span)})`;
    case "option":
      if (from.k === "option") {
        if (from.inner.k === "range" && to.inner.k === "range" && !(from.inner.hi < from.inner.lo) && (from.inner.lo < to.inner.lo || from.inner.hi > to.inner.hi)) {
          return `rt.optionInRange(${js}, ${to.inner.lo}, ${to.inner.hi}, ${g.site(span)})`;
        }
        return js;
      }
      if (from.k === "bool") return `(${js} ? 1 : 0)`;
      return conv(g, js, from, to.inner, span);
    case "set":
      if (from.k === "set" && isFiniteScalar(from.elem) && isFiniteScalar(to.elem) && withinSet(from.elem, to.elem)) return js;
      if (from.k === "set" && from.elem.k === "range" && from.elem.hi < from.elem.lo) return js;
      return `rt.subsetOf(${js}, ${allMask(to.elem as ScalarType)}, ${g.site(span)})`;
    default:
      return js;
  }
}

function withinSet(a: ScalarType, b: ScalarType): boolean {
  if (a.k === "range" && b.k === "range") return a.lo >= b.lo && a.hi <= b.hi;
  return a.k === b.k;
}

/** Bit mask of every code of a scalar type. */
export function allMask(t: ScalarType): number {
  // Not a finite scalar (an unbounded Int element): every element a set can hold, 0 .. 30.
  if (t.k !== "range" && t.k !== "bool" && t.k !== "enum") return 0x7fffffff;
  const lo = t.k === "range" ? t.lo : 0;
  const n = cardinality(t);
  let m = 0;
  for (let i = lo; i < lo + n && i <= 30; i++) m |= 1 << i;
  return m;
}

/** Converts a value to a storable slot integer. */
export function toSlot(js: string, t: Type): string {
  return t.k === "bool" ? `(${js} ? 1 : 0)` : js;
}

/** A scalar's set code (bit index): bools as 0/1, other values as themselves. */
function codeOf(js: string, t: Type): string {
  return t.k === "bool" ? `(${js} ? 1 : 0)` : js;
}

// ---------------------------------------------------------------- scalar expressions
export function ex(g: Gen, e: A.Expr, ctx: Ctx): string {
  const t = g.type(e);
  switch (e.kind) {
    case "int": return String(e.value);
    case "bool": return e.value ? "true" : "false";
    case "none": return NONE_JS;
    case "self": return ctx.self ?? "0";
    case "error": return "0";
    case "name": return nameRef(g, e, ctx);
    case "some": return conv(g, ex(g, e.value, ctx), g.type(e.value), t, e.span);
    case "call": return call(g, e, ctx);
    case "unary": {
      const x = ex(g, e.operand, ctx);
      // A space keeps `-` before a negative constant from reading as `--`.
      return e.op === "not" ? `!${x}` : x.startsWith("-") ? `(- ${x})` : `(-${x})`;
    }
    case "binary": return binary(g, e, ctx);
    case "quant": {
      const forall = e.q === "forall";
      return g.lift(ctx, "boolean", (inner) => [
        ...loopDomain(g, e.binder, inner, (c2) => [`if (${forall ? "!" : ""}${ex(g, e.body, c2)}) return ${forall ? "false" : "true"};`]),
        `return ${forall ? "true" : "false"};`,
      ]);
    }
    case "let": {
      const vt = g.type(e.value);
      if (isCompound(vt)) {
        // A record or map value: built once into its own scratch buffer, read in place from there.
        const tmp = g.temp(leafCount(vt));
        return g.lift(ctx, tsOf(t), (inner) => [
          ...storeInto(g, e.value, inner, tmp, "0", vt),
          `return ${ex(g, e.body, withPlace(inner, e.name.id, tmp, vt))};`,
        ]);
      }
      const js = g.jsName("v", e.name.name);
      return g.lift(ctx, tsOf(t), (inner) => {
        const bound = new Map(inner.bound);
        bound.set(e.name.id, { js, ts: tsOf(vt) });
        return [`const ${js} = ${ex(g, e.value, inner)};`, `return ${ex(g, e.body, { ...inner, bound })};`];
      });
    }
    case "ifExpr":
      return `(${ex(g, e.cond, ctx)} ? ${conv(g, ex(g, e.then, ctx), g.type(e.then), t, e.then.span)} : ${conv(g, ex(g, e.else, ctx), g.type(e.else), t, e.else.span)})`;
    case "field": case "index": {
      const p = placeOf(g, e, ctx);
      if (p) return readSlot(bufOf(p, ctx), p.off, t);
      // Not a place: build the compound value in a temporary, then read from it.
      const target = e.target;
      const tt = g.type(target);
      const tmp = g.temp(leafCount(tt));
      return g.lift(ctx, tsOf(t), (inner) => {
        const off = e.kind === "field" ? String(fieldOffset(tt, e.field.name)) : tt.k === "map" ? `${keyCode(g, e.index, tt.key, inner)} * ${leafCount(tt.value)}` : "0";
        return [...storeInto(g, target, inner, tmp, "0", tt), `return ${readSlot(tmp, off, t)};`];
      });
    }
    case "setLit": {
      if (e.elems.length === 0) return "0";
      return `(${e.elems.map((x) => bitOf(g, x, ctx)).join(" | ")})`;
    }
    case "setFilter":
      return g.lift(ctx, "number", (inner) => [
        "let m = 0;",
        ...loopDomain(g, e.binder, inner, (c2, v, vt) => [`if (${ex(g, e.cond, c2)}) m |= ${bitJs(g, v, vt, e.span)};`]),
        "return m;",
      ]);
    case "setMap":
      return g.lift(ctx, "number", (inner) => [
        "let m = 0;",
        ...loopDomain(g, e.binder, inner, (c2) => [`m |= ${bitOf(g, e.elem, c2)};`]),
        "return m;",
      ]);
    case "with": case "mapLit": case "recordLit":
      // Compound values have no scalar form; comparisons and stores handle them.
      return "0";
  }
}

function fieldOffset(t: Type, name: string): number {
  if (t.k !== "record") return 0;
  let off = 0;
  for (const f of t.fields) {
    if (f.name === name) return off;
    off += leafCount(f.type);
  }
  return 0;
}

function bitOf(g: Gen, x: A.Expr, ctx: Ctx): string {
  return bitJs(g, ex(g, x, ctx), g.type(x), x.span);
}

function bitJs(g: Gen, js: string, t: Type, span: A.Span): string {
  const code = codeOf(js, t);
  if (t.k === "enum" || t.k === "bool" || (t.k === "range" && t.lo >= 0 && t.hi <= 30)) return `(1 << ${code})`;
  return `rt.bit(${code}, ${g.site(span)})`;
}

function nameRef(g: Gen, e: A.NameRef, ctx: Ctx): string {
  const b = g.c.refs.get(e.id);
  if (!b) return "0";
  switch (b.k) {
    case "const": return typeof b.value === "boolean" ? String(b.value) : String(b.value);
    case "enumMember": return String(b.index);
    case "var": case "local": {
      const p = bindingPlace(g, b, ctx);
      return p ? readSlot(ctx.buf, p.off, b.info.type) : "0";
    }
    case "self": return ctx.self ?? "0";
    case "bound": return ctx.bound.get(b.id)?.js ?? "0";
    case "type": return isFiniteScalar(b.type) ? String(allMask(b.type)) : "0";
    case "process": return b.proc.member ? String(allMask(b.proc.member)) : "0";
    default: return "0";
  }
}

function call(g: Gen, e: A.Call, ctx: Ctx): string {
  const b = g.c.refs.get(e.callee.id);
  const args = e.args.map((a) => ex(g, a, ctx));
  if (b?.k === "builtin") {
    switch (b.name) {
      case "card": return `rt.popcount(${args[0]})`;
      case "min": return `Math.min(${args[0]}, ${args[1]})`;
      case "max": return `Math.max(${args[0]}, ${args[1]})`;
      case "unwrap": {
        const inner = g.type(e);
        const v = `rt.unwrap(${args[0]}, ${NONE}, ${g.site(e.span)})`;
        return inner.k === "bool" ? `(${v} !== 0)` : v;
      }
    }
  }
  if (b?.k === "def") {
    const conv2 = e.args.map((a, i) => conv(g, args[i]!, g.type(a), b.params[i]!, a.span));
    return `${defName(g, b.decl)}(${[ctx.buf, ...conv2].join(", ")})`;
  }
  return "0";
}

const defNames = new WeakMap<A.DefDecl, string>();
export function defName(g: Gen, d: A.DefDecl): string {
  let n = defNames.get(d);
  if (!n) {
    n = g.jsName("d", d.name.name);
    defNames.set(d, n);
  }
  return n;
}

function binary(g: Gen, e: A.Binary, ctx: Ctx): string {
  const L = (): string => ex(g, e.left, ctx);
  const R = (): string => ex(g, e.right, ctx);
  switch (e.op) {
    case "and": return `(${L()} && ${R()})`;
    case "or": return `(${L()} || ${R()})`;
    case "implies": return `(!${L()} || ${R()})`;
    case "+": case "-": case "*": {
      if (exact(intBounds(g, e))) return `(${L()} ${e.op} ${R()})`;
      // The result may be beyond 2^53: a checked operation faults instead of rounding.
      return `rt.${e.op === "+" ? "add" : e.op === "-" ? "sub" : "mul"}(${L()}, ${R()}, ${g.site(e.span)})`;
    }
    case "/": return `rt.div(${L()}, ${R()}, ${g.site(e.span)})`;
    case "%": return `rt.mod(${L()}, ${R()}, ${g.site(e.span)})`;
    case "<": case "<=": case ">": case ">=": return `(${L()} ${e.op} ${R()})`;
    case "==": case "!=": {
      const eq = equality(g, e.left, e.right, ctx);
      return e.op === "==" ? eq : `!${eq}`;
    }
    case "in": case "notin": {
      const m = membership(g, e.left, e.right, ctx);
      return e.op === "in" ? m : `!${m}`;
    }
    case "subset": return `((${L()} & ~${R()}) === 0)`;
    case "union": return `(${L()} | ${R()})`;
    case "inter": return `(${L()} & ${R()})`;
    case "diff": return `(${L()} & ~${R()})`;
    case "..": return `rt.rangeMask(${L()}, ${R()}, ${g.site(e.span)})`;
    case "at": {
      const target = e.left;
      const nameNode = target.kind === "index" ? target.target : target;
      const b = g.c.refs.get(nameNode.id);
      if (b?.k !== "process" || e.right.kind !== "name") return "false";
      const pl = g.layout.processes.find((p) => p.proc === b.proc)!;
      const named = pl.labels.indexOf(e.right.name);
      const label = named >= 0 ? named : pl.done;
      return `(${ctx.buf}[${memberBase(g, target, pl, ctx)}]! === ${label})`;
    }
  }
}

function equality(g: Gen, l: A.Expr, r: A.Expr, ctx: Ctx): string {
  const lt = g.type(l);
  const rt = g.type(r);
  if (lt.k === "record" || lt.k === "map") {
    const n = leafCount(lt);
    return g.lift(ctx, "boolean", (inner) => {
      const a = sideIn(g, l, lt, inner, n);
      const b = sideIn(g, r, rt, inner, n);
      return [...a.fill, ...b.fill, `return rt.eqSlots(${a.buf}, ${a.off}, ${b.buf}, ${b.off}, ${n});`];
    });
  }
  // Scalars: bring Bool and Bool? to the same representation.
  let a = ex(g, l, ctx);
  let b = ex(g, r, ctx);
  if (lt.k === "bool" && rt.k === "option") a = `(${a} ? 1 : 0)`;
  if (rt.k === "bool" && lt.k === "option") b = `(${b} ? 1 : 0)`;
  return `(${a} === ${b})`;
}

function sideIn(g: Gen, x: A.Expr, t: Type, ctx: Ctx, n: number): { buf: string; off: string; fill: string[] } {
  const p = placeOf(g, x, ctx);
  if (p) return { buf: bufOf(p, ctx), off: p.off, fill: [] };
  const tmp = g.temp(n);
  return { buf: tmp, off: "0", fill: storeInto(g, x, ctx, tmp, "0", t) };
}

function membership(g: Gen, x: A.Expr, dom: A.Expr, ctx: Ctx): string {
  const d: Domain | undefined = g.c.domains.get(dom.id);
  const v = ex(g, x, ctx);
  const xt = g.type(x);
  if (!d || d.k === "error") return "false";
  if (d.k === "type") {
    if (d.type.k === "range") return `rt.between(${v}, ${d.type.lo}, ${d.type.hi})`;
    // Every value of a Bool or an enum is in it; the operand is still evaluated (it may fault).
    return `rt.anyValue(${v})`;
  }
  if (d.k === "range" && dom.kind === "binary") return `rt.between(${v}, ${ex(g, dom.left, ctx)}, ${ex(g, dom.right, ctx)})`;
  // The element first, then the set: faults are reported left to right.
  return `rt.isIn(${codeOf(v, xt)}, ${ex(g, dom, ctx)})`;
}

// ---------------------------------------------------------------- loops over domains
/**
 * Lines that run `body` once per element of a binder's domain, with the element bound to a fresh
 * JS name. `body` receives the inner context, the element's JS name and its type.
 */
export function loopDomain(g: Gen, b: A.Binder, ctx: Ctx, body: (inner: Ctx, v: string, t: Type) => string[]): string[] {
  const binding = g.c.refs.get(b.name.id);
  const elem: Type = binding?.k === "bound" || binding?.k === "self" ? binding.type : { k: "error" };
  return loopOver(g, b.domain, g.c.domains.get(b.id), b.name, elem, ctx, body);
}

/** Like `loopDomain`, for a domain expression that binds `name` (or a fresh name when undefined). */
export function loopOver(g: Gen, domExpr: A.Expr, d: Domain | undefined, name: A.Ident | undefined, elem: Type, ctx: Ctx, body: (inner: Ctx, v: string, t: Type) => string[]): string[] {
  const v = name ? g.jsName("v", name.name) : g.fresh("v");
  const bound = new Map(ctx.bound);
  if (name) bound.set(name.id, { js: v, ts: tsOf(elem) });
  const inner: Ctx = { ...ctx, bound };
  const ind = (ls: string[]): string[] => ls.map((l) => `  ${l}`);
  if (!d || d.k === "error") return [];
  if (d.k === "type") {
    const t = d.type;
    if (t.k === "bool") {
      const i = g.fresh("i");
      return [`for (let ${i} = 0; ${i} < 2; ${i}++) {`, `  const ${v} = ${i} !== 0;`, ...ind(body(inner, v, elem)), "}"];
    }
    const lo = t.k === "range" ? t.lo : 0;
    const hi = t.k === "range" ? t.hi : t.members.length - 1;
    return [`for (let ${v} = ${lo}; ${v} <= ${hi}; ${v}++) {`, ...ind(body(inner, v, elem)), "}"];
  }
  if (d.k === "range" && domExpr.kind === "binary" && domExpr.op === "..") {
    const hi = g.fresh("hi");
    return [`for (let ${v} = ${ex(g, domExpr.left, ctx)}, ${hi} = ${ex(g, domExpr.right, ctx)}; ${v} <= ${hi}; ${v}++) {`, ...ind(body(inner, v, elem)), "}"];
  }
  const m = g.fresh("m");
  const code = elem.k === "bool" ? `(31 - Math.clz32(${m} & -${m})) !== 0` : `31 - Math.clz32(${m} & -${m})`;
  return [`for (let ${m} = ${ex(g, domExpr, ctx)}; ${m} !== 0; ${m} &= ${m} - 1) {`, `  const ${v} = ${code};`, ...ind(body(inner, v, elem)), "}"];
}

// ---------------------------------------------------------------- stores
/**
 * Lines that write the value of `e` into `buf[off ..]` as type `to`. Scalars are converted and
 * range-checked; records and maps are written leaf by leaf, never built as objects.
 */
export function storeInto(g: Gen, e: A.Expr, ctx: Ctx, buf: string, off: string, to: Type): string[] {
  const from = g.type(e);
  if (e.kind === "ifExpr") {
    // Each branch converted to the target on its own: no detour through the branches' common type.
    if (to.k !== "record" && to.k !== "map") {
      const pick = `(${ex(g, e.cond, ctx)} ? ${conv(g, ex(g, e.then, ctx), g.type(e.then), to, e.then.span)} : ${conv(g, ex(g, e.else, ctx), g.type(e.else), to, e.else.span)})`;
      return [`${buf}[${off}] = ${toSlot(pick, to)};`];
    }
    return [`if (${ex(g, e.cond, ctx)}) {`, ...storeInto(g, e.then, ctx, buf, off, to).map((l) => `  ${l}`), "} else {", ...storeInto(g, e.else, ctx, buf, off, to).map((l) => `  ${l}`), "}"];
  }
  if (to.k !== "record" && to.k !== "map") {
    return [`${buf}[${off}] = ${toSlot(conv(g, ex(g, e, ctx), from, to, e.span), to)};`];
  }
  const n = leafCount(to);
  switch (e.kind) {
    case "mapLit": {
      if (to.k !== "map") return [];
      const w = leafCount(to.value);
      const i = g.fresh("k");
      const lines: string[] = [];
      lines.push(...loopDomain(g, e.binder, ctx, (inner, v) => {
        const code = to.key.k === "bool" ? `(${v} ? 1 : 0)` : to.key.k === "range" && to.key.lo !== 0 ? `(${v} - ${to.key.lo})` : v;
        return [`const ${i} = ${off} + ${w === 1 ? code : `${code} * ${w}`};`, ...storeInto(g, e.value, inner, buf, i, to.value)];
      }));
      return lines;
    }
    case "recordLit": {
      if (to.k !== "record") return [];
      const lines: string[] = [];
      let k = 0;
      for (const f of to.fields) {
        const given = e.fields.find((x) => x.name.name === f.name);
        if (given) lines.push(...storeInto(g, given.value, ctx, buf, addOff(off, k), f.type));
        k += leafCount(f.type);
      }
      return lines;
    }
    case "with": {
      const lines = storeInto(g, e.target, ctx, buf, off, to);
      const part = along(g, { off, type: to }, e.path, ctx);
      return [...lines, ...storeInto(g, e.value, ctx, buf, part.off, part.type)];
    }
    case "let": {
      const vt = g.type(e.value);
      if (isCompound(vt)) {
        const tmp = g.temp(leafCount(vt));
        return ["{", ...[...storeInto(g, e.value, ctx, tmp, "0", vt), ...storeInto(g, e.body, withPlace(ctx, e.name.id, tmp, vt), buf, off, to)].map((l) => `  ${l}`), "}"];
      }
      const js = g.jsName("v", e.name.name);
      const bound = new Map(ctx.bound);
      bound.set(e.name.id, { js, ts: tsOf(vt) });
      return ["{", `  const ${js} = ${ex(g, e.value, ctx)};`, ...storeInto(g, e.body, { ...ctx, bound }, buf, off, to).map((l) => `  ${l}`), "}"];
    }
    default: {
      const p = placeOf(g, e, ctx);
      if (!p) {
        if (e.kind !== "field" && e.kind !== "index") throw new Error(`internal: no way to store a ${e.kind} expression of type ${to.k}`);
        // A part of a compound value that is not a place: build the whole value aside, then copy the part.
        const tt = g.type(e.target);
        const tmp = g.temp(leafCount(tt));
        const part = along(g, { off: "0", type: tt, buf: tmp }, [e.kind === "field" ? { kind: "field", field: e.field } : { kind: "index", index: e.index }], ctx);
        return [...storeInto(g, e.target, ctx, tmp, "0", tt), ...copyPlace(g, part, from, buf, off, to, e.span, ctx)];
      }
      return copyPlace(g, p, from, buf, off, to, e.span, ctx);
    }
  }
}

function copyPlace(g: Gen, p: Place, from: Type, buf: string, off: string, to: Type, span: A.Span, ctx: Ctx): string[] {
  const src = bufOf(p, ctx);
  if (sameLeaves(from, to)) return [`${buf}.set(${src}.subarray(${p.off}, ${p.off} + ${leafCount(to)}), ${off});`];
  // Different bounds: copy leaf by leaf with checks.
  return copyLeaves(g, src, p.off, from, buf, off, to, span);
}

function withPlace(ctx: Ctx, id: number, buf: string, type: Type): Ctx {
  const places = new Map(ctx.places ?? []);
  places.set(id, { buf, type });
  return { ...ctx, places };
}

function sameLeaves(a: Type, b: Type): boolean {
  if (a.k === "range" && b.k === "range") return a.lo >= b.lo && a.hi <= b.hi;
  if (a.k === "option" && b.k === "option") return sameLeaves(a.inner, b.inner);
  if (a.k === "record" && b.k === "record") return a.fields.every((f, i) => sameLeaves(f.type, b.fields[i]!.type));
  if (a.k === "map" && b.k === "map") return sameLeaves(a.value, b.value);
  if (a.k === "set" && b.k === "set") return isFiniteScalar(a.elem) && isFiniteScalar(b.elem) && withinSet(a.elem, b.elem);
  return a.k === b.k;
}

function copyLeaves(g: Gen, sbuf: string, soff: string, from: Type, dbuf: string, doff: string, to: Type, span: A.Span): string[] {
  if (from.k === "record" && to.k === "record") {
    const out: string[] = [];
    let k = 0;
    from.fields.forEach((f, i) => {
      out.push(...copyLeaves(g, sbuf, addOff(soff, k), f.type, dbuf, addOff(doff, k), to.fields[i]!.type, span));
      k += leafCount(f.type);
    });
    return out;
  }
  if (from.k === "map" && to.k === "map") {
    const w = leafCount(to.value);
    const i = g.fresh("j");
    return [`for (let ${i} = 0; ${i} < ${cardinality(to.key)}; ${i}++) {`, ...copyLeaves(g, sbuf, `${soff} + ${i} * ${w}`, from.value, dbuf, `${doff} + ${i} * ${w}`, to.value, span).map((l) => `  ${l}`), "}"];
  }
  return [`${dbuf}[${doff}] = ${conv(g, `${sbuf}[${soff}]!`, from.k === "bool" ? { k: "int" } : from, to.k === "bool" ? { k: "int" } : to, span)};`];
}
