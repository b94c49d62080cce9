// Temporal properties under fairness, checked on the explored state graph (one thread).
//
// Semantics are TLA's: a behaviour may stutter (repeat its state) at any point, so progress comes
// only from fairness. Weak fairness of a process member or action: if it stays enabled, it is
// eventually taken. Strong: if it is enabled infinitely often, it is eventually taken. A violation
// of `eventually P`, `always eventually P` or `P leadsto Q` is a lasso: a finite prefix, then a
// fair cycle (or a fair stutter) that never reaches the goal. The bad cycles are the fair strongly
// connected components of the goal-free subgraph (Tarjan, refined for strong fairness as in
// Emerson-Lei); the one reached by the shortest prefix is reported.
import type { CheckResult, TraceStep, Violation } from "./check.ts";
import { KspecFault, type Machine, type State, type TemporalProperty } from "./machine.ts";
import { ExactStore } from "./store.ts";
import { takenStep, type TakenStep } from "./step.ts";
import { backwardClosure, findStuck, firstOutside, memberIndexer } from "./stuck.ts";
import type { PropertyReport } from "./report.ts";

export interface LivenessOptions {
  /** Refuse graphs with more distinct states than this (default 5 million). */
  readonly maxStates?: number;
  /** Look for stuck members first (stuck.ts). */
  readonly stuck?: boolean;
  /** Check the temporal properties (default true). */
  readonly properties?: boolean;
}

export interface Graph {
  readonly count: number;
  readonly store: ExactStore;
  readonly parent: Int32Array; // BFS parents from the initial states (-1 for an initial state)
  readonly initial: Uint8Array;
  readonly edgeStart: Int32Array; // edges of state i: edgeStart[i] .. edgeStart[i + 1]
  readonly edgeTo: Int32Array;
  readonly edgeUnit: Int32Array; // fairness unit of the edge, or -1
  readonly units: readonly { readonly fairness: number; readonly member: number; readonly strong: boolean; readonly label: string }[];
  /** States with at least one successor (a step that changes nothing counts). */
  readonly hasNext: Uint8Array;
  /** With `members`: `enabled[s * members + i]` is 1 when member i has a step from state s. */
  readonly enabled: Uint8Array | undefined;
}

class IntList {
  data = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const d = new Int32Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[this.length++] = v;
  }
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/** Explores every reachable state and records the edges with their fairness units. */
export function explore(m: Machine, maxStates: number, members = false): Graph | undefined {
  const store = new ExactStore(m.words);
  const packed = new Int32Array(m.words);
  const parents = new IntList();
  const initial = new IntList();
  const edgeStart = new IntList();
  const edgeTo = new IntList();
  const edgeUnit = new IntList();
  const units: { fairness: number; member: number; strong: boolean; label: string }[] = [];
  const memberCount = m.members?.length ?? 0;
  const unitIndex = new Map<string, number>();
  const fairOf: number[][] = m.transitions.map(() => []);
  m.fairness.forEach((f, fi) => f.transitions.forEach((t) => fairOf[t]!.push(fi)));
  // A process or action named by several fairness declarations is one unit; strong wins over weak
  // (strong fairness implies weak).
  const unitOf = (tr: number, args: Int32Array): number => {
    const fs = fairOf[tr];
    if (!fs || fs.length === 0) return -1;
    const fi = fs.find((i) => m.fairness[i]!.strong) ?? fs[0]!;
    const f = m.fairness[fi]!;
    const member = f.perMember ? args[0]! : 0;
    const key = `${f.name}:${member}`;
    let u = unitIndex.get(key);
    if (u === undefined) {
      u = units.length;
      unitIndex.set(key, u);
      units.push({ fairness: fi, member, strong: f.strong, label: f.perMember ? `${f.name}[${member}]` : f.name });
    }
    return u;
  };
  const memberOf = members ? memberIndexer(m) : undefined;
  const enabledPairs = new IntList();
  const nextFrom = new IntList();
  let parent = -1;
  let tooBig = false;
  const add = (s: State): number => {
    m.pack(s, packed, 0);
    const r = store.add(packed, 0);
    if (r < 0) return -1 - r;
    parents.push(parent);
    if (store.count > maxStates) tooBig = true;
    return r;
  };
  const STOP = { stop: true };
  try {
    m.init((s) => {
      // More initial states than the graph may hold: stop enumerating them (the check says so).
      if (tooBig) throw STOP;
      const before = store.count;
      const idx = add(s);
      if (store.count > before) initial.push(idx);
    });
  } catch (e) {
    if (e !== STOP) throw e;
  }
  const cur = new Int32Array(m.width);
  for (let i = 0; i < store.count && !tooBig; i++) {
    m.unpack(store.states, i * m.words, cur);
    parent = i;
    edgeStart.push(edgeTo.length);
    let any = false;
    m.next(cur, (s, tr, args) => {
      if (!any) nextFrom.push(i);
      any = true;
      if (memberOf) {
        const mi = memberOf(tr, args);
        if (mi >= 0) enabledPairs.push(i * memberCount + mi);
      }
      const to = add(s);
      if (to === i) return; // a step that changes nothing is a stutter
      edgeTo.push(to);
      edgeUnit.push(unitOf(tr, args));
    });
  }
  if (tooBig) return undefined;
  edgeStart.push(edgeTo.length);
  const init = new Uint8Array(store.count);
  for (let k = 0; k < initial.length; k++) init[initial.data[k]!] = 1;
  const hasNext = new Uint8Array(store.count);
  for (let k = 0; k < nextFrom.length; k++) hasNext[nextFrom.data[k]!] = 1;
  let enabled: Uint8Array | undefined;
  if (memberOf) {
    enabled = new Uint8Array(store.count * memberCount);
    for (let k = 0; k < enabledPairs.length; k++) enabled[enabledPairs.data[k]!] = 1;
  }
  return { count: store.count, store, parent: parents.toArray(), initial: init, edgeStart: edgeStart.toArray(), edgeTo: edgeTo.toArray(), edgeUnit: edgeUnit.toArray(), units, hasNext, enabled };
}

/** Strongly connected components of the subgraph on `inSet` (iterative Tarjan), in discovery order. */
function sccs(g: Graph, inSet: Uint8Array): Int32Array[] {
  const n = g.count;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const out: Int32Array[] = [];
  let counter = 0;
  const callNode: number[] = [];
  const callEdge: number[] = [];
  for (let root = 0; root < n; root++) {
    if (!inSet[root] || index[root] !== -1) continue;
    callNode.push(root);
    callEdge.push(g.edgeStart[root]!);
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (callNode.length > 0) {
      const v = callNode[callNode.length - 1]!;
      const e = callEdge[callEdge.length - 1]!;
      if (e < g.edgeStart[v + 1]!) {
        callEdge[callEdge.length - 1] = e + 1;
        const w = g.edgeTo[e]!;
        if (!inSet[w]) continue;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          callNode.push(w);
          callEdge.push(g.edgeStart[w]!);
        } else if (onStack[w]) {
          low[v] = Math.min(low[v]!, index[w]!);
        }
        continue;
      }
      callNode.pop();
      callEdge.pop();
      const u = callNode[callNode.length - 1];
      if (u !== undefined) low[u] = Math.min(low[u]!, low[v]!);
      if (low[v] === index[v]) {
        const comp: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          comp.push(w);
        } while (w !== v);
        out.push(Int32Array.from(comp.sort((a, b) => a - b)));
      }
    }
  }
  return out;
}

function enabledUnits(g: Graph, s: number): Set<number> {
  const out = new Set<number>();
  for (let e = g.edgeStart[s]!; e < g.edgeStart[s + 1]!; e++) if (g.edgeUnit[e]! >= 0) out.add(g.edgeUnit[e]!);
  return out;
}

/** A fair sub-component of the SCC `comp` (a cycle, not a stutter), or undefined. */
function fairComponent(g: Graph, comp: Int32Array): Int32Array | undefined {
  const inC = new Uint8Array(g.count);
  for (const s of comp) inC[s] = 1;
  let internal = false;
  const taken = new Set<number>();
  for (const s of comp) {
    for (let e = g.edgeStart[s]!; e < g.edgeStart[s + 1]!; e++) {
      if (!inC[g.edgeTo[e]!]) continue;
      internal = true;
      if (g.edgeUnit[e]! >= 0) taken.add(g.edgeUnit[e]!);
    }
  }
  if (!internal) return undefined; // a single state: only a stutter, checked separately
  const enabled = comp.reduce((acc, s) => (acc.push(enabledUnits(g, s)), acc), [] as Set<number>[]);
  for (let u = 0; u < g.units.length; u++) {
    if (taken.has(u)) continue;
    const everywhere = enabled.every((es) => es.has(u));
    const somewhere = enabled.some((es) => es.has(u));
    if (!g.units[u]!.strong) {
      if (everywhere) return undefined; // weakly fair unit enabled throughout, never taken
    } else if (somewhere) {
      // Strongly fair unit enabled infinitely often, never taken: drop the states where it is
      // enabled and look for fair cycles in what remains.
      const rest = new Uint8Array(g.count);
      comp.forEach((s, i) => {
        if (!enabled[i]!.has(u)) rest[s] = 1;
      });
      for (const sub of sccs(g, rest)) {
        const f = fairComponent(g, sub);
        if (f) return f;
      }
      return undefined;
    }
  }
  return comp;
}

/** BFS over `inSet` from `from` to the first state satisfying `goal`; returns the path of states. */
function pathWithin(g: Graph, inSet: Uint8Array, from: number, goal: (s: number) => boolean, firstStep: boolean): number[] | undefined {
  const prev = new Map<number, number>();
  const queue: number[] = [];
  if (!firstStep && goal(from)) return [from];
  // With firstStep, at least one edge is taken (to close a cycle back to `from`).
  prev.set(from, -1);
  queue.push(from);
  for (let qi = 0; qi < queue.length; qi++) {
    const v = queue[qi]!;
    for (let e = g.edgeStart[v]!; e < g.edgeStart[v + 1]!; e++) {
      const w = g.edgeTo[e]!;
      if (!inSet[w]) continue;
      if (goal(w)) {
        const path = [w];
        for (let x = v; x !== -1; x = prev.get(x)!) path.push(x);
        return path.reverse();
      }
      if (prev.has(w)) continue;
      prev.set(w, v);
      queue.push(w);
    }
  }
  return undefined;
}

interface Lasso {
  readonly states: number[]; // prefix then cycle; the cycle starts at `loop`
  readonly loop: number;
  readonly stutter: boolean;
}

/** Finds the violation of one property that the shortest prefix reaches. */
function findLasso(g: Graph, prop: TemporalProperty, holdsP: Uint8Array, holdsQ: Uint8Array): Lasso | number[] | undefined {
  const n = g.count;
  if (prop.kind === "alwaysReachable") {
    const first = firstOutside(g, backwardClosure(g, holdsP));
    return first < 0 ? undefined : chainTo(g, first);
  }
  if (prop.kind === "always") {
    // A safety property: the shortest path to a state where P fails (BFS order = discovery order).
    for (let s = 0; s < n; s++) if (!holdsP[s]) return chainTo(g, s);
    return undefined;
  }
  // The goal-free subgraph and the triggers that start a bad suffix.
  const goal = prop.kind === "leadsto" ? holdsQ : holdsP;
  const free = new Uint8Array(n);
  for (let s = 0; s < n; s++) free[s] = goal[s] ? 0 : 1;
  const isTrigger = (s: number): boolean =>
    prop.kind === "eventually" ? g.initial[s] === 1 && free[s] === 1 : prop.kind === "alwaysEventually" ? free[s] === 1 : holdsP[s] === 1 && free[s] === 1;
  // Distances: reach a trigger (along any path; for `eventually` the trigger is an initial state),
  // then stay in the goal-free subgraph. Multi-source BFS seeded in order of the trigger's depth.
  const depth0 = new Int32Array(n);
  for (let s = 0; s < n; s++) depth0[s] = g.parent[s]! < 0 ? 0 : depth0[g.parent[s]!]! + 1;
  // Dial's algorithm: buckets by distance, a trigger entering at its own depth.
  const dist = new Int32Array(n).fill(-1);
  const via = new Int32Array(n).fill(-1); // predecessor inside the goal-free part (-1: a trigger)
  const buckets: number[][] = [];
  const put = (s: number, d: number): void => {
    (buckets[d] ??= []).push(s);
  };
  for (let s = 0; s < n; s++) {
    if (isTrigger(s)) {
      dist[s] = depth0[s]!;
      put(s, depth0[s]!);
    }
  }
  for (let d = 0; d < buckets.length; d++) {
    for (const v of buckets[d] ?? []) {
      if (dist[v] !== d) continue; // reached sooner another way
      for (let e = g.edgeStart[v]!; e < g.edgeStart[v + 1]!; e++) {
        const w = g.edgeTo[e]!;
        if (!free[w] || (dist[w] !== -1 && dist[w]! <= d + 1)) continue;
        dist[w] = d + 1;
        via[w] = v;
        put(w, d + 1);
      }
    }
  }
  const reach = new Uint8Array(n);
  for (let s = 0; s < n; s++) reach[s] = dist[s]! >= 0 ? 1 : 0;
  // Candidates: fair stutters (every fair unit disabled) and fair cycles.
  let best: { cost: number; entry: number; comp: Int32Array | undefined } | undefined;
  for (let s = 0; s < n; s++) {
    if (!reach[s]) continue;
    if (enabledUnits(g, s).size === 0 && (!best || dist[s]! < best.cost)) best = { cost: dist[s]!, entry: s, comp: undefined };
  }
  for (const comp of sccs(g, reach)) {
    const fair = fairComponent(g, comp);
    if (!fair) continue;
    let entry = fair[0]!;
    for (const s of fair) if (dist[s]! < dist[entry]!) entry = s;
    if (!best || dist[entry]! < best.cost) best = { cost: dist[entry]!, entry, comp: fair };
  }
  if (!best) return undefined;
  // Prefix: the BFS chain to the trigger, then the goal-free path to the entry.
  const tail: number[] = [];
  let x = best.entry;
  while (via[x] !== -1) {
    tail.push(x);
    x = via[x]!;
  }
  const prefix = [...chainTo(g, x), ...tail.reverse()];
  if (!best.comp) return { states: prefix, loop: prefix.length - 1, stutter: true };
  // A cycle through the component that meets every fairness requirement: takes each unit that is
  // taken inside, and visits a state where each weakly fair unit is disabled.
  const inC = new Uint8Array(n);
  for (const s of best.comp) inC[s] = 1;
  const cycle: number[] = [best.entry];
  let at = best.entry;
  const unitsTaken = new Set<number>();
  for (const s of best.comp) for (let e = g.edgeStart[s]!; e < g.edgeStart[s + 1]!; e++) if (inC[g.edgeTo[e]!] && g.edgeUnit[e]! >= 0) unitsTaken.add(g.edgeUnit[e]!);
  const goTo = (target: (s: number) => boolean): void => {
    const p = pathWithin(g, inC, at, target, false);
    if (!p) return;
    cycle.push(...p.slice(1));
    at = p[p.length - 1]!;
  };
  for (let u = 0; u < g.units.length; u++) {
    if (unitsTaken.has(u)) {
      // Reach a source of a u-edge inside the component, then take it.
      goTo((s) => hasUnitEdge(g, inC, s, u) !== -1);
      const e = hasUnitEdge(g, inC, at, u);
      if (e !== -1) {
        at = g.edgeTo[e]!;
        cycle.push(at);
      }
    } else if (!g.units[u]!.strong) {
      goTo((s) => !enabledUnits(g, s).has(u));
    }
  }
  // Close the cycle: the last state listed steps back to the entry.
  if (at === best.entry && cycle.length > 1) cycle.pop();
  else cycle.push(...pathWithin(g, inC, at, (s) => s === best!.entry, at === best.entry)!.slice(1, -1));
  return { states: [...prefix.slice(0, -1), ...cycle], loop: prefix.length - 1, stutter: false };
}

function hasUnitEdge(g: Graph, inC: Uint8Array, s: number, u: number): number {
  for (let e = g.edgeStart[s]!; e < g.edgeStart[s + 1]!; e++) if (g.edgeUnit[e] === u && inC[g.edgeTo[e]!]) return e;
  return -1;
}

export function chainTo(g: Graph, s: number): number[] {
  const out: number[] = [];
  for (let x = s; x !== -1; x = g.parent[x]!) out.push(x);
  return out.reverse();
}

/** Labels a path of state indices with transitions by replaying `next`. */
export function labelPath(m: Machine, g: Graph, path: number[]): TraceStep[] {
  const packed = new Int32Array(m.words);
  const state = (i: number): Int32Array => {
    const s = new Int32Array(m.width);
    m.unpack(g.store.states, i * m.words, s);
    return s;
  };
  const stepTo = (from: number, to: number): TakenStep => {
    let found: TakenStep | undefined;
    m.next(state(from), (s, tr, args) => {
      if (found) return;
      m.pack(s, packed, 0);
      if (g.store.lookup(packed, 0) === to) found = takenStep(m, tr, args);
    });
    return found ?? { transition: -1, args: [] };
  };
  return path.map((s, i) => (i === 0 ? { transition: -1, args: [], state: state(s) } : { ...stepTo(path[i - 1]!, s), state: state(s) }));
}

export function checkLiveness(m: Machine, opts: LivenessOptions = {}): CheckResult {
  const t0 = performance.now();
  const g = explore(m, opts.maxStates ?? 5_000_000, opts.stuck === true);
  if (!g && opts.stuck && opts.properties === false) {
    // Only the stuck check was asked for: skip it rather than stop the run.
    return { verdict: "ok", violation: undefined, properties: [{ name: "stuck", kind: "stuck", verdict: "not checked", note: "graph too large" }], warnings: [{ message: "stuck members: not checked (graph too large)" }], stats: { generated: 0, distinct: 0, depth: 0, seconds: (performance.now() - t0) / 1000, storeBytes: 0, store: "exact" } };
  }
  if (!g) {
    return { verdict: "limit", limit: "states", violation: undefined, stats: { generated: 0, distinct: opts.maxStates ?? 5_000_000, depth: 0, seconds: (performance.now() - t0) / 1000, storeBytes: 0, store: "exact" } };
  }
  const cur = new Int32Array(m.width);
  const stats = { generated: g.edgeTo.length + g.count, distinct: g.count, depth: 0, seconds: 0, storeBytes: g.store.bytes() + g.edgeTo.byteLength * 2 + g.edgeStart.byteLength, store: "exact" as const };
  // No initial state, no behaviour: nothing to check (not "every property holds").
  if (g.count === 0) return { verdict: "no-initial-states", violation: undefined, stats: { ...stats, seconds: (performance.now() - t0) / 1000 } };
  const stuckRows: PropertyReport[] = [];
  if (opts.stuck) {
    const stuck = findStuck(m, g);
    if (stuck) return { verdict: "violation", violation: stuck, properties: [{ name: "stuck", kind: "stuck", verdict: "violated", depth: stuck.trace.length - 1 }], stats: { ...stats, seconds: (performance.now() - t0) / 1000 } };
    stuckRows.push({ name: "stuck", kind: "stuck", verdict: "holds" });
  }
  // Every predicate in every state first, state by state in BFS order: a run-time error in one
  // (unwrap(none), say) is a violation with the shortest trace to the first such state, like a
  // fault evaluating an invariant, whichever property it is in.
  const props = opts.properties === false ? [] : m.properties;
  const holds = props.map(() => ({ p: new Uint8Array(g.count), q: new Uint8Array(g.count) }));
  for (let s = 0; s < g.count && props.length > 0; s++) {
    m.unpack(g.store.states, s * m.words, cur);
    for (let i = 0; i < props.length; i++) {
      const prop = props[i]!;
      try {
        holds[i]!.p[s] = prop.p(cur) ? 1 : 0;
        holds[i]!.q[s] = prop.q?.(cur) ? 1 : 0;
      } catch (e) {
        if (!(e instanceof KspecFault)) throw e;
        const violation: Violation = { kind: "error", property: e.kind, message: `${e.message} (evaluating property ${prop.name})`, site: e.site, trace: labelPath(m, g, chainTo(g, s)), failedStep: undefined };
        return { verdict: "violation", violation, stats: { ...stats, seconds: (performance.now() - t0) / 1000 } };
      }
    }
  }
  for (let i = 0; i < props.length; i++) {
    const prop = props[i]!;
    const holdsP = holds[i]!.p;
    const holdsQ = holds[i]!.q;
    const found = findLasso(g, prop, holdsP, holdsQ);
    if (!found) continue;
    const isLasso = !Array.isArray(found);
    const path = isLasso ? found.states : found;
    const steps = labelPath(m, g, path);
    let lasso: Violation["lasso"];
    if (isLasso) {
      const packed = new Int32Array(m.words);
      let back: TakenStep | undefined;
      if (!found.stutter) {
        const last = steps[steps.length - 1]!.state;
        const target = path[found.loop]!;
        m.next(last, (s, tr, args) => {
          if (back) return;
          m.pack(s, packed, 0);
          if (g.store.lookup(packed, 0) === target) back = takenStep(m, tr, args);
        });
      }
      lasso = { loop: found.loop, back };
    }
    const what = { always: "always", eventually: "eventually", alwaysEventually: "always eventually", leadsto: "leadsto", alwaysReachable: "always reachable" }[prop.kind];
    const violation: Violation = {
      kind: "liveness",
      property: prop.name,
      message:
        prop.kind === "always" ? `property ${prop.name} (always) is violated`
        : prop.kind === "alwaysReachable" ? `property ${prop.name} (always reachable) is violated: no state satisfying it is reachable from the last state`
        : `property ${prop.name} (${what}) is violated: a fair behaviour never reaches its goal`,
      site: prop.site,
      trace: steps,
      failedStep: undefined,
      ...(lasso ? { lasso } : {}),
    };
    return { verdict: "violation", violation, properties: stuckRows, stats: { ...stats, seconds: (performance.now() - t0) / 1000 } };
  }
  return { verdict: "ok", violation: undefined, properties: stuckRows, stats: { ...stats, seconds: (performance.now() - t0) / 1000 } };
}
