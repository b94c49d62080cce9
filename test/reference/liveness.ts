// Temporal properties by brute force on the reference graph (grammar/language.md, "Properties"), and
// a validator for the lassos the compiled checker prints.
//
// TLA semantics: a behaviour may stutter forever in a state unless fairness forbids it; a step that
// changes nothing is a stutter, so a fairness unit (a process member, or an action with all its
// parameter values) is "enabled" in a state when one of its steps leads to a different state. A
// behaviour's infinite part is fair when every weakly fair unit enabled in all of its states is taken
// in it, and every strongly fair unit enabled in one of its states is taken in it. Strongly
// connected parts are found by mutual reachability (two breadth-first searches per state), not Tarjan.
import type { Checked } from "../../src/sema/model.ts";
import type * as A from "../../src/syntax/ast.ts";
import { decodeState, describeTransition, sameTransition, type CompiledView, type CompiledViolation } from "./decode.ts";
import { evalBool } from "./eval.ts";
import { initialStates, successors, type RTransition } from "./exec.ts";
import { referenceGraph, type RefGraph } from "./explore.ts";
import { Model, stateKey, type RState } from "./state.ts";
import { canon } from "./values.ts";
import { unreachableDepth } from "./stuck.ts";

/** Fairness units: `P[member]`, `P` or an action name, weak or strong (strong wins when both). */
export class Fairness {
  readonly strong = new Map<string, boolean>();
  private readonly kinds = new Map<string, "process" | "action">();
  constructor(c: Checked) {
    for (const f of c.fairness) {
      for (const n of f.names) {
        this.kinds.set(n.name, c.processes.some((p) => p.name === n.name) ? "process" : "action");
        this.strong.set(n.name, (this.strong.get(n.name) ?? false) || f.strength === "strong");
      }
    }
  }
  /** The unit a transition belongs to, or undefined when nothing about it is fair. */
  unitOf(t: RTransition): string | undefined {
    if (this.kinds.get(t.name) !== t.kind) return undefined;
    return t.kind === "process" && t.args.length > 0 ? `${t.name}[${canon(t.args[0]!)}]` : t.name;
  }
  isStrong(unit: string): boolean {
    return this.strong.get(unit.replace(/\[.*$/, "")) ?? false;
  }
}

/** Units with a step from `s` to a different state. */
function enabledIn(g: RefGraph, f: Fairness, s: number): Set<string> {
  const out = new Set<string>();
  for (const e of g.edges[s]!) {
    const u = f.unitOf(e.t);
    if (u && e.to !== s) out.add(u);
  }
  return out;
}

/** States of `X` from which a fair infinite behaviour stays inside `X` forever. */
export function fairStates(g: RefGraph, f: Fairness, X: ReadonlySet<number>): Set<number> {
  const seeds = new Set<number>();
  for (const s of X) if (enabledIn(g, f, s).size === 0) seeds.add(s); // a fair stutter
  for (const c of fairCycleStates(g, f, X)) seeds.add(c);
  // Backwards: every state of X with a path inside X to a seed.
  const out = new Set(seeds);
  let grew = true;
  while (grew) {
    grew = false;
    for (const s of X) {
      if (out.has(s)) continue;
      if (g.edges[s]!.some((e) => out.has(e.to))) {
        out.add(s);
        grew = true;
      }
    }
  }
  return out;
}

function reachWithin(g: RefGraph, X: ReadonlySet<number>, from: number): Set<number> {
  const seen = new Set<number>();
  const todo = [from];
  while (todo.length > 0) {
    const s = todo.pop()!;
    for (const e of g.edges[s]!) {
      if (e.to !== s && X.has(e.to) && !seen.has(e.to)) {
        seen.add(e.to);
        todo.push(e.to);
      }
    }
  }
  return seen; // states reachable in one or more real steps
}

/** States lying on some fair cycle (of real steps) inside `X`. */
function fairCycleStates(g: RefGraph, f: Fairness, X: ReadonlySet<number>): Set<number> {
  const reach = new Map<number, Set<number>>();
  for (const s of X) reach.set(s, reachWithin(g, X, s));
  const out = new Set<number>();
  const done = new Set<number>();
  for (const s of X) {
    if (done.has(s) || !reach.get(s)!.has(s)) continue; // not on any cycle
    const comp = new Set([...reach.get(s)!].filter((t) => reach.get(t)!.has(s)));
    for (const t of comp) done.add(t);
    for (const t of fairPart(g, f, comp)) out.add(t);
  }
  return out;
}

/** The states of a cyclic component `comp` that lie on a fair cycle inside it. */
function fairPart(g: RefGraph, f: Fairness, comp: ReadonlySet<number>): Set<number> {
  const taken = new Set<string>();
  for (const s of comp) for (const e of g.edges[s]!) if (e.to !== s && comp.has(e.to)) { const u = f.unitOf(e.t); if (u) taken.add(u); }
  const enabled = [...comp].map((s) => enabledIn(g, f, s));
  const units = new Set(enabled.flatMap((x) => [...x]));
  const badStrong = new Set<string>();
  for (const u of units) {
    if (taken.has(u)) continue;
    if (!f.isStrong(u) && enabled.every((x) => x.has(u))) return new Set(); // weak, always enabled, never taken
    if (f.isStrong(u)) badStrong.add(u);
  }
  if (badStrong.size === 0) return new Set(comp);
  // A fair cycle must avoid every state where such a strong unit is enabled.
  const rest = new Set([...comp].filter((s, i) => ![...badStrong].some((u) => enabled[i]!.has(u))));
  return fairCycleStates(g, f, rest);
}

export interface PropertyVerdict {
  readonly name: string;
  readonly holds: boolean;
}

/** Holds or violated, for every temporal property of the spec, in declaration order. */
export function referenceProperties(checked: Checked, g: RefGraph = referenceGraph(checked)): PropertyVerdict[] {
  if (!g.complete) throw new Error("reference liveness: graph too big");
  const f = new Fairness(checked);
  const all = g.states.map((_, i) => i);
  return checked.properties.map((prop) => {
    const p = all.map((s) => holdsAt(g.model, prop.p, g.states[s]!));
    const q = all.map((s) => (prop.q ? holdsAt(g.model, prop.q, g.states[s]!) : false));
    if (prop.temporal === "always") return { name: prop.name.name, holds: p.every((x) => x) };
    if (prop.temporal === "alwaysReachable") return { name: prop.name.name, holds: unreachableDepth(g, (st) => holdsAt(g.model, prop.p, st)) === undefined };
    const goal = prop.temporal === "leadsto" ? q : p;
    const X = new Set(all.filter((s) => !goal[s]));
    const fair = fairStates(g, f, X);
    const bad = prop.temporal === "eventually" ? g.initial.some((s) => fair.has(s)) : prop.temporal === "alwaysEventually" ? fair.size > 0 : all.some((s) => p[s] && fair.has(s));
    return { name: prop.name.name, holds: !bad };
  });
}

function holdsAt(m: Model, e: A.Expr, st: RState): boolean {
  return evalBool(e, { m, st, proc: undefined, env: new Map() });
}

/**
 * Checks a compiled liveness counterexample with the reference semantics: the prefix and the cycle
 * are real paths from an initial state, the cycle closes (or the last state may stutter), the cycle
 * is fair, and the property fails along the lasso. Returns the problems (empty when it is valid).
 */
export function validateLasso(checked: Checked, view: CompiledView, v: CompiledViolation): string[] {
  const m = new Model(checked);
  const f = new Fairness(checked);
  const prop = checked.properties.find((p) => p.name.name === v.property);
  if (!prop) return [`no temporal property ${v.property}`];
  const problems: string[] = [];
  const states = v.trace.map((s) => decodeState(m, view, s.state));
  if (states.length === 0) return ["empty trace"];
  if (!initialStates(m).states.some((s) => stateKey(s) === stateKey(states[0]!))) problems.push("the lasso does not start in an initial state");
  // The transition each step takes, as the reference sees it (undefined: not a real step).
  const stepFrom = (from: RState, to: RState, tr: number, args: readonly number[]): RTransition | undefined => {
    for (const o of successors(m, from)) if ("to" in o && sameTransition(view, tr, args, o.t) && stateKey(o.to) === stateKey(to)) return o.t;
    return undefined;
  };
  const steps: (RTransition | undefined)[] = [];
  for (let i = 1; i < states.length; i++) {
    const t = stepFrom(states[i - 1]!, states[i]!, v.trace[i]!.transition, v.trace[i]!.args);
    if (!t) problems.push(`step ${i} (${describeTransition(view, v.trace[i]!.transition, v.trace[i]!.args)}) is not a transition of the reference`);
    steps.push(t);
  }
  const P = (s: RState): boolean => holdsAt(m, prop.p, s);
  const Q = (s: RState): boolean => (prop.q ? holdsAt(m, prop.q, s) : false);
  if (prop.temporal === "always") {
    if (v.lasso) problems.push("an `always` violation needs no lasso");
    if (P(states[states.length - 1]!)) problems.push("the last state satisfies the `always` predicate");
    return problems;
  }
  if (prop.temporal === "alwaysReachable") {
    if (v.lasso) problems.push("an `always reachable` violation needs no lasso");
    // Forward from the last state: no state satisfying P.
    const seen = new Map([[stateKey(states[states.length - 1]!), states[states.length - 1]!]]);
    for (const [, s] of seen) {
      if (P(s)) return [...problems, "a state satisfying the predicate is reachable from the last state"];
      for (const o of successors(m, s)) if ("to" in o && !seen.has(stateKey(o.to))) seen.set(stateKey(o.to), o.to);
    }
    return problems;
  }
  if (!v.lasso) return [...problems, "a liveness violation without a lasso"];
  const loop = v.lasso.loop;
  const last = states.length - 1;
  if (loop < 0 || loop > last) return [...problems, `loop index ${loop} outside the trace`];
  const cycle = states.slice(loop);
  const cycleSteps: (RTransition | undefined)[] = steps.slice(loop);
  if (v.lasso.back) {
    const t = stepFrom(states[last]!, states[loop]!, v.lasso.back.transition, v.lasso.back.args);
    if (!t) problems.push(`the step back (${describeTransition(view, v.lasso.back.transition, v.lasso.back.args)}) does not lead to state ${loop}`);
    cycleSteps.push(t);
  } else if (loop !== last) {
    problems.push("a stutter must be at the last state");
  }
  // Fairness along the cycle (a stutter: the last state alone, with no step taken).
  const enabled = cycle.map((s) => {
    const out = new Set<string>();
    for (const o of successors(m, s)) if ("to" in o && stateKey(o.to) !== stateKey(s)) { const u = f.unitOf(o.t); if (u) out.add(u); }
    return out;
  });
  const taken = new Set(cycleSteps.flatMap((t) => { const u = t ? f.unitOf(t) : undefined; return u ? [u] : []; }));
  for (const u of new Set(enabled.flatMap((x) => [...x]))) {
    if (taken.has(u)) continue;
    if (f.isStrong(u)) problems.push(`strongly fair ${u} is enabled on the cycle and never taken`);
    else if (enabled.every((x) => x.has(u))) problems.push(`weakly fair ${u} is enabled throughout the cycle and never taken`);
  }
  // The property fails on the behaviour prefix + cycle forever.
  if (prop.temporal === "eventually" && states.some(P)) problems.push("the behaviour reaches the `eventually` goal");
  if (prop.temporal === "alwaysEventually" && cycle.some(P)) problems.push("the goal holds on the cycle");
  if (prop.temporal === "leadsto") {
    const fromTrigger = states.some((s, i) => P(s) && states.slice(Math.min(i, loop)).every((x) => !Q(x)));
    if (!fromTrigger) problems.push("no state where P holds is followed by Q-free steps forever");
  }
  return problems;
}
