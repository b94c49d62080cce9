// What the prettier plugin works on: the kspec CST as chevrotain builds it (rule nodes and tokens),
// plus comment objects made from the lexer's "comments" group. Prettier attaches comments to rule
// nodes and tokens alike, so every token is printed through prettier's `print` to bring its
// comments along.
import type { CstNode, IToken } from "chevrotain";
import type { KspecParser } from "../syntax/parser.ts";

/**
 * Every rule of the kspec grammar, read off the parser class: a rule added to the parser is a
 * rule the printer table must cover, or the build fails.
 */
export type RuleName = {
  [K in keyof KspecParser]-?: K extends string ? (KspecParser[K] extends (...args: []) => CstNode ? K : never) : never;
}[keyof KspecParser];

/** How a comment sits in the source, which decides how it is attached and printed. */
export type Placement =
  /** on a line of its own: printed on its own line before the node it is attached to */
  | "own"
  /** ends a line after code: printed at the end of that line, after the node it follows */
  | "eol"
  /** a block comment with code on both sides on one line: printed inline */
  | "inline"
  /** on its own line after the last item of a body: printed on its own line after that item */
  | "after";

export interface Comment {
  readonly type: "comment";
  /** The comment's text, exactly as written (prettier names it `value`). */
  readonly value: string;
  readonly block: boolean;
  readonly start: number;
  /** One past the last character. */
  readonly end: number;
  place?: Placement;
  // Set by prettier when it attaches the comment.
  leading?: boolean;
  trailing?: boolean;
  printed?: boolean;
}

export interface Root extends CstNode {
  comments?: Comment[];
}

/** A CST node or token carrying the comments prettier attached to it. */
export type Commented = (CstNode | IToken) & { comments?: Comment[] };
export type KNode = CstNode | IToken | Comment;

export const isComment = (n: KNode): n is Comment => (n as Comment).type === "comment";
export const isToken = (n: KNode): n is IToken => (n as IToken).tokenType !== undefined;
export const isRule = (n: KNode): n is CstNode => (n as CstNode).children !== undefined;

export function locStart(n: KNode): number {
  if (isComment(n)) return n.start;
  if (isToken(n)) return n.startOffset;
  const s = (n as CstNode).location?.startOffset;
  return s === undefined || isNaN(s) ? 0 : s;
}

export function locEnd(n: KNode): number {
  if (isComment(n)) return n.end;
  if (isToken(n)) return (n.endOffset ?? n.startOffset) + 1;
  const e = (n as CstNode).location?.endOffset;
  return e === undefined || isNaN(e) ? 0 : e + 1;
}

/** Children of a rule node, tokens and rules together, in source order. */
export function childrenOf(n: CstNode): (CstNode | IToken)[] {
  const out: (CstNode | IToken)[] = [];
  for (const list of Object.values(n.children)) out.push(...list);
  return out.sort((a, b) => locStart(a) - locStart(b));
}

/** The one child of a rule that is a choice between alternatives (`declaration`, `statement`, `atom`). */
export function onlyChild(n: CstNode): { key: string; node: CstNode | IToken } | undefined {
  for (const [key, list] of Object.entries(n.children)) {
    const node = list[0];
    if (node !== undefined) return { key, node };
  }
  return undefined;
}

/** `e` when the expression is exactly one prefix-free operand of the given rule, such as a quantifier. */
export function soleOperand(expression: CstNode): CstNode | undefined {
  const bin = expression.children["binaryExpr"]?.[0];
  if (bin === undefined || !isRule(bin) || (bin.children["BinaryOp"]?.length ?? 0) > 0) return undefined;
  const pre = bin.children["prefixExpr"]?.[0];
  if (pre === undefined || !isRule(pre) || pre.children["Not"] || pre.children["Minus"]) return undefined;
  const inner = onlyChild(pre);
  return inner && isRule(inner.node) ? inner.node : undefined;
}
