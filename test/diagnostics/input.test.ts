// Regressions on the bytes of a spec: a UTF-8 byte-order mark was a hard error (KS1001); with CR-only
// line ends every diagnostic was on line 1; `fmt` turned invalid UTF-8 into U+FFFD without a word;
// `import "/dev/zero"` read forever.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compileSpec } from "../../src/compile/index.ts";
import { renderDiagnostic } from "../../src/diag/diagnostic.ts";
import { ROOT } from "../helpers/kspec.ts";

const dir = mkdtempSync(join(tmpdir(), "kspec-input-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `node src/cli/main.ts ...args`, several at once (each start costs a second or two). */
const run = (...args: string[]): Promise<{ status: number | null; stderr: string }> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, ["src/cli/main.ts", ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined } });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.stdout.resume();
    child.on("close", (status) => resolve({ status, stderr }));
  });

function rendered(path: string, text: string): string[] {
  const r = compileSpec(path, text);
  return r.diagnostics.map((d) => renderDiagnostic(d, r.file));
}

const SPEC = "spec S\nvar x: Bool = true\naction A { x := not x }\n";

describe("the text of a spec", () => {
  it("a leading byte-order mark is skipped", () => {
    expect(compileSpec("s.kspec", `\uFEFF${SPEC}`).diagnostics).toEqual([]);
    // columns on line 1 do not count it
    expect(rendered("s.kspec", "\uFEFFspec S\nvar x: Bool = true\naction A { x := not x }\n$")[0]).toBe(
      "s.kspec:4:1: error KS1001: unexpected character \"$\"\n4 | $\n  | ^\n  hint: kspec names are ASCII letters, digits and '_'; strings use double quotes",
    );
  });

  it("CR-only line ends place diagnostics on their own lines", () => {
    expect(rendered("s.kspec", "spec S\rvar x: Bool = 1\raction A { x := not x }\r")).toContain("s.kspec:2:15: error KS3019: expected Bool, found Int\n2 | var x: Bool = 1\n  |               ^");
  });
});

describe("reading spec files", () => {
  // "spec S\n// caf" + 0xE9 (Latin-1 é) + "\n...": the bad byte is byte 13, line 2, column 7.
  const latin1 = Buffer.concat([Buffer.from("spec S\n// caf"), Buffer.from([0xe9]), Buffer.from("\nvar x: Bool = true\naction A { x := not x }\n")]);

  it("invalid UTF-8 is a located KS1005 for check and fmt (which leaves the file alone); a BOM checks", async () => {
    const path = join(dir, "latin1.kspec");
    writeFileSync(path, latin1);
    const bom = join(dir, "bom.kspec");
    writeFileSync(bom, `\uFEFF${SPEC}`);
    // `compile` reads through the same function as `check` (cli/io.ts).
    const [check, fmt, checkBom] = await Promise.all([run("check", path), run("fmt", path), run("check", bom)]);
    for (const r of [check, fmt]) {
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toContain(`${path}:2:7: error KS1005: invalid UTF-8: byte 0xe9 at byte offset 13: a spec must be UTF-8\n2 | // caf\uFFFD\n  |       ^`);
    }
    expect(readFileSync(path).equals(latin1)).toBe(true);
    expect(checkBom.status, checkBom.stderr).toBe(0);
  });

  it("imports of devices, directories, huge files and bad UTF-8 are located diagnostics", () => {
    mkdirSync(join(dir, "sub"), { recursive: true });
    const huge = join(dir, "huge.kspec");
    writeFileSync(huge, "");
    truncateSync(huge, 17 * 1024 * 1024); // sparse: nothing is written, nothing must be read
    writeFileSync(join(dir, "bad.kspec"), Buffer.concat([Buffer.from("module M\n// "), Buffer.from([0xff]), Buffer.from("\n")]));
    // A named pipe: opening one for reading used to wait for a writer forever.
    const fifo = spawnSync("mkfifo", [join(dir, "pipe.kspec")]).status === 0;
    const main = join(dir, "main.kspec");
    const text = `spec S\nimport "/dev/zero"\nimport "sub"\nimport "huge.kspec"\nimport "bad.kspec"\n${fifo ? 'import "pipe.kspec"' : ""}\n${SPEC.slice(7)}`;
    const out = rendered(main, text);
    expect(out).toContain(`${main}:2:8: error KS2013: cannot import "/dev/zero": /dev/zero is not a regular file (a device, a pipe or a socket)\n2 | import "/dev/zero"\n  |        ^~~~~~~~~~~\n  hint: an import names a kspec module file`);
    expect(out.some((d) => d.startsWith(`${main}:3:8: error KS2013: cannot import "sub": ${join(dir, "sub")} is a directory, not a spec`))).toBe(true);
    expect(out.some((d) => d.startsWith(`${main}:4:8: error KS2013: cannot import "huge.kspec": ${huge} is larger than 16 MiB`))).toBe(true);
    expect(out.some((d) => d.startsWith(`${join(dir, "bad.kspec")}:2:4: error KS1005: invalid UTF-8: byte 0xff at byte offset 12`))).toBe(true);
    if (fifo) expect(out.some((d) => d.startsWith(`${main}:6:8: error KS2013: cannot import "pipe.kspec": ${join(dir, "pipe.kspec")} is not a regular file`))).toBe(true);
  });
});
