// Packing: every slot of the working state vector gets the fewest bits that hold its values, and
// slots are laid into 32-bit words (a field never straddles two words, so reading one is a shift
// and a mask). Successor code computes on the unpacked vector, one Int32 per leaf, where dynamic
// indexing is plain arithmetic; the visited-state store and the frontier hold packed words, and
// straight-line generated `pack`/`unpack` functions convert between the two.
import type { Layout } from "./layout.ts";
import type { ValueType } from "../runtime/machine.ts";
import { slotCount } from "../runtime/format.ts";

/** What one slot can hold: an integer range, optionally with NONE encoded as 0. */
export interface SlotKind {
  readonly lo: number;
  readonly hi: number;
  readonly option: boolean;
}

export interface Field {
  readonly slot: number;
  readonly word: number;
  readonly shift: number;
  readonly bits: number;
  readonly kind: SlotKind;
}

export interface Packing {
  readonly words: number;
  readonly fields: readonly Field[];
}

/** Slot kinds of a value type, in slot order. */
function slotKinds(t: ValueType, out: SlotKind[]): void {
  switch (t.k) {
    case "bool": out.push({ lo: 0, hi: 1, option: false }); return;
    case "int": out.push({ lo: t.lo, hi: t.hi, option: false }); return;
    case "enum": out.push({ lo: 0, hi: Math.max(0, t.members.length - 1), option: false }); return;
    case "pc": out.push({ lo: 0, hi: t.labels.length - 1, option: false }); return;
    case "option": {
      const inner: SlotKind[] = [];
      slotKinds(t.inner, inner);
      const k = inner[0]!;
      out.push({ lo: k.lo, hi: k.hi, option: true });
      return;
    }
    case "set": {
      const inner: SlotKind[] = [];
      slotKinds(t.elem, inner);
      const maxCode = Math.min(30, inner[0]!.hi);
      out.push({ lo: 0, hi: maxCode >= 30 ? 0x7fffffff : 2 ** (maxCode + 1) - 1, option: false });
      return;
    }
    case "record":
      for (const f of t.fields) slotKinds(f.type, out);
      return;
    case "map": {
      const n = slotCount(t) / Math.max(1, slotCount(t.value));
      for (let i = 0; i < n; i++) slotKinds(t.value, out);
      return;
    }
  }
}

function bitsFor(k: SlotKind): number {
  const values = k.hi - k.lo + 1 + (k.option ? 1 : 0);
  return values <= 1 ? 0 : Math.ceil(Math.log2(values));
}

export function packingOf(layout: Layout): Packing {
  const kinds: SlotKind[] = new Array(layout.width);
  for (const v of layout.vars) {
    const ks: SlotKind[] = [];
    slotKinds(v.type, ks);
    ks.forEach((k, i) => (kinds[v.offset + i] = k));
  }
  const fields: Field[] = [];
  let word = 0;
  let used = 0;
  for (let slot = 0; slot < layout.width; slot++) {
    const kind = kinds[slot] ?? { lo: -2147483648, hi: 2147483647, option: false };
    const bits = Math.min(32, bitsFor(kind));
    if (bits === 0) {
      fields.push({ slot, word: 0, shift: 0, bits: 0, kind });
      continue;
    }
    if (used + bits > 32) {
      word++;
      used = 0;
    }
    fields.push({ slot, word, shift: used, bits, kind });
    used += bits;
  }
  return { words: used === 0 ? Math.max(1, word) : word + 1, fields };
}

/** Generated `pack(s, out, o)` and `unpack(w, o, s)` as TypeScript lines. */
export function packCode(p: Packing): string[] {
  const packLines: string[] = [];
  const byWord: string[][] = Array.from({ length: p.words }, () => []);
  const unpackLines: string[] = [];
  for (const f of p.fields) {
    const s = `s[${f.slot}]!`;
    if (f.bits === 0) {
      unpackLines.push(`s[${f.slot}] = ${f.kind.lo};`);
      continue;
    }
    const code = f.kind.option
      ? `(${s} === ${-2147483648} ? 0 : ${s}${offset(-(f.kind.lo - 1))})`
      : f.kind.lo === 0 ? s : `(${s}${offset(-f.kind.lo)})`;
    byWord[f.word]!.push(f.shift === 0 ? code : `(${code} << ${f.shift})`);
    const mask = f.bits === 32 ? "" : ` & ${f.bits === 31 ? "0x7fffffff" : `0x${(2 ** f.bits - 1).toString(16)}`}`;
    const raw = f.shift === 0 ? `w${f.word}${mask}` : `(w${f.word} >>> ${f.shift})${mask}`;
    const value = f.kind.option
      ? `((x = ${raw}) === 0 ? ${-2147483648} : x${offset(f.kind.lo - 1)})`
      : f.kind.lo === 0 ? raw : `(${raw})${offset(f.kind.lo)}`;
    unpackLines.push(`s[${f.slot}] = ${value};`);
  }
  byWord.forEach((parts, w) => packLines.push(`out[o + ${w}] = ${parts.length === 0 ? "0" : parts.join(" | ")};`));
  const words = Array.from({ length: p.words }, (_, w) => `const w${w} = w[o + ${w}]!;`);
  return [
    "function pack(s: rt.State, out: Int32Array, o: number): void {",
    ...packLines.map((l) => `  ${l}`),
    "}",
    "",
    "function unpack(w: Int32Array, o: number, s: rt.State): void {",
    ...words.map((l) => `  ${l}`),
    ...(unpackLines.some((l) => l.includes("(x = ")) ? ["  let x = 0;"] : []),
    ...unpackLines.map((l) => `  ${l}`),
    "}",
  ];
}

/** ` + k` or ` - k`, nothing for 0. */
function offset(k: number): string {
  return k === 0 ? "" : k > 0 ? ` + ${k}` : ` - ${-k}`;
}
