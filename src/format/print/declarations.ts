// Printers for the declaration rules (parser.ts, "declarations"): one declaration per line, blank
// lines between them kept (at most one), `=` bodies that move to the next line when too long, and
// invariants whose quantified body starts on its own line.
import type { Doc } from "prettier";
import { doc } from "prettier";
import { hasDangling, printDangling } from "../comments.ts";
import { isRule, soleOperand } from "../cst.ts";
import type { PrinterTable, Ref, Rules } from "../rules.ts";
import { itemList, parenList, valueAfter } from "./layout.ts";

const { group, indent, line, hardline } = doc.builders;

/** The predicate after `invariant Name:`: a quantifier, `let` or `if` starts below, indented. */
function predicate(p: Rules, before: Ref, expr: Ref): Doc {
  const e = expr.node;
  const form = isRule(e) ? soleOperand(e) : undefined;
  const below = form !== undefined && (form.name === "quantExpr" || form.name === "letExpr" || form.name === "ifExpr");
  if (below) return indent([hardline, p.print(expr)]);
  return valueAfter(p, before, expr);
}

export const declarationPrinters = {
  specFile: (p) => {
    const items = p.ordered("specHeader", "declaration");
    if (items.length === 0) {
      return hasDangling(p.node) ? [...printDangling(p.node, p.options), hardline] : "";
    }
    return [itemList(p, items, () => false), hardline];
  },

  specHeader: (p) => p.seq(p.opt("Spec") ?? p.ref("Module"), " ", p.ref("Identifier")),

  declaration: (p) => p.print(p.only()),

  constDecl: (p) => {
    const eq = p.ref("Eq");
    const typed = p.opt("Colon");
    const head = typed ? p.seq(p.ref("Const"), " ", p.ref("Identifier"), "", typed, " ", p.ref("typeExpr"), " ", eq) : p.seq(p.ref("Const"), " ", p.ref("Identifier"), " ", eq);
    return [head, valueAfter(p, eq, p.ref("expression"))];
  },

  enumDecl: (p) => {
    const ids = p.refs("Identifier");
    const open = p.ref("LCurly");
    const close = p.ref("RCurly");
    const members = ids.slice(1);
    const first = members[0]!;
    const last = members[members.length - 1]!;
    return group([
      p.seq(p.ref("Enum"), " ", ids[0]!, " ", open),
      indent([p.sep(open, first, line), ...p.list(members, p.refs("Comma"), line)]),
      p.sep(last, close, line),
      p.print(close),
    ]);
  },

  typeDecl: (p) => p.seq(p.ref("Type"), " ", p.ref("Identifier"), " ", p.ref("Eq"), " ", p.ref("typeExpr")),

  varDecl: (p) => {
    const op = p.opt("Eq") ?? p.ref("In");
    return [p.seq(p.ref("Var"), " ", p.ref("Identifier"), "", p.ref("Colon"), " ", p.ref("typeExpr"), " ", op), valueAfter(p, op, p.ref("expression"))];
  },

  defDecl: (p) => {
    const name = p.ref("Identifier");
    const open = p.ref("LParen");
    const close = p.ref("RParen");
    const eq = p.ref("Eq");
    return [
      p.seq(p.ref("Def"), " ", name),
      p.sep(name, open, ""),
      parenList(p, open, p.refs("param"), p.refs("Comma"), close),
      p.sep(close, p.ref("Colon"), ""),
      p.seq(p.ref("Colon"), " ", p.ref("typeExpr"), " ", eq),
      valueAfter(p, eq, p.ref("expression")),
    ];
  },

  param: (p) => p.seq(p.ref("Identifier"), "", p.ref("Colon"), " ", p.ref("typeExpr")),

  actionDecl: (p) => {
    const name = p.ref("Identifier");
    const body = p.ref("block");
    const open = p.opt("LParen");
    if (open === undefined) return p.seq(p.ref("Action"), " ", name, " ", body);
    const close = p.ref("RParen");
    return [
      p.seq(p.ref("Action"), " ", name),
      p.sep(name, open, ""),
      parenList(p, open, p.refs("binder"), p.refs("Comma"), close),
      p.sep(close, body, " "),
      p.print(body),
    ];
  },

  binder: (p) => p.seq(p.ref("Identifier"), " ", p.ref("In"), " ", p.ref("binaryExpr")),

  processDecl: (p) => {
    const name = p.ref("Identifier");
    const lb = p.opt("LBracket");
    const open = p.ref("LCurly");
    const close = p.ref("RCurly");
    const head: Doc[] = lb
      ? p.seq(p.ref("Process"), " ", name, "", lb, "", p.ref("binder"), "", p.ref("RBracket"), " ", open)
      : p.seq(p.ref("Process"), " ", name, " ", open);
    const items = p.ordered("varDecl", "idleDecl", "statement");
    if (items.length === 0) {
      if (hasDangling(p.node)) return [head, indent([hardline, ...printDangling(p.node, p.options)]), hardline, p.print(close)];
      return [head, p.sep(open, close, ""), p.print(close)];
    }
    const first = items[0]!;
    const last = items[items.length - 1]!;
    return [head, indent([p.sep(open, first, hardline), itemList(p, items)]), p.sep(last, close, hardline), p.print(close)];
  },

  /** `idle at a, b` (labels wrap like a fairness list) or `idle when cond`. */
  idleDecl: (p) => {
    const ids = p.refs("Identifier");
    const at = p.opt("At");
    if (at) return group([p.seq(ids[0]!, " ", at), indent([p.sep(at, ids[1]!, " "), ...p.list(ids.slice(1), p.refs("Comma"), line)])]);
    const when = ids[1]!;
    return [p.seq(ids[0]!, " ", when), valueAfter(p, when, p.ref("expression"))];
  },

  invariantDecl: (p) => {
    const colon = p.ref("Colon");
    return [p.seq(p.ref("Invariant"), " ", p.ref("Identifier"), "", colon), predicate(p, colon, p.ref("expression"))];
  },

  coverDecl: (p) => {
    const colon = p.ref("Colon");
    return [p.seq(p.ref("Cover"), " ", p.ref("Identifier"), "", colon), predicate(p, colon, p.ref("expression"))];
  },

  terminalDecl: (p) => {
    const kw = p.ref("Terminal");
    return [p.print(kw), valueAfter(p, kw, p.ref("expression"))];
  },
} satisfies Partial<PrinterTable>;
