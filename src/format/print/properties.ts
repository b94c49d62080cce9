// Printers for temporal properties and fairness (parser.ts, `propertyDecl`, `fairnessDecl`):
// `property Name: always P`, `eventually P`, `always eventually P`, `P leadsto Q` on one line when
// it fits, the predicate moving below when it does not; `fairness weak A, B`.
import { doc } from "prettier";
import type { PrinterTable } from "../rules.ts";
import { valueAfter } from "./layout.ts";

const { group, indent, line } = doc.builders;

export const propertyPrinters = {
  propertyDecl: (p) => {
    const colon = p.ref("Colon");
    return [p.seq(p.ref("Property"), " ", p.ref("Identifier"), "", colon), valueAfter(p, colon, p.ref("temporalExpr"))];
  },

  temporalExpr: (p) => {
    const leadsto = p.opt("Leadsto");
    if (leadsto) {
      return group([p.print(p.ref("expression", 0)), indent([line, p.seq(leadsto, " ", p.ref("expression", 1))])]);
    }
    const always = p.opt("Always");
    const eventually = p.opt("Eventually") ?? p.opt("Reachable");
    const words = [always, eventually].filter((r) => r !== undefined);
    return group(p.seq(...words.flatMap((w) => [w, " "]), p.ref("expression")));
  },

  fairnessDecl: (p) => {
    const ids = p.refs("Identifier");
    const strength = p.opt("Weak") ?? p.ref("Strong");
    return group([p.seq(p.ref("Fairness"), " ", strength), indent([p.sep(strength, ids[0]!, " "), ...p.list(ids, p.refs("Comma"), line)])]);
  },
} satisfies Partial<PrinterTable>;
