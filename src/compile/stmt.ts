// Statements -> TypeScript: one function per atomic step (a process label or an action). The step
// copies its source state into scratch buffer B0 and runs the statements in order. A fork (`any`,
// `either`, or an `if` with a fork inside) copies the buffer into the next scratch buffer for each
// branch and generates the rest of the step inside the branch, so each transition is computed
// without allocation. A failing `await` abandons the current branch.
import type * as A from "../syntax/ast.ts";
import { leafCount } from "../sema/types.ts";
import { enter, isStraight, nextOf, type Cont, type StepEnd } from "../sema/steps.ts";
import { along, ex, loopDomain, storeInto, bindingPlace } from "./expr.ts";
import { lit, type Ctx, type Gen } from "./gen.ts";
import { valueType } from "./layout.ts";

export interface StepCtx extends Ctx {
  readonly depth: number;
  /** Statement that abandons the current branch. */
  readonly abandon: string;
  /** Transition index reported to `emit`. */
  readonly tr: number;
}

const ind = (ls: string[]): string[] => ls.map((l) => `  ${l}`);

/** Code of a step from `cont` to wherever it ends. */
export function genCont(g: Gen, cont: Cont, ctx: StepCtx, first: boolean): string[] {
  const n = nextOf(cont, first);
  if (n.kind === "end") return endStep(g, n.end, ctx);
  const s = n.stmt;
  switch (s.kind) {
    case "assign": case "await": case "assert": case "skip":
      return [...simple(g, s, ctx), ...genCont(g, n.rest, ctx, false)];
    case "goto":
      return endStep(g, { kind: "label", label: s.label.name }, ctx);
    case "if": {
      if (isStraight(s.then) && (!s.else || isStraight(s.else))) {
        return [...straightIf(g, s, ctx), ...genCont(g, n.rest, ctx, false)];
      }
      const out = [`if (${ex(g, s.cond, ctx)}) {`, ...ind(genCont(g, enter(s.then, n.rest), ctx, false)), "} else {"];
      out.push(...ind(genCont(g, s.else ? enter(s.else, n.rest) : n.rest, ctx, false)), "}");
      return out;
    }
    case "either": {
      const point = g.choices.push({ kind: "either", site: g.site(s.span), branches: s.branches.length }) - 1;
      return s.branches.flatMap((b, i) => fork(g, ctx, (inner) => [...pick(inner.depth, point, String(i + 1)), ...genCont(g, enter(b, n.rest), inner, false)]));
    }
    case "any": {
      const d = ctx.depth + 1;
      const buf = `B${d}`;
      const label = `p${d}`;
      g.maxDepth = Math.max(g.maxDepth, d);
      const bound = g.c.refs.get(s.binder.name.id);
      const point = g.choices.push({ kind: "any", site: g.site(s.binder.span), name: s.binder.name.name, type: valueType(bound?.k === "bound" ? bound.type : { k: "int" }) }) - 1;
      return loopDomain(g, s.binder, ctx, (inner, v, t) => {
        const c2: StepCtx = { ...ctx, ...inner, buf, depth: d, abandon: `break ${label};` };
        const where = s.where ? [`if (!${ex(g, s.where, c2)}) break ${label};`] : [];
        return [`${buf}.set(${ctx.buf});`, `${label}: {`, ...ind([...where, ...pick(d, point, t.k === "bool" ? `${v} ? 1 : 0` : v), ...genCont(g, enter(s.body, n.rest), c2, false)]), "}"];
      });
    }
    case "macroCall":
      return []; // expanded before analysis; an unknown macro is an error by now
    case "while": {
      const loop: Cont = n.label ? [{ kind: "loop", label: n.label.name }, ...n.rest] : n.rest;
      return [`if (${ex(g, s.cond, ctx)}) {`, ...ind(genCont(g, enter(s.body, loop), ctx, false)), "} else {", ...ind(genCont(g, n.rest, ctx, false)), "}"];
    }
  }
}

/** Records choice `value` at choice point `point` as the step's `depth`-th choice (read when a trace is printed). */
function pick(depth: number, point: number, value: string): string[] {
  return [`PICKS[${2 * depth - 2}] = ${point};`, `PICKS[${2 * depth - 1}] = ${value};`, `RUNNING.n = ${depth};`];
}

function fork(g: Gen, ctx: StepCtx, body: (inner: StepCtx) => string[]): string[] {
  const d = ctx.depth + 1;
  g.maxDepth = Math.max(g.maxDepth, d);
  const inner: StepCtx = { ...ctx, buf: `B${d}`, depth: d, abandon: `break p${d};` };
  return [`B${d}.set(${ctx.buf});`, `p${d}: {`, ...ind(body(inner)), "}"];
}

function endStep(g: Gen, end: StepEnd, ctx: StepCtx): string[] {
  const out: string[] = [];
  if (ctx.proc && ctx.mb !== undefined) {
    const pc = end.kind === "done" ? ctx.proc.done : ctx.proc.labels.indexOf(end.label);
    out.push(`${ctx.buf}[${ctx.mb}] = ${pc}; // -> ${end.kind === "done" ? "done" : end.label}`);
  }
  out.push(`emit(${ctx.buf}, ${ctx.tr}, ARGS);`);
  return out;
}

function straightIf(g: Gen, s: A.IfStmt, ctx: StepCtx): string[] {
  const out = [`if (${ex(g, s.cond, ctx)}) {`, ...ind(straight(g, s.then, ctx))];
  if (s.else) out.push("} else {", ...ind(straight(g, s.else, ctx)));
  out.push("}");
  return out;
}

function straight(g: Gen, b: A.Block, ctx: StepCtx): string[] {
  return b.stmts.flatMap(({ stmt }) => (stmt.kind === "if" ? straightIf(g, stmt, ctx) : simple(g, stmt, ctx)));
}

function simple(g: Gen, s: A.Stmt, ctx: StepCtx): string[] {
  switch (s.kind) {
    case "assign": return assign(g, s, ctx);
    case "await": return [`if (!${ex(g, s.cond, ctx)}) ${ctx.abandon}`];
    case "assert": {
      const msg = s.message !== undefined ? `assertion failed: ${s.message}` : "assertion failed";
      const site = g.site(s.span);
      // IGNORED: asserts the checker was told to skip (`--only`, or already reported): the step goes on.
      return [`if (!${ex(g, s.cond, ctx)} && IGNORED[${g.assertIndex(s.name?.name ?? "assert", site)}] === 0) rt.fail("assert", ${site}, ${lit(msg)});`];
    }
    default: return [];
  }
}

function assign(g: Gen, s: A.Assign, ctx: StepCtx): string[] {
  const root = g.c.refs.get(s.target.id);
  if (!root) return [];
  const p = bindingPlace(g, root, ctx);
  if (!p) return [];
  const { off, type: t } = along(g, p, s.path, ctx);
  if ((t.k === "record" || t.k === "map") && readsBinding(g, s.value, root)) {
    // The new value reads the variable it overwrites: build it aside first.
    const n = leafCount(t);
    const tmp = g.temp(n);
    return [...storeInto(g, s.value, ctx, tmp, "0", t), `${ctx.buf}.set(${tmp}, ${off});`];
  }
  if (t.k === "record" || t.k === "map") {
    const o = g.fresh("o");
    return [`const ${o} = ${off};`, ...storeInto(g, s.value, ctx, ctx.buf, o, t)];
  }
  return storeInto(g, s.value, ctx, ctx.buf, off, t);
}

function readsBinding(g: Gen, e: A.Expr, b: unknown): boolean {
  let found = false;
  const visit = (x: unknown): void => {
    if (found || x === null || typeof x !== "object") return;
    if (Array.isArray(x)) return x.forEach(visit);
    const n = x as { kind?: string; id?: number };
    if (n.kind === "name" && n.id !== undefined && g.c.refs.get(n.id) === b) {
      found = true;
      return;
    }
    for (const v of Object.values(x)) visit(v);
  };
  visit(e);
  return found;
}
