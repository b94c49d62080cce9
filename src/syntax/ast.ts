// The kspec AST: readonly discriminated unions, every node with an `id` (key of the side tables
// that later phases fill: bindings, types) and a `span` of source offsets.

import type { Span } from "../source.ts";

export type { Span };

interface Node {
  readonly id: number;
  readonly span: Span;
}

export interface Ident extends Node {
  readonly kind: "ident";
  readonly name: string;
}

// ---------------------------------------------------------------- types
export type TypeExpr = NamedType | RangeType | MapType | RecordType | SetType | OptionType | ErrorType;
export interface NamedType extends Node { readonly kind: "namedType"; readonly name: Ident }
export interface RangeType extends Node { readonly kind: "rangeType"; readonly lo: Expr; readonly hi: Expr }
export interface MapType extends Node { readonly kind: "mapType"; readonly key: TypeExpr; readonly value: TypeExpr }
export interface RecordType extends Node { readonly kind: "recordType"; readonly fields: readonly Param[] }
export interface SetType extends Node { readonly kind: "setType"; readonly elem: TypeExpr }
export interface OptionType extends Node { readonly kind: "optionType"; readonly inner: TypeExpr }
export interface ErrorType extends Node { readonly kind: "errorType" }

// ---------------------------------------------------------------- expressions
export type BinaryOperator =
  | "implies" | "or" | "and"
  | "==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "notin" | "subset" | "at"
  | ".." | "union" | "diff" | "inter"
  | "+" | "-" | "*" | "/" | "%";

export type Expr =
  | IntLit | BoolLit | NoneLit | SelfRef | NameRef | Call | SomeExpr
  | Unary | Binary | Quant | Let | IfExpr
  | Field | Index | WithUpdate
  | SetLit | SetFilter | SetMap | MapLit | RecordLit | ErrorExpr;

export interface IntLit extends Node { readonly kind: "int"; readonly value: number }
export interface BoolLit extends Node { readonly kind: "bool"; readonly value: boolean }
export interface NoneLit extends Node { readonly kind: "none" }
export interface SelfRef extends Node { readonly kind: "self" }
export interface NameRef extends Node { readonly kind: "name"; readonly name: string }
export interface Call extends Node { readonly kind: "call"; readonly callee: Ident; readonly args: readonly Expr[] }
export interface SomeExpr extends Node { readonly kind: "some"; readonly value: Expr }
export interface Unary extends Node { readonly kind: "unary"; readonly op: "not" | "-"; readonly operand: Expr }
export interface Binary extends Node {
  readonly kind: "binary";
  readonly op: BinaryOperator;
  readonly opSpan: Span;
  readonly left: Expr;
  readonly right: Expr;
}
export interface Binder extends Node { readonly kind: "binder"; readonly name: Ident; readonly domain: Expr }
export interface Quant extends Node { readonly kind: "quant"; readonly q: "forall" | "exists"; readonly binder: Binder; readonly body: Expr }
export interface Let extends Node { readonly kind: "let"; readonly name: Ident; readonly value: Expr; readonly body: Expr }
export interface IfExpr extends Node { readonly kind: "ifExpr"; readonly cond: Expr; readonly then: Expr; readonly else: Expr }
export interface Field extends Node { readonly kind: "field"; readonly target: Expr; readonly field: Ident }
export interface Index extends Node { readonly kind: "index"; readonly target: Expr; readonly index: Expr }
export type Accessor = { readonly kind: "field"; readonly field: Ident } | { readonly kind: "index"; readonly index: Expr };
export interface WithUpdate extends Node {
  readonly kind: "with";
  readonly target: Expr;
  readonly path: readonly Accessor[];
  readonly value: Expr;
}
export interface SetLit extends Node { readonly kind: "setLit"; readonly elems: readonly Expr[] }
export interface SetFilter extends Node { readonly kind: "setFilter"; readonly binder: Binder; readonly cond: Expr }
export interface SetMap extends Node { readonly kind: "setMap"; readonly elem: Expr; readonly binder: Binder }
export interface MapLit extends Node { readonly kind: "mapLit"; readonly binder: Binder; readonly value: Expr }
export interface RecordLit extends Node { readonly kind: "recordLit"; readonly fields: readonly { readonly name: Ident; readonly value: Expr }[] }
/** Stands where the recovering parser produced nothing usable; later phases stay silent on it. */
export interface ErrorExpr extends Node { readonly kind: "error" }

// ---------------------------------------------------------------- statements
export type Stmt = Assign | Await | Assert | IfStmt | Either | AnyStmt | Goto | While | Skip | MacroCall;

export interface Assign extends Node { readonly kind: "assign"; readonly target: Ident; readonly path: readonly Accessor[]; readonly value: Expr }
export interface Await extends Node { readonly kind: "await"; readonly cond: Expr }
/** `assert Name: cond : "message"`; the name and the message are optional. */
export interface Assert extends Node { readonly kind: "assert"; readonly name: Ident | undefined; readonly cond: Expr; readonly message: string | undefined }
export interface IfStmt extends Node { readonly kind: "if"; readonly cond: Expr; readonly then: Block; readonly else: Block | undefined }
export interface Either extends Node { readonly kind: "either"; readonly branches: readonly Block[] }
export interface AnyStmt extends Node { readonly kind: "any"; readonly binder: Binder; readonly where: Expr | undefined; readonly body: Block }
export interface Goto extends Node { readonly kind: "goto"; readonly label: Ident }
export interface While extends Node { readonly kind: "while"; readonly cond: Expr; readonly body: Block }
export interface Skip extends Node { readonly kind: "skip" }
/** `lock(m)`: replaced by the macro's statements before names are resolved (sema/macros.ts). */
export interface MacroCall extends Node { readonly kind: "macroCall"; readonly callee: Ident; readonly args: readonly Expr[] }

/** A statement list; `labels[i]`, when present, is the label written just before `stmts[i]`. */
export interface Block extends Node {
  readonly kind: "block";
  readonly stmts: readonly LabelledStmt[];
}
export interface LabelledStmt {
  readonly label: Ident | undefined;
  readonly stmt: Stmt;
}

// ---------------------------------------------------------------- declarations
export interface Param extends Node { readonly kind: "param"; readonly name: Ident; readonly type: TypeExpr }

export type Decl =
  | ConstDecl | EnumDecl | TypeDecl | VarDecl | DefDecl | ActionDecl | ProcessDecl | InvariantDecl | CoverDecl | TerminalDecl
  | PropertyDecl | FairnessDecl | ImportDecl | MacroDecl;

export interface ConstDecl extends Node { readonly kind: "const"; readonly name: Ident; readonly type: TypeExpr | undefined; readonly value: Expr }
export interface EnumDecl extends Node { readonly kind: "enum"; readonly name: Ident; readonly members: readonly Ident[] }
export interface TypeDecl extends Node { readonly kind: "typeDecl"; readonly name: Ident; readonly type: TypeExpr }
export interface VarDecl extends Node {
  readonly kind: "var";
  readonly name: Ident;
  readonly type: TypeExpr;
  /** `= e` (one value) or `in S` (any element of S). */
  readonly init: { readonly mode: "eq" | "in"; readonly expr: Expr };
}
export interface DefDecl extends Node { readonly kind: "def"; readonly name: Ident; readonly params: readonly Param[]; readonly result: TypeExpr; readonly body: Expr }
export interface ActionDecl extends Node { readonly kind: "action"; readonly name: Ident; readonly params: readonly Binder[]; readonly body: Block }
export interface ProcessDecl extends Node {
  readonly kind: "process";
  readonly name: Ident;
  readonly member: Binder | undefined;
  readonly locals: readonly VarDecl[];
  /** `idle at ...` / `idle when ...` declarations, in source order. */
  readonly idle: readonly IdleDecl[];
  readonly body: Block;
}
/** Where a process member may wait forever without being stuck: `idle at l1, l2` or `idle when cond`. */
export interface IdleDecl extends Node {
  readonly kind: "idle";
  readonly labels: readonly Ident[];
  readonly cond: Expr | undefined;
}
export interface InvariantDecl extends Node { readonly kind: "invariant"; readonly name: Ident; readonly cond: Expr }
/** `cover Name: P`: the run fails unless some reachable state satisfies P. */
export interface CoverDecl extends Node { readonly kind: "cover"; readonly name: Ident; readonly cond: Expr }
export interface TerminalDecl extends Node { readonly kind: "terminal"; readonly cond: Expr }
/** A temporal property over state predicates: `always P`, `eventually P`, `always eventually P`, `P leadsto Q`, `always reachable P`. */
export interface PropertyDecl extends Node {
  readonly kind: "property";
  readonly name: Ident;
  readonly temporal: "always" | "eventually" | "alwaysEventually" | "leadsto" | "alwaysReachable";
  readonly p: Expr;
  readonly q: Expr | undefined;
}
/** `import rwsem` (a standard library module) or `import "locks.kspec"` (relative to this file). */
export interface ImportDecl extends Node { readonly kind: "import"; readonly lib: string | undefined; readonly path: string | undefined; readonly target: Span }
/** `macro lock(m) { ... }`: statements spliced in at each call, parameters replaced by the arguments. */
export interface MacroDecl extends Node { readonly kind: "macro"; readonly name: Ident; readonly params: readonly Ident[]; readonly body: Block }
export interface FairnessDecl extends Node { readonly kind: "fairness"; readonly strength: "weak" | "strong"; readonly names: readonly Ident[] }

export interface SpecAst {
  readonly name: Ident | undefined;
  /** `spec` for a spec, `module` for a library module meant to be imported. */
  readonly header: "spec" | "module";
  readonly decls: readonly Decl[];
  /** Number of node ids handed out: side tables may be arrays of this length. */
  readonly nodeCount: number;
}
