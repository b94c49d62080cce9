// Tokens of the kspec language, in priority order. Keywords use `longer_alt` so that `spec_x` is an
// identifier; binary operators share the `BinaryOp` category so the parser reads them flat and the
// CST -> AST visitor resolves precedence. Comments go to their own group: the parser never sees them,
// the formatter does.
import { createToken, Lexer, type TokenType } from "chevrotain";

export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\n]+/, group: Lexer.SKIPPED, line_breaks: true });
export const LineComment = createToken({ name: "LineComment", pattern: /\/\/[^\n\r]*/, group: "comments" });
export const BlockComment = createToken({ name: "BlockComment", pattern: /\/\*[^*]*\*+(?:[^/*][^*]*\*+)*\//, group: "comments", line_breaks: true });

export const Identifier = createToken({ name: "Identifier", pattern: /[A-Za-z_][A-Za-z0-9_]*/ });
export const IntLiteral = createToken({ name: "IntLiteral", pattern: /[0-9]+/ });
export const StringLiteral = createToken({ name: "StringLiteral", pattern: /"(?:[^"\\\n\r]|\\["\\nt])*"/ });

/** Category of every binary operator; precedence lives in `syntax/precedence.ts`. */
export const BinaryOp = createToken({ name: "BinaryOp", pattern: Lexer.NA });

const keywordTokens: TokenType[] = [];
function keyword(word: string, categories?: TokenType[]): TokenType {
  const t = createToken({
    name: word[0]!.toUpperCase() + word.slice(1),
    pattern: new RegExp(word),
    longer_alt: Identifier,
    ...(categories ? { categories } : {}),
  });
  keywordTokens.push(t);
  return t;
}

export const Spec = keyword("spec");
export const Module = keyword("module");
export const Import = keyword("import");
export const Macro = keyword("macro");
export const Const = keyword("const");
export const Enum = keyword("enum");
export const Type = keyword("type");
export const Var = keyword("var");
export const Def = keyword("def");
export const Action = keyword("action");
export const Process = keyword("process");
export const Invariant = keyword("invariant");
export const Terminal = keyword("terminal");
export const Property = keyword("property");
export const Cover = keyword("cover");
export const Always = keyword("always");
export const Eventually = keyword("eventually");
export const Reachable = keyword("reachable");
export const Leadsto = keyword("leadsto");
export const Fairness = keyword("fairness");
export const Weak = keyword("weak");
export const Strong = keyword("strong");
export const Await = keyword("await");
export const Assert = keyword("assert");
export const If = keyword("if");
export const Then = keyword("then");
export const Else = keyword("else");
export const Either = keyword("either");
export const Any = keyword("any");
export const Where = keyword("where");
export const For = keyword("for");
export const Goto = keyword("goto");
export const While = keyword("while");
export const Skip = keyword("skip");
export const Forall = keyword("forall");
export const Exists = keyword("exists");
export const Let = keyword("let");
export const With = keyword("with");
export const None = keyword("none");
export const Some = keyword("some");
export const Self = keyword("self");
export const True = keyword("true");
export const False = keyword("false");
export const SetKw = createToken({ name: "SetKw", pattern: /Set/, longer_alt: Identifier });
keywordTokens.push(SetKw);
export const Not = keyword("not");
// Word operators.
export const Implies = keyword("implies", [BinaryOp]);
export const Or = keyword("or", [BinaryOp]);
export const And = keyword("and", [BinaryOp]);
export const Notin = keyword("notin", [BinaryOp]);
export const In = keyword("in", [BinaryOp]);
export const Subset = keyword("subset", [BinaryOp]);
export const Union = keyword("union", [BinaryOp]);
export const Inter = keyword("inter", [BinaryOp]);
export const Diff = keyword("diff", [BinaryOp]);
export const At = keyword("at", [BinaryOp]);

// Punctuation and symbolic operators: longer patterns first.
export const ColonEq = createToken({ name: "ColonEq", pattern: /:=/ });
export const EqEq = createToken({ name: "EqEq", pattern: /==/, categories: [BinaryOp] });
export const NotEq = createToken({ name: "NotEq", pattern: /!=/, categories: [BinaryOp] });
export const LtEq = createToken({ name: "LtEq", pattern: /<=/, categories: [BinaryOp] });
export const GtEqOp = createToken({ name: "GtEqOp", pattern: />=/, categories: [BinaryOp] });
export const Lt = createToken({ name: "Lt", pattern: /</, categories: [BinaryOp] });
export const Gt = createToken({ name: "Gt", pattern: />/, categories: [BinaryOp] });
export const DotDot = createToken({ name: "DotDot", pattern: /\.\./, categories: [BinaryOp] });
export const Dot = createToken({ name: "Dot", pattern: /\./ });
export const Comma = createToken({ name: "Comma", pattern: /,/ });
export const Colon = createToken({ name: "Colon", pattern: /:/ });
export const Eq = createToken({ name: "Eq", pattern: /=/ });
export const Question = createToken({ name: "Question", pattern: /\?/ });
export const LParen = createToken({ name: "LParen", pattern: /\(/ });
export const RParen = createToken({ name: "RParen", pattern: /\)/ });
export const LCurly = createToken({ name: "LCurly", pattern: /\{/ });
export const RCurly = createToken({ name: "RCurly", pattern: /\}/ });
export const LBracket = createToken({ name: "LBracket", pattern: /\[/ });
export const RBracket = createToken({ name: "RBracket", pattern: /\]/ });
/** Binary and unary minus: the parser decides by position. */
export const Minus = createToken({ name: "Minus", pattern: /-/, categories: [BinaryOp] });
export const Plus = createToken({ name: "Plus", pattern: /\+/, categories: [BinaryOp] });
export const Star = createToken({ name: "Star", pattern: /\*/, categories: [BinaryOp] });
export const Slash = createToken({ name: "Slash", pattern: /\//, categories: [BinaryOp] });
export const Percent = createToken({ name: "Percent", pattern: /%/, categories: [BinaryOp] });

export const allTokens: TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  StringLiteral,
  // Longest keyword first, so that `in` does not shadow `inter` nor `for` shadow `forall`.
  ...[...keywordTokens].sort((a, b) => String((b.PATTERN as RegExp).source).length - String((a.PATTERN as RegExp).source).length),
  Identifier,
  IntLiteral,
  ColonEq,
  EqEq,
  NotEq,
  LtEq,
  GtEqOp,
  Lt,
  Gt,
  DotDot,
  Dot,
  Comma,
  Colon,
  Eq,
  Question,
  LParen,
  RParen,
  LCurly,
  RCurly,
  LBracket,
  RBracket,
  Minus,
  Plus,
  Star,
  Slash,
  Percent,
  BinaryOp,
];

/** Every keyword, for the language reference and for "did you mean" hints. */
export const keywords: readonly string[] = keywordTokens.map((t) => String((t.PATTERN as RegExp).source));

export const lexer = new Lexer(allTokens, { positionTracking: "full", ensureOptimizations: false });
