// The source of choices the spec generators draw from: a seeded generator for the fuzz runs (fast,
// one seed per case, so a case is reproduced from its seed), or fast-check's `fc.gen()` so that the
// same generators are fast-check arbitraries that shrink.
import fc from "fast-check";

export interface Choices {
  /** An integer in lo .. hi (inclusive). */
  int(lo: number, hi: number): number;
}

/** xoshiro128** seeded through splitmix32: small, fast, good enough for fuzzing. */
export class Rng implements Choices {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  constructor(seed: number) {
    let x = seed | 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }

  private u32(): number {
    const r = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return r;
  }

  int(lo: number, hi: number): number {
    return lo + Math.floor((this.u32() / 4294967296) * (hi - lo + 1));
  }
}

const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k));

/** Choices drawn through fast-check, so a failing case shrinks by shrinking its choices. */
export function fcChoices(g: fc.GeneratorValue): Choices {
  return { int: (lo, hi) => g(fc.integer, { min: lo, max: hi }) };
}

export function pickOne<T>(c: Choices, xs: readonly T[]): T {
  if (xs.length === 0) throw new Error("pickOne of nothing");
  return xs[c.int(0, xs.length - 1)]!;
}

/** True with probability `percent` / 100 (false for a choice shrunk to 0: shrinking drops options). */
export function chance(c: Choices, percent: number): boolean {
  return c.int(0, 99) >= 100 - percent;
}

/** Picks a branch by weight: `[[3, () => a], [1, () => b]]`. */
export function weighted<T>(c: Choices, options: readonly (readonly [number, () => T])[]): T {
  const live = options.filter(([w]) => w > 0);
  const total = live.reduce((s, [w]) => s + w, 0);
  let r = c.int(0, total - 1);
  for (const [w, f] of live) {
    if (r < w) return f();
    r -= w;
  }
  throw new Error("weighted: no option");
}
