// Regression: deep nesting overflowed the stack (exit 70): about 250 nested parentheses in `check`,
// 100 in `fmt`, a `+` chain of 1,000 terms, 480 nested `if`s. Now the parser stops at 400 grammar
// levels and the AST at 500 (KS1004, located where the limit is crossed), long chains of associative
// operators are built balanced, and whatever is accepted also formats.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compileSpec } from "../../src/compile/index.ts";
import { renderDiagnostic } from "../../src/diag/diagnostic.ts";
import { ROOT, checkText } from "../helpers/kspec.ts";
import { format } from "../format/helpers.ts";

const paren = (n: number) => `spec S\nvar x: 0 .. 9 = 0\naction A { x := ${"(".repeat(n)}1${")".repeat(n)} }\n`;
const ifStmts = (n: number) => `spec S\nvar x: 0 .. 9 = 0\naction A { ${"if x == 0 { ".repeat(n)}x := 1${" }".repeat(n)} }\n`;
const ifExprs = (n: number) => `spec S\nvar x: 0 .. 9 = 0\naction A { x := ${"if x == 0 then ".repeat(n)}1${" else 0".repeat(n)} }\n`;
const chain = (n: number, op: string, operand = "x") => Array(n).fill(operand).join(` ${op} `);
const minus = (n: number) => `spec S\nvar x: -9 .. 9 = 0\naction A { x := ${chain(n, "-")} }\n`;
const plus = (n: number) => `spec S\nvar x: 0 .. 3 = 0\naction A { x := (${chain(n, "+")}) % 2 }\ninvariant I: ${chain(n, "and", "x >= 0")}\n`;

const codeOf = (rendered: string): string => / (KS\d+):/.exec(rendered)?.[1] ?? rendered;

function errorsOf(text: string): string[] {
  const r = compileSpec("s.kspec", text);
  return r.diagnostics.filter((d) => d.severity === "error").map((d) => renderDiagnostic(d, r.file).split("\n")[0]!);
}

describe("nesting limits", () => {
  // `x := (` sits at rule depth 11 (specFile 0, declaration, actionDecl, block, statement, assignStmt,
  // expression, binaryExpr, prefixExpr, postfixExpr, atom); each parenthesis adds 6 rules and the
  // literal inside needs 5 more: 6n + 10 <= 400, so 65 parentheses pass and the 66th `(` (column 17 + 65) fails.
  it("65 nested parentheses compile; the 66th is reported where it opens", () => {
    expect(errorsOf(paren(65))).toEqual([]);
    expect(errorsOf(paren(66))).toEqual(["s.kspec:3:82: error KS1004: nested too deeply: the parser follows at most 400 levels of grammar rules (about 65 parentheses)"]);
    expect(errorsOf(paren(250))).toEqual(["s.kspec:3:82: error KS1004: nested too deeply: the parser follows at most 400 levels of grammar rules (about 65 parentheses)"]);
  });

  // Each `if` statement adds block, statement, ifStmt (3); the innermost assignment reaches 3n + 10.
  it("130 nested if statements compile, 131 and 480 do not", () => {
    expect(errorsOf(ifStmts(130))).toEqual([]);
    expect(errorsOf(ifStmts(131))).toHaveLength(1);
    expect(errorsOf(ifStmts(480))[0]).toContain("error KS1004: nested too deeply");
    expect(errorsOf(ifExprs(480))[0]).toContain("error KS1004: nested too deeply");
  });

  // action (1), block (2), assign (3), then n - 1 left-deep `-` nodes and the operands below them.
  it("a chain of 497 subtractions compiles; at 498 the innermost `-` is reported", () => {
    expect(errorsOf(minus(497))).toEqual([]);
    expect(errorsOf(minus(498))).toEqual(["s.kspec:3:19: error KS1004: nested too deeply: more than 500 levels of operators and brackets"]);
    expect(errorsOf(`spec S\nvar b: Bool = true\naction A { b := ${"not ".repeat(5000)}b }\n`)[0]).toContain("error KS1004");
    expect(errorsOf(`spec S\nvar b: Bool = true\ninvariant I: ${chain(5000, "implies", "b")}\naction A { skip }\n`)[0]).toContain("error KS1004");
  });

  it("a sum and a conjunction of 1,000 terms check (built balanced) with the same verdict as short ones", () => {
    const r = checkText(plus(1000));
    expect(r.verdict).toBe("ok");
    // x: 0 -> 1000 * 0 % 2 = 0; the reachable states are x = 0 only.
    expect(r.stats.distinct).toBe(1);
    expect(errorsOf(plus(3000))).toEqual([]);
    // A balanced sum has the value of the written one: 70 ones are 70, and 70 % 4 = 2.
    const sum = checkText(`spec S\nvar x: 0 .. 3 = 0\naction A { x := (${chain(70, "+", "1")}) % 4 }\ninvariant I: x != 2\n`);
    expect(sum.verdict).toBe("violation");
    expect(sum.violation?.property).toBe("I");
  });

  it("whatever is accepted also formats, and formatting is stable", async () => {
    const act = (body: string) => `spec S\nvar x: 0 .. 9 = 0\nvar s: Set[0 .. 3] = {}\naction A { ${body} }\n`;
    const deepest = [
      paren(65), ifStmts(130), ifExprs(97), minus(497), plus(1000),
      act(`s := ${"{".repeat(65)}1${"}".repeat(65)}`), // sets in sets
      act(`x := ${"{ a: ".repeat(55)}1${" }".repeat(55)}.a`), // records
      act(`x := x ${"with [0] = (x ".repeat(48)}${")".repeat(48)}`), // with-updates
      act(`${"if x == 0 { x := 1 } else ".repeat(248)}{ x := 2 }`), // else-if chains
    ];
    for (const text of deepest) {
      expect(errorsOf(text).filter((e) => e.includes("KS1004"))).toEqual([]);
      const once = await format(text);
      expect(await format(once)).toBe(once);
      // the same mistakes (type errors of the nested sets and records), and none about depth
      expect(errorsOf(once).map(codeOf)).toEqual(errorsOf(text).map(codeOf));
    }
  });
});

describe("from the command line", () => {
  const dir = mkdtempSync(join(tmpdir(), "kspec-depth-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  /** `node src/cli/main.ts ...args`, several at once (each start costs a second or two). */
  const run = (...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      let stdout = "";
      const child = spawn(process.execPath, ["src/cli/main.ts", ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined } });
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.on("close", (status) => resolve({ status, stdout, stderr }));
    });
  const file = (name: string, text: string): string => {
    const path = join(dir, `${name}.kspec`);
    writeFileSync(path, text);
    return path;
  };

  it("check and fmt exit 2 with a located KS1004, never 70; a 1,000-term sum checks and formats", async () => {
    const [paren250, paren100, if480, minus2000, sum] = [
      file("paren250", paren(250)), file("paren100", paren(100)), file("if480", ifStmts(480)), file("minus2000", minus(2000)), file("plus", plus(1000)),
    ];
    const [c1, checkSum, fmt] = await Promise.all([run("check", paren250), run("check", sum), run("fmt", "--check", paren100, paren250, if480, minus2000, sum)]);
    expect(c1.status, c1.stderr).toBe(2);
    expect(c1.stderr).toContain(`${paren250}:3:82: error KS1004: nested too deeply`);
    expect(checkSum.status, checkSum.stderr).toBe(0);
    // fmt: the four deep files are errors (exit 2) at line 3; the sum formats (it is only listed as
    // not formatted yet, on stdout).
    expect(fmt.status, fmt.stderr).toBe(2);
    for (const p of [paren100, paren250, if480, minus2000]) expect(fmt.stderr).toContain(`${p}:3:`);
    expect(fmt.stderr.match(/error KS1004: nested too deeply/g)).toHaveLength(4);
    expect(fmt.stderr).not.toContain(sum);
    expect(fmt.stdout).toBe(`${sum}\n`);
  });
});
