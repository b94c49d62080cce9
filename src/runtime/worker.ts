// One worker of a parallel check. States are partitioned by a hash of their packed words: this
// worker keeps the states it owns in its own store and expands them; successors owned by another
// worker go to that worker's outbox, delivered by the coordinator at the end of each level. No
// shared table, no locks: each store is touched by one thread only.
import { parentPort, workerData } from "node:worker_threads";
import * as runtime from "./index.ts";
import { machineFromJs } from "./load-js.ts";
import { KspecFault, type State } from "./machine.ts";
import { ExactStore, FingerprintSet, hashWords, STORE_SEED, type VisitedStore } from "./store.ts";
import { isOutOfMemory } from "./memory.ts";
import { packChecker } from "./pack-check.ts";
import { BlockedWatch } from "./stuck.ts";
import { snapshot, Tracker } from "./tracking.ts";
import type { ToWorker, FromWorker, WorkerInit, WorkerViolation } from "./parallel.ts";


const init = workerData as WorkerInit;
const machine = machineFromJs(init.js, runtime);
const words = machine.words;
const n = init.workers;
const me = init.id;
let store: VisitedStore = init.store === "fingerprint" ? new FingerprintSet(words) : new ExactStore(words);
const control = new Int32Array(init.control); // [stop, ...per worker: distinct, generated (as pairs)]
const invariants = machine.invariants;
const deadlock = init.deadlock;
/** Notes whether some member was ever blocked (then the coordinator runs the stuck check). */
const watch = init.stuck ? new BlockedWatch(machine) : undefined;
const debugPack = init.debugPack ? packChecker(machine) : undefined;
/** Covers, premises, triggers and transition counts for the property table (tracking.ts). */
const tracker = new Tracker(machine, undefined);

// The states to expand this level, and the ones found for the next.
let frontier = new Int32Array(1024 * words);
let frontierLen = 0;
let next = new Int32Array(1024 * words);
let nextLen = 0;
const outboxes: Int32Array[] = Array.from({ length: n }, () => new Int32Array(256 * (words + 1)));
const outLen = new Int32Array(n);
/** Buffers delivered by other workers, reused as outboxes (fewer large allocations per level). */
const spares: Int32Array[] = [];
const CACHE_MASK = (1 << 14) - 1;
const sentCache: Int32Array[] = Array.from({ length: n }, (_, j) => (j === me ? new Int32Array(0) : new Int32Array((CACHE_MASK + 1) * (words + 1))));
const sentValid: Uint8Array[] = Array.from({ length: n }, (_, j) => new Uint8Array(j === me ? 0 : CACHE_MASK + 1));
/** Bytes of the sent caches (fixed), counted in the store bytes a worker reports. */
const cacheBytes = sentCache.reduce((a, c) => a + c.byteLength, 0) + sentValid.reduce((a, v) => a + v.byteLength, 0);
let generated = 0;
let violation: WorkerViolation | undefined;
const packed = new Int32Array(words);
const cur = new Int32Array(machine.width);

/**
 * The owner of a state, from the top bits of the store hash: the stores index by the low bits
 * (or, for fingerprints, by another hash), so every worker's table still fills evenly.
 */
function ownerOf(h: number): number {
  return ((h >>> 16) * n) >>> 16;
}

/** Outbox entries: the packed words, then their store hash (so the owner need not hash again). */
const entry = words + 1;

function pushNext(w: Int32Array, o: number): void {
  const need = (nextLen + 1) * words;
  if (need > next.length) {
    const q = new Int32Array(Math.max(need, next.length * 2));
    q.set(next.subarray(0, nextLen * words));
    next = q;
  }
  next.set(w.subarray(o, o + words), nextLen * words);
  nextLen++;
}

/** Inserts a packed state this worker owns; checks invariants on a new one (`s` is its unpacked form). */
function insertOwned(w: Int32Array, o: number, h: number, s: State, depth: number): void {
  if (store.addHashed(w, o, h) < 0) return;
  pushNext(w, o);
  if (!violation) violation = violated(s, depth);
  try {
    tracker.onState(s, depth);
  } catch (e) {
    if (!(e instanceof KspecFault)) throw e;
    violation ??= { kind: "error", property: e.kind, depth };
  }
}

/** The first invariant `s` violates (or a run-time error evaluating one). */
function violated(s: State, depth: number): WorkerViolation | undefined {
  for (const inv of invariants) {
    try {
      if (!inv.holds(s)) return { kind: "invariant", property: inv.name, depth };
    } catch (e) {
      if (!(e instanceof KspecFault)) throw e;
      return { kind: "error", property: e.kind, depth };
    }
  }
  return undefined;
}

function publish(): void {
  Atomics.store(control, 1 + me * 2, store.count);
  Atomics.store(control, 2 + me * 2, generated > 0x7fffffff ? 0x7fffffff : generated);
}

/** Thrown out of `machine.init` when the coordinator stops the run (time, states, memory). */
const STOP = { stop: true };

function initStates(): void {
  let seen = 0;
  try {
    machine.init((s) => {
      generated++;
      // Initial states can be too many to enumerate: publish counts and obey a stop as a level does.
      if ((++seen & 0x3ff) === 0) {
        publish();
        if (Atomics.load(control, 0) !== 0) throw STOP;
      }
      debugPack?.(s);
      machine.pack(s, packed, 0);
      const h = hashWords(packed, 0, words, STORE_SEED);
      if (ownerOf(h) === me) insertOwned(packed, 0, h, s, 0);
      else generated--; // counted by its owner
    });
  } catch (e) {
    if (e === STOP) return;
    if (!(e instanceof KspecFault)) throw e;
    violation = { kind: e.kind === "assert" ? "assert" : "error", property: e.kind, depth: 0 };
  }
}

function expand(depth: number): boolean {
  let successors = 0;
  let stopped = false;
  const emit = (s: State, tr: number, args: Int32Array): void => {
    generated++;
    successors++;
    // One state can have billions of successors: obey a stop between them too.
    if ((successors & 0xfff) === 0 && Atomics.load(control, 0) !== 0) throw STOP;
    tracker.fired[tr]!++;
    watch?.mark(tr, args);
    debugPack?.(s);
    machine.pack(s, packed, 0);
    const h = hashWords(packed, 0, words, STORE_SEED);
    const owner = ownerOf(h);
    if (owner === me) {
      insertOwned(packed, 0, h, s, depth + 1);
      return;
    }
    // Successors repeat a lot (7 generated per distinct state in the DAX models): a small cache
    // of what was sent to each worker keeps most repeats off the wire.
    const cache = sentCache[owner]!;
    const valid = sentValid[owner]!;
    const slot = h & CACHE_MASK;
    const c = slot * entry;
    let same = valid[slot] === 1 && cache[c + words] === h;
    for (let k = 0; same && k < words; k++) same = cache[c + k] === packed[k];
    if (same) return;
    for (let k = 0; k < words; k++) cache[c + k] = packed[k]!;
    cache[c + words] = h;
    valid[slot] = 1;
    let box = outboxes[owner]!;
    const len = outLen[owner]!;
    if ((len + 1) * entry > box.length) {
      const si = spares.findIndex((sp) => sp.length > box.length);
      const b = si >= 0 ? spares.splice(si, 1)[0]! : new Int32Array(box.length * 2);
      b.set(box.subarray(0, len * entry));
      outboxes[owner] = box = b;
    }
    const at = len * entry;
    for (let k = 0; k < words; k++) box[at + k] = packed[k]!;
    box[at + words] = h;
    outLen[owner] = len + 1;
  };
  for (let i = 0; i < frontierLen; i++) {
    machine.unpack(frontier, i * words, cur);
    successors = 0;
    watch?.begin();
    try {
      machine.next(cur, emit);
    } catch (e) {
      if (e === STOP) {
        stopped = true;
        break;
      }
      if (!(e instanceof KspecFault)) throw e;
      violation ??= { kind: e.kind === "assert" ? "assert" : "error", property: e.kind, depth };
      break;
    }
    if (watch && !watch.seen) watch.end(cur);
    if (successors === 0 && deadlock) {
      let terminal = true;
      try {
        terminal = machine.terminal(cur);
      } catch (e) {
        if (!(e instanceof KspecFault)) throw e;
        violation ??= { kind: "error", property: e.kind, depth };
        break;
      }
      if (!terminal) {
        violation ??= { kind: "deadlock", property: "deadlock", depth };
        break;
      }
    }
    if (violation) break;
    if ((i & 0x3ff) === 0x3ff) {
      publish();
      if (Atomics.load(control, 0) !== 0) {
        stopped = true;
        break;
      }
    }
  }
  return stopped;
}

function absorb(batches: Int32Array[], depth: number): void {
  for (const b of batches) {
    const count = b.length / entry;
    for (let i = 0; i < count; i++) {
      const at = i * entry;
      if (store.addHashed(b, at, b[at + words]!) < 0) continue;
      pushNext(b, at);
      if (violation || invariants.length === 0) continue;
      machine.unpack(b, at, cur);
      violation = violated(cur, depth);
    }
  }
}

/** Makes the states found in this level the frontier of the next. */
function swapLevels(): number {
  const t = frontier;
  frontier = next;
  frontierLen = nextLen;
  next = t;
  nextLen = 0;
  return frontierLen;
}

function send(msg: FromWorker, transfer: ArrayBuffer[] = []): void {
  parentPort!.postMessage(msg, transfer);
}

parentPort!.on("message", (msg: ToWorker) => {
  try {
    handle(msg);
  } catch (e) {
    // Out of memory: tell the coordinator, which stops every worker and reports "limit", "memory".
    if (!isOutOfMemory(e)) throw e;
    send({ type: "out-of-memory" });
  }
});

function handle(msg: ToWorker): void {
  switch (msg.type) {
    case "init": {
      initStates();
      tracker.markInitialDone();
      publish();
      send({ type: "ready", distinct: store.count, generated, violation, track: snapshot(tracker) });
      return;
    }
    case "expand": {
      // What the previous level found (or the initial states) is now the frontier.
      swapLevels();
      const stopped = expand(msg.depth);
      // Hand the boxes over whole (transferred, not copied) and start small ones for the next level.
      const boxes: (Int32Array | null)[] = outboxes.map((b, j) => (outLen[j]! > 0 ? b.subarray(0, outLen[j]! * entry) : null));
      for (let j = 0; j < n; j++) if (outLen[j]! > 0) outboxes[j] = spares.pop() ?? new Int32Array(256 * entry);
      outLen.fill(0);
      publish();
      send({ type: "expanded", boxes, stopped, violation, generated, blocked: watch?.seen ?? false }, boxes.filter((b): b is Int32Array => b !== null).map((b) => b.buffer as ArrayBuffer));
      return;
    }
    case "absorb": {
      absorb(msg.batches, msg.depth);
      // The delivered buffers are this worker's now: keep them as next level's outboxes.
      for (const b of msg.batches) if (spares.length < 2 * n) spares.push(new Int32Array(b.buffer));
      if (init.store === "auto" && store instanceof ExactStore && store.bytes() > init.exactBudget) {
        // Exact states no longer fit this worker's share: keep fingerprints from now on.
        store = FingerprintSet.fromExact(store);
      }
      publish();
      send({ type: "absorbed", distinct: store.count, frontier: nextLen, violation, storeBytes: store.bytes() + frontier.byteLength + next.byteLength + cacheBytes, fingerprint: store instanceof FingerprintSet, track: snapshot(tracker) });
      return;
    }
  }
}
