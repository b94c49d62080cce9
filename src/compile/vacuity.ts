// The premise of an implication invariant, for the vacuity warning: for `A implies B` it is `A`,
// for `forall x in S: A implies B` (nested quantifiers too) it is `exists x in S: A`. The checker
// evaluates it on every state it finds and warns when it was never true: the invariant then holds
// only because nothing it talks about ever happens.
import type * as A from "../syntax/ast.ts";

/** The premise of `e` as an expression over the same nodes, or undefined when `e` is no implication. */
export function premiseOf(e: A.Expr): A.Expr | undefined {
  if (e.kind === "binary" && e.op === "implies") return e.left;
  if (e.kind === "quant" && e.q === "forall") {
    const body = premiseOf(e.body);
    // Reuses the quantifier's node (and so its binder and domain); only the body and `exists` differ.
    return body ? { ...e, q: "exists", body } : undefined;
  }
  return undefined;
}
