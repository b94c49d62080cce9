// The kspec printer for prettier: one printer per CST rule (the typed table below, assembled from
// the grammar areas in print/), tokens printed as written, comments printed by `comments.ts`, and a
// last pass that lines end-of-line comments up in one column.
import type { AstPath, Doc, ParserOptions, Printer } from "prettier";
import { doc, util } from "prettier";
import {
  canAttachComment, getCommentChildNodes, handleComments, hasPrettierIgnore, isBlockComment, printComment, printCommentText, printWithComments, type PrintState,
} from "./comments.ts";
import { isComment, isToken, locEnd, locStart, type KNode, type RuleName } from "./cst.ts";
import { declarationPrinters } from "./print/declarations.ts";
import { expressionPrinters } from "./print/expressions.ts";
import { propertyPrinters } from "./print/properties.ts";
import { modulePrinters } from "./print/modules.ts";
import { statementPrinters } from "./print/statements.ts";
import { typePrinters } from "./print/types.ts";
import { Rules, type PrintArgs, type PrintFn, type PrinterTable } from "./rules.ts";

const { hardline, join, literalline } = doc.builders;

export const printers: PrinterTable = { ...declarationPrinters, ...propertyPrinters, ...modulePrinters, ...typePrinters, ...statementPrinters, ...expressionPrinters };

// ---------------------------------------------------------------- end-of-line comment alignment
/** Where end-of-line comments start, unless the `kspecCommentColumn` option says otherwise. */
export const DEFAULT_COMMENT_COLUMN = 44;

/** Private-use characters, one of which marks where an end-of-line comment starts in the output. */
const MARKS = ["\uE000", "\uE001", "\uE002", "\uE003", "\uE004", "\uE005", "\uE006", "\uE007"];
let lastState: { text: string; state: PrintState } | undefined;

function stateFor(text: string): PrintState {
  if (lastState?.text !== text) {
    // A mark the source does not contain (strings and comments may hold any character); with none
    // free, comments are simply not aligned.
    lastState = { text, state: { mark: MARKS.find((m) => !text.includes(m)) ?? "" } };
  }
  return lastState.state;
}

/** Width of a line prefix on screen: tabs of indentation count `tabWidth` columns. */
function widthOf(s: string, tabWidth: number): number {
  const tabs = /^\t*/.exec(s)![0].length;
  return tabs * tabWidth + util.getStringWidth(s.slice(tabs));
}

/**
 * End-of-line `//` comments start in one column of the whole file (the `kspecCommentColumn` option,
 * 44 by default, at most half the print width), as the specs of this repository are written; a line
 * whose code reaches past that column gets its comment two spaces after the code. Column 0: one
 * space after the code, no alignment.
 */
export function alignComments(text: string, mark: string, printWidth: number, tabWidth: number, commentColumn: number): string {
  if (mark === "" || !text.includes(mark)) return text;
  const column = Math.min(commentColumn, Math.floor(printWidth / 8) * 4);
  return text
    .split("\n")
    .map((l) => {
      const at = l.indexOf(mark);
      if (at < 0) return l;
      const code = l.slice(0, at).trimEnd();
      const comment = l.slice(at + mark.length).replaceAll(mark, "");
      if (code.trim() === "") return code + comment;
      const width = widthOf(code, tabWidth);
      const pad = column <= 0 ? 1 : width + 2 <= column ? column - width : 2;
      return code + " ".repeat(pad) + comment;
    })
    .join("\n");
}

function commentColumnOf(options: ParserOptions<KNode>): number {
  const v = (options as ParserOptions<KNode> & { kspecCommentColumn?: unknown }).kspecCommentColumn;
  return typeof v === "number" && Number.isFinite(v) ? v : DEFAULT_COMMENT_COLUMN;
}

// ---------------------------------------------------------------- the printer
function printNode(path: AstPath<KNode>, options: ParserOptions<KNode>, print: PrintFn, args: PrintArgs | undefined): Doc {
  const node = path.node;
  if (isComment(node)) return printCommentText(node);
  if (isToken(node)) return node.image;
  return printers[node.name as RuleName](new Rules(node, path, options, print, args));
}

export const printer: Printer<KNode> = {
  print(path, options, print, args) {
    const state = stateFor(options.originalText);
    const node = path.node;
    let printed = printWithComments(node, printNode(path, options, print as PrintFn, args as PrintArgs | undefined), options, state);
    if (path.parent === null) {
      // The whole file: print it once here to align the end-of-line comments, then hand prettier
      // the finished lines.
      const inner = { ...options, endOfLine: "lf" } as doc.printer.Options;
      const { formatted } = doc.printer.printDocToString(printed, inner);
      const aligned = alignComments(formatted, state.mark, options.printWidth, options.tabWidth, commentColumnOf(options));
      printed = aligned === "" ? "" : join(hardline, aligned.split("\n"));
    }
    return printed;
  },
  printPrettierIgnored(path, options) {
    const node = path.node;
    const text = options.originalText.slice(locStart(node), locEnd(node));
    return printWithComments(node, join(literalline, text.split("\n")), options, stateFor(options.originalText));
  },
  willPrintOwnComments: () => true,
  canAttachComment,
  getCommentChildNodes,
  handleComments,
  printComment,
  isBlockComment,
  hasPrettierIgnore,
  getVisitorKeys: () => [],
};
