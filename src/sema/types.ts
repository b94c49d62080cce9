// Resolved kspec types. Every storable type is finite: it flattens into `leafCount` small integers
// (the state-vector slots). `int` is the unbounded type of arithmetic, checked when stored.

export type Type =
  | { readonly k: "bool" }
  | { readonly k: "int" }
  | { readonly k: "range"; readonly lo: number; readonly hi: number }
  | { readonly k: "enum"; readonly name: string; readonly members: readonly string[] }
  | { readonly k: "option"; readonly inner: ScalarType }
  | { readonly k: "set"; readonly elem: Type }
  | { readonly k: "record"; readonly fields: readonly { readonly name: string; readonly type: Type }[] }
  | { readonly k: "map"; readonly key: ScalarType; readonly value: Type }
  | { readonly k: "string" }
  | { readonly k: "error" };

export type ScalarType = Extract<Type, { k: "bool" | "range" | "enum" }>;

export const BOOL: Type = { k: "bool" };
export const INT: Type = { k: "int" };
export const ERROR: Type = { k: "error" };

/** The empty range stands for "no element yet": the type of `none` and of `{}`. */
const EMPTY: ScalarType = { k: "range", lo: 0, hi: -1 };
export const NONE_TYPE: Type = { k: "option", inner: EMPTY };
export const EMPTY_SET: Type = { k: "set", elem: EMPTY };
export const isNone = (t: Type): boolean => t.k === "option" && t.inner.k === "range" && t.inner.hi < t.inner.lo;
export const isEmptySet = (t: Type): boolean => t.k === "set" && t.elem.k === "range" && t.elem.hi < t.elem.lo;

export const isIntLike = (t: Type): boolean => t.k === "int" || t.k === "range";
export const isFiniteScalar = (t: Type): t is ScalarType => t.k === "bool" || t.k === "range" || t.k === "enum";

/** Number of values of a finite scalar type. */
export function cardinality(t: ScalarType): number {
  return t.k === "bool" ? 2 : t.k === "range" ? t.hi - t.lo + 1 : t.members.length;
}

/** The smallest code of a scalar type (its values are codes min .. min + card - 1). */
export function minCode(t: ScalarType): number {
  return t.k === "range" ? t.lo : 0;
}

/** Slots a value of this type occupies in a state vector. */
export function leafCount(t: Type): number {
  switch (t.k) {
    case "record":
      return t.fields.reduce((n, f) => n + leafCount(f.type), 0);
    case "map":
      return cardinality(t.key) * leafCount(t.value);
    default:
      return 1;
  }
}

/**
 * A type in kspec syntax. In messages a one-value range (the type of a literal) reads `Int`;
 * `asWritten` keeps it as `0 .. 0`, as a declaration would say it (for hovers).
 */
export function show(t: Type, asWritten = false): string {
  const sh = (x: Type): string => show(x, asWritten);
  switch (t.k) {
    case "bool": return "Bool";
    case "int": return "Int";
    case "range": return t.lo === t.hi && !asWritten ? "Int" : `${t.lo} .. ${t.hi}`;
    case "enum": return t.name;
    case "option": return `${sh(t.inner)}?`;
    case "set": return `Set[${sh(t.elem)}]`;
    case "record": return `{ ${t.fields.map((f) => `${f.name}: ${sh(f.type)}`).join(", ")} }`;
    case "map": return `[${sh(t.key)}] ${sh(t.value)}`;
    case "string": return "String";
    case "error": return asWritten ? "?" : "<error>";
  }
}

/**
 * Can a value of type `from` be stored where `to` is expected? Integer ranges are all compatible
 * (the value is checked at run time); a `T` converts to `T?`.
 */
export function assignable(from: Type, to: Type): boolean {
  if (from.k === "error" || to.k === "error") return true;
  if (isNone(from)) return to.k === "option";
  if (isEmptySet(from)) return to.k === "set";
  if (isIntLike(to)) return isIntLike(from);
  switch (to.k) {
    case "bool": return from.k === "bool";
    case "enum": return from.k === "enum" && from.name === to.name;
    case "option":
      if (from.k === "option") return assignable(from.inner, to.inner);
      return assignable(from, to.inner);
    case "set": return from.k === "set" && (from.elem.k === "error" || comparable(from.elem, to.elem));
    case "record":
      return from.k === "record" && from.fields.length === to.fields.length &&
        from.fields.every((f, i) => f.name === to.fields[i]!.name && assignable(f.type, to.fields[i]!.type));
    case "map":
      // A map is a total function: only a map over the same keys is a value of this type.
      return from.k === "map" && sameKeys(from.key, to.key) && assignable(from.value, to.value);
    default:
      return false;
  }
}

/** Do two map key types have the same values? */
export function sameKeys(a: ScalarType, b: ScalarType): boolean {
  if (a.k === "range" && b.k === "range") return a.lo === b.lo && a.hi === b.hi;
  if (a.k === "enum" && b.k === "enum") return a.name === b.name;
  return a.k === b.k;
}

/** An empty range: the element type of `{}` and the inner type of `none`. */
export const isEmptyRange = (t: Type): boolean => t.k === "range" && t.hi < t.lo;

/** Can `==` compare these two types? */
export function comparable(a: Type, b: Type): boolean {
  if (a.k === "error" || b.k === "error") return true;
  if (isNone(a)) return b.k === "option" || isNone(b);
  if (isNone(b)) return a.k === "option";
  if (isEmptySet(a)) return b.k === "set";
  if (isEmptySet(b)) return a.k === "set";
  if (isIntLike(a) && isIntLike(b)) return true;
  if (a.k === "option" && b.k !== "option") return comparable(a.inner, b);
  if (b.k === "option" && a.k !== "option") return comparable(a, b.inner);
  if (a.k === "option" && b.k === "option") return comparable(a.inner, b.inner);
  if (a.k !== b.k) return false;
  switch (a.k) {
    case "enum": return a.name === (b as typeof a).name;
    case "set": return comparable(a.elem, (b as typeof a).elem);
    case "record": {
      const bf = (b as typeof a).fields;
      return a.fields.length === bf.length && a.fields.every((f, i) => f.name === bf[i]!.name && comparable(f.type, bf[i]!.type));
    }
    case "map": return sameKeys(a.key, (b as typeof a).key) && comparable(a.value, (b as typeof a).value);
    default: return true;
  }
}

/** The range of values a scalar slot of this type can hold, for bounds checks and packing. */
export function slotRange(t: Type): { lo: number; hi: number } | undefined {
  switch (t.k) {
    case "bool": return { lo: 0, hi: 1 };
    case "range": return { lo: t.lo, hi: t.hi };
    case "enum": return { lo: 0, hi: t.members.length - 1 };
    case "set": {
      const r = slotRange(t.elem);
      return r ? { lo: 0, hi: 2 ** (r.hi + 1) - 1 } : undefined;
    }
    default: return undefined;
  }
}
