// Comments, through prettier's hooks. Prettier finds, for each comment, the enclosing node and the
// largest nodes (or tokens) just before and after it (`getCommentChildNodes` lists a rule's
// children, tokens included); `handleComments` then decides, from how the comment sits in the
// source, which of them carries it:
//
//   own line      -> leading comment of the following node, printed on its own line before it
//                    (at the end of a body: after the last item, at its indentation)
//   end of line   -> trailing comment of the preceding node, printed at the end of its line
//   inline /* */  -> next to the token it touches, on the same line
//
// Operators of a broken chain start their lines, so a comment next to an operator moves to the
// operand before it (end of line) or in front of it (own line).
//
// The printer prints comments itself (`willPrintOwnComments`) so that the separator between two
// nodes can turn into a line break when a comment needs one (see `Rules.sep`): a comment never
// ends up in front of code it did not precede, and formatting the output again changes nothing.
import type { CstNode, IToken } from "chevrotain";
import type { AstPath, Doc, ParserOptions } from "prettier";
import { doc, util } from "prettier";
import { BinaryOp, BlockComment } from "../syntax/tokens.ts";
import { childrenOf, isComment, isRule, isToken, locEnd, locStart, type Comment, type Commented, type KNode, type Placement } from "./cst.ts";

const { hardline, join, literalline, lineSuffix } = doc.builders;

export function toComment(t: { image: string; startOffset: number; tokenType: { name: string } }): Comment {
  return { type: "comment", value: t.image, block: t.tokenType.name === BlockComment.name, start: t.startOffset, end: t.startOffset + t.image.length };
}

export const canAttachComment = (n: KNode): boolean => !isComment(n);

export const getCommentChildNodes = (n: KNode): KNode[] => (isRule(n) ? childrenOf(n) : []);

export const isBlockComment = (n: KNode): boolean => isComment(n) && n.block;

/** `// prettier-ignore` or `/* prettier-ignore *\/` right before a node. */
export function isIgnoreComment(c: Comment): boolean {
  return /^(?:\/\/|\/\*)\s*prettier-ignore\s*(?:\*\/)?$/.test(c.value);
}

export function hasPrettierIgnore(path: AstPath<KNode>): boolean {
  const n = path.node as Commented;
  return n.comments?.some((c) => c.leading === true && isIgnoreComment(c)) ?? false;
}

// ---------------------------------------------------------------- attaching
interface Decorated extends Comment {
  enclosingNode?: KNode;
  precedingNode?: KNode;
  followingNode?: KNode;
}

/** Is there a line break between offset `from` and the previous code, skipping blanks and comments? */
function newlineBefore(text: string, from: number): boolean {
  let i = from - 1;
  for (;;) {
    while (i >= 0 && (text[i] === " " || text[i] === "\t" || text[i] === "\r")) i--;
    if (i < 0 || text[i] === "\n") return true;
    if (text[i] === "/" && text[i - 1] === "*") {
      const open = text.lastIndexOf("/*", i - 2);
      if (open < 0) return false;
      i = open - 1;
      continue;
    }
    return false;
  }
}

/** Is there a line break between offset `from` and the next code, skipping blanks and comments? */
function newlineAfter(text: string, from: number): boolean {
  let i = from;
  for (;;) {
    while (i < text.length && (text[i] === " " || text[i] === "\t" || text[i] === "\r")) i++;
    if (i >= text.length || text[i] === "\n") return true;
    if (text.startsWith("//", i)) return true;
    if (text.startsWith("/*", i)) {
      const close = text.indexOf("*/", i + 2);
      if (close < 0) return true;
      i = close + 2;
      continue;
    }
    return false;
  }
}

function placementOf(c: Comment, text: string): Placement {
  const before = newlineBefore(text, c.start);
  if (!c.block) return before ? "own" : "eol";
  const after = newlineAfter(text, c.end);
  if (before && after) return "own";
  if (after) return "eol";
  return "inline";
}

const tokenName = (n: KNode | undefined): string | undefined => (n !== undefined && isToken(n) ? n.tokenType.name : undefined);
const ruleName = (n: KNode | undefined): string | undefined => (n !== undefined && isRule(n) ? n.name : undefined);
const CLOSING = new Set(["RCurly", "RParen", "RBracket"]);
const OPENING = new Set(["LCurly", "LParen", "LBracket"]);
/** Rules whose braces hold a list of statements, printed one per line. */
const BODIES = new Set(["block", "processDecl"]);

/** An operator of a flat chain (`and`, `+`, ...), which the printer puts at the start of a line. */
function isOperator(n: KNode | undefined): boolean {
  return n !== undefined && isToken(n) && (n.tokenType.CATEGORIES ?? []).some((c) => c.name === BinaryOp.name);
}

function siblingBefore(parent: CstNode, n: KNode): KNode | undefined {
  const kids = childrenOf(parent);
  const i = kids.indexOf(n as CstNode | IToken);
  return i > 0 ? kids[i - 1] : undefined;
}

/** Tokens (and the accessor rule) that the printer always puts right after what precedes them. */
const HUGGING = new Set(["Comma", "Colon", "Question", "LParen"]);
function hugsPrevious(n: KNode): boolean {
  return HUGGING.has(tokenName(n) ?? "") || ruleName(n) === "accessor";
}

function column(text: string, offset: number): number {
  return offset - (text.lastIndexOf("\n", offset - 1) + 1);
}

function isLabelStatement(n: KNode | undefined): boolean {
  return n !== undefined && isRule(n) && n.name === "statement" && n.children["labelStmt"] !== undefined;
}

/** Attaches every comment (prettier's `handleComments` hooks all route here). */
export function attach(comment: Decorated, text: string, _options: unknown, ast: KNode): boolean {
  const { enclosingNode: enclosing, precedingNode: prev, followingNode: next } = comment;
  const place = placementOf(comment, text);
  comment.place = place;
  if (place === "own") {
    if (next !== undefined && CLOSING.has(tokenName(next) ?? "")) {
      if (prev !== undefined && !OPENING.has(tokenName(prev) ?? "")) {
        comment.place = "after";
        util.addTrailingComment(prev, comment);
      } else if (BODIES.has(ruleName(enclosing) ?? "")) {
        util.addDanglingComment(enclosing!, comment, undefined);
      } else {
        util.addLeadingComment(next, comment);
      }
    } else if (next !== undefined && prev !== undefined && !OPENING.has(tokenName(prev) ?? "") && isLabelStatement(next) && column(text, comment.start) > column(text, locStart(next))) {
      // (Not after an opening brace: there is no step before the first label to end.)
      // Indented below the step it ends rather than at the label that follows.
      comment.place = "after";
      util.addTrailingComment(prev, comment);
    } else if (next !== undefined && isOperator(prev) && enclosing !== undefined && isRule(enclosing) && siblingBefore(enclosing, prev!) !== undefined) {
      // `a and` / `// why` / `b`: the comment goes before the operator, which starts the line.
      util.addLeadingComment(prev!, comment);
    } else if (next !== undefined) {
      util.addLeadingComment(next, comment);
    } else if (prev !== undefined) {
      comment.place = "after";
      util.addTrailingComment(prev, comment);
    } else {
      util.addDanglingComment(enclosing ?? ast, comment, undefined);
    }
  } else if (place === "eol") {
    const before = prev !== undefined && enclosing !== undefined && isRule(enclosing) && isOperator(prev) ? siblingBefore(enclosing, prev) : undefined;
    if (before !== undefined && !breaksAfter(before)) {
      // `a + // why` keeps the operator at the start of the next line: the comment goes after `a`
      // (unless `a` has an end-of-line comment already).
      util.addTrailingComment(before, comment);
    } else if (prev !== undefined) {
      util.addTrailingComment(prev, comment);
    } else if (next !== undefined) {
      comment.place = "own";
      util.addLeadingComment(next, comment);
    } else {
      util.addDanglingComment(enclosing ?? ast, comment, undefined);
    }
  } else {
    // Inline: before the next token, unless that token always hugs the previous one (`a /* c */,`),
    // where no line break can come between them: then after the previous one.
    if (next !== undefined && !(prev !== undefined && hugsPrevious(next))) util.addLeadingComment(next, comment);
    else if (prev !== undefined) util.addTrailingComment(prev, comment);
    else util.addDanglingComment(enclosing ?? ast, comment, undefined);
  }
  return true;
}

export const handleComments = { ownLine: attach, endOfLine: attach, remaining: attach };

// ---------------------------------------------------------------- printing
/** Marks where an end-of-line comment starts, for the alignment pass (see `align.ts`). */
export interface PrintState {
  mark: string;
}

export function printCommentText(c: Comment): Doc {
  if (!c.block || !c.value.includes("\n")) return c.value;
  // A block comment keeps its lines exactly as written.
  return join(literalline, c.value.split("\n"));
}

/** prettier's `printComment` hook: the comment's text. */
export function printComment(path: AstPath<KNode>): Doc {
  const c = path.node;
  return isComment(c) ? printCommentText(c) : "";
}

const commentsOf = (n: KNode): Comment[] => (n as Commented).comments ?? [];

/** Does a line break have to follow this node (it carries an end-of-line or after-body comment)? */
export function breaksAfter(n: KNode): boolean {
  return commentsOf(n).some((c) => c.trailing === true && (c.place === "eol" || c.place === "after"));
}

/** Does a line break have to precede this node (a comment sits on its own line before it)? */
export function breaksBefore(n: KNode): boolean {
  return commentsOf(n).some((c) => c.leading === true && c.place === "own");
}

/** Does an inline comment come right before this node (it needs a space or line before it)? */
export function inlineBefore(n: KNode): boolean {
  return commentsOf(n).some((c) => c.leading === true && c.place === "inline");
}

/** The end of a node including the comments that trail it, for blank-line detection. */
export function endWithComments(n: KNode): number {
  let end = locEnd(n);
  for (const c of commentsOf(n)) if (c.trailing === true) end = Math.max(end, c.end);
  return end;
}

/** Wraps a node's doc with its leading and trailing comments. */
export function printWithComments(n: KNode, printed: Doc, options: ParserOptions<KNode>, state: PrintState): Doc {
  const comments = commentsOf(n);
  if (comments.length === 0) return printed;
  const text = options.originalText;
  const before: Doc[] = [];
  const after: Doc[] = [];
  // After a `//` comment the line is over: a second end-of-line comment of the same node (one moved
  // here from an operator) goes on its own line, or it would become part of the first.
  let lineEnded = false;
  // With a comment on a line of its own before the node, the inline ones go on their own lines too
  // (an inline comment followed by a `//` one would not read back as inline).
  const ownLines = comments.some((c) => c.leading === true && c.place === "own");
  for (const c of comments) {
    if (c.leading === true) {
      c.printed = true;
      const t = printCommentText(c);
      if (c.place === "own" || ownLines) {
        before.push(t, hardline);
        if (util.isNextLineEmpty(text, c.end)) before.push(hardline);
      } else {
        before.push(t, " ");
      }
    } else if (c.trailing === true) {
      c.printed = true;
      const t = printCommentText(c);
      if (c.place === "eol" && !lineEnded) {
        // No breakParent: the separator after this node is a line break already (Rules.sep), and
        // the groups around the node itself need not break.
        after.push(lineSuffix([" ", c.block ? "" : state.mark, t]));
        lineEnded = !c.block;
      } else if (c.place === "eol" || c.place === "after") {
        after.push(hardline);
        if (util.isPreviousLineEmpty(text, c.start)) after.push(hardline);
        after.push(t);
      } else {
        after.push(" ", t);
      }
    }
  }
  return [...before, printed, ...after];
}

/** Comments left inside an empty body, one per line (blank lines between them kept). */
export function printDangling(n: KNode, options: ParserOptions<KNode>): Doc[] {
  const out: Doc[] = [];
  const dangling = commentsOf(n).filter((c) => c.leading !== true && c.trailing !== true);
  dangling.forEach((c, i) => {
    c.printed = true;
    if (i > 0) {
      out.push(hardline);
      if (util.isPreviousLineEmpty(options.originalText, c.start)) out.push(hardline);
    }
    out.push(printCommentText(c));
  });
  return out;
}

export const hasDangling = (n: KNode): boolean => commentsOf(n).some((c) => c.leading !== true && c.trailing !== true);

