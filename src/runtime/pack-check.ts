// A debug check of the packed-state encoding (KSPEC_DEBUG_PACK=1, or CheckOptions.debugPack): before a
// state is packed, every slot must hold a value of its declared type, and unpacking the packed words
// must give the state back. Either failure is a bug in kspec's compiler (generated code stored a
// value its range checks should have refused, or pack and unpack disagree), so it is an internal
// error, not a violation of the spec.
import { NONE, type Machine, type State, type ValueType } from "./machine.ts";

/** Thrown when a state breaks the encoding: an internal error of kspec. */
export class PackCheckError extends Error {}

/** One slot's allowed values: a range, or for sets a mask of allowed bits. */
type Slot = { readonly name: string; readonly lo: number; readonly hi: number; readonly none: boolean; readonly mask?: number };

function scalarRange(t: ValueType): { lo: number; hi: number } {
  switch (t.k) {
    case "bool": return { lo: 0, hi: 1 };
    case "int": return { lo: t.lo, hi: t.hi };
    case "enum": return { lo: 0, hi: t.members.length - 1 };
    case "pc": return { lo: 0, hi: t.labels.length - 1 };
    default: throw new PackCheckError(`pack check: a ${t.k} is not a scalar`);
  }
}

function bitsOf(lo: number, hi: number): number {
  let m = 0;
  for (let b = Math.max(0, lo); b <= Math.min(30, hi); b++) m |= 1 << b;
  return m;
}

function keyCount(t: ValueType): number {
  return t.k === "bool" ? 2 : t.k === "int" ? t.hi - t.lo + 1 : t.k === "enum" ? t.members.length : 1;
}

function slotsOf(name: string, t: ValueType, out: Slot[]): void {
  switch (t.k) {
    case "record":
      for (const f of t.fields) slotsOf(`${name}.${f.name}`, f.type, out);
      return;
    case "map":
      for (let i = 0; i < keyCount(t.key); i++) slotsOf(`${name}[#${i}]`, t.value, out);
      return;
    case "option": {
      const r = scalarRange(t.inner);
      out.push({ name, ...r, none: true });
      return;
    }
    case "set": {
      const r = scalarRange(t.elem);
      out.push({ name, lo: 0, hi: 0, none: false, mask: bitsOf(r.lo, r.hi) });
      return;
    }
    default:
      out.push({ name, ...scalarRange(t), none: false });
  }
}

/** The allowed values of every slot of the machine's states, in slot order. */
export function slotTable(m: Machine): Slot[] {
  const slots: Slot[] = [];
  for (const v of m.vars) {
    const before = slots.length;
    slotsOf(v.name, v.type, slots);
    if (before !== v.offset) throw new PackCheckError(`pack check: variable ${v.name} is at slot ${v.offset}, its type puts it at ${before}`);
  }
  if (slots.length !== m.width) throw new PackCheckError(`pack check: the variables' types give ${slots.length} slots, the machine has ${m.width}`);
  return slots;
}

/** A function that throws PackCheckError unless `s` is well formed and survives pack then unpack. */
export function packChecker(m: Machine): (s: State) => void {
  const slots = slotTable(m);
  const packed = new Int32Array(m.words);
  const back = new Int32Array(m.width);
  return (s) => {
    for (let i = 0; i < slots.length; i++) {
      const sl = slots[i]!;
      const v = s[i]!;
      const ok = sl.mask !== undefined ? (v & ~sl.mask) === 0 : (sl.none && v === NONE) || (v >= sl.lo && v <= sl.hi);
      if (!ok) throw new PackCheckError(`pack check: slot ${i} (${sl.name}) holds ${v}, outside its type; state [${Array.from(s).join(", ")}]`);
    }
    packed.fill(0);
    m.pack(s, packed, 0);
    back.fill(0);
    m.unpack(packed, 0, back);
    for (let i = 0; i < m.width; i++) {
      if (back[i] !== s[i]) throw new PackCheckError(`pack check: unpack(pack(s)) differs at slot ${i} (${slots[i]!.name}): ${s[i]} became ${back[i]}; state [${Array.from(s).join(", ")}]`);
    }
  };
}

/**
 * Whether the environment asks for the check (KSPEC_DEBUG_PACK=1). The runtime is also compiled
 * without Node's types (by users' programs importing a generated spec), so `process` is looked up.
 */
export function packCheckFromEnv(): boolean {
  const proc = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  return proc?.env?.["KSPEC_DEBUG_PACK"] === "1";
}
