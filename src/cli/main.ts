// The kspec command line. Exit codes (also in README.md):
//   0  every property holds (check), or the command succeeded
//   1  a property is violated: invariant, assertion, deadlock, or a run-time error such as a value
//      out of range; the counterexample is printed
//   2  the spec has errors, or the command line is wrong
//   3  the check stopped at a limit (--max-states) before exploring every state
//   70 internal error in kspec itself (please report it)
import { readFileSync, writeFileSync } from "node:fs";
import { Command, CommanderError, Option } from "commander";
import pc from "picocolors";
import { compileSpec, type Compiled } from "../compile/index.ts";
import { renderDiagnostic } from "../diag/diagnostic.ts";
import { loadMachine } from "../load.ts";
import { check, formatTrace, resultToJson, type CheckResult, type Machine } from "../runtime/index.ts";

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
  return `${s.distinct.toLocaleString("en-US")} distinct states, ${s.generated.toLocaleString("en-US")} generated, depth ${s.depth}, ${fmtSeconds(s.seconds)}`;
}

function printResult(io: Io, m: Machine, r: CheckResult, fullStates: boolean): void {
  const color = colorFn(io);
  if (r.verdict === "ok") {
    const props = [...m.invariants.map((i) => i.name)];
    const holds = io.color ? pc.green("all properties hold") : "all properties hold";
    io.out(`${color("title", m.name)}: ${holds}${props.length > 0 ? ` (${props.join(", ")})` : ""}\n`);
    io.out(`  ${summary(r)}\n`);
    return;
  }
  if (r.verdict === "limit") {
    io.out(`${color("title", m.name)}: stopped at the state limit; no violation in the states explored\n  ${summary(r)}\n`);
    return;
  }
  const v = r.violation!;
  const site = v.site !== undefined ? m.sites[v.site] : undefined;
  const what = v.kind === "invariant" ? `invariant ${v.property} is violated` : v.kind === "deadlock" ? "deadlock" : v.message;
  io.out(`${color("error", "violation")}: ${what}\n`);
  if (site) {
    const g = String(site.line);
    io.out(`  ${color("loc", `${m.file}:${site.line}:${site.col}`)}\n`);
    io.out(`  ${g} | ${site.text}\n  ${" ".repeat(g.length)} | ${" ".repeat(site.col - 1)}${color("caret", "^" + "~".repeat(site.length - 1))}\n`);
  }
  if (v.kind === "deadlock") io.out("  no step is enabled, and not every process is done (declare `terminal <predicate>` if this end is legitimate)\n");
  io.out(formatTrace(m, v, { fullStates, color }) + "\n");
  io.out(`  ${summary(r)}\n`);
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
    .option("--max-states <n>", "stop after this many distinct states (exit 3)", (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--max-states expects a positive integer, got '${v}'`);
      return n;
    })
    .action((spec: string, o: { const: string[]; deadlock: boolean; fullStates?: boolean; json?: boolean; maxStates?: number }) => {
      const compiled = compileOrReport(io, spec, parseConsts(o.const));
      if (!compiled) {
        exit = EXIT.error;
        return;
      }
      const m = loadMachine(compiled.code);
      const onProgress = process.stderr.isTTY && !o.json
        ? (p: { distinct: number; frontier: number; seconds: number }) => io.err(`\r  ${p.distinct.toLocaleString("en-US")} states, frontier ${p.frontier.toLocaleString("en-US")}, ${p.seconds.toFixed(0)} s`)
        : undefined;
      const r = check(m, { deadlock: o.deadlock, ...(o.maxStates !== undefined ? { maxStates: o.maxStates } : {}), ...(onProgress ? { onProgress } : {}) });
      if (onProgress) io.err("\r\x1b[K");
      if (o.json) io.out(JSON.stringify(resultToJson(m, r), null, 2) + "\n");
      else printResult(io, m, r, o.fullStates ?? false);
      exit = r.verdict === "ok" ? EXIT.ok : r.verdict === "limit" ? EXIT.limit : EXIT.violation;
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
