// Imports: `import rwsem` loads lib/rwsem.kspec from kspec's standard library, `import "x.kspec"`
// a file relative to the importing one. Every file is parsed once (ids continue across files, so
// side tables stay keyed by node id), and imported declarations come before the importer's, in
// import order. Spans of imported files carry their SourceFile, so diagnostics point into them.
import { dirname, isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { closest, error, SourceFile, type Diagnostic } from "../diag/diagnostic.ts";
import type * as A from "../syntax/ast.ts";
import { parseSpec, type Parsed } from "../syntax/index.ts";
import { invalidUtf8, readSpecFile, type SpecSource } from "./read.ts";

/** The standard library shipped with kspec. */
export const LIB_DIR = fileURLToPath(new URL("../../lib/", import.meta.url));

/** The text of a file, or undefined when there is none; `SpecSource` also says why or where it is bad. */
export type ReadFile = (path: string) => string | SpecSource | undefined;

const defaultRead: ReadFile = (path) => {
  const r = readSpecFile(path);
  return "missing" in r && r.missing ? undefined : r;
};

export interface Loaded {
  readonly decls: readonly A.Decl[];
  readonly files: readonly SourceFile[];
  readonly diagnostics: readonly Diagnostic[];
  readonly nodeCount: number;
}

export function libraryModules(read: ReadFile = defaultRead): string[] {
  // The list is fixed by the files shipped; kept here so hints need no directory listing.
  return ["aops", "mutex", "refcount", "rwsem", "spinlock", "xarray"].filter((m) => read(resolve(LIB_DIR, `${m}.kspec`)) !== undefined);
}

export function loadImports(main: Parsed, read: ReadFile = defaultRead): Loaded {
  const diagnostics: Diagnostic[] = [];
  const files: SourceFile[] = [];
  const decls: A.Decl[] = [];
  const done = new Set<string>([isAbsolute(main.file.path) ? main.file.path : resolve(main.file.path)]);
  let nextId = main.ast.nodeCount;
  const visit = (importer: Parsed): void => {
    for (const d of importer.ast.decls) {
      if (d.kind !== "import") continue;
      const path = d.lib !== undefined ? resolve(LIB_DIR, `${d.lib}.kspec`) : resolve(dirname(resolve(importer.file.path)), d.path ?? "");
      if (done.has(path)) continue;
      done.add(path);
      const got = read(path);
      if (got !== undefined && typeof got !== "string" && "problem" in got) {
        diagnostics.push(error("KS2013", d.target, `cannot import ${JSON.stringify(d.path ?? d.lib)}: ${got.problem}`, "an import names a kspec module file"));
        continue;
      }
      const text = typeof got === "string" ? got : got?.text;
      if (text === undefined) {
        diagnostics.push(
          d.lib !== undefined
            ? error("KS2010", d.target, `no module '${d.lib}' in kspec's library`, hintFor(d.lib, libraryModules(read)))
            : error("KS2010", d.target, `cannot read ${JSON.stringify(d.path)} (looked for ${path})`, "a file import is relative to the importing file"),
        );
        continue;
      }
      const shown = d.lib !== undefined ? `kspec:lib/${d.lib}.kspec` : pathFrom(importer.file.path, d.path ?? "");
      const file = new SourceFile(shown, text);
      const parsed = parseSpec(file, { firstId: nextId, imported: true });
      nextId = parsed.ast.nodeCount;
      files.push(file);
      if (typeof got !== "string" && got?.invalid) diagnostics.push(invalidUtf8(file, got.invalid, true));
      diagnostics.push(...parsed.diagnostics);
      if (parsed.ast.header !== "module" && parsed.diagnostics.length === 0) {
        diagnostics.push(error("KS2011", d.target, `${shown} is a spec, not a module`, "a file meant for import starts with `module Name`"));
        continue;
      }
      visit(parsed);
      decls.push(...parsed.ast.decls.filter((x) => x.kind !== "import"));
    }
  };
  visit(main);
  return { decls, files, diagnostics, nodeCount: nextId };
}

/** A path to show: relative like the importer's own path. */
function pathFrom(importer: string, rel: string): string {
  const d = dirname(importer);
  return d === "." ? rel : `${d}/${rel}`;
}

function hintFor(name: string, candidates: string[]): string {
  const c = closest(name, candidates);
  return c !== undefined ? `did you mean '${c}'?` : `the library has: ${candidates.join(", ")}`;
}
