// Control flow inside one atomic step. A step starts at a label and runs until control reaches
// another label, a `goto`, the end of a `while` body (back to the loop's label) or the end of the
// process. Both the static checks and the code generator walk steps with this continuation model.
import type * as A from "../syntax/ast.ts";

export type Frame =
  | { readonly kind: "seq"; readonly stmts: readonly A.LabelledStmt[]; readonly i: number }
  | { readonly kind: "loop"; readonly label: string };

/** What remains to run: innermost frame first. */
export type Cont = readonly Frame[];

/** Where a step ends: at a label (`goto` or fall-through) or at the end of the process. */
export type StepEnd = { readonly kind: "label"; readonly label: string } | { readonly kind: "done" };

export type Next =
  | { readonly kind: "end"; readonly end: StepEnd }
  | { readonly kind: "stmt"; readonly stmt: A.Stmt; readonly label: A.Ident | undefined; readonly rest: Cont };

/** The next statement to run from `cont`, or where the step ends. */
export function nextOf(cont: Cont, atStepStart: boolean): Next {
  let c = cont;
  for (;;) {
    const f = c[0];
    if (f === undefined) return { kind: "end", end: { kind: "done" } };
    if (f.kind === "loop") return { kind: "end", end: { kind: "label", label: f.label } };
    const ls = f.stmts[f.i];
    if (ls === undefined) {
      c = c.slice(1);
      continue;
    }
    if (ls.label && !atStepStart) return { kind: "end", end: { kind: "label", label: ls.label.name } };
    return { kind: "stmt", stmt: ls.stmt, label: ls.label, rest: [{ kind: "seq", stmts: f.stmts, i: f.i + 1 }, ...c.slice(1)] };
  }
}

export const enter = (b: A.Block, rest: Cont): Cont => [{ kind: "seq", stmts: b.stmts, i: 0 }, ...rest];

/** Every label of a process with the continuation that starts its step, in source order. */
export function stepEntries(body: A.Block): { label: A.Ident; cont: Cont }[] {
  const out: { label: A.Ident; cont: Cont }[] = [];
  const visit = (stmts: readonly A.LabelledStmt[], tail: Cont): void => {
    stmts.forEach(({ label, stmt }, i) => {
      const cont: Cont = [{ kind: "seq", stmts, i }, ...tail];
      if (label) out.push({ label, cont });
      const rest: Cont = [{ kind: "seq", stmts, i: i + 1 }, ...tail];
      switch (stmt.kind) {
        case "if":
          visit(stmt.then.stmts, rest);
          if (stmt.else) visit(stmt.else.stmts, rest);
          break;
        case "either":
          for (const b of stmt.branches) visit(b.stmts, rest);
          break;
        case "any":
          visit(stmt.body.stmts, rest);
          break;
        case "while":
          visit(stmt.body.stmts, label ? [{ kind: "loop", label: label.name }, ...rest] : rest);
          break;
        default:
          break;
      }
    });
  };
  visit(body.stmts, []);
  return out;
}

/** Does this statement fork the step into several transitions (so code after it runs per branch)? */
export function forks(s: A.Stmt): boolean {
  switch (s.kind) {
    case "either": case "any": return true;
    case "if": return blockForks(s.then) || (s.else !== undefined && blockForks(s.else));
    default: return false;
  }
}

/** A block that may be generated inline: no forks, labels, gotos or loops inside. */
export function isStraight(b: A.Block): boolean {
  return b.stmts.every(({ label, stmt }) =>
    label === undefined && (stmt.kind === "assign" || stmt.kind === "await" || stmt.kind === "assert" || stmt.kind === "skip" ||
      (stmt.kind === "if" && isStraight(stmt.then) && (stmt.else === undefined || isStraight(stmt.else)))));
}

function blockForks(b: A.Block): boolean {
  return b.stmts.some(({ stmt }) => forks(stmt));
}
