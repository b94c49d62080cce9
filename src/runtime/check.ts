// Breadth-first explicit-state exploration of a Machine, level by level. States are checked against
// invariants when discovered and expanded in discovery order, so the first violation found has a
// shortest trace. The store keeps packed states (exact) or 64-bit fingerprints; parents are indices
// in discovery order, so a trace is rebuilt by walking back and replaying, never by copying states.
import { KspecFault, type Machine, type State } from "./machine.ts";
import { ExactStore, FingerprintStore, type VisitedStore } from "./store.ts";
import { checkLiveness, type LivenessOptions } from "./liveness.ts";
import { isOutOfMemory } from "./memory.ts";
import { BlockedWatch } from "./stuck.ts";
import { takenStep, type TakenStep } from "./step.ts";
import { packChecker, packCheckFromEnv } from "./pack-check.ts";
import type { CheckWarning, PropertyReport } from "./report.ts";
import { finishResult, Tracker } from "./tracking.ts";

export type StoreMode = "exact" | "fingerprint" | "auto";

export interface CheckOptions {
  /** Report states without successors (default true). */
  readonly deadlock?: boolean;
  /** Stop once more than this many distinct states are found, with verdict "limit". */
  readonly maxStates?: number;
  /** Stop after this many seconds, with verdict "limit". */
  readonly timeLimit?: number;
  /** "auto" (default) keeps exact states while they take less than `exactBudget` bytes, then switches to fingerprints. */
  readonly store?: StoreMode;
  /** Bytes the exact store may use in "auto" mode before switching (default 1 GiB). */
  readonly exactBudget?: number;
  /**
   * Stop with verdict "limit", limit "memory", once the stores the checker keeps (visited states,
   * parents, frontier) take more than this many bytes. Whatever the limit, a failed allocation
   * stops the check the same way.
   */
  readonly maxMemory?: number;
  /**
   * Debug: check every state before it is stored (each slot within its type, unpack(pack(s)) == s)
   * and throw PackCheckError when one is not. Also on with the environment KSPEC_DEBUG_PACK=1.
   */
  readonly debugPack?: boolean;
  /**
   * Keep only states at depth <= maxDepth (depth: steps from an initial state); successors of the
   * states at maxDepth are generated (so deadlocks there are seen) but not kept. The verdict is
   * "limit", limit "depth", when that left out a state not found otherwise.
   */
  readonly maxDepth?: number;
  /** Check only these properties (names of invariants, asserts, covers, temporal properties, `deadlock`, `stuck`, `assert`). */
  readonly only?: readonly string[];
  /** Go on after a violation until this many are found (default 1): each of a different property, or a different deadlock state. */
  readonly maxViolations?: number;
  /** Report stuck members (stuck.ts) after the safety properties (default true). */
  readonly stuck?: boolean;
  /**
   * The stuck check explores the state graph a second time: past this many states (default
   * 250,000) it is skipped, with a note, unless temporal properties build that graph anyway or
   * `only` names `stuck`.
   */
  readonly stuckLimit?: number;
  /** Check temporal properties after the safety properties (default true). */
  readonly liveness?: boolean;
  /** Called about every `progressMs` milliseconds (default 2000). Return true to stop ("limit"). */
  readonly onProgress?: (p: Progress) => boolean | void;
  readonly progressMs?: number;
}

export interface Progress {
  readonly distinct: number;
  readonly generated: number;
  readonly frontier: number;
  readonly depth: number;
  readonly seconds: number;
  readonly storeBytes: number;
}

export interface TraceStep extends TakenStep {
  readonly state: State;
}

export type ViolationKind = "invariant" | "assert" | "deadlock" | "error" | "liveness" | "stuck" | "cover";

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
  readonly failedStep: TakenStep | undefined;
  /**
   * For temporal properties: the trace is a lasso. From `trace[loop]` on, the steps repeat
   * forever, `back` leading from the last state to `trace[loop]` again; with no `back`, the
   * behaviour stutters in the last state forever.
   */
  readonly lasso?: { readonly loop: number; readonly back: TakenStep | undefined };
}

export interface Stats {
  readonly generated: number;
  readonly distinct: number;
  readonly depth: number;
  readonly seconds: number;
  readonly storeBytes: number;
  readonly store: "exact" | "fingerprint";
  /** Fingerprint mode: estimated probability that a collision hid a state. */
  readonly collisionProbability?: number;
  readonly workers?: number;
}

export type Verdict = "ok" | "violation" | "limit" | "no-initial-states";

export type LimitKind = "states" | "time" | "memory" | "interrupted" | "depth";

export interface CheckResult {
  /**
   * "no-initial-states": the spec has no initial state (an initial `in` set or filter is empty),
   * so nothing was checked; no property holds or fails on an empty set of behaviours.
   */
  readonly verdict: Verdict;
  /** Why a "limit" run stopped. */
  readonly limit?: LimitKind;
  readonly violation: Violation | undefined;
  /** Every violation found, first one first (more than one with `maxViolations` > 1). */
  readonly violations?: readonly Violation[];
  /** One row per property: its verdict (see report.ts). */
  readonly properties?: readonly PropertyReport[];
  /** Vacuity and coverage warnings. */
  readonly warnings?: readonly CheckWarning[];
  readonly stats: Stats;
}

interface Found {
  kind: ViolationKind;
  property: string;
  message: string;
  site: number | undefined;
  at: number;
  failed?: TakenStep;
}

export function check(machine: Machine, opts: CheckOptions = {}): CheckResult {
  const tracker = new Tracker(machine, opts.only);
  tracker.stuckOff = opts.stuck === false;
  try {
    return search(machine, opts, tracker);
  } finally {
    tracker.release();
  }
}

function search(machine: Machine, opts: CheckOptions, tracker: Tracker): CheckResult {
  const t0 = performance.now();
  const words = machine.words;
  const deadlock = (opts.deadlock ?? true) && tracker.selected("deadlock");
  const maxViolations = opts.maxViolations ?? 1;
  const maxStates = opts.maxStates ?? Infinity;
  const deadline = opts.timeLimit !== undefined ? t0 + opts.timeLimit * 1000 : Infinity;
  const maxDepth = opts.maxDepth ?? Infinity;
  const progressMs = opts.progressMs ?? 2000;
  const mode = opts.store ?? "auto";
  const budget = opts.exactBudget ?? 2 ** 30;
  const maxMemory = opts.maxMemory ?? Infinity;
  const debugPack = opts.debugPack ?? packCheckFromEnv() ? packChecker(machine) : undefined;
  let nextProgress = t0 + progressMs;

  let exact: ExactStore | undefined = mode === "fingerprint" ? undefined : new ExactStore(words);
  let fp: FingerprintStore | undefined = exact ? undefined : new FingerprintStore(words);
  let store: VisitedStore = (exact ?? fp)!;
  // Fingerprint mode keeps the frontier itself: packed states of the current and next levels.
  let queue = new Int32Array(exact ? 0 : 1024 * words);
  let queueLen = 0; // states in `queue`
  let queueBase = 0; // discovery index of queue[0]

  let parents = new Int32Array(1 << 12);
  let generated = 0;
  let depth = 0;
  /** Set when the search must stop for a violation (the last one reported, or a run-time error). */
  let found: Found | undefined;
  const reported: Found[] = [];
  let deadlockAt: number | undefined;
  let cutOff = false; // a state beyond maxDepth was left out
  let limit: CheckResult["limit"];
  let parent = -1;
  const packed = new Int32Array(words);
  const invariants = machine.invariants;
  // Stuck members: the search only notes whether some member was ever blocked (cheap); the graph
  // analysis runs after it, and only then.
  const watch = (opts.stuck ?? true) && (machine.members?.length ?? 0) > 0 ? new BlockedWatch(machine) : undefined;

  // Thrown out of `machine.init` once the search must end: a spec may have more initial states than
  // can ever be enumerated (2^40 choices of locals), and init would otherwise run to the end.
  const STOP = { stop: true };
  let initializing = true;
  const onState = (s: State): void => {
    generated++;
    // The time limit is also checked between successors: one state can have billions of them
    // (`action A(i in 0 .. 2147483647)`), and a limit ends its expansion at once.
    if ((generated & 0xfff) === 0 && performance.now() >= deadline) limit = "time";
    if (found || limit) {
      if (initializing || limit) throw STOP;
      return;
    }
    debugPack?.(s);
    machine.pack(s, packed, 0);
    if (depth >= maxDepth && !initializing) {
      if ((exact ? exact.lookup(packed, 0) : fp!.lookup(packed, 0)) < 0) cutOff = true;
      return;
    }
    const idx = store.add(packed, 0);
    if (idx < 0) return;
    if (idx >= parents.length) {
      const p = new Int32Array(parents.length * 2);
      p.set(parents);
      parents = p;
    }
    parents[idx] = parent;
    if (!exact) {
      const need = (queueLen + 1) * words;
      if (need > queue.length) {
        const q = new Int32Array(Math.max(need, queue.length * 2));
        q.set(queue.subarray(0, queueLen * words));
        queue = q;
      }
      queue.set(packed, queueLen * words);
      queueLen++;
    }
    const active = tracker.invariants;
    const at = initializing ? 0 : depth + 1;
    for (let i = 0; i < active.length; i++) {
      const inv = invariants[active[i]!]!;
      let holds: boolean;
      try {
        holds = inv.holds(s);
      } catch (e) {
        if (!(e instanceof KspecFault)) throw e;
        found = { kind: "error", property: e.kind, message: `${e.message} (evaluating invariant ${inv.name})`, site: e.site, at: idx };
        return;
      }
      if (!holds) {
        report({ kind: "invariant", property: inv.name, message: `invariant ${inv.name} is violated`, site: inv.site, at: idx }, at);
        if (found) return;
      }
    }
    try {
      tracker.onState(s, at);
    } catch (e) {
      if (!(e instanceof KspecFault)) throw e;
      found = { kind: "error", property: e.kind, message: `${e.message} (evaluating a cover)`, site: e.site, at: idx };
      return;
    }
    if (store.count > maxStates) limit = "states";
  };

  /** Notes a violation first shown at `depth`; the search stops once `maxViolations` are reported. */
  function report(f: Found, at: number): void {
    reported.push(f);
    tracker.violate(f.property, at);
    if (reported.length >= maxViolations) found = f;
  }

  /** A fault: a failed assert is a violation (of its named property, or `assert`); any other fault stops the search. */
  const faultAt = (e: unknown, at: number, failed: TakenStep | undefined): void => {
    if (!(e instanceof KspecFault)) throw e;
    if (e.kind !== "assert") {
      found = { kind: "error", property: e.kind, message: e.message, site: e.site, at, ...(failed ? { failed } : {}) };
      return;
    }
    const name = machine.asserts?.find((a) => a.site === e.site)?.name ?? "assert";
    if (tracker.violated.has(name)) return tracker.silenceAssert(e.site); // another unnamed assert: `assert` is reported once
    report({ kind: "assert", property: name, message: e.message, site: e.site, at, ...(failed ? { failed } : {}) }, at < 0 ? 0 : depth + 1);
    // Going on: this assert is not checked again, and the state's successors are computed anew.
    if (!found) tracker.silenceAssert(e.site);
  };

  const storeBytes = (): number => store.bytes() + parents.byteLength + queue.byteLength;
  try {
    try {
      machine.init(onState);
    } catch (e) {
      if (e !== STOP) {
        faultAt(e, -1, undefined);
        found ??= reported[0]; // no initial states to go on from
      }
    }
    initializing = false;
    tracker.markInitialDone();
    explore();
  } catch (e) {
    // Out of memory: a clean stop with the counts so far (the stores are still consistent: each
    // grows by allocating the new table before it lets go of the old one).
    if (!isOutOfMemory(e)) throw e;
    limit = "memory";
  }

  function explore(): void {
    const cur = new Int32Array(machine.width);
    let cursor = 0; // discovery index of the state being expanded
    let levelEnd = store.count;
    let successors = 0;
    const fired = tracker.fired;
    const onSucc = (s: State, tr: number): void => {
      successors++;
      fired[tr]!++;
      onState(s);
    };
    const onSuccWatched = (s: State, tr: number, args: Int32Array): void => {
      successors++;
      fired[tr]!++;
      watch!.mark(tr, args);
      onState(s);
    };
    if (storeBytes() > maxMemory) limit = "memory";
    while (!found && !limit && cursor < store.count) {
      if (cursor === levelEnd) {
        depth++;
        levelEnd = store.count;
        if (exact && mode === "auto" && exact.bytes() > budget) {
          // Switch to fingerprints: rehash what is known, keep the unexpanded states as the queue.
          fp = FingerprintStore.fromExact(exact);
          queueBase = cursor;
          queueLen = exact.count - cursor;
          queue = exact.states.slice(cursor * words, exact.count * words);
          exact = undefined;
          store = fp;
        } else if (!exact && cursor - queueBase > 0) {
          // Drop the expanded level from the queue.
          const drop = cursor - queueBase;
          queue.copyWithin(0, drop * words, queueLen * words);
          queueLen -= drop;
          queueBase = cursor;
        }
      }
      if (exact) machine.unpack(exact.states, cursor * words, cur);
      else machine.unpack(queue, (cursor - queueBase) * words, cur);
      parent = cursor;
      successors = 0;
      const watching = watch !== undefined && !watch.seen;
      if (watching) watch.begin();
      const before = generated;
      for (;;) {
        try {
          machine.next(cur, watching ? onSuccWatched : onSucc);
          break;
        } catch (e) {
          if (e === STOP) break;
          faultAt(e, cursor, takenStep(machine, machine.running.transition, machine.running.args));
          if (found) break;
          // An assert failed and the search goes on: its successors again, without that assert.
          generated = before;
          successors = 0;
        }
      }
      if (found || limit) break;
      if (watching) watch.end(cur);
      if (successors === 0 && deadlock) {
        let terminal: boolean;
        try {
          terminal = machine.terminal(cur);
        } catch (e) {
          faultAt(e, cursor, undefined);
          break;
        }
        if (!terminal) {
          deadlockAt ??= depth;
          report({ kind: "deadlock", property: "deadlock", message: "deadlock: no step is enabled and the spec has not terminated", site: undefined, at: cursor }, depth);
          if (found) break;
        }
      }
      cursor++;
      if ((cursor & 0x3ff) === 0 || cursor === levelEnd) {
        if (storeBytes() > maxMemory) limit ??= "memory";
      }
      if ((cursor & 0x3ff) === 0) {
        const now = performance.now();
        if (now >= deadline) limit ??= "time";
        if (opts.onProgress && now >= nextProgress) {
          nextProgress = now + progressMs;
          const stop = opts.onProgress({ distinct: store.count, generated, frontier: store.count - cursor, depth, seconds: (now - t0) / 1000, storeBytes: storeBytes() });
          if (stop === true) limit ??= "interrupted";
        }
      }
    }
  }
  if (cutOff) limit ??= "depth";
  const depthOf = (idx: number): number => {
    let d = 0;
    for (let i = idx; parents[i]! >= 0; i = parents[i]!) d++;
    return d;
  };
  const kind = exact ? "exact" : "fingerprint";
  const stats: Stats = {
    generated,
    distinct: store.count,
    depth: store.count > 0 ? depthOf(store.count - 1) : 0,
    seconds: (performance.now() - t0) / 1000,
    storeBytes: storeBytes(),
    store: kind,
    ...(kind === "fingerprint" ? { collisionProbability: FingerprintStore.collisionProbability(store.count, generated) } : {}),
  };
  // Complete: every reachable state was expanded (no limit, no stop at a violation or an error).
  const complete = !limit && !found;
  const dl = { checked: deadlock, violatedAt: deadlockAt };
  if (reported.length === 0 && !found) {
    if (store.count === 0 && !limit) return { verdict: "no-initial-states", violation: undefined, stats };
    const temporal = machine.properties.some((p) => tracker.selected(p.name)) && opts.liveness !== false;
    const stuckLimit = opts.stuckLimit ?? DEFAULT_STUCK_LIMIT;
    const wanted = watch?.seen === true && tracker.selected("stuck");
    const stuck = wanted && (temporal || store.count <= stuckLimit || (opts.only?.includes("stuck") ?? false));
    if (wanted && !stuck) tracker.stuckSkipped = `${store.count.toLocaleString("en-US")} states; by default the stuck check explores a graph again only up to ${stuckLimit.toLocaleString("en-US")}: --stuck-limit raises it`;
    if (!limit && (temporal || stuck)) {
      const live = opts.only ? { ...machine, properties: machine.properties.filter((p) => tracker.selected(p.name)) } : machine;
      return finishResult(tracker, withLiveness(live, stats, { stuck, properties: temporal }), complete, dl, temporal);
    }
    return finishResult(tracker, { verdict: limit ? "limit" : "ok", ...(limit ? { limit } : {}), violation: undefined, stats }, complete, dl, false);
  }
  const all = [...reported, ...(found && !reported.includes(found) ? [found] : [])];
  const violations: Violation[] = all.map((v) => ({ kind: v.kind, property: v.property, message: v.message, site: v.site, trace: v.at < 0 ? [] : rebuildTrace(machine, parents, v.at, exact, fp), failedStep: v.failed }));
  return finishResult(tracker, { verdict: "violation", violation: violations[0], violations, stats }, complete, dl, false);
}

/** Temporal properties, checked on the whole graph once every safety property holds. */
/** States up to which the stuck check (a second exploration of the graph) runs by default. */
export const DEFAULT_STUCK_LIMIT = 250_000;

export function withLiveness(machine: Machine, stats: Stats, opts: LivenessOptions = {}): CheckResult {
  let live: CheckResult;
  try {
    live = checkLiveness(machine, opts);
  } catch (e) {
    if (!isOutOfMemory(e)) throw e;
    return { verdict: "limit", limit: "memory", violation: undefined, stats };
  }
  return { ...live, stats: { ...stats, seconds: stats.seconds + live.stats.seconds } };
}

/**
 * Walks parent indices back to an initial state, then replays forward: at each step the successor
 * whose index is the next one on the path is found among the successors (by packed words in exact
 * mode, by fingerprint lookup otherwise), which also names the transition taken.
 */
function rebuildTrace(machine: Machine, parents: Int32Array, at: number, exact: ExactStore | undefined, fp: FingerprintStore | undefined): TraceStep[] {
  const chain: number[] = [];
  for (let i = at; i >= 0; i = parents[i]!) chain.push(i);
  chain.reverse();
  const packed = new Int32Array(machine.words);
  const indexOf = (s: State): number => {
    machine.pack(s, packed, 0);
    return exact ? exact.lookup(packed, 0) : fp!.lookup(packed, 0);
  };
  const steps: TraceStep[] = [];
  // Stop at the state sought: initial states after it may fault (the search stopped before them).
  const FOUND = { found: true };
  try {
    machine.init((s) => {
      if (indexOf(s) !== chain[0]) return;
      steps.push({ transition: -1, args: [], state: s.slice() });
      throw FOUND;
    });
  } catch (e) {
    if (e !== FOUND) throw e;
  }
  // Replaying a step can meet a failing assert of another transition that the search reported and
  // then went past (--max-violations): it is silenced for the replay, as it was for the search.
  const silenced: number[] = [];
  try {
    for (let k = 1; k < chain.length && steps.length === k; k++) {
      const from = steps[k - 1]!.state;
      let next: TraceStep | undefined;
      for (;;) {
        try {
          machine.next(from, (s, tr, args) => {
            if (next || indexOf(s) !== chain[k]) return;
            next = { ...takenStep(machine, tr, args), state: s.slice() };
            throw FOUND;
          });
          break;
        } catch (e) {
          if (e === FOUND) break;
          const k2 = e instanceof KspecFault && e.kind === "assert" ? (machine.asserts ?? []).findIndex((a) => a.site === e.site) : -1;
          if (k2 < 0 || !machine.ignoredAsserts || machine.ignoredAsserts[k2] === 1) throw e;
          machine.ignoredAsserts[k2] = 1;
          silenced.push(k2);
        }
      }
      if (next) steps.push(next);
    }
  } finally {
    for (const k2 of silenced) machine.ignoredAsserts![k2] = 0;
  }
  return steps;
}
