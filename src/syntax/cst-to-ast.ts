// CST -> AST. Tolerates the partial trees of error recovery: a missing piece becomes an `error` node
// (or an `errorType`) that later phases skip silently. Precedence of the flat binary lists is
// resolved here by precedence climbing.
import type { CstNode, IToken } from "chevrotain";
import { error, type Diagnostic, type SourceFile } from "../diag/diagnostic.ts";
import type * as A from "./ast.ts";
import { MAX_AST_DEPTH } from "./depth.ts";

type Children = Record<string, (CstNode | IToken)[] | undefined>;

/** Binding strength of each binary operator (higher binds tighter); the formatter groups by it too. */
export const PREC: Record<A.BinaryOperator, number> = {
  implies: 1, or: 2, and: 3,
  "==": 5, "!=": 5, "<": 5, "<=": 5, ">": 5, ">=": 5, in: 5, notin: 5, subset: 5, at: 5,
  "..": 6, union: 7, diff: 7, inter: 8,
  "+": 9, "-": 9, "*": 10, "/": 10, "%": 10,
};
const NOT_OPERAND_PREC = 5;
/**
 * Operators whose chains may be regrouped without changing the value. `+` and `*` are exact integer
 * arithmetic that faults past 2^53 - 1; the two groupings can differ only when some partial result
 * of one of them passes 2^53 - 1 and the whole does not.
 */
const ASSOCIATIVE: ReadonlySet<A.BinaryOperator> = new Set<A.BinaryOperator>(["and", "or", "+", "*", "union", "inter"]);
/** Chains of at least this many operands are built balanced. */
const BALANCE_FROM = 64; // `not a == b` is `not (a == b)`; unary minus binds tightest

export class AstBuilder {
  private nextId = 0;
  readonly diagnostics: Diagnostic[] = [];
  private readonly eofOffset: number;
  private readonly file: SourceFile | undefined;
  /** `firstId` continues the numbering of earlier files; `file` marks spans of an imported module. */
  constructor(eofOffset: number, firstId = 0, file?: SourceFile) {
    this.eofOffset = eofOffset;
    this.nextId = firstId;
    this.file = file;
  }

  get nodeCount(): number {
    return this.nextId;
  }

  private id(): number {
    return this.nextId++;
  }
  /** A fresh node id, for nodes made after the build (depth.ts). */
  freshId(): number {
    return this.nextId++;
  }

  // ---------------------------------------------------------------- helpers
  private ch(n: CstNode): Children {
    return n.children as Children;
  }
  private node(n: CstNode, name: string, i = 0): CstNode | undefined {
    const c = this.ch(n)[name]?.[i];
    return c !== undefined && "children" in c ? c : undefined;
  }
  private nodes(n: CstNode, name: string): CstNode[] {
    return (this.ch(n)[name] ?? []).filter((c): c is CstNode => "children" in c);
  }
  private tok(n: CstNode, name: string, i = 0): IToken | undefined {
    const c = this.ch(n)[name]?.[i];
    return c !== undefined && !("children" in c) && isOffset(c.startOffset) ? c : undefined;
  }
  private toks(n: CstNode, name: string): IToken[] {
    return (this.ch(n)[name] ?? []).filter((c): c is IToken => !("children" in c) && isOffset(c.startOffset));
  }
  private at(start: number, end: number): A.Span {
    return this.file ? { start, end, file: this.file } : { start, end };
  }
  /**
   * The span of a CST node or token. Error recovery leaves nodes whose location is -1 (or NaN) and
   * inserted tokens at NaN: such a node spans the real tokens inside it; with none it is missing, a
   * zero-width span at the end of the file that `join` ignores.
   */
  private spanOf(n: CstNode | IToken | undefined): A.Span {
    if (n === undefined) return this.missing();
    if ("children" in n) {
      const l = n.location;
      if (l && isOffset(l.startOffset)) return this.at(l.startOffset, (isOffset(l.endOffset) ? Math.max(l.startOffset, l.endOffset!) : l.startOffset) + 1);
      const r = tokenRange(n);
      return r ? this.at(r.start, r.end) : this.missing();
    }
    if (!isOffset(n.startOffset)) return this.missing();
    return this.at(n.startOffset, (isOffset(n.endOffset) ? Math.max(n.startOffset, n.endOffset!) : n.startOffset) + 1);
  }
  private missing(): A.Span {
    return this.at(this.eofOffset, this.eofOffset);
  }
  private isMissing(s: A.Span): boolean {
    return s.start === this.eofOffset && s.end === this.eofOffset;
  }
  private join(a: A.Span, b: A.Span): A.Span {
    if (this.isMissing(a)) return b;
    if (this.isMissing(b)) return a;
    return this.at(Math.min(a.start, b.start), Math.max(a.end, b.end));
  }
  private ident(t: IToken | undefined, fallback: CstNode): A.Ident {
    if (t === undefined) return { kind: "ident", id: this.id(), span: this.spanOf(fallback), name: "" };
    return { kind: "ident", id: this.id(), span: this.spanOf(t), name: t.image };
  }
  private errorExpr(at: CstNode | IToken | undefined): A.ErrorExpr {
    return { kind: "error", id: this.id(), span: this.spanOf(at) };
  }

  // ---------------------------------------------------------------- declarations
  private idleDecl(n: CstNode): A.IdleDecl {
    const ids = this.toks(n, "Identifier");
    const span = this.spanOf(n);
    if (this.tok(n, "At")) return { kind: "idle", id: this.id(), span, labels: ids.slice(1).map((t) => this.ident(t, n)), cond: undefined };
    return { kind: "idle", id: this.id(), span, labels: [], cond: this.expr(this.node(n, "expression"), n) };
  }

  specFile(n: CstNode): A.SpecAst {
    const header = this.node(n, "specHeader");
    const name = header ? this.ident(this.tok(header, "Identifier"), header) : undefined;
    const kind = header && this.tok(header, "Module") ? "module" : "spec";
    const decls: A.Decl[] = [];
    for (const d of this.nodes(n, "declaration")) {
      const decl = this.declaration(d);
      if (decl) decls.push(decl);
    }
    return { name, header: kind, decls, nodeCount: this.nextId };
  }

  private declaration(n: CstNode): A.Decl | undefined {
    const [key, inner] = Object.entries(this.ch(n))[0] ?? [];
    const c = inner?.[0];
    if (key === undefined || c === undefined || !("children" in c)) return undefined;
    const span = this.spanOf(c);
    switch (key) {
      case "constDecl": {
        const t = this.node(c, "typeExpr");
        return { kind: "const", id: this.id(), span, name: this.ident(this.tok(c, "Identifier"), c), type: t ? this.typeExpr(t) : undefined, value: this.expr(this.node(c, "expression"), c) };
      }
      case "enumDecl": {
        const ids = this.toks(c, "Identifier");
        return { kind: "enum", id: this.id(), span, name: this.ident(ids[0], c), members: ids.slice(1).map((t) => this.ident(t, c)) };
      }
      case "typeDecl":
        return { kind: "typeDecl", id: this.id(), span, name: this.ident(this.tok(c, "Identifier"), c), type: this.typeOrError(this.node(c, "typeExpr"), c) };
      case "varDecl":
        return this.varDecl(c);
      case "defDecl":
        return {
          kind: "def", id: this.id(), span,
          name: this.ident(this.tok(c, "Identifier"), c),
          params: this.nodes(c, "param").map((p) => this.param(p)),
          result: this.typeOrError(this.node(c, "typeExpr"), c),
          body: this.expr(this.node(c, "expression"), c),
        };
      case "actionDecl":
        return {
          kind: "action", id: this.id(), span,
          name: this.ident(this.tok(c, "Identifier"), c),
          params: this.nodes(c, "binder").map((b) => this.binder(b)),
          body: this.block(this.node(c, "block"), c),
        };
      case "processDecl": {
        const m = this.node(c, "binder");
        const stmts = this.nodes(c, "statement");
        return {
          kind: "process", id: this.id(), span,
          name: this.ident(this.tok(c, "Identifier"), c),
          member: m ? this.binder(m) : undefined,
          locals: this.nodes(c, "varDecl").map((v) => this.varDecl(v)),
          idle: this.nodes(c, "idleDecl").map((n) => this.idleDecl(n)),
          body: { kind: "block", id: this.id(), span, stmts: this.statements(stmts) },
        };
      }
      case "invariantDecl":
        return { kind: "invariant", id: this.id(), span, name: this.ident(this.tok(c, "Identifier"), c), cond: this.expr(this.node(c, "expression"), c) };
      case "coverDecl":
        return { kind: "cover", id: this.id(), span, name: this.ident(this.tok(c, "Identifier"), c), cond: this.expr(this.node(c, "expression"), c) };
      case "terminalDecl":
        return { kind: "terminal", id: this.id(), span, cond: this.expr(this.node(c, "expression"), c) };
      case "propertyDecl": {
        const t = this.node(c, "temporalExpr");
        const exprs = t ? this.nodes(t, "expression") : [];
        const temporal = !t ? "always" : this.tok(t, "Leadsto") ? "leadsto" : this.tok(t, "Always") ? (this.tok(t, "Eventually") ? "alwaysEventually" : this.tok(t, "Reachable") ? "alwaysReachable" : "always") : "eventually";
        return {
          kind: "property", id: this.id(), span, name: this.ident(this.tok(c, "Identifier"), c), temporal,
          p: this.expr(exprs[0], t ?? c),
          q: temporal === "leadsto" ? this.expr(exprs[1], t ?? c) : undefined,
        };
      }
      case "importDecl": {
        const lib = this.tok(c, "Identifier");
        const str = this.tok(c, "StringLiteral");
        return { kind: "import", id: this.id(), span, lib: lib?.image, path: str ? unquote(str.image) : undefined, target: this.spanOf(lib ?? str ?? c) };
      }
      case "macroDecl": {
        const ids = this.toks(c, "Identifier");
        return { kind: "macro", id: this.id(), span, name: this.ident(ids[0], c), params: ids.slice(1).map((t) => this.ident(t, c)), body: this.block(this.node(c, "block"), c) };
      }
      case "fairnessDecl":
        return { kind: "fairness", id: this.id(), span, strength: this.tok(c, "Strong") ? "strong" : "weak", names: this.toks(c, "Identifier").map((t) => this.ident(t, c)) };
      default:
        return undefined;
    }
  }

  private varDecl(c: CstNode): A.VarDecl {
    const mode = this.tok(c, "In") ? "in" : "eq";
    return {
      kind: "var", id: this.id(), span: this.spanOf(c),
      name: this.ident(this.tok(c, "Identifier"), c),
      type: this.typeOrError(this.node(c, "typeExpr"), c),
      init: { mode, expr: this.expr(this.node(c, "expression"), c) },
    };
  }

  private param(p: CstNode): A.Param {
    return { kind: "param", id: this.id(), span: this.spanOf(p), name: this.ident(this.tok(p, "Identifier"), p), type: this.typeOrError(this.node(p, "typeExpr"), p) };
  }

  private binder(b: CstNode): A.Binder {
    return { kind: "binder", id: this.id(), span: this.spanOf(b), name: this.ident(this.tok(b, "Identifier"), b), domain: this.binaryExpr(this.node(b, "binaryExpr"), b) };
  }

  // ---------------------------------------------------------------- types
  private typeOrError(n: CstNode | undefined, parent: CstNode): A.TypeExpr {
    return n ? this.typeExpr(n) : { kind: "errorType", id: this.id(), span: this.spanOf(parent) };
  }

  private typeExpr(n: CstNode): A.TypeExpr {
    const span = this.spanOf(n);
    let t: A.TypeExpr;
    const map = this.node(n, "mapType");
    const rec = this.node(n, "recordType");
    const set = this.node(n, "setType");
    const rn = this.node(n, "rangeOrNamedType");
    if (map) {
      t = { kind: "mapType", id: this.id(), span, key: this.typeOrError(this.node(map, "typeExpr", 0), map), value: this.typeOrError(this.node(map, "typeExpr", 1), map) };
    } else if (rec) {
      t = { kind: "recordType", id: this.id(), span, fields: this.nodes(rec, "param").map((p) => this.param(p)) };
    } else if (set) {
      t = { kind: "setType", id: this.id(), span, elem: this.typeOrError(this.node(set, "typeExpr"), set) };
    } else if (rn) {
      const parts = this.nodes(rn, "arithExpr");
      const lo = this.arith(parts[0], rn);
      if (this.tok(rn, "DotDot")) {
        t = { kind: "rangeType", id: this.id(), span, lo, hi: this.arith(parts[1], rn) };
      } else if (lo.kind === "binary" && lo.op === "..") {
        // `(0 .. 5)?`: a parenthesized range.
        t = { kind: "rangeType", id: this.id(), span, lo: lo.left, hi: lo.right };
      } else if (lo.kind === "name") {
        t = { kind: "namedType", id: this.id(), span, name: { kind: "ident", id: this.id(), span: lo.span, name: lo.name } };
      } else {
        // A single expression that is not a name: reported by the type checker as "not a type".
        t = { kind: "rangeType", id: this.id(), span, lo, hi: { kind: "error", id: this.id(), span: lo.span } };
      }
    } else {
      t = { kind: "errorType", id: this.id(), span };
    }
    for (const q of this.toks(n, "Question")) {
      t = { kind: "optionType", id: this.id(), span: this.join(span, this.spanOf(q)), inner: t };
    }
    return t;
  }

  private arith(n: CstNode | undefined, parent: CstNode): A.Expr {
    if (!n) return this.errorExpr(parent);
    const operands = this.nodes(n, "arithOperand");
    const ops: IToken[] = [];
    for (const k of ["Plus", "Minus", "Star", "Slash", "Percent"]) ops.push(...this.toks(n, k));
    ops.sort((a, b) => a.startOffset - b.startOffset);
    return this.climb(operands, ops, n);
  }

  // ---------------------------------------------------------------- statements
  private block(n: CstNode | undefined, parent: CstNode): A.Block {
    if (!n) return { kind: "block", id: this.id(), span: this.spanOf(parent), stmts: [] };
    return { kind: "block", id: this.id(), span: this.spanOf(n), stmts: this.statements(this.nodes(n, "statement")) };
  }

  private statements(stmts: CstNode[]): A.LabelledStmt[] {
    const out: A.LabelledStmt[] = [];
    let label: A.Ident | undefined;
    for (const s of stmts) {
      const ls = this.node(s, "labelStmt");
      if (ls) {
        if (label) out.push({ label, stmt: { kind: "skip", id: this.id(), span: label.span } });
        label = this.ident(this.tok(ls, "Identifier"), ls);
        continue;
      }
      const st = this.statement(s);
      if (st) {
        out.push({ label, stmt: st });
        label = undefined;
      }
    }
    if (label) out.push({ label, stmt: { kind: "skip", id: this.id(), span: label.span } });
    return out;
  }

  private statement(n: CstNode): A.Stmt | undefined {
    const [key, inner] = Object.entries(this.ch(n))[0] ?? [];
    const c = inner?.[0];
    if (key === undefined || c === undefined || !("children" in c)) return undefined;
    const span = this.spanOf(c);
    switch (key) {
      case "assignStmt":
        return {
          kind: "assign", id: this.id(), span,
          target: this.ident(this.tok(c, "Identifier"), c),
          path: this.nodes(c, "accessor").map((a) => this.accessor(a)),
          value: this.expr(this.node(c, "expression"), c),
        };
      case "callStmt":
        return { kind: "macroCall", id: this.id(), span, callee: this.ident(this.tok(c, "Identifier"), c), args: this.nodes(c, "expression").map((e) => this.expr(e, c)) };
      case "awaitStmt":
        return { kind: "await", id: this.id(), span, cond: this.expr(this.node(c, "expression"), c) };
      case "assertStmt": {
        const s = this.tok(c, "StringLiteral");
        const n = this.tok(c, "Identifier");
        return { kind: "assert", id: this.id(), span, name: n ? this.ident(n, c) : undefined, cond: this.expr(this.node(c, "expression"), c), message: s ? unquote(s.image) : undefined };
      }
      case "ifStmt":
        return this.ifStmt(c);
      case "eitherStmt":
        return { kind: "either", id: this.id(), span, branches: this.nodes(c, "block").map((b) => this.block(b, c)) };
      case "anyStmt": {
        const b = this.node(c, "binder");
        const w = this.node(c, "expression");
        return {
          kind: "any", id: this.id(), span,
          binder: b ? this.binder(b) : { kind: "binder", id: this.id(), span, name: this.ident(undefined, c), domain: this.errorExpr(c) },
          where: w ? this.expr(w, c) : undefined,
          body: this.block(this.node(c, "block"), c),
        };
      }
      case "gotoStmt":
        return { kind: "goto", id: this.id(), span, label: this.ident(this.tok(c, "Identifier"), c) };
      case "whileStmt":
        return { kind: "while", id: this.id(), span, cond: this.expr(this.node(c, "expression"), c), body: this.block(this.node(c, "block"), c) };
      case "skipStmt":
        return { kind: "skip", id: this.id(), span };
      default:
        return undefined;
    }
  }

  private ifStmt(c: CstNode): A.IfStmt {
    const elseIf = this.node(c, "ifStmt");
    const blocks = this.nodes(c, "block");
    let elseBlock: A.Block | undefined;
    if (elseIf) {
      const inner = this.ifStmt(elseIf);
      elseBlock = { kind: "block", id: this.id(), span: inner.span, stmts: [{ label: undefined, stmt: inner }] };
    } else if (blocks[1]) {
      elseBlock = this.block(blocks[1], c);
    }
    return { kind: "if", id: this.id(), span: this.spanOf(c), cond: this.expr(this.node(c, "expression"), c), then: this.block(blocks[0], c), else: elseBlock };
  }

  private accessor(a: CstNode): A.Accessor {
    const e = this.node(a, "expression");
    if (this.tok(a, "Dot") || !e) return { kind: "field", field: this.ident(this.tok(a, "Identifier"), a) };
    return { kind: "index", index: this.expr(e, a) };
  }

  // ---------------------------------------------------------------- expressions
  expr(n: CstNode | undefined, parent: CstNode): A.Expr {
    if (!n) return this.errorExpr(parent);
    return this.binaryExpr(this.node(n, "binaryExpr"), n);
  }

  private binaryExpr(n: CstNode | undefined, parent: CstNode): A.Expr {
    if (!n) return this.errorExpr(parent);
    return this.climb(this.nodes(n, "prefixExpr"), this.toks(n, "BinaryOp"), n);
  }

  /** Precedence climbing over `operands[0] ops[0] operands[1] ...`, with prefix operators. */
  private climb(operands: CstNode[], ops: IToken[], parent: CstNode): A.Expr {
    let pos = 0;
    const operandAt = (i: number): { prefixes: IToken[]; body: CstNode | undefined } => {
      const p = operands[i];
      if (!p) return { prefixes: [], body: undefined };
      const prefixes = [...this.toks(p, "Not"), ...this.toks(p, "Minus")].sort((a, b) => a.startOffset - b.startOffset);
      return { prefixes, body: p };
    };
    // Right-nested chains (prefix operators, `implies`) recurse here once per operator; past the depth
    // limit of depth.ts the rest of the chain becomes one error node.
    let depth = 0;
    const tooDeep = (at: IToken): A.Expr => {
      this.diagnostics.push(error("KS1004", this.spanOf(at), `nested too deeply: more than ${MAX_AST_DEPTH} levels of operators and brackets`, "split the expression: name parts of it with `def` or `let`"));
      pos = ops.length;
      return this.errorExpr(at);
    };
    const parsePrefixed = (prefixes: IToken[], k: number, body: CstNode | undefined): A.Expr => {
      const first = prefixes[k];
      if (first === undefined) return this.prefixBody(body, parent);
      if (depth >= MAX_AST_DEPTH) return tooDeep(first);
      const op = first.image === "not" ? "not" : "-";
      depth++;
      const operand = op === "not" ? parseFrom(prefixes, k + 1, body, NOT_OPERAND_PREC) : parsePrefixed(prefixes, k + 1, body);
      depth--;
      return { kind: "unary", id: this.id(), span: this.join(this.spanOf(first), operand.span), op, operand };
    };
    // Parse an operand (its remaining prefixes from k) and then binary operators of at least minPrec.
    const parseFrom = (prefixes: IToken[], k: number, body: CstNode | undefined, minPrec: number): A.Expr => {
      const left = parsePrefixed(prefixes, k, body);
      return continueBinary(left, minPrec);
    };
    const continueBinary = (leftIn: A.Expr, minPrec: number): A.Expr => {
      let left = leftIn;
      for (;;) {
        const opTok = ops[pos];
        if (opTok === undefined) return left;
        const op = opTok.image as A.BinaryOperator;
        const prec = PREC[op] ?? 0;
        if (prec < minPrec) return left;
        pos++;
        const next = operandAt(pos);
        const rightMin = op === "implies" ? prec : prec + 1;
        if (op === "implies" && depth >= MAX_AST_DEPTH) return { kind: "binary", id: this.id(), span: left.span, op, opSpan: this.spanOf(opTok), left, right: tooDeep(opTok) };
        depth++;
        const right = parseFrom(next.prefixes, 0, next.body, rightMin);
        depth--;
        if (!ASSOCIATIVE.has(op)) {
          left = this.binary(op, opTok, left, right);
          continue;
        }
        // A run of one associative operator: long runs become a balanced tree (see `balanced`).
        const run = [left, right];
        const runOps = [opTok];
        while (ops[pos]?.image === op) {
          runOps.push(ops[pos]!);
          pos++;
          const more = operandAt(pos);
          depth++;
          run.push(parseFrom(more.prefixes, 0, more.body, rightMin));
          depth--;
        }
        left = this.balanced(op, run, runOps);
      }
    };
    const first = operandAt(0);
    return parseFrom(first.prefixes, 0, first.body, 0);
  }

  private binary(op: A.BinaryOperator, opTok: IToken, left: A.Expr, right: A.Expr): A.Binary {
    return { kind: "binary", id: this.id(), span: this.join(left.span, right.span), op, opSpan: this.spanOf(opTok), left, right };
  }

  /**
   * `a op b op c ...` for an associative operator. Up to BALANCE_FROM operands the tree is left-deep as
   * written; a longer chain (a conjunction of 1,000 clauses, a long sum) is built balanced, so its depth
   * is logarithmic and every later phase's recursion stays shallow. The value is the same: the operands
   * are still evaluated left to right, `and`/`or` still stop at the first deciding operand.
   */
  private balanced(op: A.BinaryOperator, operands: A.Expr[], opToks: IToken[]): A.Expr {
    if (operands.length < BALANCE_FROM) {
      let e = operands[0]!;
      for (let i = 1; i < operands.length; i++) e = this.binary(op, opToks[i - 1]!, e, operands[i]!);
      return e;
    }
    const build = (lo: number, hi: number): A.Expr => {
      if (hi - lo === 1) return operands[lo]!;
      const mid = (lo + hi) >> 1;
      return this.binary(op, opToks[mid - 1]!, build(lo, mid), build(mid, hi));
    };
    return build(0, operands.length);
  }

  private prefixBody(p: CstNode | undefined, parent: CstNode): A.Expr {
    if (!p) return this.errorExpr(parent);
    const aa = this.node(p, "arithAtom");
    if (aa) return this.atom(aa, p);
    const q = this.node(p, "quantExpr");
    if (q) {
      const b = this.node(q, "binder");
      return {
        kind: "quant", id: this.id(), span: this.spanOf(q),
        q: this.tok(q, "Forall") ? "forall" : "exists",
        binder: b ? this.binder(b) : { kind: "binder", id: this.id(), span: this.spanOf(q), name: this.ident(undefined, q), domain: this.errorExpr(q) },
        body: this.expr(this.node(q, "expression"), q),
      };
    }
    const l = this.node(p, "letExpr");
    if (l) {
      const bound = this.node(l, "letBound");
      return {
        kind: "let", id: this.id(), span: this.spanOf(l),
        name: this.ident(this.tok(l, "Identifier"), l),
        value: bound ? this.climb(this.nodes(bound, "prefixExpr"), this.toks(bound, "BinaryOp"), bound) : this.errorExpr(l),
        body: this.expr(this.node(l, "expression"), l),
      };
    }
    const i = this.node(p, "ifExpr");
    if (i) {
      return {
        kind: "ifExpr", id: this.id(), span: this.spanOf(i),
        cond: this.expr(this.node(i, "expression", 0), i),
        then: this.expr(this.node(i, "expression", 1), i),
        else: this.expr(this.node(i, "expression", 2), i),
      };
    }
    const pf = this.node(p, "postfixExpr");
    if (!pf) return this.errorExpr(p);
    return this.postfix(pf);
  }

  private postfix(pf: CstNode): A.Expr {
    let e = this.atom(this.node(pf, "atom"), pf);
    // accessors and withUpdates interleave: order by position.
    const items = [...this.nodes(pf, "accessor"), ...this.nodes(pf, "withUpdate")].sort(
      (a, b) => (a.location?.startOffset ?? 0) - (b.location?.startOffset ?? 0),
    );
    for (const it of items) {
      const span = this.join(e.span, this.spanOf(it));
      if (it.name === "accessor") {
        const a = this.accessor(it);
        e = a.kind === "field" ? { kind: "field", id: this.id(), span, target: e, field: a.field } : { kind: "index", id: this.id(), span, target: e, index: a.index };
      } else {
        const v = this.node(it, "withValue");
        e = {
          kind: "with", id: this.id(), span, target: e,
          path: this.nodes(it, "accessor").map((a) => this.accessor(a)),
          value: v ? this.withValue(v) : this.errorExpr(it),
        };
      }
    }
    return e;
  }

  private withValue(v: CstNode): A.Expr {
    let e = this.atom(this.node(v, "atom"), v);
    for (const a of this.nodes(v, "accessor")) {
      const acc = this.accessor(a);
      const span = this.join(e.span, this.spanOf(a));
      e = acc.kind === "field" ? { kind: "field", id: this.id(), span, target: e, field: acc.field } : { kind: "index", id: this.id(), span, target: e, index: acc.index };
    }
    const prefixes = [...this.toks(v, "Not"), ...this.toks(v, "Minus")].sort((a, b) => b.startOffset - a.startOffset);
    for (const p of prefixes) e = { kind: "unary", id: this.id(), span: this.join(this.spanOf(p), e.span), op: p.image === "not" ? "not" : "-", operand: e };
    return e;
  }

  private atom(a: CstNode | undefined, parent: CstNode): A.Expr {
    if (!a) return this.errorExpr(parent);
    const span = this.spanOf(a);
    const int = this.tok(a, "IntLiteral");
    if (int) return { kind: "int", id: this.id(), span, value: Number(int.image) };
    if (this.tok(a, "True")) return { kind: "bool", id: this.id(), span, value: true };
    if (this.tok(a, "False")) return { kind: "bool", id: this.id(), span, value: false };
    if (this.tok(a, "None")) return { kind: "none", id: this.id(), span };
    if (this.tok(a, "Self")) return { kind: "self", id: this.id(), span };
    const some = this.node(a, "someExpr");
    if (some) return { kind: "some", id: this.id(), span, value: this.expr(this.node(some, "expression"), some) };
    const nc = this.node(a, "nameOrCall");
    if (nc) {
      const id = this.tok(nc, "Identifier");
      if (!id) return this.errorExpr(nc);
      if (this.tok(nc, "LParen")) {
        return { kind: "call", id: this.id(), span, callee: this.ident(id, nc), args: this.nodes(nc, "expression").map((e) => this.expr(e, nc)) };
      }
      return { kind: "name", id: this.id(), span, name: id.image };
    }
    const paren = this.node(a, "parenExpr");
    if (paren) {
      const inner = this.expr(this.node(paren, "expression"), paren);
      return { ...inner, span };
    }
    const rec = this.node(a, "recordLiteral");
    if (rec) {
      return {
        kind: "recordLit", id: this.id(), span,
        fields: this.nodes(rec, "fieldValue").map((f) => ({ name: this.ident(this.tok(f, "Identifier"), f), value: this.expr(this.node(f, "expression"), f) })),
      };
    }
    const brace = this.node(a, "braceExpr");
    if (brace) return this.brace(brace, span);
    const ml = this.node(a, "mapLiteral");
    if (ml) {
      const b = this.node(ml, "binder");
      return {
        kind: "mapLit", id: this.id(), span,
        binder: b ? this.binder(b) : { kind: "binder", id: this.id(), span, name: this.ident(undefined, ml), domain: this.errorExpr(ml) },
        value: this.expr(this.node(ml, "expression"), ml),
      };
    }
    return this.errorExpr(a);
  }

  private brace(n: CstNode, span: A.Span): A.Expr {
    const exprs = this.nodes(n, "expression");
    if (exprs.length === 0) return { kind: "setLit", id: this.id(), span, elems: [] };
    const first = this.expr(exprs[0], n);
    if (this.tok(n, "Where")) {
      // `{x in S where p}`: the first expression must be the membership `x in S`.
      if (first.kind === "binary" && first.op === "in" && first.left.kind === "name") {
        const binder: A.Binder = { kind: "binder", id: this.id(), span: first.span, name: { kind: "ident", id: this.id(), span: first.left.span, name: first.left.name }, domain: first.right };
        return { kind: "setFilter", id: this.id(), span, binder, cond: this.expr(exprs[1], n) };
      }
      this.diagnostics.push(error("KS1003", first.span, "a set filter starts with `x in S`", "write `{x in S where p(x)}`"));
      return { kind: "setFilter", id: this.id(), span, binder: { kind: "binder", id: this.id(), span: first.span, name: this.ident(undefined, n), domain: first }, cond: this.expr(exprs[1], n) };
    }
    const b = this.node(n, "binder");
    if (this.tok(n, "For") && b) return { kind: "setMap", id: this.id(), span, elem: first, binder: this.binder(b) };
    return { kind: "setLit", id: this.id(), span, elems: [first, ...exprs.slice(1).map((e) => this.expr(e, n))] };
  }
}

const isOffset = (o: number | undefined): boolean => o !== undefined && Number.isFinite(o) && o >= 0;

/** First and last real (not recovery-inserted) token under a node, as a span of offsets. */
function tokenRange(n: CstNode): { start: number; end: number } | undefined {
  let start = Infinity;
  let end = -Infinity;
  const stack: (CstNode | IToken)[] = [n];
  for (let x = stack.pop(); x !== undefined; x = stack.pop()) {
    if ("children" in x) {
      for (const list of Object.values(x.children)) if (list) stack.push(...list);
    } else if (isOffset(x.startOffset)) {
      start = Math.min(start, x.startOffset);
      end = Math.max(end, (isOffset(x.endOffset) ? x.endOffset! : x.startOffset) + 1);
    }
  }
  return start <= end ? { start, end } : undefined;
}

function unquote(s: string): string {
  return s.slice(1, -1).replace(/\\(["\\nt])/g, (_m, c: string) => (c === "n" ? "\n" : c === "t" ? "\t" : c));
}
