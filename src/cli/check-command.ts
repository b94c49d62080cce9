// `kspec check`: compile the spec, run the workers, print the verdict (text or JSON) and choose the
// exit code. Limits (states, time, memory, Ctrl-C) all end as a partial report with exit 3.
import { availableParallelism } from "node:os";
import { error, renderDiagnostic } from "../diag/diagnostic.ts";
import { toJs } from "../load.ts";
import { formatSite, formatTrace, machineFromJs, resultToJson, type CheckResult, type Machine, type Progress, type Violation } from "../runtime/index.ts";
import { checkParallel } from "../runtime/parallel.ts";
import * as runtime from "../runtime/index.ts";
import { formatTable, selectProperties } from "./table.ts";
import { EXIT } from "./exit.ts";
import { colorFn, compileOrReport, type Io } from "./io.ts";
import { defaultMaxMemory, parseConsts } from "./options.ts";

export interface CheckFlags {
  const: string[];
  deadlock: boolean;
  stuck: boolean;
  fullStates?: boolean;
  json?: boolean;
  workers?: number;
  store: "auto" | "exact" | "fingerprint";
  exactBudget?: number;
  maxStates?: number;
  maxMemory?: number;
  timeLimit?: number;
  /** `--only A,B`: check only these properties. */
  only?: string;
  maxViolations?: number;
  maxDepth?: number;
  stuckLimit?: number;
}

function fmtSeconds(s: number): string {
  return s < 10 ? `${s.toFixed(2)} s` : `${s.toFixed(1)} s`;
}

function fmtBytes(b: number): string {
  return b >= 2 ** 30 ? `${(b / 2 ** 30).toFixed(1)} GiB` : `${(b / 2 ** 20).toFixed(0)} MiB`;
}

function fmtElapsed(s: number): string {
  const m = Math.floor(s / 60);
  return `${m}:${String(Math.floor(s % 60)).padStart(2, "0")}`;
}

function summary(r: CheckResult): string {
  const s = r.stats;
  const parts = [`${s.distinct.toLocaleString("en-US")} distinct states`, `${s.generated.toLocaleString("en-US")} generated`, `depth ${s.depth}`, fmtSeconds(s.seconds)];
  if (r.verdict !== "violation" && s.workers !== undefined && s.workers > 1) parts.push(`${s.workers} workers`);
  let out = parts.join(", ");
  if (s.store === "fingerprint") out += `\n  fingerprint store: probability that a collision hid a state is about ${(s.collisionProbability ?? 0).toExponential(1)}`;
  return out;
}

const LIMIT_TEXT = {
  states: "the state limit (--max-states)",
  time: "the time limit (--time-limit)",
  memory: "the memory limit (--max-memory, or memory ran out)",
  interrupted: "an interrupt",
  depth: "the depth limit (--max-depth)",
} as const;

function printResult(io: Io, m: Machine, r: CheckResult, fullStates: boolean): void {
  const color = colorFn(io);
  const table = formatTable(m, r, color);
  const tail = table === "" ? "" : `${table}\n`;
  if (r.verdict === "ok") {
    const rows = r.properties ?? [];
    const held = rows.filter((p) => p.verdict === "holds" || p.verdict === "vacuous" || p.verdict === "covered").map((p) => p.name);
    const vacuous = rows.filter((p) => p.verdict === "vacuous").length;
    const skipped = rows.filter((p) => p.verdict === "not checked").length;
    const what = skipped > 0 ? "every checked property holds" : "all properties hold";
    io.out(`${color("title", m.name)}: ${color(vacuous > 0 ? "warning" : "ok", what)}${held.length > 0 ? ` (${held.join(", ")})` : ""}${vacuous > 0 ? `, ${vacuous} of them vacuously` : ""}\n`);
    io.out(`  ${summary(r)}\n${tail}`);
    return;
  }
  if (r.verdict === "no-initial-states") {
    io.out(`${color("title", m.name)}: ${color("error", "no initial states")}: nothing was checked\n  ${summary(r)}\n`);
    return;
  }
  if (r.verdict === "limit") {
    io.out(`${color("title", m.name)}: ${color("warning", "incomplete")}: stopped at ${LIMIT_TEXT[r.limit ?? "states"]}; no violation in the states explored\n  ${summary(r)}\n${tail}`);
    return;
  }
  const all = r.violations ?? (r.violation ? [r.violation] : []);
  for (const v of all) printViolation(io, m, v, fullStates);
  io.out(`  ${summary(r)}\n${tail}`);
}

function printViolation(io: Io, m: Machine, v: Violation, fullStates: boolean): void {
  const color = colorFn(io);
  const site = v.site !== undefined ? m.sites[v.site] : undefined;
  const what = v.kind === "invariant" ? `invariant ${v.property} is violated` : v.kind === "deadlock" ? "deadlock" : v.kind === "assert" && v.property !== "assert" ? `assert ${v.property}: ${v.message}` : v.message;
  io.out(`${color("error", "violation")}: ${what}\n`);
  if (site) {
    io.out(formatSite(m, site, color) + "\n");
  }
  if (v.kind === "deadlock") io.out(`  no step is enabled${m.vars.some((x) => x.name.endsWith(".pc")) ? ", and not every process is done" : ""} (declare \`terminal <predicate>\` if this end is legitimate)\n`);
  if (v.kind === "stuck") io.out("  (declare `idle at <label>` or `idle when <predicate>` in the process if it may wait there forever)\n");
  if (v.kind !== "cover") io.out(formatTrace(m, v, { fullStates, color }) + "\n");
}

export async function runCheck(io: Io, spec: string, o: CheckFlags): Promise<number> {
  const compiled = compileOrReport(io, spec, parseConsts(o.const));
  if (!compiled) return EXIT.error;
  // Names are checked before the search: a misspelt --only is a usage error (exit 2), not a long run.
  const only = o.only !== undefined ? selectProperties(machineFromJs(toJs(compiled.code), runtime), o.only) : undefined;
  const signal = { stopped: false };
  const onSigint = (): void => {
    if (signal.stopped) process.exit(EXIT.interrupted);
    signal.stopped = true;
  };
  process.on("SIGINT", onSigint);
  const tty = process.stderr.isTTY === true && !o.json;
  let lastLine = 0;
  const onProgress = (p: Progress): void => {
    const rate = p.seconds > 0 ? Math.round(p.distinct / p.seconds) : 0;
    const line = `${p.distinct.toLocaleString("en-US")} states, frontier ${p.frontier.toLocaleString("en-US")}, depth ${p.depth}, ${rate.toLocaleString("en-US")} states/s, ${fmtBytes(p.storeBytes)}, ${fmtElapsed(p.seconds)}`;
    if (tty) io.err(`\r\x1b[K  ${line}`);
    else if (p.seconds - lastLine >= 10) {
      lastLine = p.seconds;
      io.err(`progress: ${line}\n`);
    }
  };
  let r: CheckResult & { machine: Machine };
  try {
    r = await checkParallel(toJs(compiled.code), {
      workers: o.workers ?? availableParallelism(),
      deadlock: o.deadlock,
      stuck: o.stuck,
      store: o.store,
      signal,
      onProgress,
      progressMs: tty ? 250 : 1000,
      maxMemory: o.maxMemory ?? defaultMaxMemory(),
      ...(o.exactBudget !== undefined ? { exactBudget: o.exactBudget } : {}),
      ...(o.maxStates !== undefined ? { maxStates: o.maxStates } : {}),
      ...(o.timeLimit !== undefined ? { timeLimit: o.timeLimit } : {}),
      ...(only !== undefined ? { only } : {}),
      ...(o.maxViolations !== undefined ? { maxViolations: o.maxViolations } : {}),
      ...(o.maxDepth !== undefined ? { maxDepth: o.maxDepth } : {}),
      ...(o.stuckLimit !== undefined ? { stuckLimit: o.stuckLimit } : {}),
    });
  } finally {
    process.off("SIGINT", onSigint);
    if (tty) io.err("\r\x1b[K");
  }
  if (o.json) io.out(JSON.stringify(resultToJson(r.machine, r), null, 2) + "\n");
  else printResult(io, r.machine, r, o.fullStates ?? false);
  if (r.verdict === "no-initial-states") {
    // A spec error found by running it: every initial state was filtered out.
    const d = error("KS5001", undefined, "the spec has no initial state, so nothing was checked", "an initial value's `in` set is empty, or its `where` filter excludes every value: check the `var ... in ...` declarations and the constants");
    io.err(renderDiagnostic(d, compiled.file, { color: colorFn(io) }) + "\n");
  }
  return r.verdict === "ok" ? EXIT.ok : r.verdict === "limit" ? EXIT.limit : r.verdict === "no-initial-states" ? EXIT.error : EXIT.violation;
}
