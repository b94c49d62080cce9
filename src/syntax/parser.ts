// The one kspec CST parser. Error recovery is on, so a run reports several syntax errors and still
// yields a (partial) CST for the later phases, the formatter and the language server. Binary
// operators are read as a flat list; precedence is resolved in `cst-to-ast.ts`.
import { CstParser, type CstNode, type IParserErrorMessageProvider, type IToken, type TokenType } from "chevrotain";
import * as T from "./tokens.ts";

/** How a token kind reads in a message: `'}'`, `a name`, `'spec'`. */
export function describeToken(t: TokenType): string {
  switch (t.name) {
    case "Identifier": return "a name";
    case "IntLiteral": return "a number";
    case "StringLiteral": return "a string";
    case "BinaryOp": return "an operator";
    case "EOF": return "the end of the file";
  }
  const p = t.PATTERN;
  if (p instanceof RegExp) return `'${p.source.replace(/\\/g, "")}'`;
  return t.name;
}

function found(t: IToken | undefined): string {
  if (t === undefined || t.tokenType.name === "EOF") return "the end of the file";
  return `'${t.image}'`;
}

const RULE_WORDS: Record<string, string> = {
  declaration: "a declaration (const, enum, type, var, def, macro, action, process, invariant, terminal, property, fairness, import)",
  statement: "a statement",
  atom: "an expression",
  prefixExpr: "an expression",
  typeExpr: "a type",
  accessor: "'.' or '['",
};

function uniqueFirsts(paths: TokenType[][]): string[] {
  return [...new Set(paths.map((p) => p[0]).filter((t): t is TokenType => t !== undefined).map(describeToken))];
}

const messages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, actual }) => `expected ${describeToken(expected)}, found ${found(actual)}`,
  buildNotAllInputParsedMessage: ({ firstRedundant }) => `expected a declaration, found ${found(firstRedundant)}`,
  buildNoViableAltMessage: ({ expectedPathsPerAlt, actual, ruleName }) => {
    const what = RULE_WORDS[ruleName] ?? uniqueFirsts(expectedPathsPerAlt.flat()).slice(0, 6).join(", ");
    return `expected ${what}, found ${found(actual[0])}`;
  },
  buildEarlyExitMessage: ({ expectedIterationPaths, actual, ruleName }) => {
    const what = RULE_WORDS[ruleName] ?? uniqueFirsts(expectedIterationPaths).slice(0, 6).join(", ");
    return `expected ${what}, found ${found(actual[0])}`;
  },
};

/**
 * Deepest nesting of grammar rules the parser follows. Chevrotain (and the formatter, which walks the
 * CST) recurse once per rule, so deeper input would overflow the stack. 400 rule levels are about 65
 * nested parentheses, 100 nested `if` expressions or 130 nested `if` statements.
 */
export const MAX_RULE_DEPTH = 400;

/** Thrown (and caught by `parseSpec`) when the input nests deeper than `MAX_RULE_DEPTH`. */
export class TooDeep extends Error {
  readonly token: IToken;
  constructor(token: IToken) {
    super("nested too deeply");
    this.token = token;
  }
}

export class KspecParser extends CstParser {
  constructor() {
    super(T.allTokens, { recoveryEnabled: true, maxLookahead: 3, nodeLocationTracking: "full", errorMessageProvider: messages });
    this.performSelfAnalysis();
  }

  /** Every rule first checks how deep the parse is (not while chevrotain records the grammar). */
  protected override RULE<F extends () => void>(name: string, implementation: F, config?: Parameters<CstParser["RULE"]>[2]): ReturnType<CstParser["RULE"]> {
    const guarded = (): void => {
      this.ACTION(() => {
        if (this.ruleDepth() > MAX_RULE_DEPTH) throw new TooDeep(this.LA(1));
      });
      implementation();
    };
    return super.RULE(name, guarded, config);
  }

  private ruleDepth(): number {
    // Chevrotain's own rule stack (an internal field; its length if the index is missing).
    const self = this as unknown as { RULE_STACK_IDX?: number; RULE_STACK?: unknown[] };
    return self.RULE_STACK_IDX ?? self.RULE_STACK?.length ?? 0;
  }

  // ---------------------------------------------------------------- declarations
  specFile = this.RULE("specFile", () => {
    this.OPTION(() => this.SUBRULE(this.specHeader));
    this.MANY(() => this.SUBRULE(this.declaration));
  });

  specHeader = this.RULE("specHeader", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Spec) },
      { ALT: () => this.CONSUME(T.Module) },
    ]);
    this.CONSUME(T.Identifier);
  });

  declaration = this.RULE("declaration", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.constDecl) },
      { ALT: () => this.SUBRULE(this.enumDecl) },
      { ALT: () => this.SUBRULE(this.typeDecl) },
      { ALT: () => this.SUBRULE(this.varDecl) },
      { ALT: () => this.SUBRULE(this.defDecl) },
      { ALT: () => this.SUBRULE(this.actionDecl) },
      { ALT: () => this.SUBRULE(this.processDecl) },
      { ALT: () => this.SUBRULE(this.invariantDecl) },
      { ALT: () => this.SUBRULE(this.coverDecl) },
      { ALT: () => this.SUBRULE(this.terminalDecl) },
      { ALT: () => this.SUBRULE(this.propertyDecl) },
      { ALT: () => this.SUBRULE(this.fairnessDecl) },
      { ALT: () => this.SUBRULE(this.importDecl) },
      { ALT: () => this.SUBRULE(this.macroDecl) },
    ]);
  });

  importDecl = this.RULE("importDecl", () => {
    this.CONSUME(T.Import);
    this.OR([
      { ALT: () => this.CONSUME(T.Identifier) },
      { ALT: () => this.CONSUME(T.StringLiteral) },
    ]);
  });

  macroDecl = this.RULE("macroDecl", () => {
    this.CONSUME(T.Macro);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LParen);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.CONSUME2(T.Identifier) });
    this.CONSUME(T.RParen);
    this.SUBRULE(this.block);
  });

  constDecl = this.RULE("constDecl", () => {
    this.CONSUME(T.Const);
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE(this.typeExpr);
    });
    this.CONSUME(T.Eq);
    this.SUBRULE(this.expression);
  });

  enumDecl = this.RULE("enumDecl", () => {
    this.CONSUME(T.Enum);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LCurly);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.CONSUME2(T.Identifier) });
    this.CONSUME(T.RCurly);
  });

  typeDecl = this.RULE("typeDecl", () => {
    this.CONSUME(T.Type);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Eq);
    this.SUBRULE(this.typeExpr);
  });

  varDecl = this.RULE("varDecl", () => {
    this.CONSUME(T.Var);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeExpr);
    this.OR([
      { ALT: () => { this.CONSUME(T.Eq); this.SUBRULE(this.expression); } },
      { ALT: () => { this.CONSUME(T.In); this.SUBRULE2(this.expression); } },
    ]);
  });

  defDecl = this.RULE("defDecl", () => {
    this.CONSUME(T.Def);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LParen);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.param) });
    this.CONSUME(T.RParen);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeExpr);
    this.CONSUME(T.Eq);
    this.SUBRULE(this.expression);
  });

  param = this.RULE("param", () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeExpr);
  });

  actionDecl = this.RULE("actionDecl", () => {
    this.CONSUME(T.Action);
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.binder) });
      this.CONSUME(T.RParen);
    });
    this.SUBRULE(this.block);
  });

  /** `x in S`: a name bound over a finite domain. */
  binder = this.RULE("binder", () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.In);
    this.SUBRULE(this.binaryExpr);
  });

  processDecl = this.RULE("processDecl", () => {
    this.CONSUME(T.Process);
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.LBracket);
      this.SUBRULE(this.binder);
      this.CONSUME(T.RBracket);
    });
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.varDecl) },
        { GATE: () => this.LA(1).image === "idle" && (this.LA(2).tokenType === T.At || this.LA(2).image === "when"), ALT: () => this.SUBRULE(this.idleDecl) },
      ]);
    });
    this.MANY2(() => this.SUBRULE(this.statement));
    this.CONSUME(T.RCurly);
  });

  /**
   * `idle at wait, sleep` / `idle when cond`: where a member may wait forever without being stuck.
   * `idle` and `when` are contextual (plain identifiers elsewhere).
   */
  idleDecl = this.RULE("idleDecl", () => {
    this.CONSUME(T.Identifier);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.At);
          this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.CONSUME2(T.Identifier) });
        },
      },
      { ALT: () => { this.CONSUME3(T.Identifier); this.SUBRULE(this.expression); } },
    ]);
  });

  invariantDecl = this.RULE("invariantDecl", () => {
    this.CONSUME(T.Invariant);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.expression);
  });

  /** `cover Name: P`: some reachable state must satisfy P. */
  coverDecl = this.RULE("coverDecl", () => {
    this.CONSUME(T.Cover);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.expression);
  });

  terminalDecl = this.RULE("terminalDecl", () => {
    this.CONSUME(T.Terminal);
    this.SUBRULE(this.expression);
  });

  /** `property Name: always P` / `eventually P` / `always eventually P` / `P leadsto Q`. */
  propertyDecl = this.RULE("propertyDecl", () => {
    this.CONSUME(T.Property);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.temporalExpr);
  });

  temporalExpr = this.RULE("temporalExpr", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Always);
          this.OPTION(() => {
            this.OR2([
              { ALT: () => this.CONSUME(T.Eventually) },
              { ALT: () => this.CONSUME(T.Reachable) },
            ]);
          });
          this.SUBRULE(this.expression);
        },
      },
      { ALT: () => { this.CONSUME2(T.Eventually); this.SUBRULE2(this.expression); } },
      { ALT: () => { this.SUBRULE3(this.expression); this.CONSUME(T.Leadsto); this.SUBRULE4(this.expression); } },
    ]);
  });

  /** `fairness weak P, Q` / `fairness strong A`: processes (every member) or actions. */
  fairnessDecl = this.RULE("fairnessDecl", () => {
    this.CONSUME(T.Fairness);
    this.OR([
      { ALT: () => this.CONSUME(T.Weak) },
      { ALT: () => this.CONSUME(T.Strong) },
    ]);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.CONSUME(T.Identifier) });
  });

  // ---------------------------------------------------------------- types
  typeExpr = this.RULE("typeExpr", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.mapType) },
      { ALT: () => this.SUBRULE(this.recordType) },
      { ALT: () => this.SUBRULE(this.setType) },
      { ALT: () => this.SUBRULE(this.rangeOrNamedType) },
    ]);
    this.MANY(() => this.CONSUME(T.Question));
  });

  mapType = this.RULE("mapType", () => {
    this.CONSUME(T.LBracket);
    this.SUBRULE(this.typeExpr);
    this.CONSUME(T.RBracket);
    this.SUBRULE2(this.typeExpr);
  });

  recordType = this.RULE("recordType", () => {
    this.CONSUME(T.LCurly);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.param) });
    this.CONSUME(T.RCurly);
  });

  setType = this.RULE("setType", () => {
    this.CONSUME(T.SetKw);
    this.CONSUME(T.LBracket);
    this.SUBRULE(this.typeExpr);
    this.CONSUME(T.RBracket);
  });

  /** `Name` or `lo .. hi`; the bounds are arithmetic only, so `var x: 0 .. 3 in S` reads well. */
  rangeOrNamedType = this.RULE("rangeOrNamedType", () => {
    this.SUBRULE(this.arithExpr);
    this.OPTION(() => {
      this.CONSUME(T.DotDot);
      this.SUBRULE2(this.arithExpr);
    });
  });

  arithExpr = this.RULE("arithExpr", () => {
    this.SUBRULE(this.arithOperand);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Plus) },
        { ALT: () => this.CONSUME(T.Minus) },
        { ALT: () => this.CONSUME(T.Star) },
        { ALT: () => this.CONSUME(T.Slash) },
        { ALT: () => this.CONSUME(T.Percent) },
      ]);
      this.SUBRULE2(this.arithOperand);
    });
  });

  arithOperand = this.RULE("arithOperand", () => {
    this.MANY(() => this.CONSUME(T.Minus));
    this.SUBRULE(this.arithAtom);
  });

  arithAtom = this.RULE("arithAtom", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.IntLiteral) },
      { ALT: () => this.SUBRULE(this.nameOrCall) },
      { ALT: () => this.SUBRULE(this.parenExpr) },
    ]);
  });

  // ---------------------------------------------------------------- statements
  block = this.RULE("block", () => {
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.statement));
    this.CONSUME(T.RCurly);
  });

  statement = this.RULE("statement", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.labelStmt) },
      { ALT: () => this.SUBRULE(this.assignStmt) },
      { ALT: () => this.SUBRULE(this.callStmt) },
      { ALT: () => this.SUBRULE(this.awaitStmt) },
      { ALT: () => this.SUBRULE(this.assertStmt) },
      { ALT: () => this.SUBRULE(this.ifStmt) },
      { ALT: () => this.SUBRULE(this.eitherStmt) },
      { ALT: () => this.SUBRULE(this.anyStmt) },
      { ALT: () => this.SUBRULE(this.gotoStmt) },
      { ALT: () => this.SUBRULE(this.whileStmt) },
      { ALT: () => this.SUBRULE(this.skipStmt) },
    ]);
  });

  labelStmt = this.RULE("labelStmt", () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
  });

  assignStmt = this.RULE("assignStmt", () => {
    this.CONSUME(T.Identifier);
    this.MANY(() => this.SUBRULE(this.accessor));
    this.CONSUME(T.ColonEq);
    this.SUBRULE(this.expression);
  });

  accessor = this.RULE("accessor", () => {
    this.OR([
      { ALT: () => { this.CONSUME(T.Dot); this.CONSUME(T.Identifier); } },
      { ALT: () => { this.CONSUME(T.LBracket); this.SUBRULE(this.expression); this.CONSUME(T.RBracket); } },
    ]);
  });

  /** `lock(m)`: a macro call. */
  callStmt = this.RULE("callStmt", () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LParen);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression) });
    this.CONSUME(T.RParen);
  });

  awaitStmt = this.RULE("awaitStmt", () => {
    this.CONSUME(T.Await);
    this.SUBRULE(this.expression);
  });

  /** `assert cond`, `assert cond : "message"`, `assert Name: cond`, `assert Name: cond : "message"`. */
  assertStmt = this.RULE("assertStmt", () => {
    this.CONSUME(T.Assert);
    // `Name:` followed by anything but a string names the assert; `x : "msg"` is a message.
    this.OPTION({
      GATE: () => this.LA(1).tokenType === T.Identifier && this.LA(2).tokenType === T.Colon && this.LA(3).tokenType !== T.StringLiteral,
      DEF: () => {
        this.CONSUME(T.Identifier);
        this.CONSUME(T.Colon);
      },
    });
    this.SUBRULE(this.expression);
    this.OPTION2(() => {
      this.CONSUME2(T.Colon);
      this.CONSUME(T.StringLiteral);
    });
  });

  ifStmt = this.RULE("ifStmt", () => {
    this.CONSUME(T.If);
    this.SUBRULE(this.expression);
    this.SUBRULE(this.block);
    this.OPTION(() => {
      this.CONSUME(T.Else);
      this.OR([
        { ALT: () => this.SUBRULE(this.ifStmt) },
        { ALT: () => this.SUBRULE2(this.block) },
      ]);
    });
  });

  eitherStmt = this.RULE("eitherStmt", () => {
    this.CONSUME(T.Either);
    this.SUBRULE(this.block);
    this.AT_LEAST_ONE(() => {
      this.CONSUME(T.Or);
      this.SUBRULE2(this.block);
    });
  });

  anyStmt = this.RULE("anyStmt", () => {
    this.CONSUME(T.Any);
    this.SUBRULE(this.binder);
    this.OPTION(() => {
      this.CONSUME(T.Where);
      this.SUBRULE(this.expression);
    });
    this.SUBRULE(this.block);
  });

  gotoStmt = this.RULE("gotoStmt", () => {
    this.CONSUME(T.Goto);
    this.CONSUME(T.Identifier);
  });

  whileStmt = this.RULE("whileStmt", () => {
    this.CONSUME(T.While);
    this.SUBRULE(this.expression);
    this.SUBRULE(this.block);
  });

  skipStmt = this.RULE("skipStmt", () => {
    this.CONSUME(T.Skip);
  });

  // ---------------------------------------------------------------- expressions
  expression = this.RULE("expression", () => {
    this.SUBRULE(this.binaryExpr);
  });

  /** A flat list `operand (op operand)*`; `..`, `in`, `at` and the rest are all BinaryOp. */
  binaryExpr = this.RULE("binaryExpr", () => {
    this.SUBRULE(this.prefixExpr);
    this.MANY(() => {
      this.CONSUME(T.BinaryOp);
      this.SUBRULE2(this.prefixExpr);
    });
  });

  /** Prefix operators apply with their own precedence (resolved in the visitor). */
  prefixExpr = this.RULE("prefixExpr", () => {
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Not) },
        { ALT: () => this.CONSUME(T.Minus) },
      ]);
    });
    this.OR2([
      { ALT: () => this.SUBRULE(this.quantExpr) },
      { ALT: () => this.SUBRULE(this.letExpr) },
      { ALT: () => this.SUBRULE(this.ifExpr) },
      { ALT: () => this.SUBRULE(this.postfixExpr) },
    ]);
  });

  quantExpr = this.RULE("quantExpr", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Forall) },
      { ALT: () => this.CONSUME(T.Exists) },
    ]);
    this.SUBRULE(this.binder);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.expression);
  });

  /** `let x = e in body`: `e` stops at its first top-level `in` (parenthesize a membership test). */
  letExpr = this.RULE("letExpr", () => {
    this.CONSUME(T.Let);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Eq);
    this.SUBRULE(this.letBound);
    this.CONSUME(T.In);
    this.SUBRULE(this.expression);
  });

  letBound = this.RULE("letBound", () => {
    this.SUBRULE(this.prefixExpr);
    this.MANY({
      GATE: () => this.LA(1).tokenType !== T.In,
      DEF: () => {
        this.CONSUME(T.BinaryOp);
        this.SUBRULE2(this.prefixExpr);
      },
    });
  });

  ifExpr = this.RULE("ifExpr", () => {
    this.CONSUME(T.If);
    this.SUBRULE(this.expression);
    this.CONSUME(T.Then);
    this.SUBRULE2(this.expression);
    this.CONSUME(T.Else);
    this.SUBRULE3(this.expression);
  });

  postfixExpr = this.RULE("postfixExpr", () => {
    this.SUBRULE(this.atom);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.accessor) },
        { ALT: () => this.SUBRULE(this.withUpdate) },
      ]);
    });
  });

  /** `with [k] = v` / `with .f = v`; `v` is a simple operand: parenthesize anything larger. */
  withUpdate = this.RULE("withUpdate", () => {
    this.CONSUME(T.With);
    this.AT_LEAST_ONE(() => this.SUBRULE(this.accessor));
    this.CONSUME(T.Eq);
    this.SUBRULE(this.withValue);
  });

  withValue = this.RULE("withValue", () => {
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Not) },
        { ALT: () => this.CONSUME(T.Minus) },
      ]);
    });
    this.SUBRULE(this.atom);
    this.MANY2(() => this.SUBRULE(this.accessor));
  });

  atom = this.RULE("atom", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.IntLiteral) },
      { ALT: () => this.CONSUME(T.True) },
      { ALT: () => this.CONSUME(T.False) },
      { ALT: () => this.CONSUME(T.None) },
      { ALT: () => this.CONSUME(T.Self) },
      { ALT: () => this.SUBRULE(this.someExpr) },
      { ALT: () => this.SUBRULE(this.nameOrCall) },
      { ALT: () => this.SUBRULE(this.parenExpr) },
      { ALT: () => this.SUBRULE(this.recordLiteral) },
      { ALT: () => this.SUBRULE(this.braceExpr) },
      { ALT: () => this.SUBRULE(this.mapLiteral) },
    ]);
  });

  someExpr = this.RULE("someExpr", () => {
    this.CONSUME(T.Some);
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(T.RParen);
  });

  nameOrCall = this.RULE("nameOrCall", () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression) });
      this.CONSUME(T.RParen);
    });
  });

  parenExpr = this.RULE("parenExpr", () => {
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(T.RParen);
  });

  recordLiteral = this.RULE("recordLiteral", () => {
    this.CONSUME(T.LCurly);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.fieldValue) });
    this.CONSUME(T.RCurly);
  });

  fieldValue = this.RULE("fieldValue", () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.expression);
  });

  /** `{}`, `{a, b}`, `{x in S where p}`, `{e for x in S}`. */
  braceExpr = this.RULE("braceExpr", () => {
    this.CONSUME(T.LCurly);
    this.OPTION(() => {
      this.SUBRULE(this.expression);
      this.OR([
        { ALT: () => { this.CONSUME(T.Where); this.SUBRULE2(this.expression); } },
        { ALT: () => { this.CONSUME(T.For); this.SUBRULE(this.binder); } },
        { ALT: () => this.MANY(() => { this.CONSUME(T.Comma); this.SUBRULE3(this.expression); }) },
      ]);
    });
    this.CONSUME(T.RCurly);
  });

  /** `[k in K: e]` */
  mapLiteral = this.RULE("mapLiteral", () => {
    this.CONSUME(T.LBracket);
    this.SUBRULE(this.binder);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.expression);
    this.CONSUME(T.RBracket);
  });
}

/** The one parser instance, reused by resetting `input` (chevrotain's advice). */
export const parser = new KspecParser();

export interface CstResult {
  readonly cst: CstNode;
  readonly tokens: IToken[];
  readonly comments: IToken[];
}
