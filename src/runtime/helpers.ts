// Small functions that generated code calls. Kept tiny and monomorphic: they sit in the checker's
// inner loop.
import { KspecFault, type FaultKind } from "./machine.ts";

export function fail(kind: FaultKind, site: number, message: string): never {
  throw new KspecFault(kind, site, message);
}

/** The value itself if it lies in lo..hi, else a range fault at `site`. */
export function inRange(v: number, lo: number, hi: number, site: number): number {
  if (v < lo || v > hi) fail("range", site, `value ${v} is outside ${lo} .. ${hi}`);
  return v;
}

/** Map index: code of `v` in a key range starting at lo, with a domain check. */
export function keyIndex(v: number, lo: number, hi: number, site: number): number {
  if (v < lo || v > hi) fail("domain", site, `index ${v} is outside the map's domain ${lo} .. ${hi}`);
  return v - lo;
}

/** Bit of a set element; elements are codes 0..30. */
export function bit(v: number, site: number): number {
  if (v < 0 || v > 30) fail("range", site, `set element ${v} is outside 0 .. 30`);
  return 1 << v;
}

/** The mask of the integers lo..hi, as a set. */
export function rangeMask(lo: number, hi: number, site: number): number {
  if (hi < lo) return 0;
  if (lo < 0 || hi > 30) fail("range", site, `set ${lo} .. ${hi} is outside 0 .. 30`);
  return ((hi === 30 ? 0x7fffffff : (1 << (hi + 1)) - 1) & ~((1 << lo) - 1)) | 0;
}

export function popcount(m: number): number {
  let x = m - ((m >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Arithmetic whose result may leave the exact integers (|v| > 2^53 - 1): a fault, never a rounded value. */
function exactResult(v: number, what: string, site: number): number {
  if (!Number.isSafeInteger(v)) fail("overflow", site, `integer overflow: ${what} is beyond 2^53 - 1, where arithmetic is no longer exact`);
  return v;
}

export function add(a: number, b: number, site: number): number {
  return exactResult(a + b, `${a} + ${b}`, site);
}

export function sub(a: number, b: number, site: number): number {
  return exactResult(a - b, `${a} - ${b}`, site);
}

export function mul(a: number, b: number, site: number): number {
  return exactResult(a * b, `${a} * ${b}`, site);
}

export function div(a: number, b: number, site: number): number {
  if (b === 0) fail("division", site, "division by zero");
  return Math.floor(a / b);
}

export function mod(a: number, b: number, site: number): number {
  if (b === 0) fail("division", site, "division by zero");
  return a - b * Math.floor(a / b);
}

export function unwrap(v: number, none: number, site: number): number {
  if (v === none) fail("unwrap", site, "unwrap of none");
  return v;
}

export function eqSlots(a: Int32Array, ao: number, b: Int32Array, bo: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (a[ao + i] !== b[bo + i]) return false;
  return true;
}

/** Is `v` (a code) in the set `mask`? Out-of-range codes are not members. */
/** `v in T` for a Bool or an enum type: true, once `v` has been evaluated (it may fault). */
export function anyValue(_v: number | boolean): true {
  return true;
}

/** `v in mask`, arguments in the order of the source. */
export function isIn(v: number, mask: number): boolean {
  return v >= 0 && v <= 30 && ((mask >>> v) & 1) !== 0;
}

export function between(v: number, lo: number, hi: number): boolean {
  return v >= lo && v <= hi;
}

/** `mask` itself when every member lies in `allowed`, else a range fault. */
export function subsetOf(mask: number, allowed: number, site: number): number {
  if ((mask & ~allowed) !== 0) fail("range", site, `set element ${31 - Math.clz32(mask & ~allowed)} is outside the set's element type`);
  return mask;
}

/** An option value narrowed to a smaller range: NONE stays NONE, a value is range-checked. */
export function optionInRange(v: number, lo: number, hi: number, site: number): number {
  return v === -2147483648 ? v : inRange(v, lo, hi, site);
}
