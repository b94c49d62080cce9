// The order in which initial values are computed. An initializer may read other variables (`var b:
// 0 .. 2 in {v in 0 .. 2 where v > a}`); it sees their *initial* values, whatever the order of the
// declarations, so initializers run in dependency order, stage by stage.
// A cycle has no meaning and is an error.
import { error, type Diagnostic } from "../diag/diagnostic.ts";
import type * as A from "../syntax/ast.ts";
import type { Binding } from "./model.ts";

interface Decls {
  readonly refs: ReadonlyMap<number, Binding>;
  /** Global variables, then each process's locals, in source order. */
  readonly decls: readonly A.VarDecl[];
}

/**
 * Initializers in stages: each stage reads only variables of earlier stages, so a stage's
 * initializers may run in any order (the compiler keeps declaration order, member by member).
 */
export function initOrder(c: Decls): { stages: A.VarDecl[][]; diagnostics: Diagnostic[] } {
  const index = new Map(c.decls.map((d, i) => [d, i]));
  const deps = c.decls.map((d) => [...readsOf(d.init.expr, c.refs)].filter((x) => index.has(x)));
  const diagnostics: Diagnostic[] = [];
  const placed = new Set<A.VarDecl>();
  const stages: A.VarDecl[][] = [];
  while (placed.size < c.decls.length) {
    const stage = c.decls.filter((d, i) => !placed.has(d) && deps[i]!.every((x) => placed.has(x)));
    if (stage.length === 0) {
      const stuck = c.decls.filter((d) => !placed.has(d));
      const first = stuck[0]!;
      const names = cycleFrom(first, deps, index, placed).map((d) => d.name.name);
      diagnostics.push(
        names.length === 1
          ? error("KS3045", first.init.expr.span, `the initial value of '${first.name.name}' depends on itself`, "an initializer reads the initial values of other variables; give this one a value that does not need its own")
          : error("KS3045", first.init.expr.span, `initial values depend on each other in a cycle: ${[...names, names[0]].join(" -> ")}`, "an initializer reads the initial values of the variables it names: break the cycle"),
      );
      // Keep every declaration so later phases still see it.
      stages.push(stuck);
      break;
    }
    for (const d of stage) placed.add(d);
    stages.push(stage);
  }
  return { stages, diagnostics };
}

function cycleFrom(start: A.VarDecl, deps: readonly A.VarDecl[][], index: ReadonlyMap<A.VarDecl, number>, placed: ReadonlySet<A.VarDecl>): A.VarDecl[] {
  // Follow unplaced dependencies until one repeats: the repeated stretch is a cycle.
  const path: A.VarDecl[] = [];
  let cur: A.VarDecl | undefined = start;
  while (cur && !path.includes(cur)) {
    path.push(cur);
    cur = deps[index.get(cur)!]!.find((x) => !placed.has(x));
  }
  return cur ? path.slice(path.indexOf(cur)) : path;
}

/** The variable declarations an expression reads, through `def` bodies too. */
function readsOf(e: A.Expr, refs: ReadonlyMap<number, Binding>): Set<A.VarDecl> {
  const out = new Set<A.VarDecl>();
  const seenDefs = new Set<A.DefDecl>();
  const stack: unknown[] = [e];
  while (stack.length > 0) {
    const x = stack.pop();
    if (x === null || typeof x !== "object") continue;
    if (Array.isArray(x)) {
      for (const y of x) stack.push(y);
      continue;
    }
    const n = x as { id?: unknown; kind?: unknown };
    if (typeof n.id === "number") {
      const b = refs.get(n.id);
      if (b?.k === "var" || b?.k === "local") out.add(b.info.decl);
      else if (b?.k === "def" && !seenDefs.has(b.decl)) {
        seenDefs.add(b.decl);
        stack.push(b.decl.body);
      }
    }
    for (const [k, v] of Object.entries(x)) if (k !== "span") stack.push(v);
  }
  return out;
}
