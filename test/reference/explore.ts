// Breadth-first exploration by the reference semantics: the safety verdict with every violation of
// the earliest "event level" (see README.md), and the whole reachable graph for liveness.
import type { Checked } from "../../src/sema/model.ts";
import { evalBool } from "./eval.ts";
import { initialStates, successors, type RTransition } from "./exec.ts";
import { Model, RefFault, RefLimit, stateKey, type RState } from "./state.ts";
import { referenceStuck, type RefStuck } from "./stuck.ts";

export interface RefOptions {
  readonly deadlock?: boolean; // default true
  readonly maxStates?: number; // default 200_000: stop with verdict "limit"
  readonly stuck?: boolean; // default true: when every safety property holds, look for stuck members (stuck.ts)
  /** `--only`: check just these properties (invariants, asserts, covers, `assert`, `deadlock`, `stuck`). */
  readonly only?: readonly string[];
}

export interface RefViolation {
  readonly kind: "invariant" | "assert" | "deadlock" | "error" | "stuck" | "cover";
  /** Invariant name, "assert", "deadlock", or the fault kind ("range", "domain", "unwrap", "division"). */
  readonly property: string;
  /** Steps from an initial state to the violating state, +1 for the failing step of an assert or fault. */
  readonly traceLength: number;
}

export interface RefResult {
  readonly verdict: "ok" | "violation" | "no-initial-states" | "limit";
  readonly distinct: number;
  readonly depth: number;
  readonly violations: readonly RefViolation[];
  /** For a stuck verdict: every stuck (member, state) pair at the smallest depth. */
  readonly stuck?: readonly RefStuck[];
}

/** The first invariant (in declaration order) that fails in `st`, or the fault evaluating one. */
export function invariantViolation(m: Model, st: RState, traceLength: number): RefViolation | undefined {
  for (const inv of m.c.invariants) {
    if (!m.selected(inv.name.name)) continue;
    try {
      if (!evalBool(inv.cond, { m, st, proc: undefined, env: new Map() })) return { kind: "invariant", property: inv.name.name, traceLength };
    } catch (e) {
      if (!(e instanceof RefFault)) throw e;
      return { kind: "error", property: e.fault, traceLength };
    }
  }
  return undefined;
}

/** May `st` have no successor: every process done (when there are processes), or a `terminal` holds. */
export function isTerminal(m: Model, st: RState): boolean {
  if (m.c.processes.length > 0 && st.procs.every((ms) => ms.every((x) => x.pc === "done"))) return true;
  return m.c.terminals.some((t) => evalBool(t.cond, { m, st, proc: undefined, env: new Map() }));
}

export function referenceCheck(checked: Checked, opts: RefOptions = {}): RefResult {
  try {
    return explore(checked, opts);
  } catch (e) {
    if (e instanceof RefLimit) return { verdict: "limit", distinct: 0, depth: 0, violations: [] };
    throw e;
  }
}

function explore(checked: Checked, opts: RefOptions): RefResult {
  const m = new Model(checked, opts.only);
  const deadlock = (opts.deadlock ?? true) && m.selected("deadlock");
  // Covers: the selected ones no state found so far satisfies.
  const covers = new Set(checked.covers.filter((c) => m.selected(c.name.name)));
  const noteCovers = (s: RState, d: number): void => {
    for (const c of covers) {
      try {
        if (evalBool(c.cond, { m, st: s, proc: undefined, env: new Map() })) covers.delete(c);
      } catch (e) {
        if (!(e instanceof RefFault)) throw e;
        violations.push({ kind: "error", property: e.fault, traceLength: d });
      }
    }
  };
  const maxStates = opts.maxStates ?? 200_000;
  const seen = new Map<string, number>(); // key -> BFS depth
  const violations: RefViolation[] = [];
  const init = initialStates(m);
  if (init.fault) violations.push({ kind: "error", property: init.fault, traceLength: 0 });
  let frontier: RState[] = [];
  for (const s of init.states) {
    const k = stateKey(s);
    if (seen.has(k)) continue;
    seen.set(k, 0);
    frontier.push(s);
    const v = invariantViolation(m, s, 0);
    if (v) violations.push(v);
    else noteCovers(s, 0);
  }
  if (violations.length > 0) return { verdict: "violation", distinct: seen.size, depth: 0, violations };
  if (frontier.length === 0) return { verdict: "no-initial-states", distinct: 0, depth: 0, violations };
  let depth = 0;
  for (;;) {
    const next: RState[] = [];
    for (const s of frontier) {
      const outs = successors(m, s);
      let faults = 0;
      for (const o of outs) {
        if ("fault" in o) {
          faults++;
          violations.push({ kind: o.fault === "assert" ? "assert" : "error", property: o.property, traceLength: depth + 1 });
          continue;
        }
        const k = stateKey(o.to);
        if (seen.has(k)) continue;
        seen.set(k, depth + 1);
        next.push(o.to);
        const v = invariantViolation(m, o.to, depth + 1);
        if (v) violations.push(v);
        else noteCovers(o.to, depth + 1);
      }
      if (outs.length === 0 && faults === 0 && deadlock) {
        try {
          if (!isTerminal(m, s)) violations.push({ kind: "deadlock", property: "deadlock", traceLength: depth });
        } catch (e) {
          if (!(e instanceof RefFault)) throw e;
          violations.push({ kind: "error", property: e.fault, traceLength: depth });
        }
      }
    }
    if (violations.length > 0) return { verdict: "violation", distinct: seen.size, depth, violations };
    if (seen.size > maxStates) return { verdict: "limit", distinct: seen.size, depth, violations };
    if (next.length === 0) {
      // Every state explored: the covers still unsatisfied fail (after a stuck member, if any).
      const uncovered: RefViolation[] = [...covers].map((c) => ({ kind: "cover", property: c.name.name, traceLength: 0 }));
      if ((opts.stuck ?? true) && m.selected("stuck") && checked.processes.length > 0) {
        const stuck = referenceStuck(checked, referenceGraph(checked, { maxStates }));
        if (stuck.length > 0) return { verdict: "violation", distinct: seen.size, depth, violations: [{ kind: "stuck", property: "stuck", traceLength: stuck[0]!.depth }, ...uncovered], stuck };
      }
      // A run-time error in a temporal property's predicate, in the reachable states nearest an
      // initial one (language.md: like a fault evaluating an invariant).
      const props = checked.properties.filter((p) => m.selected(p.name.name));
      if (props.length > 0) {
        const g = referenceGraph(checked, { maxStates });
        let at: number | undefined;
        const faults: RefViolation[] = [];
        g.states.forEach((st, i) => {
          const d = g.depth[i]!;
          if (at !== undefined && d > at) return;
          for (const prop of props) {
            for (const e of prop.q ? [prop.p, prop.q] : [prop.p]) {
              try {
                evalBool(e, { m, st, proc: undefined, env: new Map() });
              } catch (err) {
                if (!(err instanceof RefFault)) throw err;
                if (at === undefined || d < at) { at = d; faults.length = 0; }
                faults.push({ kind: "error", property: err.fault, traceLength: d });
              }
            }
          }
        });
        if (faults.length > 0) return { verdict: "violation", distinct: seen.size, depth, violations: [...faults, ...uncovered] };
      }
      if (uncovered.length > 0) return { verdict: "violation", distinct: seen.size, depth, violations: uncovered };
      return { verdict: "ok", distinct: seen.size, depth, violations };
    }
    frontier = next;
    depth++;
  }
}

/** The reachable state graph. Edges include steps that change nothing (`to === from`). */
export interface RefGraph {
  readonly model: Model;
  readonly states: readonly RState[];
  readonly index: ReadonlyMap<string, number>;
  readonly initial: readonly number[];
  readonly depth: readonly number[];
  readonly edges: readonly (readonly { readonly to: number; readonly t: RTransition }[])[];
  /** False when `maxStates` stopped the exploration. */
  readonly complete: boolean;
}

/** `skipFaults`: a step that faults yields no state (as test/oracle counts), instead of an error. */
export function referenceGraph(checked: Checked, opts: { maxStates?: number; skipFaults?: boolean } = {}): RefGraph {
  const model = new Model(checked);
  const maxStates = opts.maxStates ?? 200_000;
  const states: RState[] = [];
  const index = new Map<string, number>();
  const depth: number[] = [];
  const edges: { to: number; t: RTransition }[][] = [];
  const add = (s: RState, d: number): number => {
    const k = stateKey(s);
    let i = index.get(k);
    if (i === undefined) {
      i = states.length;
      index.set(k, i);
      states.push(s);
      depth.push(d);
    }
    return i;
  };
  const init = initialStates(model);
  if (init.fault) throw new Error(`reference graph: fault ${init.fault} computing the initial states`);
  const initial = [...new Set(init.states.map((s) => add(s, 0)))];
  let complete = true;
  for (let i = 0; i < states.length; i++) {
    if (states.length > maxStates) {
      complete = false;
      break;
    }
    const out: { to: number; t: RTransition }[] = [];
    for (const o of successors(model, states[i]!)) {
      if ("fault" in o) {
        if (opts.skipFaults) continue;
        throw new Error(`reference graph: fault ${o.fault} in a step of ${o.t.name}`);
      }
      out.push({ to: add(o.to, depth[i]! + 1), t: o.t });
    }
    edges.push(out);
  }
  return { model, states, index, initial, depth, edges, complete };
}
