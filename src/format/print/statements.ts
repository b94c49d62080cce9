// Printers for the statement rules (parser.ts, "statements"). A label sits one level deeper than
// the `process {` it belongs to, and the statements of its step one level deeper than the label.
// A block with one statement stays on one line when it was written so and fits
// (`any p in Page { page := p }`); other blocks put each statement on its own line.
import type { Doc } from "prettier";
import { doc } from "prettier";
import { hasDangling, printDangling } from "../comments.ts";
import type { PrinterTable, Ref, Rules } from "../rules.ts";
import { isLabel, itemList, valueAfter } from "./layout.ts";

const { group, indent, line, hardline, hardlineWithoutBreakParent, ifBreak } = doc.builders;

/**
 * `head {`: when the head (an `if` condition, say) breaks over several lines, the brace goes on a
 * line of its own so that the condition does not run into the body.
 */
function headAndBlock(p: Rules, kw: Ref, head: Doc[], last: Ref, body: Ref): Doc[] {
  const id = Symbol(kw.key);
  return [p.print(kw), group(indent(head), { id }), p.sep(last, body, ifBreak(hardlineWithoutBreakParent, " ", { groupId: id })), p.print(body, { headGroup: id })];
}

/**
 * A one-statement block may stay on its line when it is the only block of its statement (`any`,
 * `while`, an `if` without `else`, an action or macro); `if`/`else` chains and `either`/`or` put every
 * branch on its own lines, so that branches line up.
 */
function mayStayInline(p: Rules): boolean {
  const parent = p.ancestor(1);
  if (parent === undefined) return false;
  if (parent.name === "ifStmt") return parent.children["Else"] === undefined && p.ancestor(2)?.name !== "ifStmt";
  return parent.name === "anyStmt" || parent.name === "whileStmt" || parent.name === "actionDecl" || parent.name === "macroDecl";
}

export const statementPrinters = {
  block: (p) => {
    const open = p.ref("LCurly");
    const close = p.ref("RCurly");
    const stmts = p.refs("statement");
    if (stmts.length === 0) {
      if (hasDangling(p.node)) return [p.print(open), indent([hardline, ...printDangling(p.node, p.options)]), hardline, p.print(close)];
      return p.seq(open, "", close);
    }
    const first = stmts[0]!;
    const last = stmts[stmts.length - 1]!;
    const body = itemList(p, stmts);
    const expanded = [p.print(open), indent([p.sep(open, first, hardline), body]), p.sep(last, close, hardline), p.print(close)];
    if (stmts.length === 1 && !isLabel(first) && !p.multiline() && mayStayInline(p)) {
      const inline = group([p.print(open), indent([p.sep(open, first, line), body]), p.sep(last, close, line), p.print(close)]);
      const head = p.args.headGroup;
      return head === undefined ? inline : ifBreak(expanded, inline, { groupId: head });
    }
    return expanded;
  },

  statement: (p) => p.print(p.only()),

  labelStmt: (p) => p.seq(p.ref("Identifier"), "", p.ref("Colon")),

  assignStmt: (p) => {
    const op = p.ref("ColonEq");
    const target: (Ref | Doc)[] = [p.ref("Identifier")];
    for (const a of p.refs("accessor")) target.push("", a);
    return [p.seq(...target, " ", op), valueAfter(p, op, p.ref("expression"))];
  },

  accessor: (p) => {
    const dot = p.opt("Dot");
    if (dot !== undefined) return p.seq(dot, "", p.ref("Identifier"));
    return p.seq(p.ref("LBracket"), "", p.ref("expression"), "", p.ref("RBracket"));
  },

  awaitStmt: (p) => {
    const kw = p.ref("Await");
    const e = p.ref("expression");
    return [p.print(kw), indent([p.sep(kw, e, " "), p.print(e)])];
  },

  assertStmt: (p) => {
    const kw = p.ref("Assert");
    const e = p.ref("expression");
    // `assert Name: cond`: the first colon follows the name; the last one (if any) leads to the message.
    const name = p.opt("Identifier");
    const head = name ? [p.sep(kw, name, " "), p.print(name), p.sep(name, p.ref("Colon", 0), ""), p.print(p.ref("Colon", 0))] : [];
    const before = name ? p.ref("Colon", 0) : kw;
    const colon = p.opt("StringLiteral") ? p.ref("Colon", name ? 1 : 0) : undefined;
    const message = colon ? [p.sep(e, colon, " "), ...p.seq(colon, " ", p.ref("StringLiteral"))] : [];
    return [p.print(kw), ...head, indent([p.sep(before, e, " "), p.print(e), ...message])];
  },

  ifStmt: (p) => {
    const kw = p.ref("If");
    const cond = p.ref("expression");
    const then = p.ref("block");
    const out = headAndBlock(p, kw, [p.sep(kw, cond, " "), p.print(cond)], cond, then);
    const els = p.opt("Else");
    if (els !== undefined) {
      const next = p.opt("ifStmt") ?? p.ref("block", 1);
      out.push(p.sep(then, els, " "), ...p.seq(els, " ", next));
    }
    return out;
  },

  eitherStmt: (p) => {
    const parts: (Ref | Doc)[] = [p.ref("Either"), " ", p.ref("block")];
    p.refs("Or").forEach((or, i) => parts.push(" ", or, " ", p.ref("block", i + 1)));
    return p.seq(...parts);
  },

  anyStmt: (p) => {
    const kw = p.ref("Any");
    const binder = p.ref("binder");
    const where = p.opt("Where");
    const head: Doc[] = [p.sep(kw, binder, " "), p.print(binder)];
    let last = binder;
    if (where !== undefined) {
      last = p.ref("expression");
      head.push(p.sep(binder, where, line), ...p.seq(where, " ", last));
    }
    return headAndBlock(p, kw, head, last, p.ref("block"));
  },

  gotoStmt: (p) => p.seq(p.ref("Goto"), " ", p.ref("Identifier")),

  whileStmt: (p) => {
    const kw = p.ref("While");
    const cond = p.ref("expression");
    return headAndBlock(p, kw, [p.sep(kw, cond, " "), p.print(cond)], cond, p.ref("block"));
  },

  skipStmt: (p) => p.print(p.ref("Skip")),
} satisfies Partial<PrinterTable>;
