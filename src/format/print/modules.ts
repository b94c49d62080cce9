// Printers for modules and macros (parser.ts, `importDecl`, `macroDecl`, `callStmt`):
// `import rwsem`, `import "locks.kspec"`, `macro lock(m) { ... }`, and a macro call as a statement.
import type { PrinterTable } from "../rules.ts";
import { parenList } from "./layout.ts";

export const modulePrinters = {
  importDecl: (p) => p.seq(p.ref("Import"), " ", p.opt("Identifier") ?? p.ref("StringLiteral")),

  macroDecl: (p) => {
    const ids = p.refs("Identifier");
    const name = ids[0]!;
    const open = p.ref("LParen");
    const close = p.ref("RParen");
    const body = p.ref("block");
    return [p.seq(p.ref("Macro"), " ", name), p.sep(name, open, ""), parenList(p, open, ids.slice(1), p.refs("Comma"), close), p.sep(close, body, " "), p.print(body)];
  },

  callStmt: (p) => {
    const name = p.ref("Identifier");
    const open = p.ref("LParen");
    return [p.print(name), p.sep(name, open, ""), parenList(p, open, p.refs("expression"), p.refs("Comma"), p.ref("RParen"))];
  },
} satisfies Partial<PrinterTable>;
