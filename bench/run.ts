// `npm run bench`: the same models through kspec, SPIN and Rumur, side by side in one run.
//
// Models come from bench/peers/gen.py (the project's copy of ../shared/peers/gen.py): the DAX
// safe protocol at three sizes, the racy protocol (time to the shortest counterexample), and the
// asymmetric dining philosophers. The kspec specs are specs/bench/*.kspec, step for step the same
// encoding. Every run's distinct-state count is checked against the others; a disagreement fails
// the benchmark. Wall time and peak memory come from GNU time. Nothing is installed here.
//
//   npm run bench                   # default sizes
//   npm run bench -- --quick        # small sizes only (a smoke test of the harness)
//   npm run bench -- --runs 3       # median of 3 runs per row
//   npm run bench -- --kspec-only   # without the peers
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "bench", "out");
const args = process.argv.slice(2);
const flag = (f: string): boolean => args.includes(f);
const runs = Number(args[args.indexOf("--runs") + 1] ?? 1) || 1;
const quick = flag("--quick");
const kspecOnly = flag("--kspec-only");

// ---------------------------------------------------------------- tools
function which(cmd: string): string | undefined {
  const r = spawnSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : undefined;
}
const cc = which("gcc") ?? which("cc");
const missing = [
  ["spin", which("spin")],
  ["rumur", which("rumur")],
  ["a C compiler (gcc)", cc],
  ["GNU time (/usr/bin/time)", existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined],
].filter(([, p]) => p === undefined).map(([n]) => n!);
if (missing.length > 0 && !kspecOnly) {
  console.error(`bench: missing ${missing.join(", ")}.`);
  console.error("Install them from your distribution's packages, for example on Debian or Ubuntu:");
  console.error("  sudo apt-get install spin rumur gcc time");
  console.error("or run `npm run bench -- --kspec-only`. The benchmark installs nothing by itself.");
  process.exit(2);
}

// ---------------------------------------------------------------- models
interface Model {
  readonly name: string; // peer model name
  readonly spec: string;
  readonly consts: Record<string, number>;
  readonly expect: number | undefined; // agreed distinct states (shared/peers/README.md)
  readonly racy?: boolean;
  readonly role?: string;
}
const dax = (n: number, p: number, expect: number | undefined, role?: string): Model => ({
  name: `dax_safe_N${n}_P${p}`, spec: "specs/bench/dax-safe.kspec", consts: { FAULTS: n, PAGES: p }, expect, ...(role ? { role } : {}),
});
const models: Model[] = quick
  ? [dax(3, 3, 2876, "small"), { name: "dax_racy_N3_P3", spec: "specs/bench/dax-racy.kspec", consts: { FAULTS: 3, PAGES: 3 }, expect: undefined, racy: true }, { name: "phil_N6", spec: "specs/bench/philosophers.kspec", consts: { N: 6 }, expect: 169 }]
  : [
      dax(5, 4, 650_416, "small"),
      dax(5, 5, 3_342_128, "medium"),
      dax(5, 6, 14_758_528, "large"),
      { name: "dax_racy_N5_P5", spec: "specs/bench/dax-racy.kspec", consts: { FAULTS: 5, PAGES: 5 }, expect: undefined, racy: true },
      { name: "phil_N16", spec: "specs/bench/philosophers.kspec", consts: { N: 16 }, expect: 1_136_689 },
    ];

// ---------------------------------------------------------------- measuring
interface Run {
  readonly seconds: number;
  readonly peakMiB: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number;
}

/** Runs a command under GNU time; wall seconds and peak resident memory. */
function timed(cmd: string, argv: string[], cwd: string): Run {
  const useTime = existsSync("/usr/bin/time");
  const r = useTime
    ? spawnSync("/usr/bin/time", ["-f", "KSPEC_BENCH %e %M", cmd, ...argv], { cwd, encoding: "utf8", maxBuffer: 1 << 28 })
    : spawnSync(cmd, argv, { cwd, encoding: "utf8", maxBuffer: 1 << 28 });
  const m = /KSPEC_BENCH ([\d.]+) (\d+)/.exec(r.stderr ?? "");
  return { seconds: m ? Number(m[1]) : NaN, peakMiB: m ? Number(m[2]) / 1024 : NaN, stdout: r.stdout ?? "", stderr: r.stderr ?? "", status: r.status ?? -1 };
}

function median(xs: Run[]): Run {
  const s = [...xs].sort((a, b) => a.seconds - b.seconds);
  return s[Math.floor(s.length / 2)]!;
}

interface Row {
  readonly model: string;
  readonly tool: string;
  readonly config: string;
  readonly states: number | undefined;
  readonly seconds: number;
  readonly peakMiB: number;
  readonly note: string;
  readonly storeBytes?: number;
}
const rows: Row[] = [];
const problems: string[] = [];
const notes: string[] = [];

function kspec(m: Model, workers: number, store: "exact" | "fingerprint"): Row {
  // The built command, as users run it (running the sources costs Node's type stripping).
  const argv = [join(ROOT, "bin/kspec.js"), "check", m.spec, "--json", "--workers", String(workers), "--store", store];
  for (const [k, v] of Object.entries(m.consts)) argv.push("-c", `${k}=${v}`);
  const rs: Run[] = [];
  for (let i = 0; i < runs; i++) rs.push(timed(process.execPath, argv, ROOT));
  const r = median(rs);
  let states: number | undefined;
  let note = "";
  let storeBytes: number | undefined;
  try {
    const j = JSON.parse(r.stdout) as { verdict: string; stats: { distinct: number; storeBytes: number; seconds: number }; violation?: { trace: unknown[] } };
    states = m.racy ? undefined : j.stats.distinct;
    storeBytes = j.stats.storeBytes;
    note = m.racy ? `counterexample: ${(j.violation?.trace.length ?? 1) - 1} transitions` : `check ${j.stats.seconds.toFixed(2)} s`;
    if (m.racy && j.verdict !== "violation") problems.push(`${m.name}: kspec found no violation`);
  } catch {
    problems.push(`${m.name}: kspec ${workers}w ${store} failed: ${r.stderr.slice(0, 300)}`);
  }
  return { model: m.name, tool: "kspec", config: `${workers} worker${workers > 1 ? "s" : ""}, ${store}`, states, seconds: r.seconds, peakMiB: r.peakMiB, note, ...(storeBytes !== undefined ? { storeBytes } : {}) };
}

function peerModels(): void {
  mkdirSync(OUT, { recursive: true });
  const dax = models.filter((m) => m.spec.includes("dax")).map((m) => `${m.consts["FAULTS"]}x${m.consts["PAGES"]}`);
  const phil = models.filter((m) => m.name.startsWith("phil")).map((m) => String(m.consts["N"]));
  execFileSync("python3", [join(ROOT, "bench/peers/gen.py"), [...new Set(dax)].join(","), phil.join(",")], { env: { ...process.env, PEERS_OUT: join(OUT, "models") }, stdio: "ignore" });
}

function spin(m: Model, variant: "exact" | "HC4"): Row {
  const dir = join(OUT, "models", "spin");
  const exe = `pan_${m.name}_${variant}`;
  execFileSync("spin", ["-a", `${m.name}.pml`], { cwd: dir, stdio: "ignore" });
  // BFS for the racy model, so the counterexample is a shortest one (as TLC's).
  const defs = ["-O2", "-DSAFETY", "-DNOREDUCE", "-DMEMLIM=20000", ...(variant === "HC4" ? ["-DHC4"] : []), ...(m.racy ? ["-DBFS"] : [])];
  execFileSync(cc!, [...defs, "-o", exe, "pan.c"], { cwd: dir, stdio: "ignore" });
  const rs: Run[] = [];
  // A deep DFS stack: the philosophers need more than the 300,000 of the peers' README.
  for (let i = 0; i < runs; i++) rs.push(timed(`./${exe}`, m.racy ? ["-E"] : ["-m5000000", "-E"], dir));
  const r = median(rs);
  if (r.stdout.includes("max search depth too small")) problems.push(`${m.name}: SPIN's search depth limit truncated the search`);
  const stored = /(\d+) states, stored/.exec(r.stdout);
  const depth = /assertion violated.*\(at depth (\d+)\)/.exec(r.stdout);
  return {
    model: m.name, tool: "SPIN", config: variant === "exact" ? "exact store" : "-DHC4",
    states: m.racy ? undefined : stored ? Number(stored[1]) : undefined,
    seconds: r.seconds, peakMiB: r.peakMiB,
    note: m.racy ? (depth ? `counterexample: ${depth[1]} transitions` : "no counterexample?") : "",
  };
}

function rumur(m: Model, threads: number): Row {
  const dir = join(OUT, "models", "rumur");
  const c = `v_${m.name}_${threads}.c`;
  const exe = `v_${m.name}_${threads}`;
  execFileSync("rumur", ["--deadlock-detection", "off", "--threads", String(threads), `${m.name}.m`, "-o", c], { cwd: dir, stdio: "ignore" });
  execFileSync(cc!, ["-std=c11", "-O3", "-march=native", "-mcx16", "-o", exe, c, "-lpthread"], { cwd: dir, stdio: "ignore" });
  const rs: Run[] = [];
  for (let i = 0; i < runs; i++) rs.push(timed(`./${exe}`, [], dir));
  const r = median(rs);
  const states = /(\d+) states, \d+ rules fired/.exec(r.stdout);
  const steps = (r.stdout.match(/^Rule .* fired\.$/gm) ?? []).length;
  return { model: m.name, tool: "Rumur", config: `${threads} thread${threads > 1 ? "s" : ""}`, states: m.racy ? undefined : states ? Number(states[1]) : undefined, seconds: r.seconds, peakMiB: r.peakMiB, note: m.racy ? `counterexample: ${steps} transitions` : "" };
}

// ---------------------------------------------------------------- run
const cores = cpus().length;
console.log(`kspec benchmark: ${cores} cores, Node ${process.versions.node}, ${runs} run${runs > 1 ? "s" : ""} per row${quick ? ", quick sizes" : ""}`);
execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: "ignore" });
if (!kspecOnly) peerModels();
for (const m of models) {
  process.stderr.write(`  ${m.name} ...\n`);
  const configs: [number, "exact" | "fingerprint"][] = m.racy ? [[1, "exact"], [2, "exact"]] : [[1, "exact"], [2, "exact"], [1, "fingerprint"], [2, "fingerprint"]];
  for (const [w, s] of configs) rows.push(kspec(m, w, s));
  if (!kspecOnly) {
    rows.push(spin(m, "exact"));
    if (!m.racy) rows.push(spin(m, "HC4"));
    rows.push(rumur(m, 1));
    rows.push(rumur(m, 2));
  }
  // Every tool must agree on the number of distinct states.
  const counts = rows.filter((r) => r.model === m.name && r.states !== undefined);
  for (const r of counts) {
    if (m.expect === undefined || r.states === m.expect) continue;
    // Hash compaction is lossy by design: a shortfall is its expected behaviour, not a disagreement.
    if (r.config === "-DHC4") notes.push(`${m.name}: SPIN -DHC4 stored ${r.states!.toLocaleString("en-US")} of ${m.expect.toLocaleString("en-US")} states (lossy hash compaction)`);
    else problems.push(`${m.name}: ${r.tool} ${r.config} found ${r.states} states, expected ${m.expect}`);
  }
}

// ---------------------------------------------------------------- report
const base = (model: string): Row | undefined => rows.find((r) => r.model === model && r.tool === "kspec" && r.config === "1 worker, exact");
const fmt = (n: number, d = 2): string => (Number.isFinite(n) ? n.toFixed(d) : "n/a");
const table = [["model", "tool", "config", "states", "wall s", "states/s", "peak MiB", "kspec 1w / this", "note"]];
for (const r of rows) {
  const b = base(r.model);
  const ratio = b && r !== b ? fmt(b.seconds / r.seconds) : "";
  table.push([r.model, r.tool, r.config, r.states?.toLocaleString("en-US") ?? "-", fmt(r.seconds), r.states ? Math.round(r.states / r.seconds).toLocaleString("en-US") : "-", fmt(r.peakMiB, 0), ratio, r.note]);
}
const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
for (const [i, row] of table.entries()) {
  console.log(row.map((c, j) => (j >= 3 && j <= 7 ? c.padStart(widths[j]!) : c.padEnd(widths[j]!))).join("  "));
  if (i === 0) console.log(widths.map((w) => "-".repeat(w)).join("  "));
}

// The targets, computed from this run.
console.log("\nTargets:");
const find = (model: string, tool: string, config: string): Row | undefined => rows.find((r) => r.model === model && r.tool === tool && r.config === config);
for (const model of ["dax_safe_N5_P5", "phil_N16", "dax_safe_N3_P3", "phil_N6"]) {
  const k = find(model, "kspec", "1 worker, exact");
  const s = find(model, "SPIN", "exact store");
  if (k && s) console.log(`  ${model}: kspec 1 worker exact / SPIN exact wall time = ${fmt(k.seconds / s.seconds)}x (goal <= 1.0x, floor < 2.0x)`);
}
for (const m of models.filter((x) => x.role !== undefined)) {
  for (const store of ["exact", "fingerprint"]) {
    const w1 = find(m.name, "kspec", `1 worker, ${store}`);
    const w2 = find(m.name, "kspec", `2 workers, ${store}`);
    if (w1 && w2) console.log(`  ${m.name} (${m.role}), ${store}: 2 workers / 1 worker states/s = ${fmt(w1.seconds / w2.seconds)}x (goal >= 1.7x on the ~10 s size; wall time includes start-up and compilation)`);
  }
}
const large = models.find((m) => m.role === "large") ?? models[0]!;
for (const w of [1, 2]) {
  const f = find(large.name, "kspec", `${w} worker${w > 1 ? "s" : ""}, fingerprint`);
  if (f?.states) console.log(`  ${large.name}: fingerprint, ${w} worker${w > 1 ? "s" : ""}: ${fmt((f.peakMiB * 2 ** 20) / f.states, 1)} bytes per state of peak memory, ${fmt((f.storeBytes ?? NaN) / f.states, 1)} in the store and frontier (goal <= 16)`);
}
for (const r of rows.filter((x) => x.model.startsWith("dax_racy"))) console.log(`  ${r.model}: ${r.tool} ${r.config}: ${r.note}, ${fmt(r.seconds)} s`);

for (const n of notes) console.log(`  note: ${n}`);
if (problems.length > 0) {
  console.log("\nPROBLEMS:");
  for (const p of problems) console.log(`  ${p}`);
  process.exit(1);
}
console.log("\nAll exact distinct-state counts agree.");
