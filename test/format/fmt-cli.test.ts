// `kspec fmt`, run as a child process as a user runs it: --check lists unformatted files and exits 1,
// formatting in place, directories searched for *.kspec, the user's prettier configuration, and a
// syntax error printed as a diagnostic with exit 2 (the file left alone).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ROOT } from "../helpers/kspec.ts";

function kspec(cwd: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, "src/cli/main.ts"), ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, timeout: 30_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const FORMATTED = "spec A\n\nvar x: Bool = false                         // a flag\n\naction Flip {\n  x := not x\n}\n";
const MESSY = "spec   B\nvar x:Bool=false\naction Flip{x:=not x}\n";
const MESSY_FORMATTED = "spec B\nvar x: Bool = false\naction Flip { x := not x }\n";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "kspec-fmt-"));
  mkdirSync(join(dir, "sub"));
  writeFileSync(join(dir, "a.kspec"), FORMATTED);
  writeFileSync(join(dir, "sub", "b.kspec"), MESSY);
  writeFileSync(join(dir, "sub", "notes.txt"), "not a spec");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("kspec fmt", () => {
  it("--check lists the unformatted files, exits 1, and changes nothing", () => {
    const r = kspec(dir, "fmt", "--check", ".");
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(`${join("sub", "b.kspec")}\n`);
    expect(r.stderr).toContain("1 file not formatted");
    expect(readFileSync(join(dir, "sub", "b.kspec"), "utf8")).toBe(MESSY);
  });

  it("formats in place (directories searched for *.kspec), then --check passes", () => {
    const r = kspec(dir, "fmt");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${join("sub", "b.kspec")}\n`);
    expect(readFileSync(join(dir, "sub", "b.kspec"), "utf8")).toBe(MESSY_FORMATTED);
    expect(readFileSync(join(dir, "a.kspec"), "utf8")).toBe(FORMATTED);
    expect(readFileSync(join(dir, "sub", "notes.txt"), "utf8")).toBe("not a spec");
    const again = kspec(dir, "fmt", "--check", "a.kspec", "sub");
    expect(again.status).toBe(0);
    expect(again.stdout).toBe("");
  });

  it("uses the user's prettier configuration", () => {
    writeFileSync(join(dir, ".prettierrc"), JSON.stringify({ tabWidth: 4, overrides: [{ files: "*.kspec", options: { kspecCommentColumn: 0 } }] }));
    writeFileSync(join(dir, "c.kspec"), "spec C\nvar x: Bool = false // a flag\naction A {\nx := true\n}\n");
    const r = kspec(dir, "fmt", "c.kspec");
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, "c.kspec"), "utf8")).toBe("spec C\nvar x: Bool = false // a flag\naction A {\n    x := true\n}\n");
  });

  it("prints a syntax error as a diagnostic, exits 2, and leaves the file alone", () => {
    const broken = "spec D\nvar x: Bool = false\naction A {\n  x = true\n}\n";
    writeFileSync(join(dir, "d.kspec"), broken);
    const r = kspec(dir, "fmt", "d.kspec", "sub");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("d.kspec:4:3: error KS1002: expected a statement, found 'x'");
    expect(r.stderr).toContain("4 |   x = true");
    expect(readFileSync(join(dir, "d.kspec"), "utf8")).toBe(broken);
    // The other files are still formatted.
    expect(readFileSync(join(dir, "sub", "b.kspec"), "utf8")).toBe(MESSY_FORMATTED);
  });

  it("exits 2 on a path that does not exist", () => {
    const r = kspec(dir, "fmt", "--check", "missing.kspec");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("no such file or directory: missing.kspec");
  });
});
