// The visited-state store: states kept in BFS order in one growing arena of Int32 slots, indexed by
// an open-addressing hash table over typed arrays. A state's index is its discovery number, so
// the frontier is a cursor over the arena and parents are plain indices (traces without copies).
// Exact: states are compared slot by slot, no false "seen".

export class StateStore {
  readonly width: number;
  private arena: Int32Array;
  private hashes: Int32Array;
  private table: Int32Array; // index + 1, 0 = empty
  private mask: number;
  count = 0;

  constructor(width: number, initialCapacity = 1 << 12) {
    this.width = Math.max(1, width);
    this.arena = new Int32Array(initialCapacity * this.width);
    this.hashes = new Int32Array(initialCapacity);
    this.table = new Int32Array(initialCapacity * 2);
    this.mask = initialCapacity * 2 - 1;
  }

  /** Adds `s` if unseen; returns its index, or -1 - index when it was already there. */
  add(s: Int32Array): number {
    const w = this.width;
    const h = hashSlots(s, w);
    const table = this.table;
    const arena = this.arena;
    let i = h & this.mask;
    for (;;) {
      const e = table[i]!;
      if (e === 0) break;
      const idx = e - 1;
      if (this.hashes[idx] === h) {
        const base = idx * w;
        let same = true;
        for (let k = 0; k < w; k++) {
          if (arena[base + k] !== s[k]) {
            same = false;
            break;
          }
        }
        if (same) return -1 - idx;
      }
      i = (i + 1) & this.mask;
    }
    const idx = this.count;
    if (idx >= this.hashes.length) {
      this.grow();
      return this.add(s);
    }
    this.arena.set(s.subarray(0, w), idx * w);
    this.hashes[idx] = h;
    table[i] = idx + 1;
    this.count = idx + 1;
    return idx;
  }

  /** Copies state `idx` into `out`. */
  load(idx: number, out: Int32Array): void {
    const base = idx * this.width;
    out.set(this.arena.subarray(base, base + this.width));
  }

  get(idx: number): Int32Array {
    const base = idx * this.width;
    return this.arena.slice(base, base + this.width);
  }

  /** Bytes held by the store's arrays. */
  bytes(): number {
    return this.arena.byteLength + this.hashes.byteLength + this.table.byteLength;
  }

  private grow(): void {
    const cap = this.hashes.length * 2;
    const arena = new Int32Array(cap * this.width);
    arena.set(this.arena);
    this.arena = arena;
    const hashes = new Int32Array(cap);
    hashes.set(this.hashes);
    this.hashes = hashes;
    this.table = new Int32Array(cap * 2);
    this.mask = cap * 2 - 1;
    for (let idx = 0; idx < this.count; idx++) {
      let i = this.hashes[idx]! & this.mask;
      while (this.table[i] !== 0) i = (i + 1) & this.mask;
      this.table[i] = idx + 1;
    }
  }
}

/** A well-mixed 32-bit hash of the first `w` slots (murmur3-style). */
export function hashSlots(s: Int32Array, w: number): number {
  let h = 0x9747b28c ^ w;
  for (let k = 0; k < w; k++) {
    let x = Math.imul(s[k]!, 0xcc9e2d51);
    x = (x << 15) | (x >>> 17);
    h ^= Math.imul(x, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
