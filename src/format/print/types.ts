// Printers for the type rules (parser.ts, "types"): `[K] V`, `Set[T]`, `{ f: T, g: U }`, `lo .. hi`,
// `T?`. Only record types break over several lines.
import { doc } from "prettier";
import type { PrinterTable, Ref } from "../rules.ts";
import { chain } from "./layout.ts";

const { group, indent, line } = doc.builders;

export const typePrinters = {
  typeExpr: (p) => {
    const inner = p.opt("mapType") ?? p.opt("recordType") ?? p.opt("setType") ?? p.ref("rangeOrNamedType");
    const parts: Ref[] = [inner, ...p.refs("Question")];
    return p.seq(...parts.flatMap((r, i) => (i === 0 ? [r] : ["", r])));
  },

  mapType: (p) => p.seq(p.ref("LBracket"), "", p.ref("typeExpr"), "", p.ref("RBracket"), " ", p.ref("typeExpr", 1)),

  recordType: (p) => {
    const open = p.ref("LCurly");
    const close = p.ref("RCurly");
    const fields = p.refs("param");
    const first = fields[0]!;
    const last = fields[fields.length - 1]!;
    return group([p.print(open), indent([p.sep(open, first, line), ...p.list(fields, p.refs("Comma"), line)]), p.sep(last, close, line), p.print(close)]);
  },

  setType: (p) => p.seq(p.ref("SetKw"), "", p.ref("LBracket"), "", p.ref("typeExpr"), "", p.ref("RBracket")),

  rangeOrNamedType: (p) => {
    const dots = p.opt("DotDot");
    if (dots === undefined) return p.print(p.ref("arithExpr"));
    return p.seq(p.ref("arithExpr"), " ", dots, " ", p.ref("arithExpr", 1));
  },

  arithExpr: (p) => chain(p, p.refs("arithOperand"), p.ordered("Plus", "Minus", "Star", "Slash", "Percent")),

  arithOperand: (p) => {
    const parts: Ref[] = [...p.refs("Minus"), p.ref("arithAtom")];
    return p.seq(...parts.flatMap((r, i) => (i === 0 ? [r] : ["", r])));
  },

  arithAtom: (p) => p.print(p.only()),
} satisfies Partial<PrinterTable>;
