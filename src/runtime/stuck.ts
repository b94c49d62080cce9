// Stuck members (partial deadlock) and `always reachable`, decided on the explored state graph
// (liveness.ts `explore`). Member m is stuck in reachable state s when m is not done and not idle in
// s, and no state reachable from s (s included) either lets m take a step or has no successor at
// all (that is the deadlock check's business). Per member: one backward reachability from the
// states where m is enabled or that have no successor; stuck states are the rest, minus done and
// idle ones. The first stuck (state, member) in discovery (BFS) order is reported, so its trace is
// a shortest one. Linear in the graph per member.
import type { TraceStep, Violation } from "./check.ts";
import { chainTo, labelPath, type Graph } from "./liveness.ts";
import { KspecFault, type Machine, type State } from "./machine.ts";

/** Maps a step (transition, args) to the index in `m.members` of the member taking it, or -1 (an action). */
export function memberIndexer(m: Machine): (transition: number, args: Int32Array) => number {
  const members = m.members ?? [];
  // Members of a family are contiguous, in order of `self`: the first one and its `self` suffice.
  const first = new Map<string, number>();
  members.forEach((mb, i) => {
    if (!first.has(mb.process)) first.set(mb.process, i);
  });
  const base = new Int32Array(m.transitions.length).fill(-1);
  const self0 = new Int32Array(m.transitions.length);
  m.transitions.forEach((t, i) => {
    const f = t.kind === "process" ? first.get(t.name) : undefined;
    if (f !== undefined) {
      base[i] = f;
      self0[i] = members[f]!.self;
    }
  });
  const family = m.transitions.map((t) => t.kind === "process" && t.params.length > 0);
  return (tr, args) => {
    const b = base[tr]!;
    if (b < 0) return -1;
    return family[tr] ? b + args[0]! - self0[tr]! : b;
  };
}

/**
 * Is member `i` waiting where it may (done, at an `idle at` label, or `idle when` holds)? An idle
 * predicate that faults (division by zero, say) counts as false, as grammar/language.md says.
 */
export function mayWait(m: Machine, i: number, s: State): boolean {
  const mb = m.members![i]!;
  const pc = s[mb.pc]!;
  if (pc === mb.labels.length || mb.idleAt.includes(pc)) return true;
  if (mb.idle === undefined) return false;
  try {
    return mb.idle(s);
  } catch (e) {
    if (!(e instanceof KspecFault)) throw e;
    return false;
  }
}

/**
 * The cheap per-state test the search runs: after `next(s)` has marked the members that took a
 * step, is some member blocked (no step, not done, not idle)? Only then can a member be stuck, so
 * only then does the graph analysis run.
 */
export class BlockedWatch {
  private readonly memberOf: (tr: number, args: Int32Array) => number;
  private readonly stamp: Int32Array;
  private now = 1;
  /** Set once some state had a blocked member. */
  seen = false;
  private readonly m: Machine;
  constructor(m: Machine) {
    this.m = m;
    this.memberOf = memberIndexer(m);
    this.stamp = new Int32Array(m.members?.length ?? 0);
  }
  /** Call before computing the successors of a state. */
  begin(): void {
    this.now++;
  }
  mark(tr: number, args: Int32Array): void {
    const i = this.memberOf(tr, args);
    if (i >= 0) this.stamp[i] = this.now;
  }
  /** Call after: records whether some member of `s` was blocked. */
  end(s: State): void {
    for (let i = 0; i < this.stamp.length; i++) {
      if (this.stamp[i] !== this.now && !mayWait(this.m, i, s)) {
        this.seen = true;
        return;
      }
    }
  }
}

/** Reverse edges of the graph, as offsets (`revStart`) into sources (`revFrom`). */
function reverse(g: Graph): { revStart: Int32Array; revFrom: Int32Array } {
  const revStart = new Int32Array(g.count + 1);
  for (let e = 0; e < g.edgeTo.length; e++) revStart[g.edgeTo[e]! + 1]!++;
  for (let i = 0; i < g.count; i++) revStart[i + 1]! += revStart[i]!;
  const fill = revStart.slice(0, g.count);
  const revFrom = new Int32Array(g.edgeTo.length);
  for (let s = 0; s < g.count; s++) for (let e = g.edgeStart[s]!; e < g.edgeStart[s + 1]!; e++) revFrom[fill[g.edgeTo[e]!]!++] = s;
  return { revStart, revFrom };
}

const reverses = new WeakMap<Graph, { revStart: Int32Array; revFrom: Int32Array }>();

/** The states from which some state in `goal` is reachable (goal included). */
export function backwardClosure(g: Graph, goal: Uint8Array): Uint8Array {
  let rev = reverses.get(g);
  if (!rev) {
    rev = reverse(g);
    reverses.set(g, rev);
  }
  const { revStart, revFrom } = rev;
  const seen = new Uint8Array(g.count);
  const stack = new Int32Array(g.count);
  let top = 0;
  for (let s = 0; s < g.count; s++) {
    if (goal[s]) {
      seen[s] = 1;
      stack[top++] = s;
    }
  }
  while (top > 0) {
    const v = stack[--top]!;
    for (let k = revStart[v]!; k < revStart[v + 1]!; k++) {
      const u = revFrom[k]!;
      if (!seen[u]) {
        seen[u] = 1;
        stack[top++] = u;
      }
    }
  }
  return seen;
}

/** The first state (in discovery order) not in `set`, or -1. */
export function firstOutside(g: Graph, set: Uint8Array): number {
  for (let s = 0; s < g.count; s++) if (!set[s]) return s;
  return -1;
}

/** The first stuck member, as a violation with a shortest trace, or undefined. */
export function findStuck(m: Machine, g: Graph): Violation | undefined {
  const members = m.members ?? [];
  const M = members.length;
  if (M === 0 || !g.enabled) return undefined;
  const cur = new Int32Array(m.width);
  let best = -1;
  let bestMember = -1;
  for (let i = 0; i < M; i++) {
    const goal = new Uint8Array(g.count);
    for (let s = 0; s < g.count; s++) goal[s] = g.enabled[s * M + i] || !g.hasNext[s] ? 1 : 0;
    const live = backwardClosure(g, goal);
    const limit = best < 0 ? g.count : best; // only an earlier state (or an earlier member) can win
    for (let s = 0; s < limit; s++) {
      if (live[s]) continue;
      m.unpack(g.store.states, s * m.words, cur);
      if (mayWait(m, i, cur)) continue;
      best = s;
      bestMember = i;
      break;
    }
  }
  if (best < 0) return undefined;
  const trace: TraceStep[] = labelPath(m, g, chainTo(g, best));
  const mb = members[bestMember]!;
  const label = mb.labels[trace[trace.length - 1]!.state[mb.pc]!] ?? "?";
  return {
    kind: "stuck",
    property: "stuck",
    message: `stuck: ${mb.name} waits at ${label} forever (no continuation lets it take another step, while the system runs on)`,
    site: undefined,
    trace,
    failedStep: undefined,
  };
}
