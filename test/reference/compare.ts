// How a compiled checker's result is compared with the reference's (README.md, "The comparison"):
// the same verdict; for "ok" the same distinct states and depth; for a violation, the compiled
// (kind, property) among the reference's earliest violations with the same trace length, and the
// compiled trace replayed step by step by the reference semantics.
import type { Checked } from "../../src/sema/model.ts";
import { decodeState, replayTrace, type CompiledView, type CompiledViolation } from "./decode.ts";
import { referenceCheck, type RefOptions, type RefResult } from "./explore.ts";
import { Model, stateKey } from "./state.ts";

/** The parts of a compiled CheckResult the comparison reads. */
export interface CompiledResult {
  readonly verdict: string;
  readonly stats: { readonly distinct: number; readonly depth: number };
  readonly violation: CompiledViolation | undefined;
}

/** Steps in a compiled counterexample: the trace's steps, plus the failing step of an assert or fault. */
export function compiledTraceLength(v: CompiledViolation): number {
  return Math.max(v.trace.length - 1, 0) + (v.failedStep ? 1 : 0);
}

/** Problems found comparing `compiled` with the reference result `ref` (empty when they agree). */
export function compareResults(checked: Checked, view: CompiledView, ref: RefResult, compiled: CompiledResult, only?: readonly string[]): string[] {
  const problems: string[] = [];
  const summary = ref.verdict === "violation" ? ref.violations.map((v) => `${v.kind}/${v.property}@${v.traceLength}`).join(" ") : `${ref.distinct} states, depth ${ref.depth}`;
  if (compiled.verdict !== ref.verdict) {
    const cv = compiled.violation;
    return [`verdict: compiled ${compiled.verdict}${cv ? ` (${cv.kind}/${cv.property}@${compiledTraceLength(cv)})` : ""}, reference ${ref.verdict} (${summary})`];
  }
  if (ref.verdict === "ok") {
    if (compiled.stats.distinct !== ref.distinct) problems.push(`distinct: compiled ${compiled.stats.distinct}, reference ${ref.distinct}`);
    if (compiled.stats.depth !== ref.depth) problems.push(`depth: compiled ${compiled.stats.depth}, reference ${ref.depth}`);
  }
  if (ref.verdict === "violation") {
    const v = compiled.violation;
    if (!v) return ["compiled violation without details"];
    const n = compiledTraceLength(v);
    if (!ref.violations.some((r) => r.kind === v.kind && r.property === v.property && r.traceLength === n)) {
      problems.push(`violation: compiled ${v.kind}/${v.property}@${n}, reference ${summary}`);
    }
    problems.push(...replayTrace(new Model(checked, only), view, v).map((p) => `trace: ${p}`));
    if (v.kind === "stuck" && v.trace.length > 0) {
      // The member named and its last state: one of the reference's stuck pairs.
      const last = stateKey(decodeState(new Model(checked), view, v.trace[v.trace.length - 1]!.state));
      const named = (ref.stuck ?? []).filter((s) => s.key === last && (v.message ?? "").includes(`${s.member} waits at ${s.label} `));
      if (named.length === 0) problems.push(`stuck: compiled "${v.message ?? ""}" is not one of the reference's ${(ref.stuck ?? []).map((s) => `${s.member} at ${s.label}`).join(", ")}`);
    }
  }
  return problems;
}

/** Runs the reference and compares; a convenience for tests that have the compiled result at hand. */
export function checkAgainstReference(checked: Checked, view: CompiledView, compiled: CompiledResult, opts: RefOptions = {}): string[] {
  return compareResults(checked, view, referenceCheck(checked, opts), compiled);
}

/**
 * `--max-violations`: each compiled violation must be a shortest violation of its property, as the
 * reference finds it checking that property alone (`--only`; README.md, "The comparison", says why
 * going on past reported violations explores the same states), with a trace the reference replays.
 * Deadlocks after the first need only be real deadlocks in different states, none shorter than the first.
 */
export function compareViolations(checked: Checked, view: CompiledView, violations: readonly CompiledViolation[], names: readonly string[], opts: RefOptions = {}): string[] {
  const problems: string[] = [];
  const reported: string[] = [];
  const seen = new Set<string>();
  let firstDeadlock: number | undefined;
  for (const v of violations) {
    const n = compiledTraceLength(v);
    // A run-time error shows evaluating whatever is still checked: everything not reported before it.
    const only = v.kind === "error" ? names.filter((x) => !reported.includes(x)) : [v.property];
    reported.push(v.property);
    const m = new Model(checked, only);
    if (v.kind === "deadlock" && firstDeadlock !== undefined) {
      const last = v.trace[v.trace.length - 1];
      const key = last ? stateKey(decodeState(m, view, last.state)) : "";
      if (seen.has(key)) problems.push(`deadlock: the same state twice (${key})`);
      seen.add(key);
      if (n < firstDeadlock) problems.push(`deadlock: a later deadlock (${n} steps) is shorter than the first (${firstDeadlock})`);
    } else {
      const ref = referenceCheck(checked, { ...opts, only });
      const summary = ref.violations.map((r) => `${r.kind}/${r.property}@${r.traceLength}`).join(" ") || ref.verdict;
      if (!ref.violations.some((r) => r.kind === v.kind && r.property === v.property && r.traceLength === n)) problems.push(`violation: compiled ${v.kind}/${v.property}@${n}, reference with --only ${only.join(",")}: ${summary}`);
      if (v.kind === "deadlock") {
        firstDeadlock = n;
        const last = v.trace[v.trace.length - 1];
        if (last) seen.add(stateKey(decodeState(m, view, last.state)));
      }
    }
    if (v.kind !== "cover") problems.push(...replayTrace(m, view, v).map((p) => `trace of ${v.property}: ${p}`));
  }
  return problems;
}
