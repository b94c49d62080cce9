// What every command writes through: stdout, stderr and whether to colour; the colour scheme; and
// reading and compiling a spec with its diagnostics printed.
import { readFileSync } from "node:fs";
import pc from "picocolors";
import { compileSpec, type Compiled } from "../compile/index.ts";
import { renderDiagnostic } from "../diag/diagnostic.ts";
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

function readSpec(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === "ENOENT" ? `no such file: ${path}` : code === "EISDIR" ? `${path} is a directory, not a spec` : `cannot read ${path}: ${(e as Error).message}`);
  }
}

/** Compiles and prints diagnostics; returns undefined (after printing) when there are errors. */
export function compileOrReport(io: Io, path: string, consts: Map<string, string>, runtimeImport?: string): (Compiled & { code: string }) | undefined {
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
