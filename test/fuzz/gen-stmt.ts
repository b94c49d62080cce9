// Statements for the spec generator: assignments (whole variables, record fields, map entries),
// await, assert, if/else if/else, either/or, any ... where, macro calls, goto and skip. A variable
// is assigned at most once on each path of a step (the rule kspec checks statically), tracked per
// path in `assigned`.
import { chance, pickOne, weighted, type Choices } from "./rand.ts";
import { boolExpr, domain, expr } from "./gen-expr.ts";
import { fitsIn, isSetElem, valuesOf, withVals, type MacroSig, type Scope, type Ty } from "./gen-types.ts";

export interface StmtCtx {
  readonly scope: Scope;
  readonly macros: readonly MacroSig[];
  /** Labels a `goto` may name (processes only). */
  readonly labels: readonly string[] | undefined;
  /** Roots of the variables assigned so far on this path of the step. */
  readonly assigned: Set<string>;
}

interface Target {
  readonly root: string;
  readonly text: string;
  readonly ty: Ty;
}

function targets(c: Choices, ctx: StmtCtx): Target[] {
  const out: Target[] = [];
  for (const v of ctx.scope.vals) {
    if (!v.assignable || ctx.assigned.has(v.name)) continue;
    out.push({ root: v.name, text: v.name, ty: v.ty });
    if (v.ty.k === "record") for (const f of v.ty.fields) out.push({ root: v.name, text: `${v.name}.${f.name}`, ty: f.ty });
    if (v.ty.k === "map") out.push({ root: v.name, text: `${v.name}[${pickOne(c, valuesOf(v.ty.key))}]`, ty: v.ty.val });
  }
  return out;
}

const ind = (lines: string[]): string[] => lines.map((l) => `  ${l}`);

/** A statement list of `n` statements (the last may be a `goto` when `mayGoto`). */
export function stmts(c: Choices, ctx: StmtCtx, n: number, d: number, mayGoto: boolean): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(...stmt(c, ctx, d));
  if (mayGoto && ctx.labels && ctx.labels.length > 0 && chance(c, 30)) out.push(`goto ${pickOne(c, ctx.labels)}`);
  return out;
}

function branch(ctx: StmtCtx): StmtCtx {
  return { ...ctx, assigned: new Set(ctx.assigned) };
}

function join(ctx: StmtCtx, branches: StmtCtx[]): void {
  for (const b of branches) for (const r of b.assigned) ctx.assigned.add(r);
}

function stmt(c: Choices, ctx: StmtCtx, d: number): string[] {
  const s = ctx.scope;
  const ed = Math.min(2, d + 1);
  const ts = targets(c, ctx);
  const calls = ctx.macros.filter((m) => m.params.every((p) => !p.assigned || ts.some((t) => exactly(t.ty, p.ty))));
  return weighted<string[]>(c, [
    [ts.length > 0 ? 6 : 0, () => {
      const t = pickOne(c, ts);
      ctx.assigned.add(t.root);
      return [`${t.text} := ${expr(c, s, t.ty, ed)}`];
    }],
    [2, () => [`await ${boolExpr(c, s, ed)}`]],
    [1, () => [`assert ${boolExpr(c, s, ed)}${chance(c, 30) ? ` : "fuzz \\"assert\\" failed"` : ""}`]],
    [1, () => ["skip"]],
    [calls.length > 0 ? 3 : 0, () => [macroCall(c, ctx, pickOne(c, calls), ed)]],
    [d > 0 ? 2 : 0, () => {
      const parts: StmtCtx[] = [];
      const lines: string[] = [];
      const arms = c.int(1, 3);
      for (let i = 0; i < arms; i++) {
        const b = branch(ctx);
        parts.push(b);
        const head = i === 0 ? `if ${boolExpr(c, s, ed)} {` : i === arms - 1 && chance(c, 60) ? "} else {" : `} else if ${boolExpr(c, s, ed)} {`;
        lines.push(head, ...ind(stmts(c, b, c.int(1, 2), d - 1, true)));
      }
      join(ctx, parts);
      return [...lines, "}"];
    }],
    [d > 0 ? 1 : 0, () => {
      const parts: StmtCtx[] = [];
      const lines: string[] = [];
      const arms = c.int(2, 3);
      for (let i = 0; i < arms; i++) {
        const b = branch(ctx);
        parts.push(b);
        lines.push(i === 0 ? "either {" : "} or {", ...ind(stmts(c, b, c.int(1, 2), d - 1, true)));
      }
      join(ctx, parts);
      return [...lines, "}"];
    }],
    [d > 0 ? 2 : 0, () => {
      const elem = anyElem(c, s);
      const x = s.fresh();
      const inner: StmtCtx = { ...ctx, scope: withVals(s, [{ name: x, ty: elem, assignable: false }]) };
      const where = chance(c, 40) ? ` where ${boolExpr(c, inner.scope, ed)}` : "";
      const body = stmts(c, inner, c.int(1, 2), d - 1, true);
      return [`any ${x} in ${domain(c, s, elem, 1)}${where} {`, ...ind(body), "}"];
    }],
  ]);
}

/** The integer types must match exactly where a macro assigns (the target keeps its own range). */
function exactly(a: Ty, b: Ty): boolean {
  return fitsIn(a, b) && fitsIn(b, a);
}

function macroCall(c: Choices, ctx: StmtCtx, m: MacroSig, d: number): string {
  const args = m.params.map((p) => {
    if (!p.assigned) return expr(c, ctx.scope, p.ty, d);
    const ts = targets(c, ctx).filter((t) => exactly(t.ty, p.ty));
    if (ts.length === 0) return expr(c, ctx.scope, p.ty, d); // not a place: the front end must say so
    const t = pickOne(c, ts);
    ctx.assigned.add(t.root);
    return t.text;
  });
  return `${m.name}(${args.join(", ")})`;
}

function anyElem(c: Choices, s: Scope): Ty {
  const ts = s.domains.filter(isSetElem);
  return ts.length > 0 && chance(c, 70) ? pickOne(c, ts) : pickOne(c, [{ k: "bool" } as Ty, { k: "int", lo: 0, hi: 2 } as Ty]);
}
