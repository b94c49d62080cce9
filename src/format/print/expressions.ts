// Printers for the expression rules (parser.ts, "expressions"). Operator chains break before their
// operators (see `chain`); a quantifier's body goes below it, indented, when it does not fit; an
// `if` expression breaks before `else`; `with` updates break one per line; brackets break inside.
import type { Doc } from "prettier";
import { doc } from "prettier";
import { isRule, soleOperand } from "../cst.ts";
import type { PrinterTable, Ref, Rules } from "../rules.ts";
import { chain, parenList } from "./layout.ts";

const { group, indent, line, softline, ifBreak, hardlineWithoutBreakParent } = doc.builders;

/** `open inner close` in a group that breaks inside the brackets. */
function bracketed(p: Rules, open: Ref, inner: Doc[], first: Ref, last: Ref, close: Ref, space: Doc): Doc {
  return group([p.print(open), indent([p.sep(open, first, space), ...inner]), p.sep(last, close, space), p.print(close)]);
}

/** `not x`, `-x`: prefix operators before an operand. */
function prefixed(p: Rules, body: Ref): Doc[] {
  const parts: (Ref | Doc)[] = [];
  for (const op of p.ordered("Not", "Minus")) parts.push(op, op.key === "Not" ? " " : "");
  return p.seq(...parts, body);
}

export const expressionPrinters = {
  expression: (p) => p.print(p.ref("binaryExpr")),

  binaryExpr: (p) => chain(p, p.refs("prefixExpr"), p.refs("BinaryOp")),

  prefixExpr: (p) => prefixed(p, p.opt("quantExpr") ?? p.opt("letExpr") ?? p.opt("ifExpr") ?? p.ref("postfixExpr")),

  quantExpr: (p) => {
    const colon = p.ref("Colon");
    const body = p.ref("expression");
    return group([...p.seq(p.opt("Forall") ?? p.ref("Exists"), " ", p.ref("binder"), "", colon), indent([p.sep(colon, body, line), p.print(body)])]);
  },

  letExpr: (p) => {
    const kwIn = p.ref("In");
    const body = p.ref("expression");
    return group([...p.seq(p.ref("Let"), " ", p.ref("Identifier"), " ", p.ref("Eq"), " ", p.ref("letBound"), " ", kwIn), p.sep(kwIn, body, line), p.print(body)]);
  },

  letBound: (p) => chain(p, p.refs("prefixExpr"), p.refs("BinaryOp")),

  ifExpr: (p) => {
    const [cond, then, other] = [p.ref("expression"), p.ref("expression", 1), p.ref("expression", 2)];
    const kwThen = p.ref("Then");
    const kwElse = p.ref("Else");
    const elseIf = isRule(other.node) && soleOperand(other.node)?.name === "ifExpr";
    const kwIf = p.ref("If");
    // A condition that breaks puts `then` on a line of its own.
    const id = Symbol("if");
    return group([
      group([
        p.print(kwIf),
        group(indent([p.sep(kwIf, cond, " "), p.print(cond)]), { id }),
        p.sep(cond, kwThen, ifBreak(hardlineWithoutBreakParent, " ", { groupId: id })),
        p.print(kwThen),
        indent([p.sep(kwThen, then, line), p.print(then)]),
      ]),
      p.sep(then, kwElse, line),
      p.print(kwElse),
      elseIf ? [p.sep(kwElse, other, " "), p.print(other)] : group(indent([p.sep(kwElse, other, line), p.print(other)])),
    ]);
  },

  postfixExpr: (p) => {
    const atom = p.ref("atom");
    const head: Doc[] = [p.print(atom)];
    const updates: Doc[] = [];
    let prev = atom;
    for (const it of p.ordered("accessor", "withUpdate")) {
      const to = it.key === "accessor" && updates.length === 0 ? head : updates;
      to.push(p.sep(prev, it, it.key === "accessor" ? "" : line), p.print(it));
      prev = it;
    }
    return updates.length === 0 ? head : group([...head, indent(updates)]);
  },

  withUpdate: (p) => {
    const parts: (Ref | Doc)[] = [p.ref("With")];
    p.refs("accessor").forEach((a, i) => parts.push(i === 0 ? " " : "", a));
    return p.seq(...parts, " ", p.ref("Eq"), " ", p.ref("withValue"));
  },

  withValue: (p) => {
    const parts: (Ref | Doc)[] = [];
    for (const op of p.ordered("Not", "Minus")) parts.push(op, op.key === "Not" ? " " : "");
    parts.push(p.ref("atom"));
    for (const a of p.refs("accessor")) parts.push("", a);
    return p.seq(...parts);
  },

  atom: (p) => p.print(p.only()),

  someExpr: (p) => {
    const kw = p.ref("Some");
    const open = p.ref("LParen");
    const e = p.ref("expression");
    return [p.print(kw), p.sep(kw, open, ""), bracketed(p, open, [p.print(e)], e, e, p.ref("RParen"), softline)];
  },

  nameOrCall: (p) => {
    const name = p.ref("Identifier");
    const open = p.opt("LParen");
    if (open === undefined) return p.print(name);
    return [p.print(name), p.sep(name, open, ""), parenList(p, open, p.refs("expression"), p.refs("Comma"), p.ref("RParen"))];
  },

  parenExpr: (p) => {
    const e = p.ref("expression");
    return bracketed(p, p.ref("LParen"), [p.print(e)], e, e, p.ref("RParen"), softline);
  },

  recordLiteral: (p) => {
    const fields = p.refs("fieldValue");
    return bracketed(p, p.ref("LCurly"), p.list(fields, p.refs("Comma"), line), fields[0]!, fields[fields.length - 1]!, p.ref("RCurly"), line);
  },

  fieldValue: (p) => p.seq(p.ref("Identifier"), "", p.ref("Colon"), " ", p.ref("expression")),

  braceExpr: (p) => {
    const open = p.ref("LCurly");
    const close = p.ref("RCurly");
    const exprs = p.refs("expression");
    const first = exprs[0];
    if (first === undefined) return p.seq(open, "", close);
    const where = p.opt("Where");
    const kwFor = p.opt("For");
    if (where !== undefined) {
      const cond = p.ref("expression", 1);
      return bracketed(p, open, [p.print(first), p.sep(first, where, line), ...p.seq(where, " ", cond)], first, cond, close, softline);
    }
    if (kwFor !== undefined) {
      const binder = p.ref("binder");
      return bracketed(p, open, [p.print(first), p.sep(first, kwFor, line), ...p.seq(kwFor, " ", binder)], first, binder, close, softline);
    }
    return bracketed(p, open, p.list(exprs, p.refs("Comma"), line), first, exprs[exprs.length - 1]!, close, softline);
  },

  mapLiteral: (p) => {
    const binder = p.ref("binder");
    const colon = p.ref("Colon");
    const e = p.ref("expression");
    const open = p.ref("LBracket");
    const close = p.ref("RBracket");
    // Like a quantifier: the value goes below the binder, indented.
    return group([...p.seq(open, "", binder, "", colon), indent([p.sep(colon, e, line), p.print(e)]), p.sep(e, close, softline), p.print(close)]);
  },
} satisfies Partial<PrinterTable>;
