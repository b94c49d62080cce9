// Where every variable, process counter and process local lives in the state vector, and how the
// runtime prints it. Globals first in declaration order, then each process's members, each member a
// block `[pc, locals...]`.
import type { Checked, ProcessInfo } from "../sema/model.ts";
import { cardinality, leafCount, minCode, type ScalarType, type Type } from "../sema/types.ts";
import type { ValueType, VarLayout } from "../runtime/machine.ts";

export interface ProcessLayout {
  readonly proc: ProcessInfo;
  readonly base: number;
  readonly stride: number;
  readonly members: number;
  /** Value of the first member (`self` of member index 0). */
  readonly firstMember: number;
  readonly labels: readonly string[];
  /** pc value of a finished member. */
  readonly done: number;
  /** Offset of each local within a member's block. */
  readonly localOffsets: ReadonlyMap<string, number>;
}

export interface Layout {
  readonly width: number;
  readonly globals: ReadonlyMap<string, number>;
  readonly processes: readonly ProcessLayout[];
  readonly vars: readonly VarLayout[];
}

export function layoutOf(c: Checked): Layout {
  let off = 0;
  const globals = new Map<string, number>();
  const vars: VarLayout[] = [];
  for (const v of c.vars) {
    globals.set(v.name, off);
    vars.push({ name: v.name, offset: off, type: valueType(v.type) });
    off += leafCount(v.type);
  }
  const processes: ProcessLayout[] = [];
  for (const p of c.processes) {
    const labels = [...p.labels.keys()];
    const localOffsets = new Map<string, number>();
    let stride = 1;
    for (const l of p.locals) {
      localOffsets.set(l.name, stride);
      stride += leafCount(l.type);
    }
    const members = p.member ? cardinality(p.member) : 1;
    const firstMember = p.member ? minCode(p.member) : 0;
    const pl: ProcessLayout = { proc: p, base: off, stride, members, firstMember, labels, done: labels.length, localOffsets };
    for (let m = 0; m < members; m++) {
      const name = p.member ? `${p.name}[${memberName(p.member, m)}]` : p.name;
      const mb = off + m * stride;
      vars.push({ name: `${name}.pc`, offset: mb, type: { k: "pc", labels: [...labels, "done"] } });
      for (const l of p.locals) vars.push({ name: `${name}.${l.name}`, offset: mb + localOffsets.get(l.name)!, type: valueType(l.type) });
    }
    off += members * stride;
    processes.push(pl);
  }
  return { width: off, globals, processes, vars };
}

function memberName(t: ScalarType, index: number): string {
  switch (t.k) {
    case "bool": return index === 0 ? "false" : "true";
    case "range": return String(t.lo + index);
    case "enum": return t.members[index] ?? String(index);
  }
}

export function valueType(t: Type): ValueType {
  switch (t.k) {
    case "bool": return { k: "bool" };
    case "range": return { k: "int", lo: t.lo, hi: t.hi };
    case "enum": return { k: "enum", name: t.name, members: t.members };
    case "option": return { k: "option", inner: valueType(t.inner) };
    case "set": return { k: "set", elem: valueType(t.elem) };
    case "record": return { k: "record", fields: t.fields.map((f) => ({ name: f.name, type: valueType(f.type) })) };
    case "map": return { k: "map", key: valueType(t.key), value: valueType(t.value) };
    default: return { k: "int", lo: -2147483648, hi: 2147483647 };
  }
}
