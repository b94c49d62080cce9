// What semantic analysis produces: bindings and types in side tables keyed by AST node id, and the
// spec's declarations resolved into a model the compiler lowers.
import type * as A from "../syntax/ast.ts";
import type { Diagnostic } from "../diag/diagnostic.ts";
import type { Parsed } from "../syntax/index.ts";
import type { ScalarType, Type } from "./types.ts";

export interface ProcessInfo {
  readonly decl: A.ProcessDecl;
  readonly name: string;
  /** Member type of a family (`process P[i in S]`), undefined for a single process. */
  readonly member: ScalarType | undefined;
  readonly locals: LocalInfo[];
  /** Labels in source order; the first one is where every member starts. */
  readonly labels: Map<string, A.Ident>;
}

export interface LocalInfo {
  readonly decl: A.VarDecl;
  readonly name: string;
  readonly type: Type;
}

export interface VarInfo {
  readonly decl: A.VarDecl;
  readonly name: string;
  readonly type: Type;
}

export type Binding =
  | { readonly k: "const"; readonly name: string; readonly value: number | boolean; readonly type: Type; readonly decl: A.ConstDecl | undefined }
  | { readonly k: "enumMember"; readonly type: Type; readonly index: number }
  | { readonly k: "type"; readonly type: Type }
  | { readonly k: "var"; readonly info: VarInfo }
  | { readonly k: "local"; readonly proc: ProcessInfo; readonly info: LocalInfo }
  | { readonly k: "self"; readonly proc: ProcessInfo; readonly type: Type }
  | { readonly k: "bound"; readonly id: number; readonly name: string; readonly type: Type }
  | { readonly k: "def"; readonly decl: A.DefDecl; readonly params: readonly Type[]; readonly result: Type }
  | { readonly k: "process"; readonly proc: ProcessInfo }
  | { readonly k: "builtin"; readonly name: "card" | "min" | "max" | "unwrap" };

/** How a binder ranges over its domain. */
export type Domain =
  | { readonly k: "type"; readonly type: ScalarType }
  | { readonly k: "range"; readonly elem: Type } // `a .. b`: loop from a to b
  | { readonly k: "set"; readonly elem: Type } // a set value: loop over its bits
  | { readonly k: "error" };

export interface Checked {
  readonly parsed: Parsed;
  readonly name: string;
  readonly consts: ReadonlyMap<string, number | boolean>;
  /** NameRef, SelfRef, assignment targets, call callees, `P[i] at L` labels -> binding. */
  readonly refs: ReadonlyMap<number, Binding>;
  /** Every expression node -> its type. */
  readonly types: ReadonlyMap<number, Type>;
  /** Binder node -> how it iterates. */
  readonly domains: ReadonlyMap<number, Domain>;
  readonly vars: readonly VarInfo[];
  /**
   * Every `var` declaration (globals and process locals) in stages of initialization: a stage's
   * initializers read only variables of earlier stages (dependency order; see sema/init-order.ts).
   */
  readonly initStages: readonly (readonly A.VarDecl[])[];
  readonly processes: readonly ProcessInfo[];
  readonly actions: readonly { readonly decl: A.ActionDecl; readonly params: readonly Type[] }[];
  readonly defs: readonly A.DefDecl[];
  readonly invariants: readonly A.InvariantDecl[];
  readonly covers: readonly A.CoverDecl[];
  readonly terminals: readonly A.TerminalDecl[];
  readonly properties: readonly A.PropertyDecl[];
  readonly fairness: readonly A.FairnessDecl[];
  readonly diagnostics: readonly Diagnostic[];
}
