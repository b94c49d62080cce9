// The machine interface that every compiled spec implements (the code generator's target) and the
// checker explores. A state is a fixed-size vector of small integers; nothing here knows about the
// kspec front end. See docs/machine.md for the contract in prose.

/** A state: one slot per scalar leaf of every variable, process counter and process local. */
export type State = Int32Array;

/**
 * Receives one successor. `next` is a scratch buffer the machine reuses: copy it to keep it.
 * `transition` indexes `Machine.transitions`; `args` holds the values of its parameters (the
 * process member first, then action parameters), also reused.
 */
export type Emit = (next: State, transition: number, args: Int32Array) => void;

/** How to read and print the slots of a value. */
export type ValueType =
  | { readonly k: "bool" }
  | { readonly k: "int"; readonly lo: number; readonly hi: number }
  | { readonly k: "enum"; readonly name: string; readonly members: readonly string[] }
  | { readonly k: "option"; readonly inner: ValueType }
  | { readonly k: "set"; readonly elem: ValueType }
  | { readonly k: "record"; readonly fields: readonly { readonly name: string; readonly type: ValueType }[] }
  | { readonly k: "map"; readonly key: ValueType; readonly value: ValueType }
  | { readonly k: "pc"; readonly labels: readonly string[] };

export interface VarLayout {
  /** `aops`, or `Fault[1].via` / `Fault[1].pc` for process state. */
  readonly name: string;
  readonly offset: number;
  readonly type: ValueType;
}

export interface TransitionInfo {
  readonly kind: "action" | "process";
  /** Action or process name. */
  readonly name: string;
  /** Label of the step (processes only). */
  readonly label?: string | undefined;
  /** Bound values reported in `args`: `self` for a process family member, then action parameters. */
  readonly params: readonly { readonly name: string; readonly type: ValueType }[];
}

/** A place in the spec source, for run-time errors and property locations. */
export interface Site {
  readonly line: number;
  readonly col: number;
  /** Length of the marked source on its line. */
  readonly length: number;
  /** The source line itself, to echo with a caret. */
  readonly text: string;
  /** The file, when not the spec itself (an imported module). */
  readonly file?: string;
  /** The further source lines of a span that covers several, and its end column on the last. */
  readonly more?: readonly string[];
  readonly endCol?: number;
  /** Where the span starts in `text`, when `text` is a window cut from a long line (else `col`). */
  readonly textCol?: number;
}

export interface Invariant {
  readonly name: string;
  readonly site: number;
  holds(s: State): boolean;
  /**
   * For `A implies B` (also under `forall`): is the premise true (for some instance)? If it never
   * is in a reachable state, the invariant holds vacuously.
   */
  premise?(s: State): boolean;
  /** In a state where `holds` is false: the smallest false part of the formula and the values around it. */
  explain?(s: State): Explanation | undefined;
}

/** Why a formula is false in a state (see Invariant.explain). */
export interface Explanation {
  /** The false sub-formula (a conjunct, a conclusion, a quantifier instance's body): index into `sites`. */
  readonly site: number;
  /** Its source text, with the names of enclosing quantifiers replaced by their values. */
  readonly formula: string;
  /** The quantifier instances on the way, outermost first: `f = 1`. */
  readonly bindings: readonly string[];
  /** Values of its sub-expressions in the state: `Fault[1].via = PageCache`. */
  readonly values: readonly string[];
}

/** `cover Name: P` (see Machine.covers). */
export interface Cover {
  readonly name: string;
  readonly site: number;
  holds(s: State): boolean;
}

/** A temporal property over state predicates (checked on the whole state graph, see liveness.ts). */
export interface TemporalProperty {
  readonly name: string;
  /**
   * `always P`, `eventually P` (from every initial state), `always eventually P`, `P leadsto Q`,
   * `always reachable P` (from every reachable state some state satisfying P is reachable; no fairness).
   */
  readonly kind: "always" | "eventually" | "alwaysEventually" | "leadsto" | "alwaysReachable";
  readonly site: number;
  p(s: State): boolean;
  q?(s: State): boolean;
}

/** A fairness constraint: weak (continuously enabled => eventually taken) or strong (infinitely often enabled => eventually taken). */
export interface Fairness {
  /** The process or action it constrains. */
  readonly name: string;
  readonly strong: boolean;
  /** Indices into `transitions` of the constrained steps. */
  readonly transitions: readonly number[];
  /** For a process family: one constraint per member (told apart by `args[0]`). */
  readonly perMember: boolean;
}

/** A process member, for the stuck-member check (see stuck.ts). */
export interface Member {
  /** `Reader[2]`, or the process name for a single process. */
  readonly name: string;
  /** The process (a transition's `name`) and `args[0]` of its steps (0 for a single process). */
  readonly process: string;
  readonly self: number;
  /** Slot of its program counter: at `labels[pc]`, done when `pc === labels.length`. */
  readonly pc: number;
  readonly labels: readonly string[];
  /** pc values where it may wait forever (`idle at`). */
  readonly idleAt: readonly number[];
  /** `idle when`: may it wait forever in this state? */
  idle?(s: State): boolean;
}

export interface Machine {
  readonly name: string;
  /** Source file the machine was compiled from (as given to the compiler). */
  readonly file: string;
  /** Number of slots in a state. */
  readonly width: number;
  /** Number of 32-bit words of a packed state (what the visited-state store keeps). */
  readonly words: number;
  /** Packs state `s` into `out[o .. o + words)`. */
  pack(s: State, out: Int32Array, o: number): void;
  /** Unpacks `w[o .. o + words)` into state `s`. */
  unpack(w: Int32Array, o: number, s: State): void;
  readonly vars: readonly VarLayout[];
  readonly transitions: readonly TransitionInfo[];
  readonly invariants: readonly Invariant[];
  readonly properties: readonly TemporalProperty[];
  /** `cover Name: P`: some reachable state must satisfy P. */
  readonly covers?: readonly Cover[];
  /** Every `assert` statement: its property name (`assert` when unnamed) and place. */
  readonly asserts?: readonly { readonly name: string; readonly site: number }[];
  /** Set by the checker: a nonzero entry (same index as `asserts`) makes that assert not fail. */
  readonly ignoredAsserts?: Uint8Array;
  readonly fairness: readonly Fairness[];
  /** Every process member, in state order (members of a family contiguous, by `self`). */
  readonly members?: readonly Member[];
  readonly sites: readonly Site[];
  /**
   * The step being computed (set by generated code), so a fault can name the step that failed.
   * `picks[0 .. 2n)` are the choices made so far in it: pairs of an index into `choices` and the
   * branch taken (`either`, from 1) or the value picked (`any`, as a slot value).
   */
  readonly running: { transition: number; readonly args: Int32Array; readonly picks?: Int32Array; n?: number };
  /** The `either` and `any` statements of the spec, for showing the choices a step made. */
  readonly choices?: readonly ChoicePoint[];
  /** Emits every initial state (transition -1). */
  init(emit: Emit): void;
  /** Emits every successor of `s`. Throws `KspecFault` for a failed assert or an out-of-range value. */
  next(s: State, emit: Emit): void;
  /** May `s` have no successor without being a deadlock? (every process done, or a `terminal` predicate) */
  terminal(s: State): boolean;
}

/** A place where a step chooses: `either` (one of its branches) or `any x in S` (a value of x). */
export type ChoicePoint =
  | { readonly kind: "either"; readonly site: number; readonly branches: number }
  | { readonly kind: "any"; readonly site: number; readonly name: string; readonly type: ValueType };

/** The slot value of `none` in every option type. */
export const NONE = -2147483648;

export type FaultKind = "assert" | "range" | "domain" | "unwrap" | "division" | "overflow";

/** Raised by generated code: a property of the spec failed while computing successors. */
export class KspecFault extends Error {
  readonly kind: FaultKind;
  readonly site: number;
  constructor(kind: FaultKind, site: number, message: string) {
    super(message);
    this.kind = kind;
    this.site = site;
  }
}
