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
 * End-of-line `//` comments start in one column, two past the longest code they follow, rounded up
 * to a multiple of 4 (so that small edits rarely move it). Lines with code longer than half the
 * print width do not take part: their comment follows two spaces after the code.
 */
export function alignComments(text: string, mark: string, printWidth: number, tabWidth: number): string {
  if (mark === "" || !text.includes(mark)) return text;
  const lines = text.split("\n");
  const rows = lines.map((l) => {
    const at = l.indexOf(mark);
    if (at < 0) return undefined;
    const code = l.slice(0, at).trimEnd();
    return { code, width: widthOf(code, tabWidth), comment: l.slice(at + mark.length).replaceAll(mark, "") };
  });
  const limit = Math.floor(printWidth / 2);
  let widest = -1;
  for (const r of rows) if (r !== undefined && r.code.trim() !== "" && r.width <= limit) widest = Math.max(widest, r.width);
  const column = Math.ceil((widest + 2) / 4) * 4;
  return lines
    .map((l, i) => {
      const r = rows[i];
      if (r === undefined) return l;
      if (r.code.trim() === "") return r.code + r.comment;
      const pad = r.width <= limit ? column - r.width : 2;
      return r.code + " ".repeat(pad) + r.comment;
    })
    .join("\n");
}

// ---------------------------------------------------------------- the printer
function printNode(path: AstPath<KNode>, options: ParserOptions<KNode>, print: PrintFn, args: PrintArgs | undefined): Doc {
  const node = path.node;
  if (isComment(node)) return printCommentText(node);
  if (isToken(node)) return node.image;
  const printed = printers[node.name as RuleName](new Rules(node, path, options, print, args));
  return printed;
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
      const aligned = alignComments(formatted, state.mark, options.printWidth, options.tabWidth);
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
