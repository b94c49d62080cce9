// The visited-state store against a reference Set of strings (fast-check): same membership, same
// count, indices in insertion order, across growth; and the hash spreads small vectors.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ExactStore, FingerprintSet, FingerprintStore, hashWords } from "../../src/runtime/store.ts";

describe("StateStore", () => {
  for (const [name, make] of [["ExactStore", (w: number) => new ExactStore(w, 4)], ["FingerprintStore", (w: number) => new FingerprintStore(w, 4)]] as const) {
  it(`${name} agrees with a reference set, through growth (fast-check)`, () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 6, maxLength: 6 }), { maxLength: 3000 }), (w, rows) => {
        const store = make(w);
        const ref = new Map<string, number>();
        for (const row of rows) {
          const s = Int32Array.from(row.slice(0, w));
          const key = s.join(",");
          const idx = store.add(s, 0);
          const known = ref.get(key);
          if (known === undefined) {
            expect(idx).toBe(ref.size);
            ref.set(key, idx);
          } else {
            expect(idx).toBe(-1 - known);
          }
        }
        expect(store.count).toBe(ref.size);
        for (const [key, idx] of ref) expect(store.lookup(Int32Array.from(key.split(",").map(Number)), 0)).toBe(idx);
      }),
      { numRuns: 60 },
    );
  });
  }

  it("FingerprintSet agrees with a reference set, through growth (fast-check)", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 3, maxLength: 3 }), { maxLength: 3000 }), (rows) => {
        const set = new FingerprintSet(3, 4);
        const ref = new Set<string>();
        for (const row of rows) {
          const isNew = set.add(Int32Array.from(row), 0) >= 0;
          expect(isNew).toBe(!ref.has(row.join(",")));
          ref.add(row.join(","));
        }
        expect(set.count).toBe(ref.size);
      }),
      { numRuns: 60 },
    );
  });

  it("spreads small vectors: few full collisions, even low bits (the table index)", () => {
    const seen = new Set<number>();
    const buckets = new Int32Array(1024);
    const s = new Int32Array(8);
    const n = 4 ** 8;
    for (let i = 0; i < n; i++) {
      for (let k = 0, x = i; k < 8; k++, x >>= 2) s[k] = x & 3;
      const h = hashWords(s, 0, 8, 0x9747b28c);
      seen.add(h);
      buckets[h & 1023]!++;
    }
    // 65,536 vectors into 2^32 hashes: about 0.5 collisions expected by the birthday bound.
    expect(n - seen.size).toBeLessThanOrEqual(3);
    // 64 per bucket on average; a poor mix (e.g. identity on the first slot) piles them up.
    expect(Math.max(...buckets)).toBeLessThan(110);
    expect(Math.min(...buckets)).toBeGreaterThan(25);
  });
});

describe("FingerprintSet in a worker's partition", () => {
  it("spreads a worker's share over the whole table (a regression: homes taken from the partition hash left half the table unused, and runs grew without bound)", () => {
    const set = new FingerprintSet(2, 4);
    const s = new Int32Array(2);
    let added = 0;
    for (let a = 0; added < 200_000; a++) {
      s[0] = a;
      s[1] = a * 31;
      const h = hashWords(s, 0, 2, 0x9747b28c);
      if (h >>> 31 !== 0) continue; // only worker 0's share, as with two workers
      expect(set.addHashed(s, 0, h)).toBe(added);
      added++;
    }
    expect(set.count).toBe(200_000);
    // At most 90% full, runs of well-spread homes stay short; with half the homes unused they
    // ran to many thousands of slots.
    expect(set.longestRun()).toBeLessThan(300);
  });
});

describe("switching from exact states to fingerprints (--store auto)", () => {
  // Regression: the workers built their FingerprintSet with a table capacity (2^k) where the
  // constructor takes k, the number of bits; with more than ten states that is 32 bits or more,
  // and the table's inserts looped forever.
  for (const count of [1, 11, 100, 5000]) {
    it(`FingerprintSet.fromExact and FingerprintStore.fromExact hold all ${count} states`, () => {
      const exact = new ExactStore(2);
      for (let i = 0; i < count; i++) exact.add(Int32Array.of(i, -i), 0);
      const set = FingerprintSet.fromExact(exact);
      const store = FingerprintStore.fromExact(exact);
      expect([set.count, store.count]).toEqual([count, count]);
      for (let i = 0; i < count; i++) {
        expect(set.add(Int32Array.of(i, -i), 0)).toBe(-1);
        expect(store.lookup(Int32Array.of(i, -i), 0)).toBe(i); // the same index as in the exact store
      }
      expect(set.add(Int32Array.of(count, -count), 0)).toBe(count);
      expect(store.add(Int32Array.of(count, -count), 0)).toBe(count);
    });
  }

  it("FingerprintSet refuses a number of bits that is not one", () => {
    for (const bits of [0, 31, 32, 2 ** 13, 2.5]) expect(() => new FingerprintSet(1, bits)).toThrow(/initialBits must be an integer in 1 .. 30/);
  });
});
