// What every command writes through: stdout, stderr and whether to colour; the colour scheme; and
// reading and compiling a spec with its diagnostics printed.
import pc from "picocolors";
import { compileSpec, type Compiled } from "../compile/index.ts";
import { renderDiagnostic, SourceFile, type Diagnostic } from "../diag/diagnostic.ts";
import { invalidUtf8, readSpecFile } from "../modules/read.ts";
import { UsageError } from "./options.ts";

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  color: boolean;
}

export function colorFn(io: Io): (kind: string, s: string) => string {
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
      case "ok": return pc.green(s);
      default: return s;
    }
  };
}

/** The spec's text and the diagnostics of reading it (invalid UTF-8); unreadable is a usage error. */
function readSpec(path: string): { text: string; diagnostics: Diagnostic[] } {
  const r = readSpecFile(path);
  if ("problem" in r) throw new UsageError(r.problem);
  return { text: r.text, diagnostics: r.invalid ? [invalidUtf8(new SourceFile(path, r.text), r.invalid)] : [] };
}

/** Compiles and prints diagnostics; returns undefined (after printing) when there are errors. */
export function compileOrReport(io: Io, path: string, consts: Map<string, string>, runtimeImport?: string): (Compiled & { code: string }) | undefined {
  const src = readSpec(path);
  const r = compileSpec(path, src.text, { constOverrides: consts, ...(runtimeImport ? { runtimeImport } : {}) });
  const color = colorFn(io);
  const all = [...src.diagnostics, ...r.diagnostics];
  for (const d of all) io.err(renderDiagnostic(d, r.file, { color }) + "\n");
  if (r.code === undefined || src.diagnostics.length > 0) {
    const n = all.filter((d) => d.severity === "error").length;
    io.err(`${color("error", "error")}: ${n} error${n === 1 ? "" : "s"} in ${path}\n`);
    return undefined;
  }
  return r as Compiled & { code: string };
}
