// Breadth-first explicit-state exploration of a Machine. States are checked against invariants when
// discovered and expanded in discovery order, so the first violation found has a shortest trace.
import { KspecFault, type Machine, type State } from "./machine.ts";
import { StateStore } from "./store.ts";

export interface CheckOptions {
  /** Report states without successors (default true). */
  readonly deadlock?: boolean;
  /** Stop after this many distinct states, with verdict "limit". */
  readonly maxStates?: number;
  /** Called about every `progressMs` milliseconds (default 2000). */
  readonly onProgress?: (p: Progress) => void;
  readonly progressMs?: number;
}

export interface Progress {
  readonly distinct: number;
  readonly generated: number;
  readonly frontier: number;
  readonly depth: number;
  readonly seconds: number;
}

export interface TraceStep {
  /** Index into `machine.transitions`; -1 for the initial state. */
  readonly transition: number;
  readonly args: readonly number[];
  readonly state: State;
}

export type ViolationKind = "invariant" | "assert" | "deadlock" | "error";

export interface Violation {
  readonly kind: ViolationKind;
  /** Invariant name, `assert`, `deadlock`, or the fault kind (`range`, `domain`, ...). */
  readonly property: string;
  readonly message: string;
  /** Index into `machine.sites`, when the violation has a place in the source. */
  readonly site: number | undefined;
  /** From an initial state to the state where the violation shows. */
  readonly trace: readonly TraceStep[];
  /** For assertion failures and run-time errors: the step that failed from the last state. */
  readonly failedStep: { readonly transition: number; readonly args: readonly number[] } | undefined;
}

export interface Stats {
  readonly generated: number;
  readonly distinct: number;
  readonly depth: number;
  readonly seconds: number;
  readonly storeBytes: number;
}

export interface CheckResult {
  readonly verdict: "ok" | "violation" | "limit";
  readonly violation: Violation | undefined;
  readonly stats: Stats;
}

export function check(machine: Machine, opts: CheckOptions = {}): CheckResult {
  const t0 = performance.now();
  const w = machine.width;
  const store = new StateStore(w);
  let parents = new Int32Array(1 << 12);
  const deadlock = opts.deadlock ?? true;
  const maxStates = opts.maxStates ?? Infinity;
  const progressMs = opts.progressMs ?? 2000;
  let nextProgress = t0 + progressMs;
  let generated = 0;
  let depth = 0;
  let found: { kind: ViolationKind; property: string; message: string; site: number | undefined; at: number; failed?: { transition: number; args: number[] } } | undefined;
  let limited = false;
  let parent = -1;

  const invariants = machine.invariants;
  const onState = (s: State): void => {
    generated++;
    if (found || limited) return;
    const idx = store.add(s);
    if (idx < 0) return;
    if (idx >= parents.length) {
      const p = new Int32Array(parents.length * 2);
      p.set(parents);
      parents = p;
    }
    parents[idx] = parent;
    for (let i = 0; i < invariants.length; i++) {
      const inv = invariants[i]!;
      if (!inv.holds(s)) {
        found = { kind: "invariant", property: inv.name, message: `invariant ${inv.name} is violated`, site: inv.site, at: idx };
        return;
      }
    }
    if (store.count >= maxStates) limited = true;
  };

  const faultAt = (e: unknown, at: number, failed: { transition: number; args: number[] } | undefined): void => {
    if (!(e instanceof KspecFault)) throw e;
    found = {
      kind: e.kind === "assert" ? "assert" : "error",
      property: e.kind === "assert" ? "assert" : e.kind,
      message: e.message,
      site: e.site,
      at,
      ...(failed ? { failed } : {}),
    };
  };

  try {
    machine.init(onState);
  } catch (e) {
    faultAt(e, -1, undefined);
  }

  const cur = new Int32Array(w);
  let cursor = 0;
  let levelEnd = store.count;
  let successors = 0;
  const onSucc = (s: State): void => {
    successors++;
    onState(s);
  };
  while (!found && !limited && cursor < store.count) {
    if (cursor === levelEnd) {
      depth++;
      levelEnd = store.count;
    }
    store.load(cursor, cur);
    parent = cursor;
    successors = 0;
    try {
      machine.next(cur, onSucc);
    } catch (e) {
      faultAt(e, cursor, { transition: machine.running.transition, args: Array.from(machine.running.args) });
      break;
    }
    if (found) break;
    if (successors === 0 && deadlock && !machine.terminal(cur)) {
      found = { kind: "deadlock", property: "deadlock", message: "deadlock: no step is enabled and the spec has not terminated", site: undefined, at: cursor };
      break;
    }
    cursor++;
    if (opts.onProgress && (cursor & 0xfff) === 0) {
      const now = performance.now();
      if (now >= nextProgress) {
        nextProgress = now + progressMs;
        opts.onProgress({ distinct: store.count, generated, frontier: store.count - cursor, depth, seconds: (now - t0) / 1000 });
      }
    }
  }
  // The depth of the last discovered state is the BFS depth of the graph.
  const depthOf = (idx: number): number => {
    let d = 0;
    for (let i = idx; parents[i]! >= 0; i = parents[i]!) d++;
    return d;
  };
  const stats = (): Stats => ({
    generated,
    distinct: store.count,
    depth: store.count > 0 ? depthOf(store.count - 1) : 0,
    seconds: (performance.now() - t0) / 1000,
    storeBytes: store.bytes() + parents.byteLength,
  });
  if (!found) return { verdict: limited ? "limit" : "ok", violation: undefined, stats: stats() };
  const v: NonNullable<typeof found> = found;
  const trace = v.at < 0 ? [] : rebuildTrace(machine, store, parents, v.at);
  return {
    verdict: "violation",
    violation: { kind: v.kind, property: v.property, message: v.message, site: v.site, trace, failedStep: v.failed },
    stats: stats(),
  };
}

/** Walks parent indices back to an initial state, then labels each step by replaying `next`. */
function rebuildTrace(machine: Machine, store: StateStore, parents: Int32Array, at: number): TraceStep[] {
  const chain: number[] = [];
  for (let i = at; i >= 0; i = parents[i]!) chain.push(i);
  chain.reverse();
  const steps: TraceStep[] = [{ transition: -1, args: [], state: store.get(chain[0]!) }];
  for (let k = 1; k < chain.length; k++) {
    const from = store.get(chain[k - 1]!);
    const to = store.get(chain[k]!);
    let label: { transition: number; args: number[] } | undefined;
    machine.next(from, (s, tr, args) => {
      if (label) return;
      let same = true;
      for (let i = 0; i < machine.width; i++) if (s[i] !== to[i]) { same = false; break; }
      if (same) label = { transition: tr, args: Array.from(args) };
    });
    steps.push({ transition: label?.transition ?? -1, args: label?.args ?? [], state: to });
  }
  return steps;
}
