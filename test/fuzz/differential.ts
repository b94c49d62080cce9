// The differential step: the compiled checker's answer against the reference semantics
// (test/reference/, area A), which interprets the checked AST directly. The comparison itself is
// the reference's own (`compareResults`: verdict, states and depth, the violation among the
// earliest ones, the trace replayed; `validateLasso` for temporal properties). The module is
// loaded only if it exists, so that the fuzzer also runs without it.
import { existsSync } from "node:fs";
import type { Checked } from "../../src/sema/model.ts";
import type { CheckResult } from "../../src/runtime/check.ts";
import type { Machine } from "../../src/runtime/machine.ts";
import type * as Ref from "../reference/index.ts";

export type Reference = typeof Ref;

const referenceUrl = new URL("../reference/index.ts", import.meta.url);

/** The reference semantics, or undefined while test/reference/index.ts does not exist. */
export async function loadReference(): Promise<Reference | undefined> {
  if (!existsSync(referenceUrl)) return undefined;
  return (await import(referenceUrl.href)) as Reference;
}

/**
 * Problems found comparing a compiled check result with the reference (empty when they agree, or
 * when either run stopped at its limit). A problem starting with "crash:" means the reference threw.
 */
export function compareWithReference(ref: Reference, checked: Checked, machine: Machine, got: CheckResult, maxStates: number): string[] {
  try {
    if (got.verdict === "limit") return [];
    const want = ref.referenceCheck(checked, { maxStates });
    if (want.verdict === "limit") return [];
    // Temporal properties are checked once the safety properties hold: compare the safety part first.
    const live = got.violation?.kind === "liveness";
    const safety = live ? { verdict: "ok", stats: got.stats, violation: undefined } : got;
    const problems = ref.compareResults(checked, machine, want, safety);
    if (problems.length > 0 || want.verdict !== "ok" || checked.properties.length === 0) return problems;
    const graph = ref.referenceGraph(checked, { maxStates });
    if (!graph.complete) return [];
    const props = ref.referenceProperties(checked, graph);
    const firstBad = props.find((p) => !p.holds);
    if (!firstBad) return live ? [`liveness: compiled violation of ${got.violation?.property}, the reference says every property holds`] : [];
    if (!live || !got.violation) return [`liveness: compiled ${got.verdict}, the reference says ${firstBad.name} is violated`];
    if (got.violation.property !== firstBad.name) return [`liveness: compiled violation of ${got.violation.property}, the reference's first violated property is ${firstBad.name}`];
    return ref.validateLasso(checked, machine, got.violation).map((p) => `lasso: ${p}`);
  } catch (e) {
    return [`crash: the reference threw ${e instanceof Error ? `${e.message}\n    ${(e.stack ?? "").split("\n").slice(1, 4).map((l) => l.trim()).join("\n    ")}` : String(e)}`];
  }
}
