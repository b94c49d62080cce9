// Stuck members and `always reachable` by brute force on the reference graph (grammar/language.md,
// "Stuck members"): member m is stuck in reachable state s when m is not done and not idle in s,
// and no state reachable from s (s included) has a step of m or has no successor. Each state's
// reachable set is computed afresh by a forward search: quadratic, obviously right.
import type { Checked } from "../../src/sema/model.ts";
import { evalBool } from "./eval.ts";
import { referenceGraph, type RefGraph } from "./explore.ts";
import { RefFault, stateKey, type Model, type RState } from "./state.ts";

export interface RefStuck {
  /** `Reader[2]`, as kspec prints it. */
  readonly member: string;
  readonly label: string;
  /** Index of the state in the graph, and its BFS depth (steps of a shortest trace). */
  readonly state: number;
  readonly depth: number;
  /** The state's canonical key. */
  readonly key: string;
}

/** The states reachable from `s` in zero or more steps. */
function forward(g: RefGraph, s: number): Set<number> {
  const seen = new Set([s]);
  const todo = [s];
  while (todo.length > 0) for (const e of g.edges[todo.pop()!]!) if (!seen.has(e.to)) { seen.add(e.to); todo.push(e.to); }
  return seen;
}

/** `idle at` / `idle when` of member (p, m) in state `st`; a predicate that faults counts as false. */
export function isIdle(model: Model, p: number, m: number, st: RState): boolean {
  const member = st.procs[p]![m]!;
  if (member.pc === "done") return true;
  for (const d of model.c.processes[p]!.decl.idle) {
    if (d.labels.some((l) => l.name === member.pc)) return true;
    if (d.cond) {
      try {
        if (evalBool(d.cond, { m: model, st, proc: { p, m }, env: new Map() })) return true;
      } catch (e) {
        if (!(e instanceof RefFault)) throw e;
      }
    }
  }
  return false;
}

/** Is member (p, m) stuck in state `s`? */
export function stuckAt(g: RefGraph, p: number, m: number, s: number): boolean {
  if (isIdle(g.model, p, m, g.states[s]!)) return false;
  for (const t of forward(g, s)) {
    const out = g.edges[t]!;
    if (out.length === 0) return false;
    if (out.some((e) => e.t.member !== undefined && e.t.member.p === p && e.t.member.m === m)) return false;
  }
  return true;
}

/**
 * The states from which member (p, m) can still move or the system can stop: those with a step of
 * the member or no successor, and (repeated sweeps until nothing changes) those with a step into one.
 */
function canMove(g: RefGraph, p: number, m: number): boolean[] {
  const live = g.edges.map((out) => out.length === 0 || out.some((e) => e.t.member !== undefined && e.t.member.p === p && e.t.member.m === m));
  for (let grew = true; grew; ) {
    grew = false;
    g.edges.forEach((out, s) => {
      if (!live[s] && out.some((e) => live[e.to])) {
        live[s] = true;
        grew = true;
      }
    });
  }
  return live;
}

/** Every stuck (member, state) pair at the smallest depth where there is one (empty: none). */
export function referenceStuck(checked: Checked, g: RefGraph = referenceGraph(checked)): RefStuck[] {
  if (!g.complete) throw new Error("reference stuck: graph too big");
  const found: RefStuck[] = [];
  g.model.c.processes.forEach((_, p) => {
    g.model.members[p]!.forEach((_v, m) => {
      const live = canMove(g, p, m);
      g.states.forEach((st, s) => {
        if (live[s] || isIdle(g.model, p, m, st)) return;
        found.push({ member: g.model.memberName(p, m), label: st.procs[p]![m]!.pc, state: s, depth: g.depth[s]!, key: stateKey(st) });
      });
    });
  });
  const min = Math.min(...found.map((f) => f.depth));
  return found.filter((f) => f.depth === min);
}

/** For `always reachable P`: the smallest depth of a state from which no P-state is reachable, or undefined. */
export function unreachableDepth(g: RefGraph, P: (s: RState) => boolean): number | undefined {
  let best: number | undefined;
  g.states.forEach((_, s) => {
    if (best !== undefined && g.depth[s]! >= best) return;
    if (![...forward(g, s)].some((t) => P(g.states[t]!))) best = g.depth[s]!;
  });
  return best;
}
