// Phase 1: text -> tokens -> CST -> AST. Never throws for bad input: syntax errors are diagnostics
// (codes KS1xxx) and the AST is built from whatever the recovering parser produced.
import type { CstNode, IToken } from "chevrotain";
import { error, type Diagnostic, type SourceFile } from "../diag/diagnostic.ts";
import type { SpecAst } from "./ast.ts";
import { AstBuilder } from "./cst-to-ast.ts";
import { limitDepth } from "./depth.ts";
import { MAX_RULE_DEPTH, parser, TooDeep } from "./parser.ts";
import { lexer } from "./tokens.ts";

export interface Parsed {
  readonly file: SourceFile;
  readonly ast: SpecAst;
  readonly cst: CstNode;
  readonly tokens: readonly IToken[];
  readonly comments: readonly IToken[];
  readonly diagnostics: readonly Diagnostic[];
}

const HINTS: Record<string, string> = {
  ColonEq: "assignments are written `x := e`",
  Eq: "declarations are written `const N = 2`, `var x: T = e`, `type T = ...`",
  RCurly: "is a `{` left open above?",
  RParen: "is a `(` left open?",
  RBracket: "is a `[` left open?",
  Colon: "a label, invariant or quantifier needs ':'",
};

export interface ParseOptions {
  /** First node id (ids stay unique across the files of one compilation). */
  readonly firstId?: number;
  /** Mark every span with the file: for imported modules. */
  readonly imported?: boolean;
}

export function parseSpec(file: SourceFile, opts: ParseOptions = {}): Parsed {
  const diagnostics: Diagnostic[] = [];
  // A byte-order mark is skipped like a space (same length, so offsets stay those of the text).
  const lexed = lexer.tokenize(file.text.charCodeAt(0) === 0xfeff ? ` ${file.text.slice(1)}` : file.text);
  for (const e of lexed.errors) {
    const ch = file.text.slice(e.offset, e.offset + (e.length || 1));
    const at = { start: e.offset, end: e.offset + (e.length || 1), ...(opts.imported ? { file } : {}) };
    diagnostics.push(error("KS1001", at, `unexpected character ${JSON.stringify(ch)}`, "kspec names are ASCII letters, digits and '_'; strings use double quotes"));
  }
  parser.input = lexed.tokens;
  const cst = parseTokens(file, lexed.tokens, opts, diagnostics);
  for (const e of cst === EMPTY ? [] : parser.errors) {
    const t = e.token;
    const atEof = t.tokenType.name === "EOF" || isNaN(t.startOffset);
    const start = atEof ? lastOffset(lexed.tokens, file.text) : t.startOffset;
    const end = atEof ? start + 1 : (t.endOffset ?? t.startOffset) + 1;
    const expected = /expected '?([^',]+)'?/.exec(e.message)?.[1];
    const hintKey = Object.keys(HINTS).find((k) => e.message.includes(`expected ${k}`) || (expected !== undefined && tokenNameFor(expected) === k));
    const after = lexed.tokens[lexed.tokens.indexOf(t) + 1];
    const hint = after?.image === "=" && t.tokenType.name === "Identifier" ? "assignments are written `x := e`; `==` compares" : hintKey ? HINTS[hintKey] : undefined;
    diagnostics.push(error("KS1002", { start, end, ...(opts.imported ? { file } : {}) }, e.message, hint));
  }
  const builder = new AstBuilder(file.text.length, opts.firstId ?? 0, opts.imported ? file : undefined);
  let ast = builder.specFile(cst);
  diagnostics.push(...builder.diagnostics);
  const deep = limitDepth(ast, () => builder.freshId());
  if (deep.length > 0) {
    // A chain the builder already stopped (KS1004) is reported once.
    if (!builder.diagnostics.some((d) => d.code === "KS1004")) diagnostics.push(...deep);
    ast = { ...ast, nodeCount: builder.nodeCount };
  }
  return { file, ast, cst, tokens: lexed.tokens, comments: lexed.groups["comments"] ?? [], diagnostics };
}

/** A CST with nothing in it: what a parse stopped by the depth limit yields. */
const EMPTY: CstNode = { name: "specFile", children: {} };

/** The CST of the tokens, or EMPTY (and a KS1004) when they nest deeper than the parser follows. */
function parseTokens(file: SourceFile, tokens: IToken[], opts: ParseOptions, diagnostics: Diagnostic[]): CstNode {
  try {
    return parser.specFile();
  } catch (e) {
    if (!(e instanceof TooDeep)) throw e;
    const t = e.token;
    const start = Number.isFinite(t.startOffset) && t.startOffset >= 0 ? t.startOffset : lastOffset(tokens, file.text);
    const end = Number.isFinite(t.endOffset) && t.endOffset! >= start ? t.endOffset! + 1 : start + 1;
    diagnostics.push(error("KS1004", { start, end, ...(opts.imported ? { file } : {}) }, `nested too deeply: the parser follows at most ${MAX_RULE_DEPTH} levels of grammar rules (about 65 parentheses)`, "flatten the nesting: name inner parts with `def` or `let`, or split the statement"));
    return EMPTY; // the next parse resets the parser (setting `input` does)
  }
}

const SYMBOL_NAMES: Record<string, string> = { ":=": "ColonEq", "=": "Eq", "}": "RCurly", ")": "RParen", "]": "RBracket", ":": "Colon" };
function tokenNameFor(symbol: string): string | undefined {
  return SYMBOL_NAMES[symbol];
}

function lastOffset(tokens: IToken[], text: string): number {
  const last = tokens[tokens.length - 1];
  // Just after the last token: where the missing input should have been.
  return last ? (last.endOffset ?? last.startOffset) + 1 : Math.max(0, text.length - 1);
}
