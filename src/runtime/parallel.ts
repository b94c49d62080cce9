// Parallel breadth-first checking with worker threads that own hash partitions of the state space
// (see worker.ts). The coordinator runs the levels: every worker expands its part of the frontier,
// then the successors each worker found for the others are delivered, and the next level starts.
// Distinct and generated counts equal the one-worker counts exactly. When a level shows a
// violation, the trace is rebuilt by a sequential check bounded to that depth, so the
// counterexample is a shortest one and the same from run to run, whatever the thread timing.
import { Worker } from "node:worker_threads";
import { check, DEFAULT_STUCK_LIMIT, withLiveness, type CheckOptions, type CheckResult, type Progress } from "./check.ts";
import { machineFromJs } from "./load-js.ts";
import type { Machine } from "./machine.ts";
import * as runtime from "./index.ts";
import { FingerprintStore } from "./store.ts";
import { isOutOfMemory } from "./memory.ts";
import { packCheckFromEnv } from "./pack-check.ts";
import { finishResult, merge, Tracker, type TrackSnapshot } from "./tracking.ts";

/** Thrown inside checkParallel when a worker ran out of memory; caught there. */
class OutOfMemoryStop extends Error {}

export interface WorkerInit {
  readonly js: string;
  readonly id: number;
  readonly workers: number;
  readonly store: "exact" | "fingerprint" | "auto";
  /** In "auto" mode, bytes of exact states a worker keeps before it switches to fingerprints. */
  readonly exactBudget: number;
  readonly deadlock: boolean;
  /** Watch for blocked members (stuck.ts BlockedWatch). */
  readonly stuck: boolean;
  /** Check every state's slots and its pack/unpack round trip (see pack-check.ts). */
  readonly debugPack: boolean;
  readonly control: SharedArrayBuffer;
}

export interface WorkerViolation {
  readonly kind: "invariant" | "assert" | "deadlock" | "error";
  readonly property: string;
  /** Depth of the violating state (invariants) or of the state being expanded. */
  readonly depth: number;
}

export type ToWorker =
  | { readonly type: "init" }
  | { readonly type: "expand"; readonly depth: number }
  | { readonly type: "absorb"; readonly batches: Int32Array[]; readonly depth: number };

export type FromWorker =
  | { readonly type: "ready"; readonly distinct: number; readonly generated: number; readonly violation: WorkerViolation | undefined; readonly track?: TrackSnapshot }
  | { readonly type: "expanded"; readonly boxes: (Int32Array | null)[]; readonly stopped: boolean; readonly violation: WorkerViolation | undefined; readonly generated: number; readonly blocked: boolean }
  | { readonly type: "absorbed"; readonly distinct: number; readonly frontier: number; readonly violation: WorkerViolation | undefined; readonly storeBytes: number; readonly fingerprint: boolean; readonly track?: TrackSnapshot }
  /** An allocation failed in the worker: the check stops with limit "memory". */
  | { readonly type: "out-of-memory" };

export interface ParallelOptions extends CheckOptions {
  /** Number of worker threads (default 1). */
  readonly workers?: number;
  /** Set to true from outside (e.g. on SIGINT) to stop with a partial report. */
  readonly signal?: { stopped: boolean };
}

const workerUrl = new URL(import.meta.url.endsWith(".ts") ? "./worker.ts" : "./worker.js", import.meta.url);

/**
 * Checks the machine whose compiled JavaScript is `js` with `workers` threads. In "auto" store
 * mode each worker keeps exact states until they outgrow its share of `exactBudget`, then
 * fingerprints. `maxMemory` bounds both the stores the workers report after each level and the
 * process's resident memory (sampled while a level runs).
 */
export async function checkParallel(js: string, opts: ParallelOptions = {}): Promise<CheckResult & { machine: Machine }> {
  const t0 = performance.now();
  const machine = machineFromJs(js, runtime);
  // --only, --max-violations > 1 and --max-depth run the sequential search (one thread): the
  // workers stop at the first violating level and keep every state they find.
  if (opts.only !== undefined || (opts.maxViolations ?? 1) > 1 || opts.maxDepth !== undefined) {
    const r = check(machine, opts);
    return { ...r, stats: { ...r.stats, workers: 1 }, machine };
  }
  const n = Math.max(1, opts.workers ?? 1);
  const watchStuck = (opts.stuck ?? true) && (machine.members?.length ?? 0) > 0;
  let blocked = false; // some worker saw a member blocked: the stuck check must run
  const storeMode = opts.store ?? "auto";
  let storeKind: "exact" | "fingerprint" = storeMode === "fingerprint" ? "fingerprint" : "exact";
  const control = new SharedArrayBuffer(4 * (1 + 2 * n));
  const ctl = new Int32Array(control);
  const workers = Array.from({ length: n }, (_, id) => new Worker(workerUrl, { workerData: { js, id, workers: n, store: storeMode, exactBudget: (opts.exactBudget ?? 2 ** 30) / n, deadlock: opts.deadlock ?? true, stuck: watchStuck, debugPack: opts.debugPack ?? packCheckFromEnv(), control } satisfies WorkerInit }));
  const pending = new Map<Worker, (m: FromWorker) => void>();
  let failure: unknown;
  for (const w of workers) {
    w.on("message", (m: FromWorker) => {
      const r = pending.get(w);
      pending.delete(w);
      r?.(m);
    });
    w.on("error", (e) => {
      failure = e;
      for (const [, r] of pending) r({ type: "ready", distinct: 0, generated: 0, violation: undefined });
      pending.clear();
    });
  }
  const ask = (w: Worker, msg: ToWorker, transfer: ArrayBuffer[] = []): Promise<FromWorker> =>
    new Promise((resolve) => {
      pending.set(w, resolve);
      w.postMessage(msg, transfer);
    });
  const all = async <T extends FromWorker["type"]>(msgs: ToWorker[], transfers: ArrayBuffer[][] = []): Promise<Extract<FromWorker, { type: T }>[]> => {
    const rs = await Promise.all(workers.map((w, i) => ask(w, msgs[i]!, transfers[i] ?? [])));
    if (failure) throw failure;
    if (rs.some((r) => r.type === "out-of-memory")) throw new OutOfMemoryStop();
    return rs as Extract<FromWorker, { type: T }>[];
  };

  const deadline = opts.timeLimit !== undefined ? t0 + opts.timeLimit * 1000 : Infinity;
  const maxStates = opts.maxStates ?? Infinity;
  const maxMemory = opts.maxMemory ?? Infinity;
  let limit: CheckResult["limit"];
  let distinct = 0;
  let generated = 0;
  let frontier = 0;
  let storeBytes = 0;
  let depth = 0;
  const totals = (): { distinct: number; generated: number } => {
    let d = 0;
    let g = 0;
    for (let i = 0; i < n; i++) {
      d += Atomics.load(ctl, 1 + 2 * i);
      g += Atomics.load(ctl, 2 + 2 * i);
    }
    return { distinct: d, generated: g };
  };
  // Watch limits and report progress while a level runs.
  const progressMs = opts.progressMs ?? 2000;
  const timer = setInterval(() => {
    const now = performance.now();
    const t = totals();
    const rss = process.memoryUsage.rss();
    let why: CheckResult["limit"];
    if (opts.signal?.stopped) why = "interrupted";
    else if (now >= deadline) why = "time";
    else if (t.distinct > maxStates) why = "states";
    else if (rss > maxMemory) why = "memory";
    if (why && !limit) {
      limit = why;
      Atomics.store(ctl, 0, 1);
    }
    if (opts.onProgress) {
      const p: Progress = { distinct: t.distinct, generated: t.generated, frontier, depth, seconds: (now - t0) / 1000, storeBytes: rss };
      if (opts.onProgress(p) === true && !limit) {
        limit = "interrupted";
        Atomics.store(ctl, 0, 1);
      }
    }
  }, Math.min(progressMs, 250));

  let violationDepth: number | undefined;
  const snaps: (TrackSnapshot | undefined)[] = [];
  try {
    const ready = await all<"ready">(workers.map(() => ({ type: "init" })));
    ready.forEach((r, i) => (snaps[i] = r.track));
    distinct = ready.reduce((a, r) => a + r.distinct, 0);
    generated = ready.reduce((a, r) => a + r.generated, 0);
    frontier = distinct;
    for (const r of ready) if (r.violation) violationDepth = Math.min(violationDepth ?? Infinity, r.violation.depth);
    while (violationDepth === undefined && frontier > 0 && !limit) {
      if (opts.signal?.stopped) {
        limit = "interrupted";
        break;
      }
      if (opts.maxDepth !== undefined && depth > opts.maxDepth) {
        limit = "depth";
        break;
      }
      const expanded = await all<"expanded">(workers.map(() => ({ type: "expand", depth })));
      for (const r of expanded) if (r.violation) violationDepth = Math.min(violationDepth ?? Infinity, r.violation.depth);
      if (expanded.some((r) => r.blocked)) blocked = true;
      // Deliver each worker's successors to their owners.
      const batches: Int32Array[][] = workers.map((_, j) => expanded.map((r) => r.boxes[j]).filter((b): b is Int32Array => b !== null && b !== undefined));
      const absorbed = await all<"absorbed">(
        workers.map((_, j) => ({ type: "absorb", batches: batches[j]!, depth: depth + 1 })),
        batches.map((bs) => bs.map((b) => b.buffer as ArrayBuffer)),
      );
      for (const r of absorbed) if (r.violation) violationDepth = Math.min(violationDepth ?? Infinity, r.violation.depth);
      absorbed.forEach((r, i) => (snaps[i] = r.track));
      distinct = absorbed.reduce((a, r) => a + r.distinct, 0);
      generated = expanded.reduce((a, r) => a + r.generated, 0);
      frontier = absorbed.reduce((a, r) => a + r.frontier, 0);
      storeBytes = absorbed.reduce((a, r) => a + r.storeBytes, 0);
      if (absorbed.some((r) => r.fingerprint)) storeKind = "fingerprint";
      if (expanded.some((r) => r.stopped)) break;
      if (distinct > maxStates && !limit) limit = "states";
      if (storeBytes > maxMemory && !limit) limit = "memory";
      if (frontier > 0) depth++;
    }
  } catch (e) {
    // A worker or the coordinator could not allocate: stop cleanly with the counts of the last level.
    if (!(e instanceof OutOfMemoryStop) && !isOutOfMemory(e)) throw e;
    limit = "memory";
  } finally {
    clearInterval(timer);
    await Promise.all(workers.map((w) => w.terminate()));
  }
  const seconds = (performance.now() - t0) / 1000;
  const stats = {
    generated,
    distinct,
    depth,
    seconds,
    storeBytes,
    store: storeKind,
    workers: n,
    ...(storeKind === "fingerprint" ? { collisionProbability: FingerprintStore.collisionProbability(distinct, generated) } : {}),
  } as const;
  if (violationDepth === undefined) {
    if (distinct === 0 && !limit) return { verdict: "no-initial-states", violation: undefined, stats, machine };
    const temporal = machine.properties.length > 0 && opts.liveness !== false;
    const tracker = new Tracker(machine, undefined);
    tracker.stuckOff = opts.stuck === false;
    // The stuck check explores the graph again: on a large one only with --stuck-limit (check.ts).
    const stuckLimit = opts.stuckLimit ?? DEFAULT_STUCK_LIMIT;
    const stuck = watchStuck && blocked && (temporal || distinct <= stuckLimit);
    if (watchStuck && blocked && !stuck) tracker.stuckSkipped = `${distinct.toLocaleString("en-US")} states; by default the stuck check explores a graph again only up to ${stuckLimit.toLocaleString("en-US")}: --stuck-limit raises it`;
    merge(tracker, snaps.filter((x): x is TrackSnapshot => x !== undefined));
    const dl = { checked: opts.deadlock ?? true, violatedAt: undefined };
    if (!limit && (temporal || stuck)) return { ...finishResult(tracker, withLiveness(machine, stats, { stuck, properties: temporal }), true, dl, temporal), machine };
    return { ...finishResult(tracker, { verdict: limit ? "limit" : "ok", ...(limit ? { limit } : {}), violation: undefined, stats }, !limit, dl, false), machine };
  }
  // A shortest counterexample, the same on every run: a sequential check bounded to that depth.
  // Its counts (states up to the violation) are reported, as they do not depend on the workers.
  // maxDepth keeps states up to that depth: one more level, so the invariants of the states that the
  // violating level generates are checked as in a sequential run (which may meet one of them first).
  const seq = check(machine, { deadlock: opts.deadlock ?? true, maxDepth: violationDepth + 1, store: "exact", ...(opts.maxMemory !== undefined ? { maxMemory: opts.maxMemory } : {}) });
  return { ...seq, stats: { ...seq.stats, workers: n, seconds: (performance.now() - t0) / 1000 }, machine };
}
