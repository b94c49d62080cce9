// The kspec command line. Exit codes (also in README.md):
//   0  every property holds (check), or the command succeeded
//   1  a property is violated: invariant, assertion, deadlock, or a run-time error such as a value
//      out of range; the counterexample is printed (fmt --check: a file is not formatted)
//   2  the spec has errors, or the command line is wrong
//   3  the check stopped before exploring every state: --max-states, --max-memory, --time-limit,
//      or Ctrl-C (a second Ctrl-C exits at once with 130)
//   70 internal error in kspec itself (please report it)
import { readFileSync, writeFileSync } from "node:fs";
import { Command, CommanderError, Option } from "commander";
import pc from "picocolors";
import { compileSpec, type Compiled } from "../compile/index.ts";
import { renderDiagnostic } from "../diag/diagnostic.ts";
import { availableParallelism } from "node:os";
import { toJs } from "../load.ts";
import { formatTrace, resultToJson, type CheckResult, type Machine, type Progress } from "../runtime/index.ts";
import { checkParallel } from "../runtime/parallel.ts";

export const EXIT = { ok: 0, violation: 1, error: 2, limit: 3, internal: 70 } as const;

class UsageError extends Error {}

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  color: boolean;
}

function parseConsts(list: readonly string[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const item of list) {
    const eq = item.indexOf("=");
    if (eq <= 0) throw new UsageError(`--const expects NAME=VALUE, got '${item}'`);
    m.set(item.slice(0, eq), item.slice(eq + 1));
  }
  return m;
}

function readSpec(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === "ENOENT" ? `no such file: ${path}` : code === "EISDIR" ? `${path} is a directory, not a spec` : `cannot read ${path}: ${(e as Error).message}`);
  }
}

function colorFn(io: Io): (kind: string, s: string) => string {
  if (!io.color) return (_k, s) => s;
  return (kind, s) => {
    switch (kind) {
      case "error": return pc.bold(pc.red(s));
      case "warning": return pc.bold(pc.yellow(s));
      case "caret": return pc.red(s);
      case "hint": return pc.cyan(s);
      case "loc": case "title": return pc.bold(s);
      case "step": return pc.bold(pc.cyan(s));
      case "name": return pc.bold(s);
      case "dim": return pc.dim(s);
      default: return s;
    }
  };
}

/** Compiles and prints diagnostics; returns undefined (after printing) when there are errors. */
function compileOrReport(io: Io, path: string, consts: Map<string, string>, runtimeImport?: string): Compiled & { code: string } | undefined {
  const r = compileSpec(path, readSpec(path), { constOverrides: consts, ...(runtimeImport ? { runtimeImport } : {}) });
  const color = colorFn(io);
  for (const d of r.diagnostics) io.err(renderDiagnostic(d, r.file, { color }) + "\n");
  if (r.code === undefined) {
    const n = r.diagnostics.filter((d) => d.severity === "error").length;
    io.err(`${color("error", "error")}: ${n} error${n === 1 ? "" : "s"} in ${path}\n`);
    return undefined;
  }
  return r as Compiled & { code: string };
}

function fmtSeconds(s: number): string {
  return s < 10 ? `${s.toFixed(2)} s` : `${s.toFixed(1)} s`;
}

function summary(r: CheckResult): string {
  const s = r.stats;
  const parts = [`${s.distinct.toLocaleString("en-US")} distinct states`, `${s.generated.toLocaleString("en-US")} generated`, `depth ${s.depth}`, fmtSeconds(s.seconds)];
  if (r.verdict !== "violation" && s.workers !== undefined && s.workers > 1) parts.push(`${s.workers} workers`);
  let out = parts.join(", ");
  if (s.store === "fingerprint") out += `\n  fingerprint store: probability that a collision hid a state is about ${(s.collisionProbability ?? 0).toExponential(1)}`;
  return out;
}

function printResult(io: Io, m: Machine, r: CheckResult, fullStates: boolean): void {
  const color = colorFn(io);
  if (r.verdict === "ok") {
    const props = [...m.invariants.map((i) => i.name), ...m.properties.map((p) => p.name)];
    const holds = io.color ? pc.green("all properties hold") : "all properties hold";
    io.out(`${color("title", m.name)}: ${holds}${props.length > 0 ? ` (${props.join(", ")})` : ""}\n`);
    io.out(`  ${summary(r)}\n`);
    return;
  }
  if (r.verdict === "limit") {
    const why = { states: "the state limit (--max-states)", time: "the time limit (--time-limit)", memory: "the memory limit (--max-memory)", interrupted: "an interrupt", depth: "the depth limit" }[r.limit ?? "states"];
    io.out(`${color("title", m.name)}: ${color("warning", "incomplete")}: stopped at ${why}; no violation in the states explored\n  ${summary(r)}\n`);
    return;
  }
  const v = r.violation!;
  const site = v.site !== undefined ? m.sites[v.site] : undefined;
  const what = v.kind === "invariant" ? `invariant ${v.property} is violated` : v.kind === "deadlock" ? "deadlock" : v.message;
  io.out(`${color("error", "violation")}: ${what}\n`);
  if (site) {
    const g = String(site.line);
    io.out(`  ${color("loc", `${site.file ?? m.file}:${site.line}:${site.col}`)}\n`);
    io.out(`  ${g} | ${site.text}\n  ${" ".repeat(g.length)} | ${" ".repeat(site.col - 1)}${color("caret", "^" + "~".repeat(site.length - 1))}\n`);
  }
  if (v.kind === "deadlock") io.out(`  no step is enabled${m.vars.some((x) => x.name.endsWith(".pc")) ? ", and not every process is done" : ""} (declare \`terminal <predicate>\` if this end is legitimate)\n`);
  io.out(formatTrace(m, v, { fullStates, color }) + "\n");
  io.out(`  ${summary(r)}\n`);
}

interface CheckFlags {
  const: string[];
  deadlock: boolean;
  fullStates?: boolean;
  json?: boolean;
  workers?: number;
  store: "auto" | "exact" | "fingerprint";
  maxStates?: number;
  maxMemory?: number;
  timeLimit?: number;
}

function positiveInt(flag: string): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${flag} expects a positive integer, got '${v}'`);
    return n;
  };
}

function parseSize(v: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?$/i.exec(v.trim());
  if (!m) throw new UsageError(`--max-memory expects a size such as 4G or 512M, got '${v}'`);
  const unit = { "": 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 }[m[2]!.toLowerCase() as "" | "k" | "m" | "g" | "t"];
  return Number(m[1]) * unit;
}

function parseDuration(v: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(s|m|h)?$/i.exec(v.trim());
  if (!m) throw new UsageError(`--time-limit expects a duration such as 90s, 10m or 2h, got '${v}'`);
  return Number(m[1]) * { s: 1, m: 60, h: 3600 }[(m[2] ?? "s").toLowerCase() as "s" | "m" | "h"];
}

function fmtBytes(b: number): string {
  return b >= 2 ** 30 ? `${(b / 2 ** 30).toFixed(1)} GiB` : `${(b / 2 ** 20).toFixed(0)} MiB`;
}

function fmtElapsed(s: number): string {
  const m = Math.floor(s / 60);
  return `${m}:${String(Math.floor(s % 60)).padStart(2, "0")}`;
}

async function runCheck(io: Io, spec: string, o: CheckFlags): Promise<number> {
  const compiled = compileOrReport(io, spec, parseConsts(o.const));
  if (!compiled) return EXIT.error;
  const signal = { stopped: false };
  const onSigint = (): void => {
    if (signal.stopped) process.exit(130);
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
      store: o.store,
      signal,
      onProgress,
      progressMs: tty ? 250 : 1000,
      ...(o.maxStates !== undefined ? { maxStates: o.maxStates } : {}),
      ...(o.maxMemory !== undefined ? { maxMemory: o.maxMemory } : {}),
      ...(o.timeLimit !== undefined ? { timeLimit: o.timeLimit } : {}),
    });
  } finally {
    process.off("SIGINT", onSigint);
    if (tty) io.err("\r\x1b[K");
  }
  if (o.json) io.out(JSON.stringify(resultToJson(r.machine, r), null, 2) + "\n");
  else printResult(io, r.machine, r, o.fullStates ?? false);
  return r.verdict === "ok" ? EXIT.ok : r.verdict === "limit" ? EXIT.limit : EXIT.violation;
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
  let exit: number = EXIT.ok;
  const program = new Command();
  program
    .name("kspec")
    .description("Specify and model-check kernel concurrency protocols.")
    .version("0.1.0")
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError("(run kspec --help for usage)");

  const constOption = (): Option => new Option("-c, --const <NAME=VALUE...>", "override a constant (repeatable)").default([]);

  program
    .command("check")
    .description("explore every reachable state and check invariants, assertions and deadlock")
    .argument("<spec>", "the .kspec file")
    .addOption(constOption())
    .option("--no-deadlock", "do not report states without successors")
    .option("--full-states", "print whole states in the trace, not only what changed")
    .option("--json", "print the result as JSON on stdout")
    .option("-w, --workers <n>", "worker threads (default: the number of cores)", positiveInt("--workers"))
    .addOption(new Option("--store <mode>", "visited states: exact, fingerprint (64-bit hashes), or auto (exact while it fits)").choices(["auto", "exact", "fingerprint"]).default("auto"))
    .option("--max-states <n>", "stop after this many distinct states (exit 3)", positiveInt("--max-states"))
    .option("--max-memory <size>", "stop when memory use exceeds this, e.g. 4G or 512M (exit 3)", parseSize)
    .option("--time-limit <duration>", "stop after this long, e.g. 90, 90s, 10m, 2h (exit 3)", parseDuration)
    .action(async (spec: string, o: CheckFlags) => {
      exit = await runCheck(io, spec, o);
    });

  program
    .command("compile")
    .description("compile a spec to a self-contained TypeScript module implementing the kspec Machine interface")
    .argument("<spec>", "the .kspec file")
    .requiredOption("-o, --out <file>", "where to write the TypeScript module")
    .addOption(constOption())
    .option("--runtime-import <module>", "module the generated code imports the runtime from", "kspec/runtime")
    .action((spec: string, o: { out: string; const: string[]; runtimeImport: string }) => {
      const compiled = compileOrReport(io, spec, parseConsts(o.const), o.runtimeImport);
      if (!compiled) {
        exit = EXIT.error;
        return;
      }
      writeFileSync(o.out, compiled.code);
      io.err(`wrote ${o.out}\n`);
    });

  program
    .command("fmt")
    .description("format specs in place with the kspec prettier plugin and your prettier configuration")
    .argument("[paths...]", "spec files, or directories searched for *.kspec (default: the current directory)")
    .option("--check", "change nothing; list the files that are not formatted and exit 1 if there are any")
    .action(async (paths: string[], o: { check?: boolean }) => {
      const { fmtCommand } = await import("./fmt.ts");
      const color = colorFn(io);
      exit = await fmtCommand(paths, { check: o.check === true, render: (d, file) => renderDiagnostic(d, file, { color }) }, io);
    });

  program
    .command("lsp")
    .description("run the kspec language server over stdin/stdout, for editors")
    .option("--stdio", "talk over stdin/stdout (the only transport; accepted for editor clients)")
    // Editor clients may add their own flags (`--clientProcessId=<pid>`): accept and ignore them.
    .addOption(new Option("--clientProcessId <pid>").hideHelp())
    .allowUnknownOption()
    .action(async () => {
      const { runLanguageServer } = await import("../lsp/server.ts");
      exit = await runLanguageServer();
    });

  try {
    await program.parseAsync(["node", "kspec", ...argv]);
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? EXIT.ok : EXIT.error;
    }
    if (e instanceof UsageError) {
      io.err(`${colorFn(io)("error", "error")}: ${e.message}\n`);
      return EXIT.error;
    }
    throw e;
  }
  return exit;
}

// `kspec check ... | head` closes stdout early: that is not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw e;
});

const isMain = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  const io: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s), color: pc.isColorSupported && process.stdout.isTTY === true };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`kspec: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\nPlease report this with the spec that caused it.\n`);
      process.exitCode = EXIT.internal;
    },
  );
}
