// Visited-state stores over typed arrays, both with open addressing and linear probing.
//
// ExactStore keeps every packed state in one arena in discovery (BFS) order and compares words, so
// no state is ever wrongly "seen"; a state's index is its discovery number, the arena doubles as the
// BFS frontier, and parents are plain indices.
//
// FingerprintStore keeps only a 64-bit fingerprint and the discovery index per state (12 bytes a
// slot), TLC's approach: a collision can hide a state, with a probability the checker reports.

import { hashWords, hashWords2, STORE_SEED } from "./hash.ts";

export { hashWords, hashWords2, STORE_SEED };

export interface VisitedStore {
  readonly count: number;
  /** Adds the packed state at `w[o ..]`; returns its index, or -1 - index when already there. */
  add(w: Int32Array, o: number): number;
  /** `add` with `h = hashWords(w, o, words, STORE_SEED)` already computed. */
  addHashed(w: Int32Array, o: number, h: number): number;
  bytes(): number;
}

export class ExactStore implements VisitedStore {
  readonly words: number;
  private arena: Int32Array;
  private capacity: number; // states the arena holds before it grows
  /** Slots of [hash, index + 1] (0 = empty): the hash sits beside the index, so a probe that does not match touches one cache line. */
  private table: Int32Array;
  private mask: number; // slots - 1; there are twice as many slots as states
  count = 0;

  constructor(words: number, initialCapacity = 1 << 12) {
    this.words = Math.max(1, words);
    this.capacity = initialCapacity;
    this.arena = new Int32Array(initialCapacity * this.words);
    this.table = new Int32Array(initialCapacity * 4);
    this.mask = initialCapacity * 2 - 1;
  }

  add(s: Int32Array, o: number): number {
    return this.addHashed(s, o, hashWords(s, o, this.words, STORE_SEED));
  }

  /** `add` with `h = hashWords(s, o, words, STORE_SEED)` already computed. */
  addHashed(s: Int32Array, o: number, h: number): number {
    const w = this.words;
    const table = this.table;
    const arena = this.arena;
    let i = h & this.mask;
    for (;;) {
      const e = table[2 * i + 1]!;
      if (e === 0) break;
      if (table[2 * i] === h) {
        const base = (e - 1) * w;
        let k = 0;
        while (k < w && arena[base + k] === s[o + k]) k++;
        if (k === w) return -e;
      }
      i = (i + 1) & this.mask;
    }
    const idx = this.count;
    if (idx >= this.capacity) {
      this.grow();
      return this.addHashed(s, o, h);
    }
    this.arena.set(s.subarray(o, o + w), idx * w);
    table[2 * i] = h;
    table[2 * i + 1] = idx + 1;
    this.count = idx + 1;
    return idx;
  }

  /** Index of the packed state at `s[o ..]`, or -1. */
  lookup(s: Int32Array, o: number): number {
    const r = this.find(s, o, hashWords(s, o, this.words, STORE_SEED));
    return r;
  }

  private find(s: Int32Array, o: number, h: number): number {
    const w = this.words;
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const e = this.table[2 * i + 1]!;
      if (e === 0) return -1;
      if (this.table[2 * i] !== h) continue;
      const base = (e - 1) * w;
      let k = 0;
      while (k < w && this.arena[base + k] === s[o + k]) k++;
      if (k === w) return e - 1;
    }
  }

  /** The arena: state `i` is at words `[i * words, (i + 1) * words)`. Valid until the next `add`. */
  get states(): Int32Array {
    return this.arena;
  }

  get(idx: number): Int32Array {
    const base = idx * this.words;
    return this.arena.slice(base, base + this.words);
  }

  bytes(): number {
    return this.arena.byteLength + this.table.byteLength;
  }

  private grow(): void {
    const cap = this.capacity * 2;
    const arena = new Int32Array(cap * this.words);
    arena.set(this.arena);
    this.arena = arena;
    const old = this.table;
    this.table = new Int32Array(cap * 4);
    this.mask = cap * 2 - 1;
    for (let j = 0; j < old.length; j += 2) {
      if (old[j + 1] === 0) continue;
      let i = old[j]! & this.mask;
      while (this.table[2 * i + 1] !== 0) i = (i + 1) & this.mask;
      this.table[2 * i] = old[j]!;
      this.table[2 * i + 1] = old[j + 1]!;
    }
    this.capacity = cap;
  }
}

/** Slots grow when this full: 12 bytes a slot / 0.75 = 16 bytes a state at the most, between growths. */
const FP_LOAD = 0.75;
/** FingerprintSet grows when this full. */
const SET_LOAD = 0.9;

/** log2 of the smallest power-of-two table that holds `count` entries below the load factor `load`. */
export function tableBits(count: number, load: number): number {
  return Math.max(1, Math.ceil(Math.log2(count / load + 1)));
}

export class FingerprintStore implements VisitedStore {
  readonly words: number;
  private table: Int32Array; // [hi, lo, index + 1] per slot; index + 1 == 0 means empty
  private capacity: number;
  count = 0;

  constructor(words: number, initialCapacity = 1 << 14) {
    this.words = Math.max(1, words);
    this.capacity = initialCapacity;
    this.table = new Int32Array(initialCapacity * 3);
  }

  add(s: Int32Array, o: number): number {
    return this.addHashed(s, o, hashWords(s, o, this.words, STORE_SEED));
  }

  addHashed(s: Int32Array, o: number, h: number): number {
    let hi = h;
    const lo = hashWords2(s, o, this.words);
    if (hi === 0 && lo === 0) hi = 1;
    return this.insert(hi, lo, this.count);
  }

  /** Index of the state with this packed form, or -1. */
  lookup(s: Int32Array, o: number): number {
    let hi = hashWords(s, o, this.words, STORE_SEED);
    const lo = hashWords2(s, o, this.words);
    if (hi === 0 && lo === 0) hi = 1;
    const r = this.insertOrFind(hi, lo, -1);
    return r < 0 ? -1 - r : -1;
  }

  private insert(hi: number, lo: number, idx: number): number {
    if (this.count + 1 > this.capacity * FP_LOAD) this.grow();
    const r = this.insertOrFind(hi, lo, idx);
    if (r >= 0) this.count++;
    return r;
  }

  /** Inserts with `idx` (when idx >= 0) or finds; returns idx when inserted, -1 - found otherwise. */
  private insertOrFind(hi: number, lo: number, idx: number): number {
    const t = this.table;
    const mask = this.capacity - 1;
    let i = (lo ^ (hi >>> 7)) & mask;
    for (;;) {
      const p = i * 3;
      const e = t[p + 2]!;
      if (e === 0) {
        if (idx < 0) return 0;
        t[p] = hi;
        t[p + 1] = lo;
        t[p + 2] = idx + 1;
        return idx;
      }
      if (t[p] === hi && t[p + 1] === lo) return -e;
      i = (i + 1) & mask;
    }
  }

  bytes(): number {
    return this.table.byteLength;
  }

  private grow(): void {
    const old = this.table;
    const oldCap = this.capacity;
    // Allocate before changing anything: when the allocation fails the store is still whole.
    this.table = new Int32Array(oldCap * 2 * 3);
    this.capacity = oldCap * 2;
    for (let i = 0; i < oldCap; i++) {
      const p = i * 3;
      const e = old[p + 2]!;
      if (e !== 0) this.insertOrFind(old[p]!, old[p + 1]!, e - 1);
    }
  }

  /**
   * The fingerprints of every state of `exact`, with the same indices: what the sequential checker
   * switches to in "auto" mode. (The constructor takes a capacity in slots, FingerprintSet's a
   * number of bits: each class converts for itself, so callers cannot mix them up.)
   */
  static fromExact(exact: ExactStore): FingerprintStore {
    const fp = new FingerprintStore(exact.words, 2 ** tableBits(exact.count, FP_LOAD));
    for (let i = 0; i < exact.count; i++) fp.add(exact.states, i * exact.words);
    return fp;
  }

  /** TLC's optimistic estimate of the probability that a fingerprint collision hid a state. */
  static collisionProbability(distinct: number, generated: number): number {
    return (distinct * Math.max(0, generated - distinct)) / 2 ** 64;
  }
}

/**
 * The leanest store, for parallel workers (whose traces are rebuilt by a bounded sequential run):
 * 64-bit fingerprints only, 8 bytes a slot, up to 90% full. It is an ordered linear-probing table
 * (Amble and Knuth): a fingerprint's home slot is the top bits of its hash, and every run of slots
 * stays sorted by fingerprint, so a search stops at the first larger entry. Sorted runs make the
 * table grow in place: doubling maps home h to 2h or 2h + 1, every entry moves only forward, and
 * moving them from the last one back needs no second table (a resizable ArrayBuffer).
 */
export class FingerprintSet implements VisitedStore {
  readonly words: number;
  private buffer: ResizableArrayBuffer;
  private t: Int32Array; // [hi, lo] per slot, tracking the buffer's length; [0, 0] is empty
  private bits: number;
  private limit: number; // slots in use: 2^bits plus an overflow tail (no wrap-around)
  count = 0;

  constructor(words: number, initialBits = 14) {
    if (!Number.isInteger(initialBits) || initialBits < 1 || initialBits > 30) throw new RangeError(`FingerprintSet: initialBits must be an integer in 1 .. 30, got ${initialBits}`);
    this.words = Math.max(1, words);
    this.bits = initialBits;
    this.limit = (1 << initialBits) + OVERFLOW;
    this.buffer = reserveTable(this.limit * 8);
    this.t = new Int32Array(this.buffer);
  }

  add(s: Int32Array, o: number): number {
    return this.addHashed(s, o, hashWords(s, o, this.words, STORE_SEED));
  }

  /** The fingerprints of every state of `exact`: what a parallel worker switches to in "auto" mode. */
  static fromExact(exact: ExactStore): FingerprintSet {
    const fp = new FingerprintSet(exact.words, Math.max(14, tableBits(exact.count, SET_LOAD)));
    for (let i = 0; i < exact.count; i++) fp.add(exact.states, i * exact.words);
    return fp;
  }

  /** Returns `count` before the insert when new, -1 when already present (no indices are kept). */
  addHashed(s: Int32Array, o: number, h: number): number {
    // The home slot comes from the second hash: parallel workers split states by the top bits of
    // the first, so those bits are the same for all of one worker's states.
    const hi = hashWords2(s, o, this.words) >>> 0;
    let lo = h >>> 0;
    if (hi === 0 && lo === 0) lo = 1;
    for (;;) {
      const r = this.insert(hi, lo);
      if (r !== GROW) return r;
      this.grow();
    }
  }

  private insert(hi: number, lo: number): number {
    if (this.count + 1 > SET_LOAD * 2 ** this.bits) return GROW;
    const t = this.t;
    let p = Math.floor(hi / 2 ** (32 - this.bits));
    for (; p < this.limit; p++) {
      const h = t[2 * p]! >>> 0;
      const l = t[2 * p + 1]! >>> 0;
      if (h === 0 && l === 0) break;
      if (h === hi && l === lo) return -1;
      if (h > hi || (h === hi && l > lo)) break;
    }
    // Insert at p, shifting the rest of the run one slot on.
    let e = p;
    while (e < this.limit && (t[2 * e] !== 0 || t[2 * e + 1] !== 0)) e++;
    if (e >= this.limit) return GROW;
    if (e > p) t.copyWithin(2 * p + 2, 2 * p, 2 * e);
    t[2 * p] = hi | 0;
    t[2 * p + 1] = lo | 0;
    return this.count++;
  }

  bytes(): number {
    return this.buffer.byteLength;
  }

  /** The longest run of occupied slots: what a search may scan (for tests of the hash's spread). */
  longestRun(): number {
    let best = 0;
    let run = 0;
    for (let p = 0; p < this.limit; p++) {
      run = this.t[2 * p] === 0 && this.t[2 * p + 1] === 0 ? 0 : run + 1;
      best = Math.max(best, run);
    }
    return best;
  }

  private grow(): void {
    const t = this.t;
    const bits = this.bits + 1;
    // New positions, in table order: pos' = max(new home, previous pos' + 1), never below pos.
    const to = new Int32Array(this.count);
    let k = 0;
    let last = -1;
    for (let p = 0; p < this.limit; p++) {
      const h = t[2 * p]! >>> 0;
      if (h === 0 && t[2 * p + 1] === 0) continue;
      last = Math.max(Math.floor(h / 2 ** (32 - bits)), last + 1);
      to[k++] = last;
    }
    const oldLimit = this.limit;
    const limit = Math.max((1 << bits) + OVERFLOW, last + 1 + OVERFLOW);
    // Past the reservation there is no room to grow in place: report it as the allocation failure
    // it is (the checker stops cleanly with limit "memory"), before anything has moved.
    if (limit * 8 > this.buffer.maxByteLength) throw new RangeError(`Array buffer allocation failed: the fingerprint table cannot grow past the ${this.buffer.maxByteLength} bytes reserved for it`);
    this.buffer.resize(limit * 8);
    // From the last entry back: every write lands above the slots still to be read.
    for (let p = oldLimit - 1; p >= 0 && k > 0; p--) {
      if (t[2 * p] === 0 && t[2 * p + 1] === 0) continue;
      const dest = to[--k]!;
      if (dest === p) continue;
      t[2 * dest] = t[2 * p]!;
      t[2 * dest + 1] = t[2 * p + 1]!;
      t[2 * p] = 0;
      t[2 * p + 1] = 0;
    }
    this.bits = bits;
    this.limit = limit;
  }
}

// Resizable ArrayBuffers are ES2024; spelled out so that programs type-checking this runtime with
// an older `lib` still compile.
interface ResizableArrayBuffer extends ArrayBuffer {
  resize(byteLength: number): void;
  readonly maxByteLength: number;
}
type ResizableArrayBufferConstructor = new (byteLength: number, options: { maxByteLength: number }) => ResizableArrayBuffer;

const GROW = -2;
/** Slots past the last home slot, so runs never wrap around. */
const OVERFLOW = 1024;
const MAX_TABLE_BYTES = 2 ** 36;

/**
 * A resizable buffer of `bytes`, reserving address space for growth up to MAX_TABLE_BYTES, or as
 * much as the process may reserve: under an address-space limit (`ulimit -v`, `prlimit --as`) a
 * 64 GiB reservation fails at once, so halve it until it succeeds.
 */
function reserveTable(bytes: number): ResizableArrayBuffer {
  const Ctor = ArrayBuffer as unknown as ResizableArrayBufferConstructor;
  for (let max = MAX_TABLE_BYTES; ; max /= 2) {
    try {
      return new Ctor(bytes, { maxByteLength: Math.max(max, bytes) });
    } catch (e) {
      if (!(e instanceof RangeError) || max <= bytes) throw e;
    }
  }
}
