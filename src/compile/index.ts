// The pipeline: source -> Parsed -> Checked -> TypeScript module text. Each stage stops the
// pipeline only on errors of its own; warnings ride along.
import { hasErrors, SourceFile, type Diagnostic } from "../diag/diagnostic.ts";
import { analyze } from "../sema/analyze.ts";
import type { Checked } from "../sema/model.ts";
import { parseSpec, type Parsed } from "../syntax/index.ts";
import { loadImports, type ReadFile } from "../modules/load.ts";
import { expandMacros } from "../sema/macros.ts";
import { emitModule, type EmitOptions } from "./module.ts";

export interface CompileOptions extends EmitOptions {
  readonly constOverrides?: ReadonlyMap<string, string>;
  /** How imported files are read (default: from disk); undefined means "no such file". */
  readonly readFile?: ReadFile;
}

export interface Compiled {
  readonly file: SourceFile;
  readonly parsed: Parsed;
  readonly checked: Checked | undefined;
  /** The TypeScript module, when there were no errors. */
  readonly code: string | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

export function compileSpec(path: string, text: string, opts: CompileOptions = {}): Compiled {
  const file = new SourceFile(path, text);
  const parsed = parseSpec(file);
  // Imported modules' declarations come first; then macro calls are spliced in.
  const loaded = loadImports(parsed, opts.readFile);
  const expanded = expandMacros([...loaded.decls, ...parsed.ast.decls.filter((d) => d.kind !== "import")], loaded.nodeCount);
  const whole: Parsed = { ...parsed, ast: { ...parsed.ast, decls: expanded.decls, nodeCount: expanded.nodeCount } };
  // Names and types run even after syntax errors, on the recovered tree, so one run reports
  // mistakes of every kind; nodes the parser could not build are skipped silently.
  const checked = analyze(whole, opts.constOverrides ? { constOverrides: opts.constOverrides } : {});
  const diagnostics = sortDiagnostics([...parsed.diagnostics, ...loaded.diagnostics, ...expanded.diagnostics, ...checked.diagnostics]);
  if (hasErrors(diagnostics)) return { file, parsed, checked, code: undefined, diagnostics };
  return { file, parsed, checked, code: emitModule(checked, opts), diagnostics };
}

function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds
    .filter((d) => {
      // The recovering parser may report twice at one place: keep the first.
      const where = `${d.span?.file?.path ?? ""}:${d.span?.start}`;
      const key = d.code.startsWith("KS1") ? `${d.code}:${where}` : `${d.code}:${where}:${d.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    // Imported files first (in order of their paths), then the spec, each by position.
    .sort((a, b) => (a.span?.file ? 0 : 1) - (b.span?.file ? 0 : 1) || (a.span?.file?.path ?? "").localeCompare(b.span?.file?.path ?? "") || (a.span?.start ?? -1) - (b.span?.start ?? -1));
}
