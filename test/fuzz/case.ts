// One fuzz case, end to end: compile (must not throw), every diagnostic located and rendered, the
// compiled machine loaded and checked (rotating the store modes; on some cases also with 1, 2 and 3
// worker threads), the trace printed, the formatter run (a located syntax error, or output that is
// stable and parses to the same tree), and the verdict compared with the reference semantics when
// it is available. The result says what went wrong, never throws.
import * as prettier from "prettier";
import plugin from "../../src/format/plugin.ts";
import { compileSpec, type Compiled } from "../../src/compile/index.ts";
import { renderDiagnostic, SourceFile, type Diagnostic } from "../../src/diag/diagnostic.ts";
import { toJs } from "../../src/load.ts";
import * as runtime from "../../src/runtime/index.ts";
import { machineFromJs } from "../../src/runtime/load-js.ts";
import type { Machine } from "../../src/runtime/machine.ts";
import { check, type CheckOptions, type CheckResult, type StoreMode } from "../../src/runtime/check.ts";
import { formatTrace } from "../../src/runtime/format.ts";
import { checkParallel } from "../../src/runtime/parallel.ts";
import { parseSpec } from "../../src/syntax/index.ts";
import { compareWithReference, type Reference } from "./differential.ts";

export type Status = "ok" | "crash" | "hang" | "unlocated" | "disagreement";

export interface CaseOptions {
  /** Bound of each check run. */
  readonly maxStates: number;
  readonly timeLimitMs: number;
  /** Which store mode (rotated by case number). */
  readonly store: StoreMode;
  /** Also run checkParallel with 1, 2 and 3 workers. */
  readonly parallel: boolean;
  readonly reference: Reference | undefined;
  /** Run the formatter checks (they cost more than the rest of a small case). */
  readonly format: boolean;
  /** The file name the spec is compiled as (relative imports resolve from it). */
  readonly path?: string;
}

export interface CaseReport {
  readonly status: Status;
  /** Where it went wrong (compile, render, load, check, trace, parallel, format, reference). */
  readonly stage?: string;
  readonly compiled: boolean;
  /** `ok`, `violation:invariant`, `limit`, ... or undefined when it did not compile. */
  readonly verdict?: string;
  /** What failed, for the report: a message, the top of a stack, both results. */
  readonly detail?: string;
  /** Did the reference semantics take part? */
  readonly referenced?: boolean;
}

/** Diagnostics that legitimately have no place: they are about `--const` values. */
const PLACELESS = new Set(["KS2006", "KS3020"]);

export async function runCase(text: string, opts: CaseOptions): Promise<CaseReport> {
  let compiled: Compiled;
  try {
    compiled = compileSpec(opts.path ?? "fuzz.kspec", text);
  } catch (e) {
    return crash("compile", e, false);
  }
  for (const d of compiled.diagnostics) {
    const where = located(d, compiled.file);
    if (where !== undefined) return { status: "unlocated", stage: "compile", compiled: false, detail: `${d.code}: ${d.message} (${where})` };
    try {
      renderDiagnostic(d, compiled.file);
    } catch (e) {
      return crash("render", e, false, `rendering ${d.code}`);
    }
  }
  const formatted = opts.format ? await checkFormatter(text, compiled) : undefined;
  if (formatted) return formatted;
  if (!compiled.code) return { status: "ok", compiled: false };
  return checkMachine(compiled, opts);
}

/** Undefined when the diagnostic's places are real places in their files; else what is wrong. */
function located(d: Diagnostic, main: SourceFile): string | undefined {
  if (d.span === undefined) return PLACELESS.has(d.code) ? undefined : "no span";
  for (const r of d.related ?? []) {
    const bad = inFile(r.span, main);
    if (bad !== undefined) return `related place: ${bad}`;
  }
  return inFile(d.span, main);
}

function inFile(span: NonNullable<Diagnostic["span"]>, main: SourceFile): string | undefined {
  const file = span.file ?? main;
  const { start, end } = span;
  // A syntax error at the end of the file marks the one position after it (end = length + 1).
  const last = file.text.length + (start === file.text.length ? 1 : 0);
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > last) return `span ${start}..${end} in a text of ${file.text.length}`;
  return undefined;
}

async function checkMachine(compiled: Compiled, opts: CaseOptions): Promise<CaseReport> {
  const code = compiled.code!;
  let js: string;
  let machine: Machine;
  try {
    js = toJs(code);
    machine = machineFromJs(js, runtime);
  } catch (e) {
    return crash("load", e, true);
  }
  const bounds: CheckOptions = { maxStates: opts.maxStates, timeLimit: opts.timeLimitMs / 1000 };
  const storeOpts: CheckOptions = opts.store === "auto" ? { store: "auto", exactBudget: 1 } : { store: opts.store };
  let result: CheckResult;
  try {
    result = check(machine, { ...bounds, ...storeOpts });
  } catch (e) {
    return crash("check", e, true);
  }
  const verdict = verdictOf(result);
  if (result.violation) {
    try {
      formatTrace(machine, result.violation);
    } catch (e) {
      return crash("trace", e, true);
    }
  }
  if (opts.parallel && result.verdict !== "limit") {
    for (const workers of [1, 2, 3]) {
      // "auto" with a tiny budget hangs the workers (a known bug of area D): exact and fingerprint only.
      const store = opts.store === "fingerprint" ? "fingerprint" : "exact";
      let par: CheckResult & { machine: Machine };
      try {
        par = await checkParallel(js, { ...bounds, store, workers });
      } catch (e) {
        return crash("parallel", e, true);
      }
      const diff = sameResult(result, par);
      if (diff && par.verdict !== "limit") return { status: "disagreement", stage: "parallel", compiled: true, verdict, detail: `check (${opts.store}) vs checkParallel (${workers} workers, ${store}): ${diff}` };
      // The workers' own trace, replayed by the reference.
      const problems = opts.reference && compiled.checked ? compareWithReference(opts.reference, compiled.checked, par.machine, par, opts.maxStates) : [];
      if (problems.length > 0) return { status: problems[0]!.startsWith("crash:") ? "crash" : "disagreement", stage: "parallel", compiled: true, verdict, detail: `checkParallel (${workers} workers, ${store}): ${problems.join("\n")}` };
    }
  }
  if (opts.reference && compiled.checked) {
    const problems = compareWithReference(opts.reference, compiled.checked, machine, result, opts.maxStates);
    const detail = problems.join("\n");
    if (detail.startsWith("crash:")) return { status: "crash", stage: "reference", compiled: true, verdict, detail };
    if (problems.length > 0) return { status: "disagreement", stage: "reference", compiled: true, verdict, detail: `check (${opts.store}): ${detail}`, referenced: true };
    return { status: "ok", compiled: true, verdict, referenced: true };
  }
  return { status: "ok", compiled: true, verdict };
}

export function verdictOf(r: CheckResult): string {
  if (r.violation) return `violation:${r.violation.kind === "error" ? `error:${r.violation.property}` : r.violation.kind}`;
  return r.verdict;
}

/** Undefined when two runs agree: verdict, violated property and trace length, or state counts. */
function sameResult(a: CheckResult, b: CheckResult): string | undefined {
  const show = (r: CheckResult): string => `${verdictOf(r)} ${r.violation?.property ?? ""} trace ${r.violation?.trace.length ?? "-"} distinct ${r.stats.distinct} depth ${r.stats.depth}`;
  if (a.verdict !== b.verdict || a.violation?.kind !== b.violation?.kind || a.violation?.property !== b.violation?.property || a.violation?.trace.length !== b.violation?.trace.length) return `${show(a)} | ${show(b)}`;
  if (a.verdict === "ok" && (a.stats.distinct !== b.stats.distinct || a.stats.depth !== b.stats.depth)) return `${show(a)} | ${show(b)}`;
  return undefined;
}

async function format(text: string): Promise<string> {
  return prettier.format(text, { parser: "kspec", plugins: [plugin] });
}

/** The formatter: a located syntax error, or an idempotent result with the same syntax tree. */
async function checkFormatter(text: string, compiled: Compiled): Promise<CaseReport | undefined> {
  let once: string;
  try {
    once = await format(text);
  } catch (e) {
    const loc = (e as { loc?: { start?: { line?: unknown } } } | null)?.loc?.start?.line;
    if (typeof loc === "number") return undefined;
    return crash("format", e, compiled.code !== undefined);
  }
  let twice: string;
  try {
    twice = await format(once);
  } catch (e) {
    return { status: "disagreement", stage: "format", compiled: compiled.code !== undefined, detail: `the formatted text does not format again: ${firstLine(e)}` };
  }
  if (twice !== once) return { status: "disagreement", stage: "format", compiled: compiled.code !== undefined, detail: "formatting is not idempotent" };
  const before = shape(text);
  const after = shape(once);
  if (before !== after) return { status: "disagreement", stage: "format", compiled: compiled.code !== undefined, detail: "formatting changed the syntax tree" };
  return undefined;
}

/** The syntax tree without ids and positions, and the comment texts. */
function shape(text: string): string {
  const r = parseSpec(new SourceFile("f.kspec", text));
  const isSpan = (v: unknown): boolean => v !== null && typeof v === "object" && !("kind" in v) && typeof (v as { start?: unknown }).start === "number";
  return JSON.stringify(r.ast, (k, v: unknown) => (k === "id" || k === "nodeCount" || isSpan(v) ? undefined : v));
}

/** The message on one line (esbuild puts the reason on the second line). */
function firstLine(e: unknown): string {
  return (e instanceof Error ? `${e.name}: ${e.message}` : String(e)).split("\n").slice(0, 3).join(" | ").slice(0, 300);
}

/** An exception: its message and the top of its stack (the frames in kspec's own files). */
export function crash(stage: string, e: unknown, compiled: boolean, what = ""): CaseReport {
  const frames = e instanceof Error && e.stack ? e.stack.split("\n").filter((l) => l.trim().startsWith("at ")).slice(0, 4).map((l) => l.trim()) : [];
  return { status: "crash", stage, compiled, detail: `${what ? `${what}: ` : ""}${firstLine(e)}${frames.length ? `\n    ${frames.join("\n    ")}` : ""}` };
}

/** Does `b` fail the way `a` did (for shrinking): same status and stage, and a crash's same message? */
export function sameFailure(a: CaseReport, b: CaseReport): boolean {
  const head = (r: CaseReport): string => (r.detail ?? "").split("\n")[0]!.replace(/\d+/g, "N");
  // A disagreement keeps its kind (`verdict:`, `violation:`, `distinct:`, `liveness:` ...) and the compiled verdict.
  const kind = (r: CaseReport): string => `${/\): (\w+):/.exec(r.detail ?? "")?.[1] ?? ""} ${r.verdict ?? ""}`;
  if (a.status !== b.status || a.stage !== b.stage) return false;
  if (a.status === "crash") return head(a) === head(b);
  if (a.status === "disagreement") return kind(a) === kind(b);
  return true;
}
