// For the checker's own tests: every liveness counterexample they produce is also validated by the
// reference semantics (validateLasso), so a lasso that is not a real fair behaviour fails the test
// that printed it.
import { expect } from "vitest";
import { compileSpec } from "../../src/compile/index.ts";
import type { CompiledView, CompiledViolation } from "./decode.ts";
import { validateLasso } from "./liveness.ts";

/** Returns `r` unchanged after checking its lasso, if it has one, against the reference. */
export function lassoChecked<R extends { readonly machine: CompiledView; readonly violation: CompiledViolation | undefined }>(
  r: R, text: string, path: string, consts?: Readonly<Record<string, string | number>>,
): R {
  if (r.violation?.kind === "liveness") {
    const c = compileSpec(path, text, consts ? { constOverrides: new Map(Object.entries(consts).map(([k, v]) => [k, String(v)])) } : {});
    expect(validateLasso(c.checked!, r.machine, r.violation), `lasso of ${r.violation.property} in ${path}`).toEqual([]);
  }
  return r;
}
