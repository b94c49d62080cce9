// The TypeScript that `kspec compile` emits type-checks under the strictest settings a user is
// likely to have (strict, noUncheckedIndexedAccess), against the runtime's own declarations.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileSpec } from "../../src/compile/index.ts";
import { renderDiagnostic } from "../../src/diag/diagnostic.ts";
import { readRepo, ROOT } from "../helpers/kspec.ts";

const SPECS = ["specs/dax/toctou.kspec", "specs/bench/philosophers.kspec", "specs/dax/dontcache.kspec"];

let dir: string;
const generated: string[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "kspec-tsc-"));
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify(
      {
        compilerOptions: {
          strict: true,
          noUncheckedIndexedAccess: true,
          module: "NodeNext",
          moduleResolution: "NodeNext",
          target: "ES2022",
          noEmit: true,
          skipLibCheck: true,
          types: [],
          allowImportingTsExtensions: true,
          paths: { "kspec/runtime": [join(ROOT, "src", "runtime", "index.ts")] },
        },
      },
      null,
      2,
    ),
  );
  // The generated modules use `import`: make them ES modules, as in a user's "type": "module" package.
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module", private: true }));
  for (const spec of SPECS) {
    const r = compileSpec(spec, readRepo(spec));
    if (r.code === undefined) throw new Error(`${spec} does not compile:\n${r.diagnostics.map((d) => renderDiagnostic(d, r.file)).join("\n")}`);
    const out = join(dir, basename(spec, ".kspec") + ".ts");
    writeFileSync(out, r.code);
    generated.push(out);
  }
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Type-checks the given files with the temp directory's tsconfig.json; returns formatted diagnostics. */
function typecheck(files: readonly string[]): { count: number; text: string } {
  const configPath = join(dir, "tsconfig.json");
  const read = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, "\n"));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dir, undefined, configPath);
  expect(parsed.errors.map((e) => ts.flattenDiagnosticMessageText(e.messageText, "\n"))).toEqual([]);
  const program = ts.createProgram({ rootNames: files, options: parsed.options });
  const diags = ts.getPreEmitDiagnostics(program);
  const host: ts.FormatDiagnosticsHost = {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => dir,
    getNewLine: () => "\n",
  };
  return { count: diags.length, text: ts.formatDiagnostics(diags, host) };
}

describe("generated TypeScript passes tsc --strict --noUncheckedIndexedAccess", () => {
  for (const spec of SPECS) {
    it(`${spec} type-checks with zero diagnostics`, () => {
      const out = generated.find((f) => basename(f) === basename(spec, ".kspec") + ".ts")!;
      const { count, text } = typecheck([out]);
      expect(count, `tsc reported:\n${text}`).toBe(0);
    });
  }

  it("a user's module importing a generated spec and the runtime type-checks", () => {
    const user = join(dir, "user.ts");
    writeFileSync(
      user,
      [
        'import { check, machine } from "./toctou.ts";',
        'import { formatTrace, type CheckResult, type Machine } from "kspec/runtime";',
        "const m: Machine = machine;",
        "const r: CheckResult = check({ deadlock: false });",
        "export const text: string = r.violation ? formatTrace(m, r.violation) : r.verdict;",
        "",
      ].join("\n"),
    );
    const { count, text } = typecheck([user]);
    expect(count, `tsc reported:\n${text}`).toBe(0);
  });

  it("negative control: a deliberate type error is reported", () => {
    const bad = join(dir, "bad.ts");
    writeFileSync(
      bad,
      [
        'import { machine } from "./toctou.ts";',
        "const n: number = machine.name;", // string is not a number
        "const v = machine.vars[0];",
        "export const off: number = v.offset;", // possibly undefined under noUncheckedIndexedAccess
        "export { n };",
        "",
      ].join("\n"),
    );
    const { count, text } = typecheck([bad]);
    expect(count).toBeGreaterThanOrEqual(2);
    expect(text).toContain("TS2322"); // Type 'string' is not assignable to type 'number'
    expect(text).toContain("TS18048"); // 'v' is possibly 'undefined'
  });
});
