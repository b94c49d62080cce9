// kspec check's issue-9 options from the command line: --only (and its did-you-mean), the property
// table in text and JSON, an unreachable cover (exit 1), --max-depth (exit 3), --help.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../helpers/kspec.ts";

function kspec(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ["src/cli/main.ts", ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined }, timeout: 30_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// n counts 0 .. 3 and stops there; High first holds at n = 2 (depth 2), in 2 states.
const SPEC = `spec C
var n: 0 .. 3 = 0
action Inc { await n < 3 assert Below: n < 3 n := n + 1 }
terminal n == 3
invariant Small: n <= 3
invariant Vac: n == 7 implies n == 0
cover High: n >= 2
`;

let tmp: string;
let file: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "kspec-props-"));
  file = join(tmp, "c.kspec");
  writeFileSync(file, SPEC);
});
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe("kspec check: the property table", () => {
  it("text: every property with its verdict, a vacuous one flagged", () => {
    const r = kspec("check", file, "--workers", "1");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("C: all properties hold (Small, Vac, Below, High, deadlock), 1 of them vacuously\n");
    expect(r.stdout).toContain(
      [
        "  properties:",
        "    Small     invariant  holds",
        "    Vac       invariant  holds vacuously: its premise (left of `implies`) is false in every reachable state",
        "    Below     assert     holds",
        "    High      cover      covered by 2 states, first at depth 2",
        "    deadlock  deadlock   holds",
        `  warning: invariant Vac holds vacuously: its premise (left of \`implies\`) is false in every reachable state (${file}:6:16)`,
      ].join("\n"),
    );
  });

  it("JSON: properties and warnings", () => {
    const r = kspec("check", file, "--json", "--only", "High,Vac");
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as { properties: unknown[]; warnings: { message: string; location?: { line: number } }[] };
    expect(j.properties).toEqual([
      { name: "Small", kind: "invariant", verdict: "not checked", note: "not selected (--only)" },
      { name: "Vac", kind: "invariant", verdict: "vacuous", note: "its premise (left of `implies`) is false in every reachable state" },
      { name: "Below", kind: "assert", verdict: "not checked", note: "not selected (--only)" },
      { name: "High", kind: "cover", verdict: "covered", depth: 2, states: 2 },
      { name: "deadlock", kind: "deadlock", verdict: "not checked", note: "not selected (--only)" },
    ]);
    expect(j.warnings.map((w) => w.location?.line)).toEqual([6]);
  });

  it("--only with an unknown name: exit 2 and the closest name", () => {
    const r = kspec("check", file, "--only", "Hgh");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("error: --only: the spec has no property 'Hgh'");
    expect(r.stderr).toContain("did you mean 'High'?");
  });

  it("an unreachable cover: exit 1", () => {
    const f = join(tmp, "u.kspec");
    writeFileSync(f, SPEC.replace("cover High: n >= 2", "cover High: n >= 4"));
    const r = kspec("check", f);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("violation: cover High: no reachable state satisfies it");
    expect(r.stdout).toContain("    High      cover      uncovered: no reachable state satisfies it");
  });

  it("--max-depth: exit 3 when it left states out, 0 when it did not", () => {
    expect(kspec("check", file, "--max-depth", "1").status).toBe(3);
    expect(kspec("check", file, "--max-depth", "3").status).toBe(0);
    expect(kspec("check", file, "--max-depth", "-1").status).toBe(2);
  });

  it("--help names the options", () => {
    const h = kspec("check", "--help").stdout;
    for (const o of ["--only <names>", "--max-violations <n>", "--max-depth <n>"]) expect(h).toContain(o);
  });
});
