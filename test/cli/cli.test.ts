// The kspec command line, run as a child process exactly as a user runs it: exit codes, text and
// JSON output, diagnostics on stderr, and `compile -o`.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectGolden, ROOT } from "../helpers/kspec.ts";

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node src/cli/main.ts ...args` from the repository root, without colour. */
function kspec(...args: string[]): Run {
  const r = spawnSync(process.execPath, ["src/cli/main.ts", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined },
    timeout: 30_000,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const show = (r: Run): string => `exit ${r.status}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

const TOCTOU = "specs/dax/toctou.kspec";
const DAX_SAFE = "specs/bench/dax-safe.kspec";

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "kspec-cli-"));
});
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe("kspec check", () => {
  it("exits 0 when every property holds, with the state count", () => {
    const r = kspec("check", DAX_SAFE, "-c", "FAULTS=3", "-c", "PAGES=3");
    expect(r.status, show(r)).toBe(0);
    expect(r.stdout).toContain("all properties hold");
    expect(r.stdout).toContain("2,876 distinct states");
    expect(r.stdout).not.toMatch(/\x1b\[/); // NO_COLOR and not a TTY: no escape codes
  });

  it("exits 1 on a violation and prints the counterexample (golden)", () => {
    const r = kspec("check", TOCTOU);
    expect(r.status, show(r)).toBe(1);
    expect(r.stdout).toMatch(/\d+\.\d+ s$/m);
    expectGolden("test/cli/golden/toctou.txt", r.stdout.replace(/\d+\.\d+ s$/m, "<time>"));
  });

  it("--json prints the result as JSON", () => {
    const r = kspec("check", TOCTOU, "--json");
    expect(r.status, show(r)).toBe(1);
    const j = JSON.parse(r.stdout) as {
      verdict: string;
      violation: { property: string; trace: { step: number; action: Record<string, unknown>; state: Record<string, unknown> }[] };
      stats: { distinct: number; depth: number };
    };
    expect(j.verdict).toBe("violation");
    expect(j.violation.property).toBe("NoMixedAops");
    expect(j.violation.trace).toHaveLength(4); // the initial state and 3 steps
    expect(j.violation.trace[0]!.action).toEqual({ kind: "init" });
    expect(j.violation.trace[1]!.action).toMatchObject({ kind: "process", name: "SetDax", label: "check" });
    expect(j.violation.trace.map((t) => t.step)).toEqual([0, 1, 2, 3]);
    // The violation is at depth 3 (the oracle's shortest trace). The search stops at the first bad
    // state it discovers, so it has seen every state of depths 0 .. 2 and part of depth 3: the
    // oracle's BFS of toctou has 1 + 3 + 6 states up to depth 2 and 10 more at depth 3.
    expect(j.stats.depth).toBe(3);
    expect(j.stats.distinct).toBeGreaterThan(1 + 3 + 6);
    expect(j.stats.distinct).toBeLessThanOrEqual(1 + 3 + 6 + 10);
  });

  it("--full-states prints every variable in every step", () => {
    const json = JSON.parse(kspec("check", TOCTOU, "--json").stdout) as { violation: { trace: { state: Record<string, unknown> }[] } };
    const vars = Object.keys(json.violation.trace[0]!.state);
    expect(vars).toEqual(expect.arrayContaining(["aops", "xa", "Fault[1].pc", "Fault[2].via", "SetDax.pc"]));

    const r = kspec("check", TOCTOU, "--full-states");
    expect(r.status, show(r)).toBe(1);
    const trace = r.stdout.slice(r.stdout.indexOf("Counterexample"));
    // Steps start with "  <n>  "; the variables of each follow as "       name = value".
    const blocks = trace.split(/^ {2}\d+ {2}/m).slice(1);
    expect(blocks).toHaveLength(4);
    for (const [i, b] of blocks.entries()) {
      const names = [...b.matchAll(/^ {7}(\S+) = /gm)].map((m) => m[1]);
      expect(names, `step ${i}`).toEqual(vars);
    }
    // Without the option, later steps show only what changed.
    const brief = kspec("check", TOCTOU).stdout;
    const briefBlocks = brief.slice(brief.indexOf("Counterexample")).split(/^ {2}\d+ {2}/m).slice(1);
    expect([...briefBlocks[1]!.matchAll(/^ {7}(\S+) = /gm)].map((m) => m[1])).toEqual(["SetDax.pc"]);
  });

  it("exits 3 when --max-states stops the check", () => {
    const r = kspec("check", DAX_SAFE, "--max-states", "10");
    expect(r.status, show(r)).toBe(3);
    expect(r.stdout).toContain("stopped at the state limit");
  });
});

describe("kspec command-line errors exit 2", () => {
  it("a missing file", () => {
    const r = kspec("check", "specs/no-such-spec.kspec");
    expect(r.status, show(r)).toBe(2);
    expect(r.stderr).toContain("no such file: specs/no-such-spec.kspec");
    expect(r.stdout).toBe("");
  });

  it("an unknown option", () => {
    const r = kspec("check", TOCTOU, "--bogus");
    expect(r.status, show(r)).toBe(2);
    expect(r.stderr).toContain("unknown option '--bogus'");
  });

  it("a malformed --const (no '=')", () => {
    const r = kspec("check", TOCTOU, "--const", "X");
    expect(r.status, show(r)).toBe(2);
    expect(r.stderr).toContain("--const expects NAME=VALUE, got 'X'");
  });

  it("an unknown constant (KS2006)", () => {
    const r = kspec("check", TOCTOU, "--const", "NOPE=1");
    expect(r.status, show(r)).toBe(2);
    expect(r.stderr).toContain("KS2006");
    expect(r.stderr).toContain("NOPE");
    expect(r.stdout).toBe("");
  });

  it("a spec with errors: file:line:col, the source line and a caret on stderr", () => {
    const bad = join(tmp, "bad.kspec");
    writeFileSync(bad, ["spec Bad", "", "var n: 0 .. 3 = 0", "", "action Inc {", "  n := m + 1", "}", "", "invariant Ok: n >= 0", ""].join("\n"));
    const r = kspec("check", bad);
    expect(r.status, show(r)).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`${bad}:6:8: error`);
    expect(r.stderr).toMatch(/^6 \|   n := m \+ 1$/m);
    expect(r.stderr).toMatch(/^ {2}\| {8}\^$/m); // the caret under 'm' (column 8)
    expect(r.stderr).toContain(`1 error in ${bad}`);
  });
});

describe("kspec compile", () => {
  it("-o writes a TypeScript module", () => {
    const out = join(tmp, "out.ts");
    const r = kspec("compile", TOCTOU, "-o", out);
    expect(r.status, show(r)).toBe(0);
    expect(existsSync(out)).toBe(true);
    const code = readFileSync(out, "utf8");
    expect(code.startsWith("// Generated by kspec")).toBe(true);
    expect(code).toContain('import * as rt from "kspec/runtime"');
    expect(code).toContain("export const machine");
    expect(code).toContain("export function check(");
  });
});
