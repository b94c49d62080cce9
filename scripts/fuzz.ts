// `npm run fuzz -- --generated N --mutated N [--seed S] [--jobs J] [--time-per-case MS] [--out DIR]`:
// generated and mutated specs through the whole pipeline on a pool of worker threads (see
// test/fuzz/). Prints progress and the final figures; failing cases go to DIR as .kspec files.
import { Command, InvalidArgumentError } from "commander";
import { availableParallelism } from "node:os";
import { runCase, sameFailure, type CaseOptions } from "../test/fuzz/case.ts";
import { loadReference } from "../test/fuzz/differential.ts";
import { minimize } from "../test/fuzz/minimize.ts";
import { fuzzRun, summary, type Tally } from "../test/fuzz/run.ts";
import { caseText, parseCaseId } from "../test/fuzz/source.ts";

const int = (name: string, min: number) => (v: string): number => {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be an integer >= ${min}`);
  return n;
};

const program = new Command("fuzz")
  .description("fuzz kspec: generated well-typed specs and mutated real specs through compile, check, workers, formatter and the reference semantics")
  .option("--generated <n>", "generated cases", int("--generated", 0), 1000)
  .option("--mutated <n>", "mutated cases", int("--mutated", 0), 1000)
  .option("--seed <s>", "run seed (each case's seed derives from it)", int("--seed", -(2 ** 31)), Date.now() % 1_000_000)
  .option("--jobs <n>", "worker threads", int("--jobs", 1), Math.max(1, availableParallelism()))
  .option("--time-per-case <ms>", "time limit of each check run; the watchdog waits 5x this plus 5 s", int("--time-per-case", 100), 2000)
  .option("--max-states <n>", "state bound of each check run", int("--max-states", 1), 5000)
  .option("--parallel-every <n>", "every n-th case also runs with 1, 2 and 3 checker workers (0: never)", int("--parallel-every", 0), 500)
  .option("--format-every <n>", "every n-th generated case runs the formatter checks", int("--format-every", 1), 4)
  .option("--no-reference", "skip the comparison with the reference semantics")
  .option("--no-minimize", "write failing cases as found, without shrinking them")
  .option("--out <dir>", "where failing cases are written", "fuzz-out")
  .option("--replay <kind:seed>", "run one case (generated:SEED or mutated:SEED) in this process with every store mode, print it and shrink it if it fails")
  .parse();

const o = program.opts<{ generated: number; mutated: number; seed: number; jobs: number; timePerCase: number; maxStates: number; parallelEvery: number; formatEvery: number; reference: boolean; minimize: boolean; out: string; replay?: string }>();
if (o.replay !== undefined) {
  const id = parseCaseId(o.replay) ?? program.error(`--replay: expected generated:SEED or mutated:SEED, got '${o.replay}'`);
  const { path, text } = caseText(id.kind, id.seed);
  console.log(`// ${id.kind} case ${id.seed} (${path})\n${text}`);
  const reference = o.reference ? await loadReference() : undefined;
  for (const store of ["exact", "fingerprint", "auto"] as const) {
    const opts: CaseOptions = { maxStates: o.maxStates, timeLimitMs: o.timePerCase, store, parallel: o.parallelEvery > 0, format: true, reference, path };
    const report = await runCase(text, opts);
    console.log(`${store}: ${JSON.stringify(report, null, 2)}`);
    if (report.status !== "ok" && o.minimize) {
      const small = await minimize(text, async (t) => sameFailure(report, await runCase(t, opts)), { tries: 2000, ms: 60_000 });
      console.log(`shrunk (${store}):\n${small}\n${JSON.stringify(await runCase(small, opts), null, 2)}`);
      break;
    }
  }
  process.exit(0);
}
const total = o.generated + o.mutated;
console.log(`fuzz: ${o.generated} generated + ${o.mutated} mutated cases, seed ${o.seed}, ${o.jobs} jobs, failing cases to ${o.out}/`);

let lastPrint = 0;
const progress = (t: Tally): void => {
  const done = t.cases.generated + t.cases.mutated;
  const now = performance.now();
  if (now - lastPrint < 2000 && done < total) return;
  lastPrint = now;
  const rate = done / Math.max(t.seconds, 1e-9);
  const failures = [...t.failures.values()].reduce((a, b) => a + b, 0);
  const eta = rate > 0 ? (total - done) / rate : 0;
  process.stdout.write(`  ${done}/${total} cases, ${rate.toFixed(1)}/s, ${failures} failures, ${[...t.known.values()].reduce((a, b) => a + b, 0)} known, eta ${Math.round(eta)} s\n`);
};

const tally = await fuzzRun({
  generated: o.generated,
  mutated: o.mutated,
  seed: o.seed,
  jobs: o.jobs,
  out: o.out,
  maxStates: o.maxStates,
  timePerCaseMs: o.timePerCase,
  parallelEvery: o.parallelEvery,
  formatEvery: o.formatEvery,
  reference: o.reference,
  minimize: o.minimize,
  minimizeMs: 20_000,
  onProgress: progress,
});
for (const line of summary(tally)) console.log(line);
const rate = total / Math.max(tally.seconds, 1e-9);
const cpuPerCase = tally.cpuSeconds / Math.max(total, 1);
console.log(`projected: 100000 + 100000 cases in ${Math.round(200_000 / rate / 60)} min at this rate; ${Math.round((200_000 * cpuPerCase) / o.jobs / 60)} min on ${o.jobs} idle cores (from the CPU time)`);
for (const f of tally.failed.slice(0, 20)) console.log(`  ${f.report.status} (${f.report.stage ?? "-"}) ${f.kind} seed ${f.seed}: ${(f.report.detail ?? "").split("\n")[0]}`);
process.exitCode = tally.failed.length > 0 ? 1 : 0;
