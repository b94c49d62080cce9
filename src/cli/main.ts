// The kspec command line: the commands and their options (commander), and the one wrapper every
// command runs inside: a mistake on the command line is a message and exit 2; anything else that
// escapes a command is an internal error (exit 70, the stack only with KSPEC_DEBUG=1). Exit codes
// are listed in exit.ts and README.md.
import { statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { Command, CommanderError, Option } from "commander";
import pc from "picocolors";
import { renderDiagnostic } from "../diag/diagnostic.ts";
import { runCheck, type CheckFlags } from "./check-command.ts";
import { EXIT } from "./exit.ts";
import { colorFn, compileOrReport, type Io } from "./io.ts";
import { collectConst, nonNegativeInt, parseConsts, parseDuration, parseSize, positiveInt, UsageError } from "./options.ts";

export { EXIT } from "./exit.ts";

/** More threads than this only cost memory (each is a V8 isolate with its own tables). */
const MAX_WORKERS = 256;
export type { Io } from "./io.ts";

/** Writes the compiled module to `out`, or says what is wrong with the path (exit 2). */
function writeOutput(out: string, code: string): void {
  if (out.trim() === "") throw new UsageError("-o needs a file path, got an empty one");
  try {
    writeFileSync(out, code);
  } catch (e) {
    const err = (e as NodeJS.ErrnoException).code;
    if (err === "EISDIR" || (err === undefined && isDirectory(out))) throw new UsageError(`cannot write ${out}: it is a directory`, `give -o a file path, such as ${out.replace(/\/+$/, "")}/spec.ts`);
    if (err === "ENOENT" && !isDirectory(dirname(out))) throw new UsageError(`cannot write ${out}: the directory ${dirname(out)} does not exist`, "create it first, or write somewhere that exists");
    if (err === "ENOTDIR") throw new UsageError(`cannot write ${out}: a part of the path is a file, not a directory`);
    if (err === "EACCES" || err === "EPERM" || err === "EROFS") throw new UsageError(`cannot write ${out}: permission denied`);
    throw new UsageError(`cannot write ${out}: ${(e as Error).message}`);
  }
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
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

  // One NAME=VALUE per -c (repeat it): a variadic option would also swallow the spec's path.
  const constOption = (): Option => new Option("-c, --const <NAME=VALUE>", "override a constant (repeatable: -c A=1 -c B=2)").argParser(collectConst).default([]);

  program
    .command("check")
    .description("explore every reachable state and check invariants, assertions and deadlock")
    .argument("<spec>", "the .kspec file")
    .addOption(constOption())
    .option("--no-deadlock", "do not report states without successors")
    .option("--no-stuck", "do not report stuck process members (a member that can never move again while others run on)")
    .option("--full-states", "print whole states in the trace, not only what changed")
    .option("--json", "print the result as JSON on stdout")
    .option("-w, --workers <n>", `worker threads, 1 .. ${MAX_WORKERS} (default: the number of cores)`, positiveInt("--workers", MAX_WORKERS))
    .addOption(new Option("--store <mode>", "visited states: exact, fingerprint (64-bit hashes), or auto (exact while it fits)").choices(["auto", "exact", "fingerprint"]).default("auto"))
    .option("--exact-budget <size>", "with --store auto: memory the exact states may take before the switch to fingerprints (default 1G)", parseSize("--exact-budget"))
    .option("--max-states <n>", "stop after this many distinct states (exit 3)", positiveInt("--max-states"))
    .option("--max-memory <size>", "stop when memory use exceeds this, e.g. 4G or 512M (exit 3; default: half the memory available)", parseSize("--max-memory"))
    .option("--time-limit <duration>", "stop after this long, e.g. 90, 90s, 10m, 2h (exit 3)", parseDuration)
    .option("--stuck-limit <n>", "run the stuck check (a second exploration) on graphs of up to n states (default 250000; it always runs with temporal properties or --only stuck)", nonNegativeInt("--stuck-limit"))
    .option("--max-depth <n>", "keep only states at most n steps from an initial state (depth 0: the initial states; exit 3 if that left a state out)", nonNegativeInt("--max-depth"))
    .option("--only <names>", "check only these properties, comma-separated: invariants, named asserts, covers, temporal properties, `assert` (the unnamed asserts), deadlock, stuck")
    .option("--max-violations <n>", "go on after a violation until n are found, each of a different property or a different deadlock state, each with its own shortest trace (default 1)", positiveInt("--max-violations"))
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
      writeOutput(o.out, compiled.code);
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
      const color = colorFn(io);
      io.err(`${color("error", "error")}: ${e.message}\n${e.hint !== undefined ? `  ${color("hint", "hint:")} ${e.hint}\n` : ""}`);
      return EXIT.error;
    }
    throw e;
  }
  return exit;
}

/**
 * Runs `main` and turns anything it throws into the internal-error report: a short message asking
 * for a report, the stack only with KSPEC_DEBUG=1, exit 70. Used by bin/kspec.js and below.
 */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  try {
    return await main(argv, io);
  } catch (e) {
    const debug = process.env["KSPEC_DEBUG"] === "1";
    const what = e instanceof Error ? (debug ? (e.stack ?? e.message) : e.message) : String(e);
    io.err(`kspec: internal error: ${what}\nThis is a bug in kspec, not in your spec: please report it with the spec and the command line${debug ? "" : " (KSPEC_DEBUG=1 prints the stack)"}.\n`);
    return EXIT.internal;
  }
}

// `kspec check ... | head` closes stdout early: that is not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw e;
});

const isMain = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  const io: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s), color: pc.isColorSupported && process.stdout.isTTY === true };
  void run(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
