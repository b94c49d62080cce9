// The hashes of packed states: the 32-bit one that indexes every store and partitions states among
// parallel workers, and a second, independent one that makes up the other half of a fingerprint.

/** Seed of the hash that indexes every store (and that parallel workers partition by). */
export const STORE_SEED = 0x9747b28c;

/**
 * The low half of a 64-bit fingerprint: xxHash32-style mixing with other primes, so that it does
 * not collide together with `hashWords` (two murmur hashes that differ only in their seed do:
 * a 64-bit run of 14.7 million states lost one state that way).
 */
export function hashWords2(s: Int32Array, o: number, w: number): number {
  let h = (0x165667b1 + w * 4) | 0;
  for (let k = 0; k < w; k++) {
    h = (h + Math.imul(s[o + k]!, 0xc2b2ae3d)) | 0;
    h = Math.imul((h << 17) | (h >>> 15), 0x27d4eb2f);
  }
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca77);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae3d);
  return h ^ (h >>> 16);
}

/** A well-mixed 32-bit hash of `w` words from `s[o]` (murmur3 mixing). */
export function hashWords(s: Int32Array, o: number, w: number, seed: number): number {
  let h = seed ^ w;
  for (let k = 0; k < w; k++) {
    let x = Math.imul(s[o + k]!, 0xcc9e2d51);
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
