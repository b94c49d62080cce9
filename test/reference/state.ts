// States of the reference semantics and the facts about a spec they are built from: the value of
// every global, and for each process member its label (or "done") and its locals. A state's key is
// a canonical string, so the visited set is a plain Map.
import type { Checked, LocalInfo, ProcessInfo, VarInfo } from "../../src/sema/model.ts";
import { canon, scalarValues, type Scalar, type Value } from "./values.ts";

export interface RMember {
  readonly pc: string; // a label, or "done"
  readonly locals: readonly Value[];
}

export interface RState {
  readonly globals: readonly Value[];
  readonly procs: readonly (readonly RMember[])[];
}

/** A run-time fault of the spec: what kspec reports as a violation of kind "error" (or "assert"). */
/** Something the naive reference cannot do (a domain of ten million values): no verdict, not a fault. */
export class RefLimit extends Error {}

export class RefFault extends Error {
  readonly fault: "assert" | "range" | "domain" | "unwrap" | "division" | "overflow";
  /** The property that failed: an assert's name (`assert` when unnamed), else the fault kind. */
  readonly property: string;
  constructor(fault: "assert" | "range" | "domain" | "unwrap" | "division" | "overflow", message: string, property: string = fault) {
    super(message);
    this.fault = fault;
    this.property = property;
  }
}

/** The spec as the reference sees it: positions of variables, processes, members and labels. */
export class Model {
  readonly varIndex = new Map<VarInfo, number>();
  readonly procIndex = new Map<ProcessInfo, number>();
  /** Member values of each process (`[undefined]` for a single process). */
  readonly members: (Scalar | undefined)[][];
  readonly c: Checked;
  /** `--only`: the properties checked (all when undefined); an unselected assert does not fail. */
  readonly only: ReadonlySet<string> | undefined;
  constructor(c: Checked, only?: readonly string[]) {
    this.c = c;
    this.only = only ? new Set(only) : undefined;
    c.vars.forEach((v, i) => this.varIndex.set(v, i));
    c.processes.forEach((p, i) => this.procIndex.set(p, i));
    this.members = c.processes.map((p) => (p.member ? scalarValues(p.member) : [undefined]));
  }
  selected(name: string): boolean {
    return this.only === undefined || this.only.has(name);
  }
  globalIndex(info: VarInfo): number {
    const i = this.varIndex.get(info) ?? this.c.vars.findIndex((v) => v.name === info.name);
    if (i < 0) throw new Error(`reference: unknown variable ${info.name}`);
    return i;
  }
  processIndex(p: ProcessInfo): number {
    const i = this.procIndex.get(p) ?? this.c.processes.findIndex((q) => q.name === p.name);
    if (i < 0) throw new Error(`reference: unknown process ${p.name}`);
    return i;
  }
  localIndex(p: ProcessInfo, l: LocalInfo): number {
    const i = this.c.processes[this.processIndex(p)]!.locals.findIndex((x) => x.name === l.name);
    if (i < 0) throw new Error(`reference: unknown local ${p.name}.${l.name}`);
    return i;
  }
  /** Position of member value `v` in process `p`, or -1. */
  memberIndex(p: number, v: Value): number {
    const ms = this.members[p]!;
    if (ms.length === 1 && ms[0] === undefined) return 0;
    return ms.findIndex((m) => m !== undefined && canon(m) === canon(v));
  }
  /** Name of a member as kspec prints it: `P` or `P[1]`. */
  memberName(p: number, m: number): string {
    const proc = this.c.processes[p]!;
    const v = this.members[p]![m];
    return v === undefined ? proc.name : `${proc.name}[${String(v)}]`;
  }
}

export function stateKey(s: RState): string {
  const g = s.globals.map(canon).join(";");
  const p = s.procs.map((ms) => ms.map((m) => `${m.pc}(${m.locals.map(canon).join(";")})`).join(",")).join("|");
  return `${g}||${p}`;
}

export function withGlobal(s: RState, i: number, v: Value): RState {
  const globals = s.globals.slice();
  globals[i] = v;
  return { globals, procs: s.procs };
}

export function withMember(s: RState, p: number, m: number, member: RMember): RState {
  const procs = s.procs.slice();
  const ms = procs[p]!.slice();
  ms[m] = member;
  procs[p] = ms;
  return { globals: s.globals, procs };
}
