// Values of the reference semantics: plain JS numbers and booleans, enum members as their names,
// `null` for `none`, sets as sorted duplicate-free arrays, maps as key/value arrays in key order,
// records as frozen plain objects. Everything is immutable; equality is equality of canonical
// strings, so no representation trick can make two different values look alike.
import type { ScalarType, Type } from "../../src/sema/types.ts";

export type Scalar = number | boolean | string;
export type Value = Scalar | null | RSet | RMap | RRecord;

export class RSet {
  readonly elems: readonly Scalar[];
  constructor(elems: Iterable<Scalar>) {
    const byKey = new Map<string, Scalar>();
    for (const e of elems) byKey.set(canon(e), e);
    this.elems = [...byKey.keys()].sort().map((k) => byKey.get(k)!);
  }
  has(x: Value): boolean {
    const k = canon(x);
    return this.elems.some((e) => canon(e) === k);
  }
}

export class RMap {
  readonly keys: readonly Scalar[];
  readonly vals: readonly Value[];
  constructor(keys: readonly Scalar[], vals: readonly Value[]) {
    this.keys = keys;
    this.vals = vals;
  }
  /** Position of key `k`, or -1 when `k` is outside the map's domain. */
  indexOf(k: Value): number {
    const c = canon(k);
    return this.keys.findIndex((x) => canon(x) === c);
  }
  with(i: number, v: Value): RMap {
    const vals = this.vals.slice();
    vals[i] = v;
    return new RMap(this.keys, vals);
  }
}

export class RRecord {
  readonly fields: ReadonlyMap<string, Value>;
  constructor(fields: ReadonlyMap<string, Value>) {
    this.fields = fields;
  }
  get(name: string): Value {
    if (!this.fields.has(name)) throw new Error(`reference: record has no field ${name}`);
    return this.fields.get(name)!;
  }
  with(name: string, v: Value): RRecord {
    const m = new Map(this.fields);
    m.set(name, v);
    return new RRecord(m);
  }
}

/** A string that two values share exactly when they are equal. */
export function canon(v: Value): string {
  if (v === null) return "none";
  if (typeof v === "number") return String(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "string") return `#${v}`;
  if (v instanceof RSet) return `{${v.elems.map(canon).join(",")}}`;
  if (v instanceof RMap) return `[${v.keys.map((k, i) => `${canon(k)}:${canon(v.vals[i]!)}`).join(",")}]`;
  return `(${[...v.fields.keys()].sort().map((f) => `${f}=${canon(v.fields.get(f)!)}`).join(",")})`;
}

export const equal = (a: Value, b: Value): boolean => canon(a) === canon(b);

/** Every value of a finite scalar type, in the type's order. */
export function scalarValues(t: ScalarType): Scalar[] {
  switch (t.k) {
    case "bool": return [false, true];
    case "enum": return [...t.members];
    case "range": {
      const out: number[] = [];
      for (let i = t.lo; i <= t.hi; i++) out.push(i);
      return out;
    }
  }
}

/** Is `v` a value of the declared type `t`? (What storing a value checks: a "range" fault if not.) */
export function conforms(v: Value, t: Type): boolean {
  switch (t.k) {
    case "bool": return typeof v === "boolean";
    case "int": return typeof v === "number";
    case "range": return typeof v === "number" && Number.isInteger(v) && v >= t.lo && v <= t.hi;
    case "enum": return typeof v === "string" && t.members.includes(v);
    case "option": return v === null || conforms(v, t.inner);
    case "set": return v instanceof RSet && v.elems.every((e) => conforms(e, t.elem));
    case "record":
      return v instanceof RRecord && v.fields.size === t.fields.length && t.fields.every((f) => v.fields.has(f.name) && conforms(v.fields.get(f.name)!, f.type));
    case "map": {
      if (!(v instanceof RMap)) return false;
      const keys = scalarValues(t.key);
      return keys.length === v.keys.length && keys.every((k, i) => equal(k, v.keys[i]!)) && v.vals.every((x) => conforms(x, t.value));
    }
    default: return false;
  }
}

/** A readable form for messages. */
export function show(v: Value): string {
  return canon(v).replace(/#/g, "");
}
