// Statements, steps and initial states of the reference semantics (grammar/language.md, "Actions and
// processes", "Semantics in brief"). A step runs from a label until control reaches another label,
// a `goto`, the end of a `while` body (back to the loop's label) or the end of the body (done);
// `either` and `any` fork it, a false `await` drops the branch, a fault ends the branch as a fault.
import type * as A from "../../src/syntax/ast.ts";
import type { ProcessInfo } from "../../src/sema/model.ts";
import { bind, domainValues, evalBool, evalExpr, updateAt, type Ctx } from "./eval.ts";
import { RefFault, withGlobal, withMember, type Model, type RMember, type RState } from "./state.ts";
import { conforms, show, type Scalar, type Value } from "./values.ts";

/** Which transition a step belongs to: kspec's transition name, label, member and parameters. */
export interface RTransition {
  readonly kind: "action" | "process";
  readonly name: string;
  readonly label: string | undefined;
  /** The member (process family) first, then the action's parameters. */
  readonly args: readonly Scalar[];
  /** Process and member index, for a process step. */
  readonly member: { readonly p: number; readonly m: number } | undefined;
}

export type FaultKind = RefFault["fault"];
export type Outcome = { readonly t: RTransition; readonly to: RState } | { readonly t: RTransition; readonly fault: FaultKind; readonly property: string };

type Frame = { readonly kind: "seq"; readonly stmts: readonly A.LabelledStmt[]; readonly i: number } | { readonly kind: "loop"; readonly label: string };
type Cont = readonly Frame[];
type End = { readonly st: RState; readonly pc: string } | { readonly fault: FaultKind; readonly property: string };

/** Where each label's step starts: the statement list around it and everything after it. */
function labelConts(body: A.Block): Map<string, Cont> {
  const out = new Map<string, Cont>();
  const walk = (stmts: readonly A.LabelledStmt[], after: Cont): void => {
    stmts.forEach(({ label, stmt }, i) => {
      const here: Cont = [{ kind: "seq", stmts, i }, ...after];
      const next: Cont = [{ kind: "seq", stmts, i: i + 1 }, ...after];
      if (label) out.set(label.name, here);
      if (stmt.kind === "if") {
        walk(stmt.then.stmts, next);
        if (stmt.else) walk(stmt.else.stmts, next);
      } else if (stmt.kind === "either") {
        for (const b of stmt.branches) walk(b.stmts, next);
      } else if (stmt.kind === "any") {
        walk(stmt.body.stmts, next);
      } else if (stmt.kind === "while") {
        walk(stmt.body.stmts, label ? [{ kind: "loop", label: label.name }, ...next] : next);
      }
    });
  };
  walk(body.stmts, []);
  return out;
}

const contCache = new WeakMap<A.Block, Map<string, Cont>>();
function entryOf(proc: ProcessInfo, label: string): Cont {
  let m = contCache.get(proc.decl.body);
  if (!m) contCache.set(proc.decl.body, (m = labelConts(proc.decl.body)));
  const c = m.get(label);
  if (!c) throw new Error(`reference: no label ${label} in ${proc.name}`);
  return c;
}

interface Run {
  readonly m: Model;
  readonly member: { readonly p: number; readonly m: number } | undefined;
}

const ctxOf = (run: Run, st: RState, env: ReadonlyMap<number, Value>): Ctx => ({ m: run.m, st, proc: run.member, env });

/** Runs statements from `cont` until the step ends; every branch gives an end state or a fault. */
function runFrom(run: Run, cont: Cont, st: RState, env: ReadonlyMap<number, Value>, atStart: boolean): End[] {
  const frame = cont[0];
  if (!frame) return [{ st, pc: "done" }];
  if (frame.kind === "loop") return [{ st, pc: frame.label }];
  const ls = frame.stmts[frame.i];
  if (!ls) return runFrom(run, cont.slice(1), st, env, atStart);
  if (ls.label && !atStart) return [{ st, pc: ls.label.name }];
  const rest: Cont = [{ kind: "seq", stmts: frame.stmts, i: frame.i + 1 }, ...cont.slice(1)];
  const go = (s: RState, e: ReadonlyMap<number, Value> = env, c: Cont = rest): End[] => runFrom(run, c, s, e, false);
  const enter = (b: A.Block, s: RState, e: ReadonlyMap<number, Value>, after: Cont = rest): End[] => go(s, e, [{ kind: "seq", stmts: b.stmts, i: 0 }, ...after]);
  const stmt = ls.stmt;
  try {
    const ctx = ctxOf(run, st, env);
    switch (stmt.kind) {
      case "skip": return go(st);
      case "assign": return go(assign(run, stmt, ctx));
      case "await": return evalBool(stmt.cond, ctx) ? go(st) : [];
      case "assert":
        // A named assert is the property of its name; the unnamed ones together are `assert`.
        if (!evalBool(stmt.cond, ctx) && run.m.selected(stmt.name?.name ?? "assert")) throw new RefFault("assert", stmt.message ?? "assertion failed", stmt.name?.name ?? "assert");
        return go(st);
      case "if":
        if (evalBool(stmt.cond, ctx)) return enter(stmt.then, st, env);
        return stmt.else ? enter(stmt.else, st, env) : go(st);
      case "either": return stmt.branches.flatMap((b) => enter(b, st, env));
      case "any": {
        const out: End[] = [];
        for (const v of domainValues(stmt.binder.domain, ctx)) {
          const inner = bind(ctx, stmt.binder.name.id, v);
          try {
            if (stmt.where && !evalBool(stmt.where, inner)) continue;
          } catch (e) {
            if (!(e instanceof RefFault)) throw e;
            out.push({ fault: e.fault, property: e.property });
            continue;
          }
          out.push(...enter(stmt.body, st, inner.env));
        }
        return out;
      }
      case "goto": return [{ st, pc: stmt.label.name }];
      case "while": {
        if (!ls.label) throw new Error("reference: while without a label");
        if (evalBool(stmt.cond, ctx)) return enter(stmt.body, st, env, [{ kind: "loop", label: ls.label.name }, ...rest]);
        return go(st);
      }
      case "macroCall": throw new Error("reference: macro call left after expansion");
    }
  } catch (e) {
    if (e instanceof RefFault) return [{ fault: e.fault, property: e.property }];
    throw e;
  }
}

/** The state after `x := e` (or `x[i].f := e`); the whole variable must still fit its type. */
function assign(run: Run, s: A.Assign, ctx: Ctx): RState {
  const b = run.m.c.refs.get(s.target.id);
  const fit = (v: Value, t: Parameters<typeof conforms>[1], name: string): Value => {
    if (!conforms(v, t)) throw new RefFault("range", `${show(v)} does not fit ${name}`);
    return v;
  };
  if (b?.k === "var") {
    const i = run.m.globalIndex(b.info);
    const v = updateAt(ctx.st.globals[i]!, s.path, ctx, () => evalExpr(s.value, ctx));
    return withGlobal(ctx.st, i, fit(v, b.info.type, b.info.name));
  }
  if (b?.k === "local") {
    const at = run.member;
    if (!at || at.p !== run.m.processIndex(b.proc)) throw new Error(`reference: assignment to another process's local ${b.info.name}`);
    const li = run.m.localIndex(b.proc, b.info);
    const mem = ctx.st.procs[at.p]![at.m]!;
    const v = fit(updateAt(mem.locals[li]!, s.path, ctx, () => evalExpr(s.value, ctx)), b.info.type, b.info.name);
    const locals = mem.locals.slice();
    locals[li] = v;
    return withMember(ctx.st, at.p, at.m, { pc: mem.pc, locals });
  }
  throw new Error(`reference: cannot assign ${s.target.name}`);
}

/** Every transition from `st`: the successor state of each enabled branch, or its fault. */
export function successors(m: Model, st: RState): Outcome[] {
  const out: Outcome[] = [];
  m.c.processes.forEach((proc, p) => {
    m.members[p]!.forEach((mv, mi) => {
      const mem = st.procs[p]![mi]!;
      if (mem.pc === "done") return;
      const t: RTransition = { kind: "process", name: proc.name, label: mem.pc, args: mv === undefined ? [] : [mv], member: { p, m: mi } };
      const run: Run = { m, member: { p, m: mi } };
      for (const end of runFrom(run, entryOf(proc, mem.pc), st, new Map(), true)) {
        if ("fault" in end) out.push({ t, fault: end.fault, property: end.property });
        else {
          const after = end.st.procs[p]![mi]!;
          out.push({ t, to: withMember(end.st, p, mi, { pc: end.pc, locals: after.locals }) });
        }
      }
    });
  });
  for (const a of m.c.actions) {
    const run: Run = { m, member: undefined };
    const bindings = (i: number, env: ReadonlyMap<number, Value>, args: Scalar[]): void => {
      const param = a.decl.params[i];
      if (!param) {
        const t: RTransition = { kind: "action", name: a.decl.name.name, label: undefined, args, member: undefined };
        for (const end of runFrom(run, [{ kind: "seq", stmts: a.decl.body.stmts, i: 0 }], st, env, true)) out.push("fault" in end ? { t, fault: end.fault, property: end.property } : { t, to: end.st });
        return;
      }
      let values: Scalar[];
      try {
        values = domainValues(param.domain, ctxOf(run, st, env));
      } catch (e) {
        if (!(e instanceof RefFault)) throw e;
        out.push({ t: { kind: "action", name: a.decl.name.name, label: undefined, args, member: undefined }, fault: e.fault, property: e.property });
        return;
      }
      for (const v of values) bindings(i + 1, new Map(env).set(param.name.id, v), [...args, v]);
    };
    bindings(0, new Map(), []);
  }
  return out;
}

/** Declarations an initializer reads (globals and process locals), directly or through definitions. */
function reads(m: Model, e: A.Expr): Set<A.VarDecl> {
  const out = new Set<A.VarDecl>();
  const seenDefs = new Set<A.DefDecl>();
  const visit = (x: unknown): void => {
    if (x === null || typeof x !== "object") return;
    if (Array.isArray(x)) return x.forEach(visit);
    const n = x as { kind?: unknown; id?: unknown; callee?: { id: number } };
    if (typeof n.id === "number") {
      const b = m.c.refs.get(n.id);
      if (b?.k === "var" || b?.k === "local") out.add(b.info.decl);
    }
    if (n.kind === "call" && n.callee) {
      const b = m.c.refs.get(n.callee.id);
      if (b?.k === "def" && !seenDefs.has(b.decl)) {
        seenDefs.add(b.decl);
        visit(b.decl.body);
      }
    }
    for (const [k, v] of Object.entries(x)) if (k !== "span") visit(v);
  };
  visit(e);
  return out;
}

/**
 * The stage of every declaration (grammar/language.md, "Semantics in brief"): 0 for an initializer
 * that reads no variable, otherwise one more than the highest stage it reads.
 */
function stages(m: Model): Map<A.VarDecl, number> {
  const decls = [...m.c.vars.map((v) => v.decl), ...m.c.processes.flatMap((p) => p.locals.map((l) => l.decl))];
  const stage = new Map<A.VarDecl, number>();
  const busy = new Set<A.VarDecl>();
  const of = (d: A.VarDecl): number => {
    const known = stage.get(d);
    if (known !== undefined) return known;
    if (busy.has(d)) throw new Error(`reference: the initializer of ${d.name.name} depends on itself`);
    busy.add(d);
    let k = 0;
    for (const r of reads(m, d.init.expr)) if (decls.includes(r)) k = Math.max(k, of(r) + 1);
    busy.delete(d);
    stage.set(d, k);
    return k;
  };
  decls.forEach(of);
  return stage;
}

/** One initializer to run: a global, or one member's local. */
type InitItem = { readonly kind: "global"; readonly i: number } | { readonly kind: "local"; readonly p: number; readonly m: number; readonly li: number };

/**
 * Every initial state (duplicates included), or the first fault met computing them. Initializers run
 * stage by stage; within a stage, the globals in declaration order, then each process's locals,
 * member by member. Each `in` initializer tries its values for everything after it.
 */
export function initialStates(m: Model): { states: RState[]; fault: FaultKind | undefined } {
  const states: RState[] = [];
  const blankProcs = m.c.processes.map((proc, p) => m.members[p]!.map((): RMember => ({ pc: [...proc.labels.keys()][0] ?? "done", locals: proc.locals.map(() => null) })));
  const choices = (d: { init: { mode: "eq" | "in"; expr: A.Expr } }, ctx: Ctx): Value[] => (d.init.mode === "eq" ? [evalExpr(d.init.expr, ctx)] : domainValues(d.init.expr, ctx));
  const stage = stages(m);
  const all: { item: InitItem; stage: number }[] = [];
  m.c.vars.forEach((v, i) => all.push({ item: { kind: "global", i }, stage: stage.get(v.decl)! }));
  m.c.processes.forEach((proc, p) =>
    m.members[p]!.forEach((_, mi) => proc.locals.forEach((l, li) => all.push({ item: { kind: "local", p, m: mi, li }, stage: stage.get(l.decl)! }))),
  );
  const items = all.map((x, k) => ({ ...x, k })).sort((a, b) => a.stage - b.stage || a.k - b.k).map((x) => x.item);
  const run = (st: RState, k: number): void => {
    const it = items[k];
    if (!it) return void states.push(st);
    if (it.kind === "global") {
      const v = m.c.vars[it.i]!;
      for (const x of choices(v.decl, { m, st, proc: undefined, env: new Map() })) {
        if (!conforms(x, v.type)) throw new RefFault("range", `initial ${show(x)} does not fit ${v.name}`);
        run(withGlobal(st, it.i, x), k + 1);
      }
      return;
    }
    const proc = m.c.processes[it.p]!;
    const l = proc.locals[it.li]!;
    for (const v of choices(l.decl, { m, st, proc: { p: it.p, m: it.m }, env: new Map() })) {
      if (!conforms(v, l.type)) throw new RefFault("range", `initial ${show(v)} does not fit ${l.name}`);
      const mem = st.procs[it.p]![it.m]!;
      const ls = mem.locals.slice();
      ls[it.li] = v;
      run(withMember(st, it.p, it.m, { pc: mem.pc, locals: ls }), k + 1);
    }
  };
  try {
    run({ globals: m.c.vars.map(() => null), procs: blankProcs }, 0);
  } catch (e) {
    if (!(e instanceof RefFault)) throw e;
    return { states, fault: e.fault };
  }
  return { states, fault: undefined };
}
