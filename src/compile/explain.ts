// Why an invariant is false: for each invariant, a generated function that, given a state where it
// fails, descends into the formula to the smallest part that is false (a conjunct of `and`, the
// conclusion of an `implies`, an instance of `forall`) and reports it with the values of its
// sub-expressions in that state: `Fault[1].via == aops` with `Fault[1].via = PageCache`,
// `aops = Dax`. Only called when a violation is printed, never in the search loop.
import type * as A from "../syntax/ast.ts";
import type { Type } from "../sema/types.ts";
import { bufOf, ex, loopDomain, placeOf } from "./expr.ts";
import { lit, type Ctx, type Gen } from "./gen.ts";
import { valueType } from "./layout.ts";

/** The most sub-expression values one explanation shows. */
const MAX_VALUES = 8;

/** A module-level function `(s) => Explanation | undefined` for `cond`; returns its name. */
export function explainFunction(g: Gen, cond: A.Expr, top: Ctx): string {
  const name = g.fresh("why");
  const body = descend(g, cond, { ...top, buf: "s" }, []);
  g.lifted.push([`function ${name}(s: rt.State): rt.Explanation | undefined {`, "  const W: string[] = [];", ...body.map((l) => `  ${l}`), "  return undefined;", "}"].join("\n"));
  return name;
}

/** Bound names of enclosing quantifiers: binder ident id -> JS name and type. */
type Binders = readonly { readonly id: number; readonly js: string; readonly type: Type }[];

/** Lines that return the explanation of `e`, known to be false here. */
function descend(g: Gen, e: A.Expr, ctx: Ctx, binders: Binders): string[] {
  if (e.kind === "binary" && e.op === "and") {
    return conjuncts(e).flatMap((c) => [`if (!${ex(g, c, ctx)}) {`, ...descend(g, c, ctx, binders).map((l) => `  ${l}`), "}"]);
  }
  // False `p implies q`: p holds and q does not.
  if (e.kind === "binary" && e.op === "implies") return descend(g, e.right, ctx, binders);
  if (e.kind === "quant" && e.q === "forall") {
    const b = g.c.refs.get(e.binder.name.id);
    const type: Type = b?.k === "bound" ? b.type : { k: "error" };
    return loopDomain(g, e.binder, ctx, (inner, v) => {
      const more = [...binders, { id: e.binder.name.id, js: v, type }];
      return [
        `if (!${ex(g, e.body, inner)}) {`,
        `  W.push(${lit(`${e.binder.name.name} = `)} + ${show(g, v, type)});`,
        ...descend(g, e.body, inner, more).map((l) => `  ${l}`),
        "}",
      ];
    });
  }
  return [`return { site: ${g.site(e.span)}, formula: ${text(g, e, binders)}, bindings: W, values: [...new Set([${values(g, e, ctx, binders).join(", ")}])] };`];
}

function conjuncts(e: A.Expr): A.Expr[] {
  const out: A.Expr[] = [];
  const stack = [e];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (x.kind === "binary" && x.op === "and") stack.push(x.right, x.left);
    else out.push(x);
  }
  return out;
}

/** `name = value` strings for the sub-expressions worth showing: names, fields, map reads, calls. */
function values(g: Gen, e: A.Expr, ctx: Ctx, binders: Binders): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const visit = (x: A.Expr): void => {
    if (out.length >= MAX_VALUES) return;
    const key = source(g, x.span);
    switch (x.kind) {
      case "name": {
        const b = g.c.refs.get(x.id);
        if (b?.k === "var" || b?.k === "local") add(x, key);
        return;
      }
      case "field": case "index": {
        add(x, key);
        if (x.kind === "index") visit(x.index);
        return;
      }
      case "call": {
        const b = g.c.refs.get(x.callee.id);
        if (b?.k === "def") add(x, key);
        x.args.forEach(visit);
        return;
      }
      case "binary": visit(x.left); visit(x.right); return;
      case "unary": visit(x.operand); return;
      case "some": visit(x.value); return;
      case "ifExpr": visit(x.cond); visit(x.then); visit(x.else); return;
      case "setLit": x.elems.forEach(visit); return;
      // Quantifiers, let, comprehensions bind names of their own: their parts are not shown.
      default: return;
    }
  };
  const add = (x: A.Expr, key: string): void => {
    // The false formula itself needs no "= false".
    if (x === e || seen.has(key)) return;
    const shown = valueOf(g, x, ctx);
    if (shown === undefined) return;
    seen.add(key);
    const name = text(g, x, binders);
    // A plain literal name folds into one literal with the " = ".
    out.push(/^"[^"\\]*"$/.test(name) ? `${name.slice(0, -1)} = " + ${shown}` : `${name} + " = " + ${shown}`);
  };
  visit(e);
  return out;
}

/** JS expression of the text of a value of `x`, or undefined when it cannot be shown. */
function valueOf(g: Gen, x: A.Expr, ctx: Ctx): string | undefined {
  const t = g.type(x);
  if (t.k === "record" || t.k === "map") {
    const p = placeOf(g, x, ctx);
    return p ? `rt.showValue(${vt(g, t)}, ${bufOf(p, ctx)}, ${p.off})` : undefined;
  }
  if (t.k === "error" || t.k === "string") return undefined;
  return show(g, ex(g, x, ctx), t);
}

function show(g: Gen, js: string, t: Type): string {
  if (t.k === "int" || t.k === "error") return `String(${js})`;
  return `rt.showValue(${vt(g, t)}, Int32Array.of(${t.k === "bool" ? `${js} ? 1 : 0` : js}), 0)`;
}

/** A module-level constant holding the printable description of a type. */
function vt(g: Gen, t: Type): string {
  const json = lit(valueType(t));
  let names = typeConsts.get(g);
  if (!names) typeConsts.set(g, (names = new Map()));
  let name = names.get(json);
  if (!name) {
    name = g.fresh("VT");
    names.set(json, name);
    g.lifted.push(`const ${name}: rt.ValueType = ${json};`);
  }
  return name;
}
const typeConsts = new WeakMap<Gen, Map<string, string>>();

function source(g: Gen, span: A.Span): string {
  return (span.file ?? g.c.parsed.file).text.slice(span.start, span.end);
}

/**
 * JS expression of the source text of `x` with the names of enclosing quantifiers replaced by
 * their values (`Fault[f].via` reads `Fault[1].via`), found through the name table, not by text.
 */
function text(g: Gen, x: A.Expr, binders: Binders): string {
  const src = source(g, x.span);
  const uses: { start: number; end: number; js: string }[] = [];
  const stack: unknown[] = [x];
  while (stack.length > 0) {
    const n = stack.pop();
    if (n === null || typeof n !== "object") continue;
    if (Array.isArray(n)) {
      for (const y of n) stack.push(y);
      continue;
    }
    const node = n as { kind?: string; id?: number; span?: A.Span };
    if (node.kind === "name" && node.id !== undefined && node.span) {
      const b = g.c.refs.get(node.id);
      const binder = b?.k === "bound" ? binders.find((d) => d.id === b.id) : undefined;
      if (binder) uses.push({ start: node.span.start - x.span.start, end: node.span.end - x.span.start, js: show(g, binder.js, binder.type) });
    }
    for (const [k, v] of Object.entries(n)) if (k !== "span" && k !== "opSpan") stack.push(v);
  }
  if (uses.length === 0) return lit(oneLine(src));
  uses.sort((a, b) => a.start - b.start);
  const parts: string[] = [];
  let at = 0;
  for (const u of uses) {
    if (u.start < at) continue;
    parts.push(lit(oneLine(src.slice(at, u.start))), u.js);
    at = u.end;
  }
  parts.push(lit(oneLine(src.slice(at))));
  return parts.filter((p) => p !== '""').join(" + ");
}

/** A formula written over several lines, as one line. */
function oneLine(s: string): string {
  return s.replace(/\s*(\r\n|\r|\n)\s*/g, " ");
}
