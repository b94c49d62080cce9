// Reading the compiled checker's states and transitions as reference values, through the layout a
// compiled machine publishes (`vars`, `transitions`), and replaying its traces step by step with the
// reference semantics. The shapes below are written out here (structurally the same as the
// runtime's) so that test/reference imports nothing from src/runtime.
import { evalBool } from "./eval.ts";
import { initialStates, successors, type RTransition } from "./exec.ts";
import { invariantViolation, isTerminal } from "./explore.ts";
import { RefFault, stateKey, type Model, type RMember, type RState } from "./state.ts";
import { canon, RMap, RRecord, RSet, type Scalar, type Value } from "./values.ts";

export type SlotType =
  | { readonly k: "bool" }
  | { readonly k: "int"; readonly lo: number; readonly hi: number }
  | { readonly k: "enum"; readonly members: readonly string[] }
  | { readonly k: "option"; readonly inner: SlotType }
  | { readonly k: "set"; readonly elem: SlotType }
  | { readonly k: "record"; readonly fields: readonly { readonly name: string; readonly type: SlotType }[] }
  | { readonly k: "map"; readonly key: SlotType; readonly value: SlotType }
  | { readonly k: "pc"; readonly labels: readonly string[] };

/** What the reference reads of a compiled machine. */
export interface CompiledView {
  readonly vars: readonly { readonly name: string; readonly offset: number; readonly type: SlotType }[];
  readonly transitions: readonly { readonly kind: "action" | "process"; readonly name: string; readonly label?: string | undefined; readonly params: readonly { readonly type: SlotType }[] }[];
  readonly fairness: readonly { readonly name: string; readonly strong: boolean; readonly perMember: boolean }[];
}

export interface CompiledStep {
  readonly transition: number;
  readonly args: readonly number[];
  readonly state: Int32Array;
}

/** A compiled violation, as much of it as the reference checks. */
export interface CompiledViolation {
  readonly kind: string;
  readonly property: string;
  readonly message?: string;
  readonly trace: readonly CompiledStep[];
  readonly failedStep: { readonly transition: number; readonly args: readonly number[] } | undefined;
  readonly lasso?: { readonly loop: number; readonly back: { readonly transition: number; readonly args: readonly number[] } | undefined } | undefined;
}

const NONE_SLOT = -2147483648;

function slots(t: SlotType): number {
  if (t.k === "record") return t.fields.reduce((n, f) => n + slots(f.type), 0);
  if (t.k === "map") return keysOf(t.key).length * slots(t.value);
  return 1;
}

function keysOf(t: SlotType): Scalar[] {
  if (t.k === "bool") return [false, true];
  if (t.k === "enum") return [...t.members];
  if (t.k === "int") return Array.from({ length: t.hi - t.lo + 1 }, (_, i) => t.lo + i);
  throw new Error(`decode: ${t.k} is not a key type`);
}

/** The scalar whose slot code is `v`. */
function scalarOf(t: SlotType, v: number): Scalar {
  if (t.k === "bool") return v !== 0;
  if (t.k === "enum") {
    const name = t.members[v];
    if (name === undefined) throw new Error(`decode: enum code ${v} out of range`);
    return name;
  }
  if (t.k === "int") return v;
  throw new Error(`decode: ${t.k} is not a scalar`);
}

export function decodeValue(t: SlotType, s: Int32Array, o: number): Value {
  const v = s[o]!;
  switch (t.k) {
    case "bool": case "int": case "enum": return scalarOf(t, v);
    case "pc": return t.labels[v] ?? `?${v}`;
    case "option": return v === NONE_SLOT ? null : scalarOf(t.inner, v);
    case "set": {
      const out: Scalar[] = [];
      for (let b = 0; b < 31; b++) if ((v >>> b) & 1) out.push(t.elem.k === "int" ? b : scalarOf(t.elem, b));
      if (v < 0) throw new Error("decode: set with bit 31");
      return new RSet(out);
    }
    case "record": {
      const m = new Map<string, Value>();
      let off = o;
      for (const f of t.fields) {
        m.set(f.name, decodeValue(f.type, s, off));
        off += slots(f.type);
      }
      return new RRecord(m);
    }
    case "map": {
      const keys = keysOf(t.key);
      const w = slots(t.value);
      return new RMap(keys, keys.map((_, i) => decodeValue(t.value, s, o + i * w)));
    }
  }
}

/** A compiled state as a reference state. */
export function decodeState(m: Model, view: CompiledView, s: Int32Array): RState {
  const byName = new Map(view.vars.map((v) => [v.name, v]));
  const read = (name: string): Value => {
    const l = byName.get(name);
    if (!l) throw new Error(`decode: the machine has no slot ${name}`);
    return decodeValue(l.type, s, l.offset);
  };
  const globals = m.c.vars.map((v) => read(v.name));
  const procs = m.c.processes.map((proc, p) =>
    m.members[p]!.map((_, mi): RMember => {
      const name = m.memberName(p, mi);
      return { pc: String(read(`${name}.pc`)), locals: proc.locals.map((l) => read(`${name}.${l.name}`)) };
    }),
  );
  return { globals, procs };
}

/** Does compiled transition `tr` with `args` name the same step as the reference's `t`? */
export function sameTransition(view: CompiledView, tr: number, args: readonly number[], t: RTransition): boolean {
  const info = view.transitions[tr];
  if (!info || info.kind !== t.kind || info.name !== t.name) return false;
  if (t.kind === "process" && info.label !== t.label) return false;
  if (info.params.length !== t.args.length) return false;
  return info.params.every((p, i) => canon(scalarOf(p.type, args[i]!)) === canon(t.args[i]!));
}

export function describeTransition(view: CompiledView, tr: number, args: readonly number[]): string {
  const info = view.transitions[tr];
  return info ? `${info.name}${info.label ? `:${info.label}` : ""}(${args.join(", ")})` : `#${tr}`;
}

/**
 * Replays a compiled safety trace with the reference semantics: it must start in an initial state,
 * every step must be a real transition, and the end must show the violation. Returns the problems.
 */
export function replayTrace(m: Model, view: CompiledView, v: CompiledViolation): string[] {
  const problems: string[] = [];
  const states = v.trace.map((s) => decodeState(m, view, s.state));
  if (states.length > 0) {
    const inits = new Set(initialStates(m).states.map(stateKey));
    if (!inits.has(stateKey(states[0]!))) problems.push("the trace does not start in an initial state");
  }
  for (let i = 1; i < states.length; i++) {
    const step = v.trace[i]!;
    const ok = successors(m, states[i - 1]!).some((o) => "to" in o && sameTransition(view, step.transition, step.args, o.t) && stateKey(o.to) === stateKey(states[i]!));
    if (!ok) problems.push(`step ${i} (${describeTransition(view, step.transition, step.args)}) is not a transition of the reference`);
  }
  const last = states[states.length - 1];
  if (!last) return problems;
  if (v.failedStep) {
    const f = v.failedStep;
    const faults = successors(m, last).filter((o) => "fault" in o && sameTransition(view, f.transition, f.args, o.t)).map((o): string => ("fault" in o ? o.property : ""));
    if (!faults.includes(v.property)) problems.push(`the failed step ${describeTransition(view, f.transition, f.args)} does not fail with ${v.property} in the reference (${faults.join(", ") || "no fault"})`);
  } else if (v.kind === "invariant" || v.kind === "error") {
    const bad = invariantViolation(m, last, 0);
    if (bad?.property !== v.property && terminalFault(m, last) !== v.property && !propertyFaults(m, last).includes(v.property)) {
      problems.push(`the last state does not violate ${v.property} in the reference (${bad?.property ?? "all hold"})`);
    }
  } else if (v.kind === "deadlock") {
    if (successors(m, last).length > 0) problems.push("the last state has successors in the reference: not a deadlock");
  }
  return problems;
}

/** The faults evaluating the temporal properties' predicates in `st` (they are errors too). */
function propertyFaults(m: Model, st: RState): string[] {
  const out: string[] = [];
  for (const prop of m.c.properties) {
    for (const e of prop.q ? [prop.p, prop.q] : [prop.p]) {
      try {
        evalBool(e, { m, st, proc: undefined, env: new Map() });
      } catch (err) {
        if (!(err instanceof RefFault)) throw err;
        out.push(err.fault);
      }
    }
  }
  return out;
}

function terminalFault(m: Model, st: RState): string | undefined {
  try {
    isTerminal(m, st);
    return undefined;
  } catch (e) {
    if (e instanceof RefFault) return e.fault;
    throw e;
  }
}
