// Expressions of the reference semantics, evaluated directly on the checked AST (grammar/language.md,
// "Expressions"). Arithmetic is on unbounded integers (a result outside JS's exact range stops the
// reference rather than giving a wrong answer); `and`, `or`, `implies`, `if`, quantifiers and
// filters evaluate left to right and stop as soon as the answer is known.
import type * as A from "../../src/syntax/ast.ts";
import type { ScalarType, Type } from "../../src/sema/types.ts";
import { conforms, equal, RMap, RRecord, RSet, scalarValues, show, type Scalar, type Value } from "./values.ts";
import { RefFault, RefLimit, type Model, type RState } from "./state.ts";

export interface Ctx {
  readonly m: Model;
  readonly st: RState;
  /** The process member whose step runs (for locals and `self`). */
  readonly proc: { readonly p: number; readonly m: number } | undefined;
  /** Values of bound names, by the id of the binding identifier. */
  readonly env: ReadonlyMap<number, Value>;
}

export const bind = (ctx: Ctx, id: number, v: Value): Ctx => ({ ...ctx, env: new Map(ctx.env).set(id, v) });

const int = (v: Value, what: string): number => {
  if (typeof v !== "number") throw new Error(`reference: ${what} is not an integer: ${show(v)}`);
  return v;
};
const bool = (v: Value, what: string): boolean => {
  if (typeof v !== "boolean") throw new Error(`reference: ${what} is not a boolean: ${show(v)}`);
  return v;
};
const set = (v: Value, what: string): RSet => {
  if (!(v instanceof RSet)) throw new Error(`reference: ${what} is not a set: ${show(v)}`);
  return v;
};
const exact = (n: number): number => {
  // language.md: arithmetic is exact; a result beyond 2^53 - 1 is an `overflow` error.
  if (!Number.isSafeInteger(n)) throw new RefFault("overflow", `integer ${n} is beyond exact arithmetic`);
  return n;
};

export function evalBool(e: A.Expr, ctx: Ctx): boolean {
  return bool(evalExpr(e, ctx), "condition");
}

export function evalExpr(e: A.Expr, ctx: Ctx): Value {
  const ev = (x: A.Expr): Value => evalExpr(x, ctx);
  switch (e.kind) {
    case "int": return e.value;
    case "bool": return e.value;
    case "none": return null;
    case "some": return ev(e.value);
    case "self": {
      if (!ctx.proc) throw new Error("reference: self outside a process");
      const v = ctx.m.members[ctx.proc.p]![ctx.proc.m];
      if (v === undefined) throw new Error("reference: self of a single process");
      return v;
    }
    case "name": return nameValue(e, ctx);
    case "call": return call(e, ctx);
    case "unary": return e.op === "not" ? !bool(ev(e.operand), "not") : exact(-int(ev(e.operand), "-"));
    case "binary": return binary(e, ctx);
    case "quant": {
      for (const v of domainValues(e.binder.domain, ctx)) {
        const b = evalBool(e.body, bind(ctx, e.binder.name.id, v));
        if (e.q === "forall" && !b) return false;
        if (e.q === "exists" && b) return true;
      }
      return e.q === "forall";
    }
    case "let": return evalExpr(e.body, bind(ctx, e.name.id, ev(e.value)));
    case "ifExpr": return evalBool(e.cond, ctx) ? ev(e.then) : ev(e.else);
    case "field": {
      const local = processLocal(e, ctx);
      if (local.found) return local.value;
      const r = ev(e.target);
      if (!(r instanceof RRecord)) throw new Error(`reference: .${e.field.name} of a non-record`);
      return r.get(e.field.name);
    }
    case "index": {
      const target = ev(e.target);
      if (!(target instanceof RMap)) throw new Error("reference: indexing a non-map");
      const k = ev(e.index);
      const i = target.indexOf(k);
      if (i < 0) throw new RefFault("domain", `index ${show(k)} is outside the map's domain`);
      return target.vals[i]!;
    }
    case "with": {
      // The result has the target's type, so the new part must fit where it goes (a "range" fault).
      const target = ev(e.target);
      const t = ctx.m.c.types.get(e.id);
      return updateAt(target, e.path, ctx, () => {
        const v = ev(e.value);
        const part = t ? partType(t, e.path) : undefined;
        if (part && !conforms(v, part)) throw new RefFault("range", `${show(v)} does not fit the updated part`);
        return v;
      });
    }
    case "setLit": return setValue(e.elems.map((x) => scalar(ev(x))));
    case "setFilter": {
      const out: Scalar[] = [];
      for (const v of domainValues(e.binder.domain, ctx)) if (evalBool(e.cond, bind(ctx, e.binder.name.id, v))) out.push(scalar(v));
      return setValue(out);
    }
    case "setMap": return setValue(domainValues(e.binder.domain, ctx).map((v) => scalar(evalExpr(e.elem, bind(ctx, e.binder.name.id, v)))));
    case "mapLit": {
      const keys = domainValues(e.binder.domain, ctx).map(scalar);
      return new RMap(keys, keys.map((k) => evalExpr(e.value, bind(ctx, e.binder.name.id, k))));
    }
    case "recordLit": return new RRecord(new Map(e.fields.map((f) => [f.name.name, ev(f.value)])));
    case "error": throw new Error("reference: error node");
  }
}

/** A set value. v0 sets are bit masks: an integer element outside 0 .. 30 is a "range" fault. */
function setValue(elems: Iterable<Scalar>): RSet {
  const s = new RSet(elems);
  for (const e of s.elems) if (typeof e === "number" && (e < 0 || e > 30)) throw new RefFault("range", `set element ${e} is outside 0 .. 30`);
  return s;
}

function scalar(v: Value): Scalar {
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "string") return v;
  throw new Error(`reference: set element ${show(v)} is not a scalar`);
}

/** The type of the part of a `t` value that `path` leads to. */
function partType(t: Type, path: readonly A.Accessor[]): Type | undefined {
  let at: Type | undefined = t;
  for (const a of path) {
    if (at?.k === "map" && a.kind === "index") at = at.value;
    else if (at?.k === "record" && a.kind === "field") at = at.fields.find((f) => f.name === a.field.name)?.type;
    else return undefined;
  }
  return at;
}

/** `target` with the part at `path` replaced by `value()`; an index outside a map's domain faults. */
export function updateAt(target: Value, path: readonly A.Accessor[], ctx: Ctx, value: () => Value): Value {
  const [head, ...rest] = path;
  if (!head) return value();
  if (head.kind === "field") {
    if (!(target instanceof RRecord)) throw new Error(`reference: .${head.field.name} of a non-record`);
    return target.with(head.field.name, updateAt(target.get(head.field.name), rest, ctx, value));
  }
  if (!(target instanceof RMap)) throw new Error("reference: indexing a non-map");
  const k = evalExpr(head.index, ctx);
  const i = target.indexOf(k);
  if (i < 0) throw new RefFault("domain", `index ${show(k)} is outside the map's domain`);
  return target.with(i, updateAt(target.vals[i]!, rest, ctx, value));
}

function nameValue(e: A.NameRef, ctx: Ctx): Value {
  const b = ctx.m.c.refs.get(e.id);
  if (!b) throw new Error(`reference: unresolved name ${e.name}`);
  switch (b.k) {
    case "const": return ctx.m.c.consts.get(b.name) ?? b.value;
    case "enumMember": {
      if (b.type.k !== "enum") throw new Error("reference: enum member of a non-enum type");
      return b.type.members[b.index]!;
    }
    case "var": return ctx.st.globals[ctx.m.globalIndex(b.info)]!;
    case "local": {
      const p = ctx.m.processIndex(b.proc);
      if (!ctx.proc || ctx.proc.p !== p) throw new Error(`reference: local ${b.info.name} outside its process`);
      return ctx.st.procs[p]![ctx.proc.m]!.locals[ctx.m.localIndex(b.proc, b.info)]!;
    }
    case "self": return evalExpr({ kind: "self", id: e.id, span: e.span }, ctx);
    case "bound": {
      if (!ctx.env.has(b.id)) throw new Error(`reference: bound name ${b.name} has no value`);
      return ctx.env.get(b.id)!;
    }
    default: throw new Error(`reference: ${e.name} (${b.k}) is not a value`);
  }
}

/** The member a `P[i]` or `P` names: process index and member index (a bad `i` is a "domain" fault). */
function memberOf(target: A.Expr, ctx: Ctx): { p: number; m: number } | undefined {
  const nameNode = target.kind === "name" ? target : target.kind === "index" && target.target.kind === "name" ? target.target : undefined;
  const b = nameNode ? ctx.m.c.refs.get(nameNode.id) : undefined;
  if (b?.k !== "process") return undefined;
  const p = ctx.m.processIndex(b.proc);
  if (target.kind !== "index") return { p, m: 0 };
  const v = evalExpr(target.index, ctx);
  const m = ctx.m.memberIndex(p, v);
  if (m < 0) throw new RefFault("domain", `${b.proc.name}[${show(v)}] is not a member`);
  return { p, m };
}

function processLocal(e: A.Field, ctx: Ctx): { found: true; value: Value } | { found: false } {
  const at = memberOf(e.target, ctx);
  if (!at) return { found: false };
  const proc = ctx.m.c.processes[at.p]!;
  const li = proc.locals.findIndex((l) => l.name === e.field.name);
  if (li < 0) throw new Error(`reference: no local ${e.field.name}`);
  return { found: true, value: ctx.st.procs[at.p]![at.m]!.locals[li]! };
}

/** The elements a binder ranges over: a type, a process family, `a .. b`, or a set value. */
export function domainValues(d: A.Expr, ctx: Ctx): Scalar[] {
  if (d.kind === "name") {
    const b = ctx.m.c.refs.get(d.id);
    if (b?.k === "type") {
      if (b.type.k !== "bool" && b.type.k !== "range" && b.type.k !== "enum") throw new Error(`reference: domain ${d.name} is not a scalar type`);
      return scalarValues(b.type as ScalarType);
    }
    if (b?.k === "process") return ctx.m.members[ctx.m.processIndex(b.proc)]!.filter((x): x is Scalar => x !== undefined);
  }
  if (d.kind === "binary" && d.op === "..") {
    const lo = int(evalExpr(d.left, ctx), "range bound");
    const hi = int(evalExpr(d.right, ctx), "range bound");
    // The reference lists domains: one of more than ten million values is beyond it (a "limit").
    if (hi - lo >= 10_000_000) throw new RefLimit(`a domain of ${hi - lo + 1} values`);
    const out: number[] = [];
    for (let i = lo; i <= hi; i++) out.push(i);
    return out;
  }
  return [...set(evalExpr(d, ctx), "domain").elems];
}

function binary(e: A.Binary, ctx: Ctx): Value {
  const ev = (x: A.Expr): Value => evalExpr(x, ctx);
  switch (e.op) {
    case "and": return evalBool(e.left, ctx) && evalBool(e.right, ctx);
    case "or": return evalBool(e.left, ctx) || evalBool(e.right, ctx);
    case "implies": return !evalBool(e.left, ctx) || evalBool(e.right, ctx);
    case "==": return equal(ev(e.left), ev(e.right));
    case "!=": return !equal(ev(e.left), ev(e.right));
    case "in": case "notin": {
      const x = ev(e.left);
      // `x in a .. b` is a comparison (the range may be far too big to list).
      const r = e.right;
      const inside = r.kind === "binary" && r.op === ".."
        ? typeof x === "number" && x >= int(ev(r.left), "range bound") && x <= int(ev(r.right), "range bound")
        : domainValues(r, ctx).some((v) => equal(v, x));
      return e.op === "in" ? inside : !inside;
    }
    case "subset": {
      const b = set(ev(e.right), "subset");
      return set(ev(e.left), "subset").elems.every((x) => b.has(x));
    }
    case "union": return new RSet([...set(ev(e.left), "union").elems, ...set(ev(e.right), "union").elems]);
    case "inter": {
      const a = set(ev(e.left), "inter");
      const b = set(ev(e.right), "inter");
      return new RSet(a.elems.filter((x) => b.has(x)));
    }
    case "diff": {
      const a = set(ev(e.left), "diff");
      const b = set(ev(e.right), "diff");
      return new RSet(a.elems.filter((x) => !b.has(x)));
    }
    case "..": return setValue(domainValues(e, ctx));
    case "at": {
      const at = memberOf(e.left, ctx);
      if (!at || e.right.kind !== "name") throw new Error("reference: malformed `at`");
      return ctx.st.procs[at.p]![at.m]!.pc === e.right.name;
    }
    default: {
      const a = int(ev(e.left), e.op);
      const b = int(ev(e.right), e.op);
      switch (e.op) {
        case "<": return a < b;
        case "<=": return a <= b;
        case ">": return a > b;
        case ">=": return a >= b;
        case "+": return exact(a + b);
        case "-": return exact(a - b);
        case "*": return exact(a * b);
        case "/": case "%": {
          if (b === 0) throw new RefFault("division", "division by zero");
          const q = floorDiv(a, b);
          return e.op === "/" ? q : exact(a - b * q);
        }
      }
    }
  }
}

/** Integer division rounding towards negative infinity, by BigInt so no float rounding creeps in. */
function floorDiv(a: number, b: number): number {
  const A_ = BigInt(a);
  const B = BigInt(b);
  let q = A_ / B; // truncates towards zero
  if (A_ % B !== 0n && (A_ < 0n) !== (B < 0n)) q -= 1n;
  return Number(q);
}

function call(e: A.Call, ctx: Ctx): Value {
  const b = ctx.m.c.refs.get(e.callee.id);
  const args = e.args.map((a) => evalExpr(a, ctx));
  if (b?.k === "builtin") {
    switch (b.name) {
      case "card": return set(args[0]!, "card").elems.length;
      case "min": return Math.min(int(args[0]!, "min"), int(args[1]!, "min"));
      case "max": return Math.max(int(args[0]!, "max"), int(args[1]!, "max"));
      case "unwrap": {
        if (args[0] === null) throw new RefFault("unwrap", "unwrap(none)");
        return args[0]!;
      }
    }
  }
  if (b?.k !== "def") throw new Error(`reference: ${e.callee.name} is not callable`);
  // Arguments are stored into the parameters: each must be a value of its declared type.
  const env = new Map<number, Value>();
  b.decl.params.forEach((p, i) => {
    const v = args[i]!;
    if (!conforms(v, b.params[i]!)) throw new RefFault("range", `argument ${show(v)} of ${e.callee.name} is not a ${p.name.name}`);
    env.set(p.name.id, v);
  });
  // The result is stored into the declared result type the same way.
  const result = evalExpr(b.decl.body, { m: ctx.m, st: ctx.st, proc: undefined, env });
  if (!conforms(result, b.result)) throw new RefFault("range", `${e.callee.name} returned ${show(result)}, outside its result type`);
  return result;
}
