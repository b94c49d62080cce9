// `kspec fmt [paths...]`: formats specs in place with the kspec prettier plugin and the user's
// prettier configuration (.prettierrc, .editorconfig, overrides, .prettierignore), as
// `prettier --write` would.
// `--check` changes nothing and lists the files that are not formatted. Exit codes follow the CLI's:
// 0 all formatted, 1 (--check) some files need formatting, 2 a spec has syntax errors or a path is
// wrong.
import { readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as prettier from "prettier";
import { SourceFile, type Diagnostic } from "../diag/diagnostic.ts";
import plugin from "../format/plugin.ts";
import { invalidUtf8, readSpecFile } from "../modules/read.ts";
import { parseSpec } from "../syntax/index.ts";

export interface FmtIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

export interface FmtOptions {
  readonly check: boolean;
  /** Renders a diagnostic as the CLI prints it. */
  readonly render: (d: Diagnostic, file: SourceFile) => string;
}

/** Spec files under the given paths: directories are searched for `*.kspec` (not node_modules). */
export function specFiles(paths: readonly string[]): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== "node_modules" && !e.name.startsWith(".")) walk(p);
      } else if (e.name.endsWith(".kspec")) {
        files.push(p);
      }
    }
  };
  for (const p of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      missing.push(p);
      continue;
    }
    if (isDir) walk(p);
    else files.push(p);
  }
  return { files, missing };
}

/** Formats one spec text with the user's configuration for that path. */
export async function formatFile(path: string, text: string): Promise<string> {
  const config = (await prettier.resolveConfig(path, { editorconfig: true })) ?? {};
  return prettier.format(text, { ...config, filepath: path, parser: "kspec", plugins: [...(config.plugins ?? []), plugin] });
}

export async function fmtCommand(paths: readonly string[], opts: FmtOptions, io: FmtIo): Promise<number> {
  const { files, missing } = specFiles(paths.length > 0 ? paths : ["."]);
  for (const m of missing) io.err(`error: no such file or directory: ${m}\n`);
  let broken = missing.length;
  let unformatted = 0;
  for (const path of files) {
    // .prettierignore (and .gitignore) in the current directory apply, as for prettier itself.
    if ((await prettier.getFileInfo(path, { ignorePath: [".gitignore", ".prettierignore"] })).ignored) continue;
    const read = readSpecFile(path);
    if ("problem" in read) {
      io.err(`error: ${read.problem}\n`);
      broken++;
      continue;
    }
    const text = read.text;
    const file = new SourceFile(path, text);
    const errors = [...(read.invalid ? [invalidUtf8(file, read.invalid)] : []), ...parseSpec(file).diagnostics.filter((d) => d.severity === "error")];
    if (errors.length > 0) {
      for (const d of errors) io.err(opts.render(d, file) + "\n");
      broken++;
      continue;
    }
    const formatted = await formatFile(path, text);
    if (formatted === text) continue;
    unformatted++;
    if (!opts.check) writeFileSync(path, formatted);
    io.out(`${path}\n`);
  }
  const n = (k: number): string => `${k} file${k === 1 ? "" : "s"}`;
  if (opts.check && unformatted > 0) io.err(`${n(unformatted)} not formatted (run kspec fmt to fix)\n`);
  if (broken > 0) {
    io.err(`error: ${n(broken)} could not be formatted\n`);
    return 2;
  }
  return opts.check && unformatted > 0 ? 1 : 0;
}
