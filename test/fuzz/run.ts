// A fuzz run: the case list (generated and mutated cases interleaved, each with its own seed), the
// pool, the tally of outcomes and the failing cases written out as .kspec files whose header says
// what failed. Shared by `npm run fuzz` and the fuzz test.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { caseText } from "./source.ts";
import { runPool, type CaseResult, type RunConfig, type Task } from "./pool.ts";

export interface RunOptions extends RunConfig {
  readonly generated: number;
  readonly mutated: number;
  readonly seed: number;
  readonly jobs: number;
  /** Where failing cases go (undefined: nowhere). */
  readonly out: string | undefined;
  readonly onProgress?: (t: Tally) => void;
}

export interface Tally {
  readonly cases: { generated: number; mutated: number };
  readonly compiled: { generated: number; mutated: number };
  /** Verdicts of the cases that compiled. */
  readonly verdicts: Map<string, number>;
  /** Non-ok outcomes by status (crash, hang, unlocated, disagreement) that are not known bugs. */
  readonly failures: Map<string, number>;
  readonly known: Map<string, number>;
  /** Compiled cases compared with the reference semantics. */
  referenced: number;
  readonly failed: CaseResult[];
  readonly seconds: number;
  /** CPU seconds of the whole process (all threads): the rate on idle cores is cases / cpuSeconds per core. */
  readonly cpuSeconds: number;
}

/** The seed of case `index` of a kind in a run with `seed`. */
export function caseSeed(seed: number, kind: Task["kind"], index: number): number {
  return (Math.imul(seed, 0x9e3779b1) + Math.imul(index, 0x85ebca6b) + (kind === "mutated" ? 0x6a09e667 : 0)) | 0;
}

function* tasksOf(o: RunOptions): Generator<Task> {
  let id = 0;
  for (let g = 0, m = 0; g < o.generated || m < o.mutated; ) {
    if (g < o.generated) yield { id: id++, kind: "generated", seed: caseSeed(o.seed, "generated", g), index: g++ };
    if (m < o.mutated) yield { id: id++, kind: "mutated", seed: caseSeed(o.seed, "mutated", m), index: m++ };
  }
}

const bump = (m: Map<string, number>, k: string): void => {
  m.set(k, (m.get(k) ?? 0) + 1);
};

export async function fuzzRun(o: RunOptions): Promise<Tally> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const cpu = (): number => {
    const u = process.cpuUsage(cpu0);
    return (u.user + u.system) / 1e6;
  };
  const tally = {
    cases: { generated: 0, mutated: 0 },
    compiled: { generated: 0, mutated: 0 },
    verdicts: new Map<string, number>(),
    failures: new Map<string, number>(),
    known: new Map<string, number>(),
    referenced: 0,
    failed: [] as CaseResult[],
    seconds: 0,
    cpuSeconds: 0,
  };
  if (o.out) mkdirSync(o.out, { recursive: true });
  const config: RunConfig = { maxStates: o.maxStates, timePerCaseMs: o.timePerCaseMs, parallelEvery: o.parallelEvery, formatEvery: o.formatEvery, reference: o.reference, minimize: o.minimize, minimizeMs: o.minimizeMs };
  await runPool(tasksOf(o), o.jobs, config, (r) => {
    tally.cases[r.kind]++;
    if (r.report.compiled) {
      tally.compiled[r.kind]++;
      if (r.report.verdict) bump(tally.verdicts, r.report.verdict);
    }
    if (r.report.referenced) tally.referenced++;
    if (r.known) bump(tally.known, r.known);
    else if (r.report.status !== "ok") {
      bump(tally.failures, r.report.status);
      // A hang's worker was terminated: the input is rebuilt here from its seed.
      const full = r.text === undefined ? { ...r, text: caseText(r.kind, r.seed).text } : r;
      tally.failed.push(full);
      if (o.out) writeCase(o.out, o.seed, full);
    }
    tally.seconds = (performance.now() - t0) / 1000;
    tally.cpuSeconds = cpu();
    o.onProgress?.(tally);
  });
  tally.seconds = (performance.now() - t0) / 1000;
  tally.cpuSeconds = cpu();
  return tally;
}

/** `<kind>-<seed>-<status>.kspec` (and `-min.kspec`), each with a header saying what failed. */
function writeCase(dir: string, runSeed: number, r: CaseResult): void {
  const base = join(dir, `${r.kind}-${r.seed}-${r.report.status}`);
  const head = [
    `// fuzz ${r.report.status}${r.report.stage ? ` (${r.report.stage})` : ""}: ${r.kind} case ${r.index} of run seed ${runSeed} (case seed ${r.seed})`,
    ...(r.report.detail ?? "").split(/\r\n|\r|\n|\u2028|\u2029/).map((l) => `// ${l}`),
    "",
  ].join("\n");
  writeFileSync(`${base}.kspec`, head + (r.text ?? ""));
  if (r.minimized !== undefined) writeFileSync(`${base}-min.kspec`, head + r.minimized);
}

/** The tally as the lines the script prints at the end. */
export function summary(t: Tally): string[] {
  const total = t.cases.generated + t.cases.mutated;
  const pct = (a: number, b: number): string => (b === 0 ? "-" : `${((100 * a) / b).toFixed(1)}%`);
  const list = (m: Map<string, number>): string => [...m].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(", ") || "none";
  return [
    `cases: ${total} (${t.cases.generated} generated, ${t.cases.mutated} mutated)`,
    `compile rate: generated ${pct(t.compiled.generated, t.cases.generated)}, mutated ${pct(t.compiled.mutated, t.cases.mutated)}`,
    `verdicts: ${list(t.verdicts)}`,
    `compared with the reference: ${t.referenced}`,
    `disagreements: ${t.failures.get("disagreement") ?? 0}, crashes: ${t.failures.get("crash") ?? 0}, hangs: ${t.failures.get("hang") ?? 0}, unlocated errors: ${t.failures.get("unlocated") ?? 0}`,
    `known bugs: ${list(t.known)}`,
    `wall time: ${t.seconds.toFixed(1)} s, ${(total / Math.max(t.seconds, 1e-9)).toFixed(1)} cases/s; CPU time ${t.cpuSeconds.toFixed(1)} s, ${((1000 * t.cpuSeconds) / Math.max(total, 1)).toFixed(1)} ms per case`,
  ];
}
